//===-- UserFunctions.cpp - the function definitions of user code ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The checks start from the functions defined in user code. A matcher rooted
// at functionDecl() is tried on every function of the translation unit,
// headers and their template instantiations included: tens of thousands of
// tries on a TU that includes Asio or TBB, each timed under
// --enable-check-profile. This walk skips every declaration of a system
// header at namespace scope instead, without looking inside it.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// Walks like MatchFinder's own visitor (template instantiations and implicit
/// code included, so lambda classes and instantiated generic lambdas are
/// reached), minus the system headers.
class UserFunctionVisitor : public RecursiveASTVisitor<UserFunctionVisitor> {
public:
  UserFunctionVisitor(const SourceManager &SM,
                      llvm::function_ref<void(const FunctionDecl &)> Callback)
      : SM(SM), Callback(Callback) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    // Only namespace-scope declarations are tested: everything below one is
    // in the same file, and a header's declarations are nearly all there.
    if (D && !isa<TranslationUnitDecl>(D) &&
        D->getDeclContext()->getRedeclContext()->isFileContext() &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    Callback(*FD);
    return true;
  }

private:
  const SourceManager &SM;
  llvm::function_ref<void(const FunctionDecl &)> Callback;
};

} // namespace

void forEachUserFunction(
    ASTContext &Ctx, llvm::function_ref<void(const FunctionDecl &)> Callback) {
  UserFunctionVisitor(Ctx.getSourceManager(), Callback).TraverseAST(Ctx);
}

} // namespace clang::tidy::taskbound::analysis
