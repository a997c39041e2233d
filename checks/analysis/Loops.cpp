//===-- Loops.cpp - the loops that run a statement once per element -------===//
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
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace clang::tidy::taskbound::analysis {

namespace {

/// The call that receives \p Lambda as an argument, if any.
const CallExpr *callTakingLambda(const LambdaExpr *Lambda,
                                 const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const auto *Call =
      dyn_cast_or_null<CallExpr>(opaqueParent(Lambda, PM, Child));
  if (!Call)
    return nullptr;
  return llvm::is_contained(Call->arguments(), Child) ? Call : nullptr;
}

} // namespace

bool hasOwnBody(const FunctionDecl &FD) {
  if (!FD.isThisDeclarationADefinition() || FD.isDependentContext())
    return false;
  // A lambda's body is part of the function it is written in; only an
  // instantiated generic lambda has a body of its own.
  return !ParentMaps::definingFunction(&FD) || FD.isTemplateInstantiation();
}

const ParentMap &ParentMaps::of(const FunctionDecl *FD) {
  std::unique_ptr<ParentMap> &Map = Maps[FD];
  if (!Map)
    Map = std::make_unique<ParentMap>(FD->getBody());
  return *Map;
}

const FunctionDecl *ParentMaps::definingFunction(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || !MD->getParent()->isLambda())
    return nullptr;
  for (const DeclContext *DC = MD->getParent()->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *Outer = dyn_cast<FunctionDecl>(DC))
      return Outer->hasBody() ? Outer : nullptr;
  return nullptr;
}

const LambdaExpr *ParentMaps::lambdaOf(const FunctionDecl *FD,
                                       const FunctionDecl *&Outer) {
  Outer = definingFunction(FD);
  if (!Outer)
    return nullptr;
  // An instantiated generic lambda's body is not in the enclosing function's
  // tree; the body of the pattern it was instantiated from is.
  const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
  const Stmt *Body = (Pattern ? Pattern : FD)->getBody();
  return Body ? dyn_cast_or_null<LambdaExpr>(of(Outer).getParent(Body))
              : nullptr;
}

llvm::SmallVector<LoopContext, 4>
enclosingLoops(const Stmt *S, const FunctionDecl *FD, ParentMaps &Maps) {
  llvm::SmallVector<LoopContext, 4> Loops;
  const ParentMap *PM = &Maps.of(FD);
  const Stmt *Child = S;
  while (true) {
    const Stmt *Parent = PM->getParent(Child);
    if (!Parent) {
      // The top of a lambda's own body: go on where the lambda is written.
      const FunctionDecl *Outer = nullptr;
      const LambdaExpr *Lambda = Maps.lambdaOf(FD, Outer);
      if (!Lambda)
        break;
      FD = Outer;
      PM = &Maps.of(FD);
      Child = Lambda->getBody();
      Parent = Lambda;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Parent)) {
      if (Child != Lambda->getBody()) { // a capture's initialiser
        Child = Parent;
        continue;
      }
      const CallExpr *Call = callTakingLambda(Lambda, *PM);
      const NamedDecl *Callee = Call ? calleeOf(Call) : nullptr;
      if (!Call || !Vocabulary::isPerElementAlgorithm(Callee))
        break; // a lambda run elsewhere, stored, or spawned: not a loop body
      Loops.push_back({Call, Lambda->getBody(), Callee, PM});
      Child = Call;
      continue;
    }
    if (const auto *For = dyn_cast<ForStmt>(Parent)) {
      if (Child == For->getBody())
        Loops.push_back({For, For->getBody(), nullptr, PM});
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent)) {
      if (Child == Range->getBody())
        Loops.push_back({Range, Range->getBody(), nullptr, PM});
    } else if (const auto *While = dyn_cast<WhileStmt>(Parent)) {
      if (Child == While->getBody())
        Loops.push_back({While, While->getBody(), nullptr, PM});
    } else if (const auto *Do = dyn_cast<DoStmt>(Parent)) {
      if (Child == Do->getBody())
        Loops.push_back({Do, Do->getBody(), nullptr, PM});
    }
    Child = Parent;
  }
  return Loops;
}

} // namespace clang::tidy::taskbound::analysis
