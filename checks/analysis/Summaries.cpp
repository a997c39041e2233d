//===-- Summaries.cpp - functions whose every call starts a task ----------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A function defined in the translation unit whose call starts a task that
// outlives the call — it returns the handle, detaches the thread, posts onto
// an unbounded executor, or keeps the handle in a member, a parameter or a
// global — is a spawn site at each call. Its summary says how a call reads:
// where the handle, the executor and the callable are at the call site.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// \p E without moves, forwards, binders and `&`: the name it passes on.
const Expr *passedName(const Expr *E) {
  for (int Depth = 0; E && Depth < 4; ++Depth) {
    E = ignoreTransparent(E);
    const auto *Call = dyn_cast<CallExpr>(E);
    const NamedDecl *Callee = Call ? calleeOf(Call) : nullptr;
    if (Call && Call->getNumArgs() > 0 &&
        (Vocabulary::isPassThrough(Callee) || Vocabulary::isBinder(Callee)))
      E = Call->getArg(0);
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
             Unary && Unary->getOpcode() == UO_AddrOf)
      E = Unary->getSubExpr();
    else
      return E;
  }
  return E;
}

/// Where a declaration used in \p FD is at a call of \p FD: a parameter is
/// the argument, a member of the object \p FD is called on is that object.
Place placeOf(const ValueDecl *D, const FunctionDecl &FD) {
  if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(D)) {
    for (unsigned I = 0, N = FD.getNumParams(); I < N; ++I)
      if (FD.getParamDecl(I) == Param)
        return Place::arg(static_cast<std::uint8_t>(I));
    return Place::none();
  }
  const auto *Field = dyn_cast_or_null<FieldDecl>(D);
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  if (Field && MD && !MD->isStatic() &&
      (Field->getParent() == MD->getParent() ||
       MD->getParent()->isDerivedFrom(cast<CXXRecordDecl>(Field->getParent()))))
    return Place::object();
  return Place::none();
}

Place placeOf(const Expr *E, const FunctionDecl &FD) {
  return E ? placeOf(rootDecl(passedName(E)), FD) : Place::none();
}

/// Whether \p FD returns the task: the spawn's value itself, or a local
/// variable holding it.
bool returnsTask(const TaskHandle &H, const FunctionDecl &FD) {
  if (H.Returned)
    return true;
  return containsStmt(FD.getBody(), [&](const Stmt *S) {
    const auto *Return = dyn_cast<ReturnStmt>(S);
    const Expr *Value = Return ? Return->getRetValue() : nullptr;
    const auto *Var = dyn_cast_or_null<VarDecl>(
        Value ? rootDecl(passedName(Value)) : nullptr);
    return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
           llvm::is_contained(H.Holders, Var);
  });
}

/// Where the handle of \p S, spawned in \p FD, is at a call of \p FD when
/// the task outlives the call; nothing when \p FD waits for it (or waits for
/// room first, or submits it to a bounded executor), or when the handle goes
/// somewhere taskbound cannot follow.
std::optional<Place> outlivingHandle(const Spawn &S, const FunctionDecl &FD,
                                     SpawnFinder &Finder, ASTContext &Ctx) {
  const Stmt *Body = FD.getBody();
  const ParentMap &PM = Finder.parents().of(&FD);
  const Vocabulary &V = Finder.vocabulary();
  const TaskHandle H = findTaskHandle(S, Body, PM);
  if (H.WaitedInPlace)
    return std::nullopt;
  if (returnsTask(H, FD))
    return Place::result();
  if (drainIn(Body, S.E, H, PM, Ctx) != Drain::None ||
      waitsForCompletionSignal(Body, S.E, spawnedBody(S), PM, Ctx) ||
      waitsForRoomBefore(Body, S.E, V, Ctx) ||
      guardedByCap(Body, S.E, H, spawnedBody(S), Ctx) ||
      submitsToBoundedExecutor(S, V) || H.Escapes)
    return std::nullopt;
  // Kept in a member, or in a container the caller passed: the caller's
  // object or argument holds it. Detached, posted, or kept in a global:
  // nothing the caller names holds it.
  for (const ValueDecl *Holder : H.Holders)
    if (const Place P = placeOf(Holder, FD); P.Kind != Place::None)
      return P;
  return Place::none();
}

std::unique_ptr<SpawnSummary>
startsTaskSummary(const FunctionDecl &FD, const Spawn &Inner, Place Handle) {
  auto Summary = std::make_unique<SpawnSummary>();
  Summary->Kind = SpawnSummary::StartsTask;
  Summary->Site = Inner.E;
  Summary->Inner = Inner;
  Summary->Level = (Inner.Via ? Inner.Via->Level : 0) + 1;
  Summary->Name = qualifiedName(&FD);
  Summary->Display = displayName(FD);
  const Place Callable = placeOf(callableOf(Inner), FD);
  if (Callable.Kind == Place::None)
    Summary->TaskBody = spawnedBody(Inner);
  const Place Executor = placeOf(executorOf(Inner), FD);
  Summary->Api = {Summary->Name,
                  Summary->Display,
                  Inner.Api->Kind,
                  ApiShape::Function,
                  Executor,
                  Handle,
                  Callable,
                  Inner.Api->HeldByExecutor && Executor.Kind != Place::None,
                  /*HasLaunchPolicy=*/false};
  return Summary;
}

} // namespace

/// The variable a lambda is stored in (`start` in `auto start = [] {...};`).
std::string lambdaName(const CXXMethodDecl &Call) {
  const FunctionDecl *Outer = ParentMaps::definingFunction(&Call);
  std::string Name = "lambda";
  if (Outer && Outer->getBody())
    containsStmt(Outer->getBody(), [&](const Stmt *S) {
      const auto *Decls = dyn_cast<DeclStmt>(S);
      if (!Decls || !Decls->isSingleDecl())
        return false;
      const auto *Var = dyn_cast<VarDecl>(Decls->getSingleDecl());
      const auto *Lambda =
          Var && Var->getInit()
              ? dyn_cast<LambdaExpr>(ignoreTransparent(Var->getInit()))
              : nullptr;
      if (!Lambda || Lambda->getLambdaClass() != Call.getParent())
        return false;
      Name = Var->getName().str();
      return true;
    });
  return Name;
}

std::string displayName(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
      MD && MD->getParent()->isLambda())
    return lambdaName(*MD);
  const std::string Name = qualifiedName(&FD);
  return Name.empty() ? FD.getNameAsString() : Name.substr(2);
}

std::unique_ptr<SpawnSummary> summarise(const FunctionDecl &FD,
                                        SpawnFinder &Finder, ASTContext &Ctx) {
  // A constructor builds an object that holds its tasks; a destructor ends
  // them. Neither is a spawn site.
  if (!FD.getBody() || isa<CXXConstructorDecl, CXXDestructorDecl>(FD))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
    if (auto Summary = enqueueSummary(*MD, Finder, Ctx))
      return Summary;
  std::unique_ptr<SpawnSummary> Best;
  for (const Spawn &Inner : Finder.spawnsIn(FD, Ctx)) {
    const unsigned Level = (Inner.Via ? Inner.Via->Level : 0) + 1;
    if (Best && Best->Level <= Level)
      continue;
    if (std::optional<Place> Handle = outlivingHandle(Inner, FD, Finder, Ctx))
      Best = startsTaskSummary(FD, Inner, *Handle);
  }
  return Best;
}

} // namespace clang::tidy::taskbound::analysis
