//===-- async.hpp - taskbound::async ----------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file async.hpp
/// @brief taskbound::async: a drop-in for `std::async(std::launch::async, ...)` that runs on
/// the process-wide bounded pool instead of starting a thread per call.
#pragma once

#include <future>      // std::future
#include <type_traits> // std::decay_t, std::invoke_result_t
#include <utility>     // std::forward

#include <taskbound/default_pool.hpp> // default_pool
#include <taskbound/worker_pool.hpp>  // worker_pool, detail::pool_access

namespace taskbound {

/// @brief Runs `f(args...)` on default_pool() and returns a future for the result or the
/// exception, like `std::async(std::launch::async, f, args...)`: arguments are decay-copied,
/// the future's destructor does not block.
///
/// Differences from std::async: at most hardware_concurrency() calls run at once and further
/// calls queue (bounded; when the queue is full the caller waits).
///
/// Nested calls run on their caller: called from a task that is itself running on the
/// default pool, async() runs `f(args...)` on the calling thread before it returns, and the
/// future is ready. A task that calls async() and then waits on the future (recursive
/// divide and conquer; a task that starts k calls and waits on all) therefore never waits
/// for work queued behind it, and cannot deadlock the pool the way a queued nested call
/// would when every worker waits. The cost: nested calls run one after another on the
/// caller, not in parallel with it (free when the pool is busy anyway; for parallel nesting
/// use parallel_map, whose caller runs every chunk no helper took, or task_scope, whose
/// join() on a worker runs queued work). And `f` must not wait for something its caller
/// does only after async() returns (a lock the caller holds, an item the caller pushes
/// next): on a worker that wait would never end.
///
/// The remaining limit: a task on the pool that waits on the future of a call queued by
/// someone else (another thread's async(), or submit()) blocks its worker; if every worker
/// does so while those calls are still queued, they wait forever. std::async never does.
/// @throws closed_error if the default pool is already destroyed (during exit).
template <class F, class... Args>
[[nodiscard]] auto async(F&& f, Args&&... args)
    -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
  worker_pool& pool = default_pool();
  if (pool.is_worker_thread())
    return detail::pool_access::call_here(pool, std::forward<F>(f), std::forward<Args>(args)...);
  return pool.submit(std::forward<F>(f), std::forward<Args>(args)...);
}

} // namespace taskbound
