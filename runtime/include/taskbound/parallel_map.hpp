//===-- parallel_map.hpp - parallel_map -------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file parallel_map.hpp
/// @brief taskbound::parallel_map: `f(x)` for every element, results in input order, with a
/// bound on how many calls are alive at once (a windowed gather).
#pragma once

#include <concepts>    // std::integral
#include <cstddef>     // std::size_t
#include <functional>  // std::invoke
#include <memory>      // std::unique_ptr
#include <optional>    // std::optional
#include <ranges>      // std::ranges::forward_range, std::ranges::range_reference_t
#include <stdexcept>   // std::length_error
#include <string>      // std::to_string
#include <type_traits> // std::invoke_result_t, std::remove_cvref_t
#include <utility>     // std::forward, std::move
#include <vector>      // std::vector

#include <taskbound/default_pool.hpp>       // default_pool
#include <taskbound/detail/chunked_run.hpp> // run_chunked, pick_chunk, pick_participants
#include <taskbound/detail/index_range.hpp> // make_index_range
#include <taskbound/worker_pool.hpp>        // worker_pool

namespace taskbound {

/// @brief Options of parallel_map; 0 means "pick a default".
struct map_options {
  /// @brief Most calls of f alive at once (the caller counts as one); 0 = the pool's size.
  /// Calls run on the pool's threads, so a limit above size() + 1 has no further effect.
  std::size_t max_in_flight = 0;
};

namespace detail {

// The engine of both forms: `call(i)` for every i in [0, n), results in index order. A slot
// per result, so results need no default constructor; then moved into the vector.
template <class Result, class Call>
std::vector<Result> map_indices(worker_pool& pool, std::size_t n, const map_options& opts, Call& call) {
  static_assert(!std::is_void_v<Result>, "parallel_map needs f to return a value; use parallel_for_each");
  std::vector<Result> results;
  if (n > results.max_size())
    throw std::length_error("taskbound::parallel_map: " + std::to_string(n) +
                            " results do not fit in a std::vector");
  std::unique_ptr<std::optional<Result>[]> slots(new std::optional<Result>[n]);
  const std::size_t participants = pick_participants(pool, opts.max_in_flight);
  const std::size_t chunk = pick_chunk(n, participants, 0);
  auto body = [&](std::size_t, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) slots[i].emplace(call(i));
  };
  run_chunked(pool, n, chunk, participants, body);
  results.reserve(n);
  for (std::size_t i = 0; i < n; ++i) results.push_back(std::move(*slots[i]));
  return results;
}

} // namespace detail

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
  const auto n = static_cast<std::size_t>(std::ranges::distance(range));
  std::vector<std::ranges::iterator_t<Range>> items;
  items.reserve(n);
  auto it = std::ranges::begin(range);
  for (std::size_t i = 0; i < n; ++i, ++it) items.push_back(it);
  auto call = [&](std::size_t i) -> decltype(auto) { return std::invoke(f, *items[i]); };
  return detail::map_indices<result_type>(pool, n, opts, call);
}

/// @brief parallel_map on the process-wide default_pool().
template <std::ranges::forward_range Range, class F>
[[nodiscard]] auto parallel_map(Range&& range, F&& f, map_options opts = {}) {
  return parallel_map(default_pool(), std::forward<Range>(range), std::forward<F>(f), opts);
}

/// @brief Returns `{f(i) for i in [first, last)}`: element k is `f(first + k)`, computed on
/// @p pool and the caller with at most max_in_flight calls alive at once; the same
/// guarantees as the range form. The index form of the gather over a counting loop
/// (`for (i = first; i < last; ++i) futs.push_back(std::async(..., f, i));`).
/// @throws std::invalid_argument if @p last < @p first (before any call); std::length_error
/// if the results cannot fit in a std::vector; the first exception thrown by @p f (calls
/// not yet started are skipped); closed_error if @p pool is shut down.
template <std::integral Int, class F>
[[nodiscard]] auto parallel_map(worker_pool& pool, Int first, Int last, F&& f, map_options opts = {})
    -> std::vector<std::remove_cvref_t<std::invoke_result_t<F&, Int>>> {
  using result_type = std::remove_cvref_t<std::invoke_result_t<F&, Int>>;
  const auto indices = detail::make_index_range(first, last, "taskbound::parallel_map");
  auto call = [&](std::size_t k) -> decltype(auto) { return std::invoke(f, indices[k]); };
  return detail::map_indices<result_type>(pool, indices.count, opts, call);
}

/// @brief The index form of parallel_map on the process-wide default_pool().
template <std::integral Int, class F>
[[nodiscard]] auto parallel_map(Int first, Int last, F&& f, map_options opts = {}) {
  return parallel_map(default_pool(), first, last, std::forward<F>(f), opts);
}

} // namespace taskbound
