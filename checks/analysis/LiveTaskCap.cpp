//===-- LiveTaskCap.cpp - a loop that caps how many of its tasks live -----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Rule 9: `while (threads.size() < max_threads) threads.emplace_back(...)`,
// or a counter the tasks give back: `while (in_flight < kMax) { ++in_flight;
// std::thread([&] { work(); --in_flight; }).detach(); }`, or the same
// comparison in a `break`/`return` before the spawn or in an `if` around it.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// Whether \p Body lowers \p Counter: `--n`, `n--`, `n -= k`,
/// `n.fetch_sub(1)`, also in a function it calls (`[] { helper(); }` where
/// helper ends with `--in_flight;`), up to \p Depth calls away.
bool lowers(const Stmt *Body, const ValueDecl *Counter, unsigned Depth = 2) {
  return containsStmt(Body, [&](const Stmt *S) {
    if (const auto *Unary = dyn_cast<UnaryOperator>(S))
      return Unary->isDecrementOp() && rootDecl(Unary->getSubExpr()) == Counter;
    if (const auto *Compound = dyn_cast<CompoundAssignOperator>(S))
      return Compound->getOpcode() == BO_SubAssign &&
             rootDecl(Compound->getLHS()) == Counter;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
      return (Op->getOperator() == OO_MinusMinus ||
              Op->getOperator() == OO_MinusEqual) &&
             rootDecl(Op->getArg(0)) == Counter;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
        Member && methodName(Member) == "fetch_sub")
      return rootDecl(Member->getImplicitObjectArgument()) == Counter;
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    return Depth > 0 && Def && Def->getBody() &&
           lowers(Def->getBody(), Counter, Depth - 1);
  });
}

/// The counter \p E reads: itself, or the counter a local copy was taken
/// from (`std::size_t n = ++in_flight; if (n < max) ...`).
const ValueDecl *counterOf(const Expr *E) {
  const ValueDecl *D = rootDecl(E);
  if (const auto *Var = dyn_cast_or_null<VarDecl>(D);
      Var && Var->hasLocalStorage() && Var->getInit())
    if (const ValueDecl *Source = rootDecl(Var->getInit()))
      return Source;
  return D;
}

/// Whether \p E counts the live tasks: the size of a container that holds
/// them, or a counter the spawned body lowers when it finishes.
bool countsLiveTasks(const Expr *E, const TaskHandle &H, const Stmt *Task) {
  E = ignoreTransparent(E)->IgnoreParenCasts(); // `(int)threads.size()`
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Vocabulary::isSizeCall(plainCalleeName(Call))) {
    const Expr *Container = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Container = Member->getImplicitObjectArgument();
    else if (Call->getNumArgs() == 1) // std::size(v)
      Container = Call->getArg(0);
    const ValueDecl *Root = Container ? rootDecl(Container) : nullptr;
    return Root && llvm::is_contained(H.Holders, Root);
  }
  const ValueDecl *Counter = counterOf(E);
  return Counter && Task && lowers(Task, Counter);
}

/// Whether \p Cond holds while the live count is below a limit (\p Below)
/// or once it has reached it (!\p Below).
bool comparesLiveCount(const Expr *Cond, bool Below, const TaskHandle &H,
                       const Stmt *Task) {
  return containsStmt(Cond, [&](const Stmt *S) {
    const auto *Bin = dyn_cast<BinaryOperator>(S);
    if (!Bin || !Bin->isComparisonOp())
      return false;
    const BinaryOperatorKind Op = Bin->getOpcode();
    // Normalise to `count OP limit`.
    if (countsLiveTasks(Bin->getLHS(), H, Task))
      return Below ? (Op == BO_LT || Op == BO_LE || Op == BO_NE)
                   : (Op == BO_GE || Op == BO_GT || Op == BO_EQ);
    if (countsLiveTasks(Bin->getRHS(), H, Task))
      return Below ? (Op == BO_GT || Op == BO_GE || Op == BO_NE)
                   : (Op == BO_LE || Op == BO_LT || Op == BO_EQ);
    return false;
  });
}

const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getCond();
  return nullptr;
}

bool leavesLoop(const Stmt *S) {
  return containsStmt(S, [](const Stmt *C) {
    return isa<BreakStmt, ReturnStmt, CoreturnStmt>(C);
  });
}

/// `if (!busy) { busy = true; spawn(...); }`: a flag the guard tests and
/// the guarded block raises lets one task from here be in flight at a time
/// (libtorrent posts its completion handlers so). A flag nothing raises
/// there bounds nothing.
bool raisesTestedFlag(const IfStmt &If) {
  const auto *Not =
      dyn_cast<UnaryOperator>(ignoreTransparent(If.getCond())->IgnoreParens());
  if (!Not || Not->getOpcode() != UO_LNot)
    return false;
  const Expr *Tested = ignoreTransparent(Not->getSubExpr())->IgnoreParens();
  const ValueDecl *Flag = rootDecl(Tested);
  if (!Flag || !isa<DeclRefExpr, MemberExpr>(Tested) ||
      !Flag->getType()->isBooleanType())
    return false;
  return containsStmt(If.getThen(), [&](const Stmt *S) {
    const auto *Assign = dyn_cast<BinaryOperator>(S);
    if (!Assign || Assign->getOpcode() != BO_Assign ||
        rootDecl(Assign->getLHS()) != Flag)
      return false;
    const auto *Value =
        dyn_cast<CXXBoolLiteralExpr>(Assign->getRHS()->IgnoreParenImpCasts());
    return Value && Value->getValue();
  });
}

} // namespace

bool guardedByCap(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
                  const Stmt *Task, ASTContext &Ctx) {
  return containsStmt(Body, [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    if (!If)
      return false;
    if (If->getThen() && isWithin(Spawn, If->getThen(), Ctx))
      return comparesLiveCount(If->getCond(), /*Below=*/true, H, Task) ||
             raisesTestedFlag(*If);
    return isBefore(If, Spawn, Ctx) && leavesLoop(If->getThen()) &&
           comparesLiveCount(If->getCond(), /*Below=*/false, H, Task);
  });
}

bool capsLiveTasks(const LoopContext &L, const Stmt *Spawn, const TaskHandle &H,
                   const Stmt *Task, ASTContext &Ctx) {
  if (const Expr *Cond = loopCondition(L.Loop))
    if (comparesLiveCount(Cond, /*Below=*/true, H, Task))
      return true;
  return guardedByCap(L.Body, Spawn, H, Task, Ctx);
}

} // namespace clang::tidy::taskbound::analysis
