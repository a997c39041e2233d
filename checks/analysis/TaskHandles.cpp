//===-- TaskHandles.cpp - who holds the task a spawn starts ---------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

void addHolder(TaskHandle &H, const ValueDecl *D) {
  if (D && !llvm::is_contained(H.Holders, D))
    H.Holders.push_back(D);
}

/// Holders the call itself names: the out-parameter the handle is written
/// to, the executor that holds the task, the container a thread is
/// emplaced into.
void holdersInCall(const Spawn &S, TaskHandle &H) {
  if (const Expr *Holder = handleHolderOf(S))
    addHolder(H, rootDecl(Holder));
  if (S.Via && S.Via->HeldIn)
    addHolder(H, S.Via->HeldIn);
  if (S.Api->HeldByExecutor)
    if (const Expr *Executor = executorOf(S))
      addHolder(H, rootDecl(Executor));
  // threads.emplace_back(f, x): the new thread is an element of `threads`.
  if (S.Api->Shape != ApiShape::Function)
    if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(S.E);
        Emplace && Vocabulary::isEmplaceMethod(methodName(Emplace)))
      addHolder(H, rootDecl(Emplace->getImplicitObjectArgument()));
}

/// `co_await asio::co_spawn(ex, job(), use_awaitable)`. The operand of a
/// co_await is shared with the await_transform call clang builds, so the
/// parent map may name that call as its parent: look for the co_await among
/// the enclosing expressions.
bool isAwaited(const Expr *Spawn, const ParentMap &PM) {
  for (const Stmt *Up = PM.getParent(Spawn); isa_and_nonnull<Expr>(Up);
       Up = PM.getParent(Up))
    if (isa<CoawaitExpr, CoyieldExpr>(Up))
      return true;
  return false;
}

/// What is done with a handle object in the member call \p Member on it:
/// `std::thread(f).detach()`, `std::async(f).get()`, or something else.
void useOfHandle(const CXXMemberCallExpr *Member, TaskHandle &H) {
  const llvm::StringRef Name = methodName(Member);
  if (Vocabulary::isDetachMethod(Name))
    H.Detached = true;
  else if (Vocabulary::isWaitMethod(Name))
    H.WaitedInPlace = true;
  else
    H.Escapes = true;
}

/// Where the value of the spawn call goes, when it is the handle: a
/// variable, a container, a member call on it, an assignment, a co_await, a
/// call or return that takes it on, or nowhere.
void holdersOfResult(const Expr *Spawn, TaskHandle &H, const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *Parent = opaqueParent(Spawn, PM, Child);
  if (const auto *New = dyn_cast_or_null<CXXNewExpr>(Parent)) {
    // `threads.push_back(new std::thread(f))`: the pointer is the handle.
    holdersOfResult(New, H, PM);
    return;
  }
  if (isa_and_nonnull<MemberExpr>(Parent)) // `std::async(...).get()`
    Parent = PM.getParent(Parent);
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
  if (!Parent) {
    // The function's own body: nothing holds the task.
  } else if (const auto *Decls = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->getInit() == Child)
        addHolder(H, Var);
  } else if (Member && ignoreTransparent(Member->getImplicitObjectArgument()) ==
                           ignoreTransparent(Spawn)) {
    useOfHandle(Member, H);
  } else if (Member && Vocabulary::isInsertMethod(methodName(Member))) {
    if (const ValueDecl *Container =
            rootDecl(Member->getImplicitObjectArgument()))
      addHolder(H, Container);
    else
      H.Escapes = true;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
             Op && Op->getOperator() == OO_Equal) {
    addHolder(H, rootDecl(Op->getArg(0)));
  } else if (const auto *Assign = dyn_cast<BinaryOperator>(Parent);
             Assign && Assign->getOpcode() == BO_Assign) {
    addHolder(H, rootDecl(Assign->getLHS()));
  } else if (isa<CoawaitExpr, CoyieldExpr>(Parent)) {
    H.WaitedInPlace = true;
  } else if (isa<ReturnStmt, CoreturnStmt>(Parent)) {
    H.Escapes = H.Returned = true;
  } else if (isa<CallExpr, CXXConstructExpr, InitListExpr>(Parent)) {
    H.Escapes = true;
  } else if (const auto *Value = dyn_cast_or_null<Expr>(Child);
             Value && !isa<Expr>(Parent)) {
    // A discarded result: std::async's future and std::jthread wait for the
    // task in their destructors, at the end of the full expression (a
    // discarded std::thread calls std::terminate instead).
    const auto *RD = Value->getType()->getAsCXXRecordDecl();
    if (Value->isPRValue() &&
        waitsOnDestruction(Value->getType(), H.FutureBlocks) &&
        !(RD && Vocabulary::mustBeJoined(RD)))
      H.WaitedInPlace = true;
  }
}

/// Adds to \p H the containers a holder variable is moved into:
/// `futs.push_back(std::move(f))`.
void followMoves(TaskHandle &H, const Stmt *FunctionBody) {
  for (unsigned I = 0; I < H.Holders.size(); ++I) {
    const ValueDecl *Holder = H.Holders[I];
    forEachStmt(FunctionBody, [&](const Stmt *S) {
      const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
      if (!Call || !Vocabulary::isInsertMethod(methodName(Call)))
        return true;
      for (const Expr *Arg : Call->arguments()) {
        const auto *Move = dyn_cast<CallExpr>(ignoreTransparent(Arg));
        if (!Move || Move->getNumArgs() != 1 ||
            !hasQualifiedName(calleeOf(Move), {"::std::move"}) ||
            rootDecl(Move->getArg(0)) != Holder)
          continue;
        if (const ValueDecl *Container =
                rootDecl(Call->getImplicitObjectArgument())) {
          if (!llvm::is_contained(H.MovedFrom, Holder))
            H.MovedFrom.push_back(Holder);
          addHolder(H, Container);
        }
      }
      return true;
    });
  }
}

} // namespace

bool futureBlocks(const Spawn &S) {
  if (S.Via)
    return S.Via->Kind == SpawnSummary::StartsTask &&
           S.Via->Api.Handle.Kind == Place::Result &&
           futureBlocks(S.Via->Inner);
  return S.Api->HasLaunchPolicy; // std::async, boost::async
}

TaskHandle findTaskHandle(const Spawn &S, const Stmt *FunctionBody,
                          const ParentMap &PM) {
  TaskHandle H;
  H.FutureBlocks = futureBlocks(S);
  holdersInCall(S, H);
  if (isAwaited(S.E, PM)) {
    H.WaitedInPlace = true;
    return H;
  }
  if (S.Api->Handle.Kind == Place::Result)
    holdersOfResult(S.E, H, PM);
  if (FunctionBody)
    followMoves(H, FunctionBody);
  return H;
}

} // namespace clang::tidy::taskbound::analysis
