//===-- Coroutines.cpp - coroutines that run on an event loop -------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// The names a type is known by: each alias and template it is written with
/// (`my::task<int>`), down to the class it is.
llvm::SmallVector<std::string, 4> namesOf(QualType T, const ASTContext &Ctx) {
  llvm::SmallVector<std::string, 4> Names;
  for (int Steps = 0; !T.isNull() && Steps < 8; ++Steps) {
    if (const auto *Alias = dyn_cast<TypedefType>(T.getTypePtr()))
      Names.push_back(qualifiedName(Alias->getDecl()));
    else if (const auto *Spec =
                 dyn_cast<TemplateSpecializationType>(T.getTypePtr()))
      if (const TemplateDecl *TD = Spec->getTemplateName().getAsTemplateDecl())
        Names.push_back(qualifiedName(TD));
    const QualType Next = T.getSingleStepDesugaredType(Ctx);
    if (Next == T)
      break;
    T = Next;
  }
  if (const auto *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl())
    Names.push_back(qualifiedName(RD));
  return Names;
}

/// A stackful coroutine: a function handed an asio yield_context.
std::optional<EventLoopCoroutine> stackfulCoroutine(const FunctionDecl &FD) {
  for (const ParmVarDecl *Param : FD.parameters()) {
    const QualType T = Param->getType().getNonReferenceType();
    const auto *RD = T->getAsCXXRecordDecl();
    if (!RD || !Vocabulary::isStackfulCoroutineContext(RD))
      continue;
    const bool Boost =
        llvm::StringRef(qualifiedName(RD)).starts_with("::boost::");
    return EventLoopCoroutine{Boost ? EventLoopCoroutine::BoostStackful
                                    : EventLoopCoroutine::Stackful,
                              T};
  }
  return std::nullopt;
}

/// The lambdas \p Call runs before it returns: `[&] { ... }()`, a local
/// lambda called by name, or the function of a per-element algorithm.
llvm::SmallVector<const LambdaExpr *, 1> lambdasRunBy(const CallExpr &Call) {
  llvm::SmallVector<const LambdaExpr *, 1> Lambdas;
  const auto LambdaIn = [](const Expr *E) -> const LambdaExpr * {
    E = ignoreTransparent(E);
    if (const VarDecl *Var = referencedVar(E);
        Var && Var->hasLocalStorage() && Var->getInit())
      E = ignoreTransparent(Var->getInit());
    return dyn_cast_or_null<LambdaExpr>(E);
  };
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call)) {
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      if (const LambdaExpr *Lambda = LambdaIn(Op->getArg(0)))
        Lambdas.push_back(Lambda);
    return Lambdas;
  }
  if (Vocabulary::isPerElementAlgorithm(calleeOf(&Call)))
    for (const Expr *Arg : Call.arguments())
      if (const auto *Lambda = dyn_cast<LambdaExpr>(ignoreTransparent(Arg)))
        Lambdas.push_back(Lambda);
  return Lambdas;
}

} // namespace

std::optional<EventLoopCoroutine>
eventLoopCoroutine(const FunctionDecl &FD,
                   llvm::ArrayRef<std::string> CoroutineTypes) {
  if (auto Stackful = stackfulCoroutine(FD))
    return Stackful;
  if (!isa_and_nonnull<CoroutineBodyStmt>(FD.getBody()))
    return std::nullopt;
  const QualType T = FD.getReturnType();
  for (const std::string &Name : namesOf(T, FD.getASTContext())) {
    if (llvm::is_contained(Vocabulary::eventLoopCoroutineTypes(), Name))
      return EventLoopCoroutine{llvm::StringRef(Name).starts_with("::boost::")
                                    ? EventLoopCoroutine::BoostAsio
                                    : EventLoopCoroutine::Asio,
                                T};
    if (llvm::is_contained(CoroutineTypes, Name))
      return EventLoopCoroutine{EventLoopCoroutine::Listed, T};
  }
  return std::nullopt;
}

void forEachCallRunInPlace(
    const Stmt *Body, llvm::function_ref<void(const CallExpr &)> Callback) {
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      Callback(*Call);
      for (const LambdaExpr *Lambda : lambdasRunBy(*Call))
        forEachCallRunInPlace(Lambda->getBody(), Callback);
    }
    return true;
  });
}

} // namespace clang::tidy::taskbound::analysis
