/// @file parallel_map.hpp
/// @brief taskbound::parallel_map: `f(x)` for every element, results in input order, with a
/// bound on how many calls are alive at once (a windowed gather).
#pragma once

#include <cstddef>     // std::size_t
#include <functional>  // std::invoke
#include <memory>      // std::unique_ptr
#include <optional>    // std::optional
#include <ranges>      // std::ranges::forward_range, std::ranges::range_reference_t
#include <type_traits> // std::invoke_result_t, std::remove_cvref_t
#include <utility>     // std::forward, std::move
#include <vector>      // std::vector

#include <taskbound/default_pool.hpp>       // default_pool
#include <taskbound/detail/chunked_run.hpp> // run_chunked, pick_chunk, pick_participants
#include <taskbound/worker_pool.hpp>        // worker_pool

namespace taskbound {

/// @brief Options of parallel_map; 0 means "pick a default".
struct map_options {
  /// @brief Most calls of f alive at once (the caller counts as one); 0 = the pool's size.
  /// Calls run on the pool's threads, so a limit above size() + 1 has no further effect.
  std::size_t max_in_flight = 0;
};

/// @brief Returns `{f(x) for x in range}` in input order, computed on @p pool and the caller
/// with at most max_in_flight calls alive at once.
///
/// Replaces the gather shape "push a std::async per element into a vector of futures, then
/// get() each": no thread or future per element, a bounded number of calls in flight.
/// @throws the first exception thrown by @p f (calls not yet started are skipped);
/// closed_error if @p pool is shut down.
template <std::ranges::forward_range Range, class F>
[[nodiscard]] auto parallel_map(worker_pool& pool, Range&& range, F&& f, map_options opts = {})
    -> std::vector<std::remove_cvref_t<std::invoke_result_t<F&, std::ranges::range_reference_t<Range>>>> {
  using result_type = std::remove_cvref_t<std::invoke_result_t<F&, std::ranges::range_reference_t<Range>>>;
  static_assert(!std::is_void_v<result_type>,
                "parallel_map needs f to return a value; use parallel_for_each");
  const auto n = static_cast<std::size_t>(std::ranges::distance(range));
  std::unique_ptr<std::optional<result_type>[]> slots(new std::optional<result_type>[n]);
  std::size_t next = 0;
  std::vector<std::ranges::iterator_t<Range>> items;
  items.reserve(n);
  for (auto it = std::ranges::begin(range); next < n; ++it, ++next) items.push_back(it);
  const std::size_t participants = detail::pick_participants(pool, opts.max_in_flight);
  const std::size_t chunk = detail::pick_chunk(n, participants, 0);
  auto body = [&](std::size_t, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) slots[i].emplace(std::invoke(f, *items[i]));
  };
  detail::run_chunked(pool, n, chunk, participants, body);
  std::vector<result_type> results;
  results.reserve(n);
  for (std::size_t i = 0; i < n; ++i) results.push_back(std::move(*slots[i]));
  return results;
}

/// @brief parallel_map on the process-wide default_pool().
template <std::ranges::forward_range Range, class F>
[[nodiscard]] auto parallel_map(Range&& range, F&& f, map_options opts = {}) {
  return parallel_map(default_pool(), std::forward<Range>(range), std::forward<F>(f), opts);
}

} // namespace taskbound
