/// @file async.hpp
/// @brief taskbound::async: a drop-in for `std::async(std::launch::async, ...)` that runs on
/// the process-wide bounded pool instead of starting a thread per call.
#pragma once

#include <future>      // std::future
#include <type_traits> // std::decay_t, std::invoke_result_t
#include <utility>     // std::forward

#include <taskbound/default_pool.hpp> // default_pool

namespace taskbound {

/// @brief Runs `f(args...)` on default_pool() and returns a future for the result or the
/// exception, like `std::async(std::launch::async, f, args...)`: arguments are decay-copied,
/// the future's destructor does not block.
///
/// Differences from std::async: at most hardware_concurrency() calls run at once and further
/// calls queue (bounded; when the queue is full the caller waits, or runs the call itself if
/// it is a pool task). A task that blocks on the future of a task queued behind it on the
/// same pool can wait forever, which std::async never does: use parallel_map or task_scope
/// for such nesting.
/// @throws closed_error if the default pool is already destroyed (during exit).
template <class F, class... Args>
[[nodiscard]] auto async(F&& f, Args&&... args)
    -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
  return default_pool().submit(std::forward<F>(f), std::forward<Args>(args)...);
}

} // namespace taskbound
