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

/// What a local alias names: `auto &tg = std::get<2>(item)` inside
/// `for (auto &item : arenas)` is a part of `arenas`. Follows local
/// references and the range-for statement's own variables (`__range`,
/// `__begin`) through their initialisers; a copy, or anything else, is
/// itself.
const ValueDecl *aliasedDecl(const ValueDecl *D) {
  for (int Depth = 0; Depth < 8; ++Depth) {
    const auto *Var = dyn_cast_or_null<VarDecl>(D);
    if (!Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage() ||
        !Var->getInit() ||
        !(Var->getType()->isReferenceType() || Var->isImplicit()))
      return D;
    const Expr *Init = ignoreTransparent(Var->getInit());
    if (const auto *Call = dyn_cast<CallExpr>(Init);
        Call && Call->getNumArgs() == 1 &&
        Vocabulary::isElementAccess(calleeOf(Call)))
      Init = Call->getArg(0);
    const ValueDecl *Next = rootDecl(Init);
    if (!Next || Next == D)
      return D;
    D = Next;
  }
  return D;
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

/// Whether \p D is a local variable of a function that encloses \p FD: one
/// a lambda captured.
bool capturedFromOutside(const ValueDecl *D, const FunctionDecl &FD) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage())
    return false;
  for (const DeclContext *DC = Var->getDeclContext(); DC; DC = DC->getParent())
    if (DC == &FD)
      return false;
  return true;
}

/// Where the task of a summarised call is kept: a place at the call, or a
/// variable that a lambda captured (SpawnSummary::HeldIn).
struct Keeper {
  Place Handle = Place::none();
  const ValueDecl *HeldIn = nullptr;
};

/// Where the handle of \p S, spawned in \p FD, is at a call of \p FD when
/// the task outlives the call; nothing when \p FD waits for it (or waits for
/// room first, or submits it to a bounded executor), or when the handle goes
/// somewhere taskbound cannot follow.
std::optional<Keeper> outlivingHandle(const Spawn &S, const FunctionDecl &FD,
                                      SpawnFinder &Finder, ASTContext &Ctx) {
  const Stmt *Body = FD.getBody();
  const ParentMap &PM = Finder.parents().of(&FD);
  const Vocabulary &V = Finder.vocabulary();
  const TaskHandle H = findTaskHandle(S, Body, PM);
  if (H.WaitedInPlace)
    return std::nullopt;
  if (returnsTask(H, FD))
    return Keeper{Place::result()};
  if (drainIn(Body, S.E, H, PM, Ctx) != Drain::None ||
      waitsForCompletionSignal(Body, S, spawnedBody(S), PM, Ctx) ||
      waitsForRoomBefore(Body, S.E, V, Ctx) ||
      guardedByCap(Body, S.E, H, spawnedBody(S), Ctx) ||
      submitsToBoundedExecutor(S, V) || H.Escapes)
    return std::nullopt;
  // Kept in a member, or in a container the caller passed: the caller's
  // object or argument holds it. Detached, posted, or kept in a global:
  // nothing the caller names holds it. A lambda's captured variable holds
  // it where the lambda was written.
  const ValueDecl *Captured = nullptr;
  for (const ValueDecl *Holder : H.Holders) {
    const ValueDecl *Owner = aliasedDecl(Holder);
    if (const Place P = placeOf(Owner, FD); P.Kind != Place::None)
      return Keeper{P};
    if (!Captured && capturedFromOutside(Owner, FD))
      Captured = Owner;
  }
  return Keeper{Place::none(), Captured};
}

std::unique_ptr<SpawnSummary> startsTaskSummary(const FunctionDecl &FD,
                                                const Spawn &Inner,
                                                const Keeper &Kept) {
  const Place Handle = Kept.Handle;
  auto Summary = std::make_unique<SpawnSummary>();
  Summary->Kind = SpawnSummary::StartsTask;
  Summary->HeldIn = Kept.HeldIn;
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
    if (std::optional<Keeper> Handle = outlivingHandle(Inner, FD, Finder, Ctx))
      Best = startsTaskSummary(FD, Inner, *Handle);
  }
  return Best;
}

} // namespace clang::tidy::taskbound::analysis
