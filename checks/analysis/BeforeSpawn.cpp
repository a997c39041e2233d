//===-- BeforeSpawn.cpp - what an iteration does before it spawns ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// Whether \p Cond compares a count with a limit it must stay below:
/// `in_flight >= kMax`, `window.size() == N`.
bool comparesAtLimit(const Expr *Cond) {
  return containsStmt(Cond, [](const Stmt *C) {
    BinaryOperatorKind Op;
    if (const auto *Bin = dyn_cast<BinaryOperator>(C))
      Op = Bin->getOpcode();
    else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(C);
             Call && Call->isComparisonOp())
      Op = BinaryOperator::getOverloadedOpcode(Call->getOperator());
    else
      return false;
    return Op == BO_GE || Op == BO_GT || Op == BO_EQ;
  });
}

/// `while (in_flight >= kMax) cv.wait(lock);` and the sliding window
/// `while (futs.size() >= N) { futs.front().get(); futs.pop_front(); }`.
bool waitsWhileAtLimit(const Stmt *S) {
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(S))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(S))
    Cond = Do->getCond();
  else if (const auto *If = dyn_cast<IfStmt>(S))
    Cond = If->getCond();
  return Cond && comparesAtLimit(Cond) && containsStmt(S, [](const Stmt *C) {
           const auto *Call = dyn_cast<CallExpr>(C);
           return Call && Vocabulary::isWaitingCall(plainCalleeName(Call));
         });
}

/// `co_await gate.acquire()`, `co_await sem.async_acquire(use_awaitable)`:
/// a coroutine waiting for a slot from a limiter of any type.
bool awaitsSlot(const CoawaitExpr *Await, const Vocabulary &V) {
  return containsStmt(Await->getOperand(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    return Call && (Vocabulary::isAwaitedAcquire(methodName(Call)) ||
                    V.isLimiter(calleeOf(Call)));
  });
}

bool isExternalEventCall(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  return Call && Vocabulary::namesExternalEvent(plainCalleeName(Call));
}

/// A stackful coroutine's wait: `acceptor.async_accept(socket, yield)`.
bool passesYieldContext(const CallExpr *Call) {
  return llvm::any_of(Call->arguments(), [](const Expr *Arg) {
    const auto *RD = Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
    return RD && RD->getName().contains("yield_context");
  });
}

/// A stackless coroutine's wait (`asio::coroutine`): `yield S;` expands to
/// `if (_coro_value) goto bail_out_of_coroutine; else S;`. S starts the
/// operation and the function returns; the operation's completion handler
/// re-enters it after the yield. So an external event call in that `else`
/// is awaited as `co_await` awaits it.
bool isYieldedEventCall(const Stmt *S) {
  const auto *If = dyn_cast<IfStmt>(S);
  if (!If || !If->getElse())
    return false;
  const auto *Bail = dyn_cast_or_null<GotoStmt>(If->getThen());
  return Bail && Bail->getLabel()->getName() == "bail_out_of_coroutine" &&
         containsStmt(If->getElse(), isExternalEventCall);
}

} // namespace

bool waitsForRoomBefore(const Stmt *Body, const Stmt *Spawn,
                        const Vocabulary &V, ASTContext &Ctx) {
  return containsStmt(Body, [&](const Stmt *S) {
    if (!isBefore(S, Spawn, Ctx) || isWithin(Spawn, S, Ctx))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return V.isLimiter(calleeOf(Call));
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      return awaitsSlot(Await, V);
    return waitsWhileAtLimit(S);
  });
}

/// Whether an operand of \p E (not a lambda it is handed, which runs later)
/// awaits an external event: the spawn runs once it has arrived
/// (`make_shared<session>(co_await acceptor.async_accept(...))->start()`).
static bool operandAwaitsEvent(const Stmt *E) {
  return llvm::any_of(E->children(), [](const Stmt *Child) {
    if (!Child || isa<LambdaExpr>(Child))
      return false;
    if (const auto *Await = dyn_cast<CoawaitExpr>(Child);
        Await && containsStmt(Await->getOperand(), isExternalEventCall))
      return true;
    return operandAwaitsEvent(Child);
  });
}

bool awaitsEventBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx) {
  if (operandAwaitsEvent(Spawn))
    return true;
  return containsStmt(Body, [&](const Stmt *S) {
    if (!isBefore(S, Spawn, Ctx))
      return false;
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      return containsStmt(Await->getOperand(), isExternalEventCall);
    if (isYieldedEventCall(S))
      return !isWithin(Spawn, S, Ctx);
    return isExternalEventCall(S) && passesYieldContext(cast<CallExpr>(S));
  });
}

} // namespace clang::tidy::taskbound::analysis
