//===-- chunked_run.hpp - chunked loop engine -------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/chunked_run.hpp
/// @brief Internal: the engine of parallel_for_each, parallel_for and parallel_map.
/// Splits [0, n) into chunks that the caller and up to `participants - 1` pool helpers
/// claim with one fetch_add each; no allocation or syscall per element.
#pragma once

#include <algorithm> // std::min
#include <atomic>    // std::atomic
#include <chrono>    // std::chrono::steady_clock
#include <cstddef>   // std::size_t
#include <cstdint>   // std::int64_t
#include <exception> // std::exception_ptr, std::rethrow_exception
#include <utility>   // std::move

#include <taskbound/detail/config.hpp>      // cache_line
#include <taskbound/detail/event_gate.hpp>  // event_gate, wait_until
#include <taskbound/detail/first_error.hpp> // first_error
#include <taskbound/errors.hpp>             // closed_error
#include <taskbound/worker_pool.hpp>        // worker_pool

namespace taskbound::detail {

/// @brief Chunks per participant when the chunk size is automatic: enough to even out
/// uneven bodies and late-starting helpers, few enough that claiming costs nothing.
inline constexpr std::size_t chunks_per_participant = 16;

/// @brief Below this much remaining work (estimated from the caller's time per element so
/// far) the caller does it all alone: handing chunks over costs a post, often a wake-up system call, and a
/// shared job; for a few microseconds of work that is more than the work (W3, n = 1000 x 10 ns).
inline constexpr std::int64_t alone_below_ns = 10'000;

/// @brief The caller times at least this long before it estimates the rest: a clock read costs
/// ~20 ns, as much as a few tiny elements.
inline constexpr std::int64_t probe_ns = 1'000;

/// @brief Shared by the caller and its helpers; heap-allocated once per call because a
/// helper may start after the call returned (it then finds no chunk left and leaves).
/// Padded rather than over-aligned: an over-aligned type takes glibc's memalign path (a
/// locked arena instead of the per-thread cache), which cost more than a small call's work.
struct chunk_job {
  using run_fn = void (*)(void* body, std::size_t chunk, std::size_t begin, std::size_t end);

  std::atomic<std::size_t> next{0}; // next chunk to claim
  char next_alone[cache_line];      // keeps `done` off `next`'s cache line
  std::atomic<std::size_t> done{0}; // chunks finished or skipped
  std::atomic<std::size_t> refs{1};
  std::size_t n = 0;
  std::size_t chunk = 1;
  std::size_t chunks = 0;
  run_fn run = nullptr;
  void* body = nullptr;
  event_gate finished;
  first_error error; // once set, chunks not started yet are skipped

  void release() noexcept {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // Claims and runs chunks until none is left. Never throws.
  void work() noexcept {
    for (;;) {
      const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
      if (c >= chunks) return;
      finish(c, c * chunk);
    }
  }

  // Runs elements [begin, end of chunk c) unless a chunk failed, then counts chunk c as done.
  void finish(std::size_t c, std::size_t begin) noexcept {
    if (!error.has_error()) {
      try {
        run(body, c, begin, std::min(n, (c + 1) * chunk));
      } catch (...) {
        error.record_current();
      }
    }
    if (done.fetch_add(1, std::memory_order_seq_cst) + 1 == chunks) finished.notify_all();
  }
};

/// @brief Nanoseconds since @p start on @p Clock (the steady clock's read is a vDSO call, not
/// a system call).
template <class Clock>
std::int64_t elapsed_ns(typename Clock::time_point start) noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

/// @brief Picks the chunk size: @p requested, or about chunks_per_participant per participant.
inline std::size_t pick_chunk(std::size_t n, std::size_t participants, std::size_t requested) noexcept {
  if (requested != 0) return requested;
  const std::size_t parts = participants * chunks_per_participant;
  return std::max<std::size_t>(1, (n + parts - 1) / parts);
}

/// @brief Participants (caller included) for @p max_in_flight on @p pool: the pool's size
/// by default, never more than its size + 1 (the caller).
inline std::size_t pick_participants(const worker_pool& pool, std::size_t max_in_flight) noexcept {
  const std::size_t limit = pool.size() + 1;
  return max_in_flight == 0 ? pool.size() : std::min(max_in_flight, limit);
}

/// @brief Runs `body(chunk_index, begin, end)` over chunks of [0, n) on the caller and on up
/// to `participants - 1` helpers posted to @p pool; returns when every chunk is done and
/// rethrows the first exception (chunks not started by then are skipped). [begin, end) may be
/// part of chunk `chunk_index` (the caller's first slices). The caller runs elements alone,
/// timing them, while the rest would take it less than alone_below_ns; only then does it
/// post helpers (a call with a few microseconds of work posts nothing). @p Clock times the
/// caller's elements; the tests substitute a clock that the body advances, so that the
/// decision can be checked without real timing.
/// @throws closed_error if @p pool is shut down.
template <class Clock = std::chrono::steady_clock, class Body>
void run_chunked(worker_pool& pool, std::size_t n, std::size_t chunk, std::size_t participants, Body& body) {
  if (pool.closed()) throw closed_error("taskbound: parallel algorithm on a pool that is shut down");
  if (n == 0) return;
  const std::size_t chunks = (n + chunk - 1) / chunk;
  participants = std::min(participants, chunks);
  if (participants <= 1) { // nothing to share: no allocation, no synchronisation
    for (std::size_t c = 0; c < chunks; ++c) body(c, c * chunk, std::min(n, (c + 1) * chunk));
    return;
  }
  // Alone while the rest looks cheap: the first chunk in growing slices (1, 2, 4, ...
  // elements), then whole chunks, re-estimating the rest (time per element so far x elements
  // left) as it goes, so helpers of a long call start within about a microsecond, and cheap
  // first elements hide an expensive rest for at most as many chunks as were already run.
  // Not for a short range (n <= participants x chunks_per_participant: one-element chunks
  // by default): a few elements worth sharing are likely each expensive, and the caller
  // would run one whole before any helper could start.
  const auto started = Clock::now();
  std::size_t c = 0;   // the chunk being run
  std::size_t pos = 0; // the next element
  for (std::size_t slice = 1; n > participants * chunks_per_participant; slice *= 2) {
    const std::size_t chunk_end = std::min(n, (c + 1) * chunk);
    const std::size_t end = c == 0 ? std::min(chunk_end, pos + slice) : chunk_end;
    body(c, pos, end);
    pos = end;
    if (pos == chunk_end && ++c == chunks) return;
    // Whole chunks: look at the clock after 1, 2, 4, ... of them (a read costs ~20 ns, a
    // tiny call's chunk not much more).
    if (pos == c * chunk && c > 1 && (c & (c - 1)) != 0) continue;
    const std::int64_t spent = elapsed_ns<Clock>(started);
    if (spent < probe_ns) continue; // too short to tell the elements from the clock reads
    const double rest_ns =
        static_cast<double>(spent) / static_cast<double>(pos) * static_cast<double>(n - pos);
    if (rest_ns >= static_cast<double>(alone_below_ns)) break;
  }
  auto* job = new chunk_job;
  const bool partial = pos != c * chunk; // chunk c is half done: the caller finishes it
  job->next.store(partial ? c + 1 : c, std::memory_order_relaxed);
  job->done.store(c, std::memory_order_relaxed);
  job->n = n;
  job->chunk = chunk;
  job->chunks = chunks;
  job->body = &body;
  job->run = [](void* b, std::size_t c, std::size_t first, std::size_t last) {
    (*static_cast<Body*>(b))(c, first, last);
  };
  for (std::size_t i = 1; i < participants; ++i) {
    job->refs.fetch_add(1, std::memory_order_relaxed);
    if (!pool_access::try_post(pool, [job] { job->work(), job->release(); })) {
      job->release(); // full or closing: the caller and the helpers already posted do the rest
      break;
    }
  }
  if (partial) job->finish(c, pos);
  job->work();
  wait_until(job->finished, [job] { return job->done.load(std::memory_order_seq_cst) == job->chunks; });
  std::exception_ptr error = job->error.take(); // every chunk is done: no helper records any more
  job->release();
  if (error) std::rethrow_exception(std::move(error));
}

} // namespace taskbound::detail
