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

Repetitions repetitionsOf(llvm::ArrayRef<LoopContext> Loops,
                          const Vocabulary &V, ASTContext &Ctx) {
  Repetitions R;
  if (Loops.empty())
    return R;
  R.Kind = Repetitions::Constant;
  R.Count = 1;
  R.Loop = &Loops.front();
  R.Trip = tripCount(Loops.front(), V, Ctx);
  for (const LoopContext &L : Loops) {
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
