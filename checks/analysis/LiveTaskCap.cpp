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
// comparison in a `break`/`return` before the spawn or in an `if` around it;
// or a flag that lets one task at a time be in flight.
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

/// Whether \p D keeps its value from one run of \p Body to the next: a
/// member, a global, a static, a reference parameter, or a local declared
/// outside \p Body (before the loop whose body it is). A flag or counter
/// that starts afresh each time caps nothing.
bool outlives(const ValueDecl *D, const Stmt *Body, ASTContext &Ctx) {
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage())
    return true;
  if (isa<ParmVarDecl>(Var))
    return Var->getType()->isReferenceType();
  return !isWithin(Var->getLocation(), Body, Ctx);
}

/// The bool flag \p E reads: `busy`, `this->pending_`.
const ValueDecl *flagRead(const Expr *E) {
  E = ignoreTransparent(E)->IgnoreParens();
  const ValueDecl *Flag = rootDecl(E);
  if (!Flag || !isa<DeclRefExpr, MemberExpr>(E) ||
      !Flag->getType()->isBooleanType())
    return nullptr;
  return Flag;
}

/// Whether \p S is `Flag = true`.
bool raisesFlag(const Stmt *S, const ValueDecl *Flag) {
  const auto *Assign = dyn_cast<BinaryOperator>(S);
  if (!Assign || Assign->getOpcode() != BO_Assign ||
      rootDecl(Assign->getLHS()) != Flag)
    return false;
  const auto *Value =
      dyn_cast<CXXBoolLiteralExpr>(Assign->getRHS()->IgnoreParenImpCasts());
  return Value && Value->getValue();
}

/// `if (!busy) { busy = true; spawn(...); }`: a flag the guard tests and
/// the guarded block raises lets one task from here be in flight at a time
/// (libtorrent posts its completion handlers so). A flag nothing raises
/// there bounds nothing.
bool raisesTestedFlag(const IfStmt &If, const Stmt *Body, ASTContext &Ctx) {
  const auto *Not =
      dyn_cast<UnaryOperator>(ignoreTransparent(If.getCond())->IgnoreParens());
  if (!Not || Not->getOpcode() != UO_LNot)
    return false;
  const ValueDecl *Flag = flagRead(Not->getSubExpr());
  return Flag && outlives(Flag, Body, Ctx) &&
         containsStmt(If.getThen(),
                      [&](const Stmt *S) { return raisesFlag(S, Flag); });
}

/// `if (polls == 1000000) { wake_up(); ++polls; }`, with nothing lowering
/// `polls` or setting it: the guarded block moves the counter past the value
/// it tests, so it runs once while the counter lives (oneTBB's
/// spin_try_get queues its wake-up task so).
bool passesValueOnce(const IfStmt &If, const Stmt *Body, ASTContext &Ctx) {
  const auto *Eq =
      dyn_cast<BinaryOperator>(ignoreTransparent(If.getCond())->IgnoreParens());
  if (!Eq || Eq->getOpcode() != BO_EQ)
    return false;
  const Expr *Tested = Eq->getLHS();
  if (!constantValue(Eq->getRHS(), Ctx)) {
    Tested = Eq->getRHS();
    if (!constantValue(Eq->getLHS(), Ctx))
      return false;
  }
  Tested = Tested->IgnoreParenImpCasts();
  const ValueDecl *Counter = rootDecl(Tested);
  if (!Counter || !isa<DeclRefExpr, MemberExpr>(Tested) ||
      !Counter->getType()->isIntegerType() || !outlives(Counter, Body, Ctx))
    return false;
  const auto Raises = [&](const Stmt *S) {
    const auto *Unary = dyn_cast<UnaryOperator>(S);
    return Unary && Unary->isIncrementOp() &&
           rootDecl(Unary->getSubExpr()) == Counter;
  };
  const auto Otherwise = [&](const Stmt *S) {
    if (const auto *Unary = dyn_cast<UnaryOperator>(S))
      return Unary->isDecrementOp() && rootDecl(Unary->getSubExpr()) == Counter;
    const auto *Assign = dyn_cast<BinaryOperator>(S);
    return Assign && Assign->isAssignmentOp() &&
           rootDecl(Assign->getLHS()) == Counter;
  };
  return containsStmt(If.getThen(), Raises) && !containsStmt(Body, Otherwise);
}

/// The flags \p Cond tests on its own or as one side of an `||`:
/// `pending`, `pending || aborted`.
void flagsTested(const Expr *Cond,
                 llvm::SmallVectorImpl<const ValueDecl *> &Out) {
  Cond = ignoreTransparent(Cond)->IgnoreParens();
  if (const auto *Or = dyn_cast<BinaryOperator>(Cond);
      Or && Or->getOpcode() == BO_LOr) {
    flagsTested(Or->getLHS(), Out);
    flagsTested(Or->getRHS(), Out);
  } else if (const ValueDecl *Flag = flagRead(Cond)) {
    Out.push_back(Flag);
  }
}

/// Whether \p S jumps out of what runs it: `return;`, `{ ...; break; }`.
bool jumpsAway(const Stmt *S) {
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(S))
    S = Block->body_empty() ? nullptr : Block->body_back();
  if (const auto *E = dyn_cast_or_null<Expr>(S))
    return isa<CXXThrowExpr>(ignoreTransparent(E));
  return isa_and_nonnull<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt>(S);
}

/// The statements that run before \p Spawn whenever it runs, as far as the
/// blocks around it say: the ones before it in each block that holds it.
llvm::SmallVector<const Stmt *, 8>
statementsBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx) {
  llvm::SmallVector<const Stmt *, 8> Before;
  forEachStmt(Body, [&](const Stmt *S) {
    const auto *Block = dyn_cast<CompoundStmt>(S);
    if (Block && isWithin(Spawn, Block, Ctx))
      for (const Stmt *Child : Block->body()) {
        if (isWithin(Spawn, Child, Ctx))
          break;
        Before.push_back(Child);
      }
    return true;
  });
  return Before;
}

/// `if (pending || aborted) return; ... pending = true; post(...);`: the
/// flag of raisesTestedFlag in the early-return form (libtorrent's
/// session_impl::trigger_auto_manage).
bool leavesWhileFlagRaised(const Stmt *Body, const Stmt *Spawn,
                           ASTContext &Ctx) {
  const llvm::SmallVector<const Stmt *, 8> Before =
      statementsBefore(Body, Spawn, Ctx);
  for (const Stmt *S : Before) {
    const auto *If = dyn_cast<IfStmt>(S);
    if (!If || If->getElse() || !jumpsAway(If->getThen()))
      continue;
    llvm::SmallVector<const ValueDecl *, 2> Flags;
    flagsTested(If->getCond(), Flags);
    for (const ValueDecl *Flag : Flags)
      if (outlives(Flag, Body, Ctx) &&
          llvm::any_of(Before, [&](const Stmt *Raise) {
            return isBefore(If, Raise, Ctx) && raisesFlag(Raise, Flag);
          }))
        return true;
  }
  return false;
}

} // namespace

bool oneShotGuard(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx) {
  const auto GuardsOnce = [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    return If && If->getThen() && isWithin(Spawn, If->getThen(), Ctx) &&
           (raisesTestedFlag(*If, Body, Ctx) ||
            passesValueOnce(*If, Body, Ctx));
  };
  return containsStmt(Body, GuardsOnce) ||
         leavesWhileFlagRaised(Body, Spawn, Ctx);
}

bool guardedByCap(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
                  const Stmt *Task, ASTContext &Ctx) {
  const auto CapsAt = [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    if (!If)
      return false;
    if (If->getThen() && isWithin(Spawn, If->getThen(), Ctx))
      return comparesLiveCount(If->getCond(), /*Below=*/true, H, Task);
    return isBefore(If, Spawn, Ctx) && leavesLoop(If->getThen()) &&
           comparesLiveCount(If->getCond(), /*Below=*/false, H, Task);
  };
  return containsStmt(Body, CapsAt) || oneShotGuard(Body, Spawn, Ctx);
}

bool capsLiveTasks(const LoopContext &L, const Stmt *Spawn, const TaskHandle &H,
                   const Stmt *Task, ASTContext &Ctx) {
  if (const Expr *Cond = loopCondition(L.Loop))
    if (comparesLiveCount(Cond, /*Below=*/true, H, Task))
      return true;
  return guardedByCap(L.Body, Spawn, H, Task, Ctx);
}

} // namespace clang::tidy::taskbound::analysis
