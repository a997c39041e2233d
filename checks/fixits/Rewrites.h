//===-- Rewrites.h - fix-its: rewrites to bounded primitives ----*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the checks use of checks/fixits/: for an unbounded spawn, the
// rewrite to one of the runtime's bounded primitives, offered only where it
// is exact — the same results, in the same order where order is observable,
// and no deadlock the original could not have. One file per rewrite shape:
// GatherToParallelMap, ThreadsToTaskScope, CoSpawnToForEachBounded,
// AsyncDropIn. The rest of checks/fixits/ is internal to them.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_FIXITS_REWRITES_H
#define TASKBOUND_CHECKS_FIXITS_REWRITES_H

#include "analysis/Analysis.h"

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::taskbound::fixits {

/// The rewrites, one per shape of code.
enum class RewriteKind {
  /// Futures filled in one loop and drained in a later one:
  /// `taskbound::parallel_map`.
  GatherToParallelMap,
  /// Threads started per element and joined later, or detached with a
  /// completion counter the code waits on: a `taskbound::task_scope`.
  ThreadsToTaskScope,
  /// `co_spawn(ex, coro(x), detached)` per element: one `co_spawn` of
  /// `taskbound::asio::for_each_bounded`.
  CoSpawnToForEachBounded,
  /// `std::async(std::launch::async, f, x)` becomes `taskbound::async(f, x)`:
  /// the same future, on the bounded default pool. It changes when work runs,
  /// so it goes on a note.
  AsyncDropIn,
};

/// What a rewrite needs to know besides the spawn.
struct RewriteContext {
  ASTContext &Ctx;
  /// The function whose body holds the loop.
  const FunctionDecl &Function;
  analysis::ParentMaps &Maps;
  /// FixMaxInFlight: the bound to write, or none for the runtime's default.
  std::optional<unsigned> MaxInFlight;
};

/// One rewrite: its edits, and the header it needs (the check inserts it).
struct Rewrite {
  RewriteKind Kind;
  llvm::StringRef
      Header; ///< `<taskbound/taskbound.hpp>`, `<taskbound/asio.hpp>` or
              ///< `<taskbound/boost_asio.hpp>`
  llvm::SmallVector<FixItHint, 6> Edits;
};

/// The exact local rewrite of the unbounded spawn \p S judged in \p J (a
/// gather, threads joined later, coroutines per element), or nothing.
std::optional<Rewrite> exactRewrite(const analysis::Spawn &S,
                                    const analysis::Judgement &J,
                                    RewriteContext &RC);

/// `std::async(...)` → `taskbound::async(...)`, where every future is waited
/// for in the function and the task can run on a bounded pool.
std::optional<Rewrite> asyncDropIn(const analysis::Spawn &S,
                                   const analysis::Judgement &J,
                                   RewriteContext &RC);

// The shapes, tried in this order by exactRewrite().
std::optional<Rewrite> gatherToParallelMap(const analysis::Spawn &S,
                                           const analysis::Judgement &J,
                                           RewriteContext &RC);
std::optional<Rewrite> threadsToTaskScope(const analysis::Spawn &S,
                                          const analysis::Judgement &J,
                                          RewriteContext &RC);
std::optional<Rewrite> coSpawnToForEachBounded(const analysis::Spawn &S,
                                               const analysis::Judgement &J,
                                               RewriteContext &RC);

} // namespace clang::tidy::taskbound::fixits

#endif // TASKBOUND_CHECKS_FIXITS_REWRITES_H
