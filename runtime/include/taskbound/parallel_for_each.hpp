//===-- parallel_for_each.hpp - parallel_for_each ---------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file parallel_for_each.hpp
/// @brief taskbound::parallel_for_each and taskbound::parallel_for: run a body over every
/// element of a range (or index range) in chunks, on a bounded number of threads.
#pragma once

#include <concepts>   // std::integral
#include <cstddef>    // std::size_t
#include <functional> // std::invoke
#include <iterator>   // std::next, std::advance
#include <ranges>     // std::ranges::forward_range, std::ranges::begin, std::ranges::distance
#include <utility>    // std::forward
#include <vector>     // std::vector

#include <taskbound/default_pool.hpp>       // default_pool
#include <taskbound/detail/chunked_run.hpp> // run_chunked, pick_chunk, pick_participants
#include <taskbound/detail/index_range.hpp> // make_index_range
#include <taskbound/worker_pool.hpp>        // worker_pool

namespace taskbound {

/// @brief Options of parallel_for_each and parallel_for; 0 means "pick a default".
struct for_each_options {
  /// @brief Most bodies running at once (the caller counts as one); 0 = the pool's size.
  std::size_t max_in_flight = 0;
  /// @brief Elements per chunk; 0 = about sixteen chunks per participating thread.
  std::size_t chunk_size = 0;
};

namespace detail {

// Runs f on every element: random-access ranges are indexed, other forward ranges get one
// iterator per chunk (one allocation per call, none per element).
template <class Range, class F>
void for_each_chunked(worker_pool& pool, Range&& range, F& f, const for_each_options& opts) {
  const auto size = static_cast<std::size_t>(std::ranges::distance(range));
  const std::size_t participants = pick_participants(pool, opts.max_in_flight);
  const std::size_t chunk = pick_chunk(size, participants, opts.chunk_size);
  auto first = std::ranges::begin(range);
  if constexpr (std::ranges::random_access_range<Range>) {
    auto body = [&f, first](std::size_t, std::size_t b, std::size_t e) {
      auto it = first + static_cast<std::ranges::range_difference_t<Range>>(b);
      for (std::size_t i = b; i < e; ++i, ++it) std::invoke(f, *it);
    };
    run_chunked(pool, size, chunk, participants, body);
  } else {
    std::vector<decltype(first)> starts;
    starts.reserve((size + chunk - 1) / chunk);
    for (std::size_t i = 0; i < size; i += chunk) {
      starts.push_back(first);
      std::ranges::advance(first, static_cast<std::ranges::range_difference_t<Range>>(chunk),
                           std::ranges::end(range));
    }
    auto body = [&f, &starts, chunk](std::size_t c, std::size_t b, std::size_t e) {
      auto it = starts[c]; // [b, e) may start inside chunk c
      std::ranges::advance(it, static_cast<std::ranges::range_difference_t<Range>>(b - c * chunk));
      for (std::size_t i = b; i < e; ++i, ++it) std::invoke(f, *it);
    };
    run_chunked(pool, size, chunk, participants, body);
  }
}

} // namespace detail

/// @brief Calls `f(x)` for every element x of @p range on @p pool and the calling thread.
///
/// Replaces "one std::async / std::thread per element": the range is cut into chunks, the
/// caller and at most `max_in_flight - 1` helpers claim chunks, so each element is
/// visited exactly once and no more than max_in_flight bodies run at once. Returns when
/// all are done. Never deadlocks when called from a task of @p pool (the caller can do all
/// the work). No allocation or syscall per element.
/// @throws the first exception thrown by @p f (chunks not yet started are skipped);
/// closed_error if @p pool is shut down.
template <std::ranges::forward_range Range, class F>
void parallel_for_each(worker_pool& pool, Range&& range, F&& f, for_each_options opts = {}) {
  detail::for_each_chunked(pool, range, f, opts);
}

/// @brief parallel_for_each on the process-wide default_pool().
template <std::ranges::forward_range Range, class F>
void parallel_for_each(Range&& range, F&& f, for_each_options opts = {}) {
  detail::for_each_chunked(default_pool(), range, f, opts);
}

/// @brief Calls `f(i)` for every i in [@p first, @p last) on @p pool and the calling thread;
/// same guarantees as parallel_for_each.
/// @throws std::invalid_argument if @p last < @p first; the first exception of @p f.
template <std::integral Int, class F>
void parallel_for(worker_pool& pool, Int first, Int last, F&& f, for_each_options opts = {}) {
  const auto indices = detail::make_index_range(first, last, "taskbound::parallel_for");
  const std::size_t participants = detail::pick_participants(pool, opts.max_in_flight);
  const std::size_t chunk = detail::pick_chunk(indices.count, participants, opts.chunk_size);
  auto body = [&f, indices](std::size_t, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) std::invoke(f, indices[i]);
  };
  detail::run_chunked(pool, indices.count, chunk, participants, body);
}

/// @brief parallel_for on the process-wide default_pool().
template <std::integral Int, class F>
void parallel_for(Int first, Int last, F&& f, for_each_options opts = {}) {
  parallel_for(default_pool(), first, last, std::forward<F>(f), opts);
}

} // namespace taskbound
