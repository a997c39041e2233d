//===-- ThreadsToTaskScope.cpp - threads joined later -> task_scope -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Two shapes start a thread per element and wait for all of them later:
//
//   std::vector<std::thread> threads;         taskbound::task_scope threads;
//   for (int x : xs)                          for (int x : xs)
//     threads.emplace_back(work, x);    →       threads.spawn([x] { work(x);
//     });
//   for (auto &t : threads) t.join();         threads.join();
//
// (a std::jthread vector may have no join loop: its destructor joins, as the
// scope's does), and detached threads with a completion counter the code
// waits on:
//
//   for (int x : xs)                          taskbound::task_scope scope;
//     std::thread([&, x] { ...; ++done; })    for (int x : xs)
//         .detach();                    →       scope.spawn([&, x] { ...;
//         ++done; });
//   while (done < n) wait();                  while (done < n) wait();
//
// The scope runs the same callables with at most max_in_flight alive and
// waits where the original waited (a detached thread's scope also waits, at
// the end of its block, for the tails of tasks that already signalled). A
// detached thread nobody waits for gets no fix: the rewrite would add a wait.
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"
#include "analysis/ASTHelpers.h"
#include "analysis/Internal.h"

#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::fixits {

using analysis::Vocabulary;

namespace {

/// `(N)` with FixMaxInFlight, else "".
std::string scopeArguments(const RewriteContext &RC) {
  return RC.MaxInFlight ? "(" + std::to_string(*RC.MaxInFlight) + ")" : "";
}

/// A std::jthread callable whose first parameter is a std::stop_token gets
/// one from the thread; a task of a scope would not.
bool takesStopToken(const SpawnedCall &C) {
  const FunctionDecl *F = calledFunction(C);
  if (!F || F->getNumParams() == 0)
    return false;
  const auto *RD = F->getParamDecl(0)->getType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "stop_token";
}

bool isThreadConstruction(const analysis::Spawn &S) {
  return !S.Via &&
         (S.Api->Name == "::std::thread" || S.Api->Name == "::std::jthread");
}

/// The vector-of-threads shape: declaration, fill, join loop.
std::optional<Rewrite> threadVector(const analysis::Spawn &S,
                                    const analysis::Judgement &J,
                                    const SpawnedCall &Call,
                                    const std::string &Task,
                                    RewriteContext &RC) {
  const ParentMap &PM = RC.Maps.of(&RC.Function);
  const CXXMemberCallExpr *Insert = nullptr;
  const VarDecl *Holder = holderOf(S, PM, Insert);
  const auto *Sole = dyn_cast_or_null<Expr>(soleStatement(J.Loop.Body));
  if (!Holder || !Sole || analysis::ignoreTransparent(Sole) != Insert)
    return std::nullopt;
  const auto Uses = holderUses(Holder, J.Loop.Loop, Insert, "join", RC);
  const bool Joins = S.Api->Name == "::std::jthread";
  if (!Uses || (!Uses->Drain && !Joins))
    return std::nullopt;
  llvm::SmallVector<const Stmt *, 2> Points{J.Loop.Loop};
  if (Uses->Drain)
    Points.push_back(Uses->Drain);
  if (!runsOnBoundedPool(calledBody(Call), Points, RC.Function, RC.Ctx))
    return std::nullopt;
  const std::string Name = Holder->getNameAsString();
  Rewrite R{RewriteKind::ThreadsToTaskScope, "<taskbound/taskbound.hpp>", {}};
  R.Edits.push_back(replaceStatement(
      Uses->Declaration,
      "taskbound::task_scope " + Name + scopeArguments(RC) + ";", RC.Ctx));
  for (const Stmt *Reserve : Uses->Reserves)
    R.Edits.push_back(removeStatement(Reserve, RC.Ctx));
  R.Edits.push_back(FixItHint::CreateReplacement(
      Insert->getSourceRange(), Name + ".spawn(" + Task + ")"));
  if (Uses->Drain)
    R.Edits.push_back(replaceStatement(Uses->Drain, Name + ".join();", RC.Ctx));
  return R;
}

/// The variables outside the task that its body signals completion on:
/// `++done`, `left.fetch_sub(1)`, `latch.count_down()`, `sem.release()`.
llvm::SmallVector<const ValueDecl *, 2> completionSignals(const Stmt *Task,
                                                          ASTContext &Ctx) {
  llvm::SmallVector<const ValueDecl *, 2> Found;
  const auto Add = [&](const Expr *E) {
    const ValueDecl *D = analysis::rootDecl(E);
    if (D && !analysis::isWithin(D->getLocation(), Task, Ctx) &&
        !isa<ParmVarDecl>(D) && !llvm::is_contained(Found, D))
      Found.push_back(D);
  };
  analysis::forEachStmt(Task, [&](const Stmt *S) {
    if (const auto *Unary = dyn_cast<UnaryOperator>(S);
        Unary && Unary->isIncrementDecrementOp())
      Add(Unary->getSubExpr());
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
             Op && Op->getNumArgs() > 0 &&
             (Op->getOperator() == OO_PlusPlus ||
              Op->getOperator() == OO_MinusMinus ||
              Op->getOperator() == OO_PlusEqual ||
              Op->getOperator() == OO_MinusEqual))
      Add(Op->getArg(0));
    else if (const auto *Assign = dyn_cast<CompoundAssignOperator>(S))
      Add(Assign->getLHS());
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
             Call && Vocabulary::isCompletionSignal(analysis::methodName(Call)))
      Add(Call->getImplicitObjectArgument());
    return true;
  });
  return Found;
}

/// Whether \p S, after the loop, waits on one of \p Signals: a loop whose
/// condition reads it, a wait on it, or a wait whose predicate reads it.
bool waitsOn(const Stmt *S, llvm::ArrayRef<const ValueDecl *> Signals) {
  const auto Reads = [&](const Stmt *E) {
    return E && llvm::any_of(Signals, [&](const ValueDecl *D) {
             return refersTo(E, D);
           });
  };
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return Reads(While->getCond());
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return Reads(Do->getCond());
  const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
  if (!Call || !Vocabulary::isRendezvousWait(analysis::methodName(Call)))
    return false;
  if (Reads(Call->getImplicitObjectArgument()))
    return true;
  return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
    return isa<LambdaExpr>(Arg->IgnoreImplicit()) && Reads(Arg);
  });
}

/// `std::thread(f, x).detach()` per element, and a wait on a counter the
/// task signals later in the function.
std::optional<Rewrite> detachedThreads(const analysis::Spawn &S,
                                       const analysis::Judgement &J,
                                       const SpawnedCall &Call,
                                       const std::string &Task,
                                       RewriteContext &RC) {
  const ParentMap &PM = RC.Maps.of(&RC.Function);
  // `std::thread(...)` reaches `.detach()` through its temporary's nodes.
  const Stmt *Child = nullptr;
  const auto *Member =
      dyn_cast_or_null<MemberExpr>(analysis::opaqueParent(S.E, PM, Child));
  const auto *Detach =
      Member ? dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(Member))
             : nullptr;
  const auto *Sole = dyn_cast_or_null<Expr>(soleStatement(J.Loop.Body));
  if (!Detach || !Vocabulary::isDetachMethod(analysis::methodName(Detach)) ||
      !Sole || analysis::ignoreTransparent(Sole) != Detach)
    return std::nullopt;
  const Stmt *Body = calledBody(Call);
  const auto Signals = Body ? completionSignals(Body, RC.Ctx)
                            : llvm::SmallVector<const ValueDecl *, 2>();
  const bool Awaited =
      !Signals.empty() &&
      analysis::containsStmt(RC.Function.getBody(), [&](const Stmt *Later) {
        return analysis::isBefore(J.Loop.Loop, Later, RC.Ctx) &&
               waitsOn(Later, Signals);
      });
  if (!Awaited || !runsOnBoundedPool(Body, {J.Loop.Loop}, RC.Function, RC.Ctx))
    return std::nullopt;
  const std::string Name = freshName("scope", RC.Function);
  Rewrite R{RewriteKind::ThreadsToTaskScope, "<taskbound/taskbound.hpp>", {}};
  R.Edits.push_back(FixItHint::CreateInsertion(
      J.Loop.Loop->getBeginLoc(),
      "taskbound::task_scope " + Name + scopeArguments(RC) + ";\n" +
          indentationOf(J.Loop.Loop->getBeginLoc(), RC.Ctx)));
  R.Edits.push_back(FixItHint::CreateReplacement(
      Detach->getSourceRange(), Name + ".spawn(" + Task + ")"));
  return R;
}

} // namespace

std::optional<Rewrite> threadsToTaskScope(const analysis::Spawn &S,
                                          const analysis::Judgement &J,
                                          RewriteContext &RC) {
  if (!isThreadConstruction(S) || J.Loop.Algorithm ||
      J.Loop.Parents != &RC.Maps.of(&RC.Function))
    return std::nullopt;
  const auto Call = spawnedCall(S);
  const auto Task = Call ? deferredCallLambda(*Call, RC.Ctx) : std::nullopt;
  if (!Task || takesStopToken(*Call))
    return std::nullopt;
  std::optional<Rewrite> R = threadVector(S, J, *Call, *Task, RC);
  if (!R)
    R = detachedThreads(S, J, *Call, *Task, RC);
  if (!R || !editable(R->Edits, RC.Ctx))
    return std::nullopt;
  return R;
}

} // namespace clang::tidy::taskbound::fixits
