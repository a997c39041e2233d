//===-- UserFunctions.h - the function definitions of user code -*- C++ -*-===//
//
// The checks start from the functions defined in user code. A matcher rooted
// at functionDecl() is tried on every function of the translation unit,
// headers and their template instantiations included: tens of thousands of
// tries on a TU that includes Asio or TBB, each timed under
// --enable-check-profile. This walk skips every declaration of a system
// header at namespace scope instead, without looking inside it.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_UTILS_USERFUNCTIONS_H
#define TASKBOUND_CHECKS_UTILS_USERFUNCTIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::taskbound::analysis {

/// Calls \p Callback on every function declaration in \p Ctx's traversal
/// scope, in the order and with the template instantiations and lambda call
/// operators a MatchFinder visits them, except those inside a namespace-scope
/// declaration that is in a system header.
void forEachUserFunction(
    ASTContext &Ctx, llvm::function_ref<void(const FunctionDecl &)> Callback);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_UTILS_USERFUNCTIONS_H
