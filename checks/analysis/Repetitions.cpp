//===-- Repetitions.cpp - how often a spawn runs --------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include <limits>

namespace clang::tidy::taskbound::analysis {

namespace {

/// A loop that runs once per core or per worker: its count comes from the
/// machine, or is named as a count of workers (`num_threads`), as in rule 7.
bool runsPerWorker(const TripCount &TC) {
  if (TC.Kind == TripCount::Concurrency)
    return true;
  return TC.Kind == TripCount::Runtime && TC.Counting && TC.Bound &&
         !isContainerSize(TC.Bound) && namesWorkerCount(TC.Bound);
}

std::uint64_t saturatingProduct(std::uint64_t A, std::uint64_t B) {
  if (A != 0 && B > std::numeric_limits<std::uint64_t>::max() / A)
    return std::numeric_limits<std::uint64_t>::max();
  return A * B;
}

} // namespace

Repetitions repetitionsOf(llvm::ArrayRef<LoopContext> Loops, const Stmt *Spawn,
                          const Vocabulary &V, ASTContext &Ctx) {
  Repetitions R;
  if (Loops.empty())
    return R;
  R.Kind = Repetitions::Constant;
  R.Count = 1;
  R.Loop = &Loops.front();
  R.Trip = tripCount(Loops.front(), V, Ctx);
  // A `return` after the spawn leaves every loop of the function, up to the
  // lambda a per-element algorithm calls: the algorithm calls it again.
  bool LeftFunction = false;
  for (const LoopContext &L : Loops) {
    if (LeftFunction && !L.Algorithm)
      continue;
    LeftFunction = false;
    // The loop does not repeat the spawn: the iteration that spawns is its
    // last (rule 10), or a one-shot guard lets it run once (rule 9).
    if (const LoopExit Exit = exitAfterSpawn(L, Spawn);
        Exit != LoopExit::None) {
      LeftFunction = Exit == LoopExit::Function;
      continue;
    }
    if (oneShotGuard(L.Body, Spawn, Ctx))
      continue;
    const TripCount TC = &L == R.Loop ? R.Trip : tripCount(L, V, Ctx);
    if (TC.Kind == TripCount::Constant) {
      R.Count = saturatingProduct(R.Count, TC.Count);
    } else if (runsPerWorker(TC)) {
      R.Kind = Repetitions::PerWorker;
    } else {
      // The innermost loop with a run-time count is the one to name.
      R.Kind = Repetitions::Runtime;
      R.Loop = &L;
      R.Trip = TC;
      return R;
    }
  }
  return R;
}

} // namespace clang::tidy::taskbound::analysis
