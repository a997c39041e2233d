//===-- BoundRules.cpp - which rule bounds the tasks a loop starts --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The rules are numbered as on docs/checks/unbounded-spawn-in-loop.md.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace clang::tidy::taskbound::analysis {

/// Rule 6: the executor's own type (before any conversion to a base) is
/// bounded.
bool submitsToBoundedExecutor(const Spawn &S, const Vocabulary &V) {
  const Expr *Executor = executorOf(S);
  if (S.Api->Kind == SpawnKind::Thread || !Executor)
    return false;
  QualType T = Executor->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return V.isBoundedExecutor(T->getAsCXXRecordDecl());
}

namespace {

/// Everything about one spawn that does not depend on the loop.
struct SpawnFacts {
  const Spawn &S;
  TaskHandle Handle;
  const Stmt *Task;  ///< the spawned callable's body, if visible
  bool StartsWorker; ///< the spawned callable is a long-running worker
};

/// Rule 7: the loop counts workers (a count such as `num_threads`, or the
/// slots of a container of threads), and what it starts is a worker.
bool startsWorkers(const SpawnFacts &F, const TripCount &TC) {
  const bool CountsWorkers =
      TC.WalksThreadSlots ||
      (TC.Counting && TC.Bound && !isContainerSize(TC.Bound));
  if (!CountsWorkers)
    return false;
  if (F.StartsWorker)
    return true;
  // A count named as one of workers; a compile-time constant is not taken
  // on its name (`constexpr int kNumThreads = 10000` is 10,000 tasks).
  return TC.Kind != TripCount::Constant && TC.Bound &&
         namesWorkerCount(TC.Bound);
}

/// Rule 8 spares a coroutine or a queued handler per external event (what an
/// Asio server starts per connection); an OS thread per connection is CP.41's
/// example of what not to do, and a user-listed spawn is not known to be light.
bool pacedByEvents(SpawnKind Kind) {
  return Kind == SpawnKind::Coroutine || Kind == SpawnKind::Task;
}

/// The rule that bounds the spawns of one loop, without looking outwards.
/// Rules 1 and 2 bound only this loop's fan-out; the others bound the spawn.
BoundRule ruleOfLoop(const SpawnFacts &F, const LoopContext &L,
                     const TripCount &TC, const BoundOptions &Options,
                     const Vocabulary &V, ASTContext &Ctx) {
  switch (drainIn(L.Body, F.S.E, F.Handle, *L.Parents, Ctx)) {
  case Drain::EachIteration:
    return BoundRule::FinishesOwnTask;
  case Drain::InBatches:
    return BoundRule::BatchFlush;
  case Drain::None:
    break;
  }
  if (waitsForCompletionSignal(L.Body, F.S, F.Task, *L.Parents, Ctx))
    return BoundRule::FinishesOwnTask;
  if (waitsForRoomBefore(L.Body, F.S.E, V, Ctx))
    return BoundRule::WaitsForRoom;
  if (capsLiveTasks(L, F.S.E, F.Handle, F.Task, Ctx))
    return BoundRule::CapsLiveTasks;
  if (pacedByEvents(F.S.Api->Kind) && !Options.FlagEventPacedSpawns &&
      awaitsEventBefore(L.Body, F.S.E, Ctx))
    return BoundRule::EventPaced;
  if (startsWorkers(F, TC))
    return BoundRule::StartsWorkers;
  if (TC.Kind == TripCount::Concurrency)
    return BoundRule::MachineConcurrency;
  if (TC.Kind == TripCount::Constant && TC.Count <= Options.MaxFanOut)
    return BoundRule::SmallConstantFanOut;
  return BoundRule::None;
}

} // namespace

Judgement judgeSpawn(const Spawn &S, const FunctionDecl *FD, ParentMaps &Maps,
                     const Vocabulary &V, const BoundOptions &Options,
                     ASTContext &Ctx) {
  Judgement J;
  const llvm::SmallVector<LoopContext, 4> Loops = enclosingLoops(S.E, FD, Maps);
  if (Loops.empty())
    return J;
  J.InLoop = true;
  if (submitsToBoundedExecutor(S, V)) {
    J.Rule = BoundRule::BoundedExecutor;
    return J;
  }
  const Stmt *Body = spawnedBody(S);
  const SpawnFacts F{S, findTaskHandle(S, FD->getBody(), Maps.of(FD)), Body,
                     isLongRunningWorker(Body, Ctx)};
  const auto Drains = [&](const LoopContext &L) {
    return drainIn(L.Body, S.E, F.Handle, *L.Parents, Ctx) != Drain::None;
  };

  // Walk outwards: a loop whose fan-out is bounded may still sit in a loop
  // that repeats it without waiting.
  for (auto It = Loops.begin(); It != Loops.end(); ++It) {
    const TripCount TC = tripCount(*It, V, Ctx);
    const BoundRule Rule = ruleOfLoop(F, *It, TC, Options, V, Ctx);
    if (Rule == BoundRule::SmallConstantFanOut ||
        Rule == BoundRule::MachineConcurrency) {
      J.Rule = Rule;
      continue;
    }
    if (Rule != BoundRule::None) {
      J.Rule = Rule;
      return J;
    }
    // Rule 10: the iteration that spawns is the loop's last.
    if (const LoopExit Exit = exitAfterSpawn(*It, S.E);
        Exit != LoopExit::None) {
      J.Rule = BoundRule::LeavesLoop;
      if (Exit == LoopExit::Function) {
        // Every loop of the function is left, up to the lambda of a
        // per-element algorithm: it calls the lambda again.
        It = std::find_if(std::next(It), Loops.end(),
                          [](const LoopContext &L) { return L.Algorithm; });
        if (It == Loops.end())
          return J;
        --It; // the loop's ++It moves onto the algorithm
      }
      continue; // a `break`: an enclosing loop may run this loop again
    }
    // A constant batch, finished by an enclosing loop before the next one.
    if (TC.Kind == TripCount::Constant &&
        std::any_of(std::next(It), Loops.end(), Drains)) {
      J.Rule = BoundRule::BatchFlush;
      return J;
    }
    J.Rule = BoundRule::None;
    J.Loop = *It;
    J.Trip = TC;
    return J;
  }
  return J;
}

} // namespace clang::tidy::taskbound::analysis
