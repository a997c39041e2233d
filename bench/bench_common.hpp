//===-- bench_common.hpp - shared benchmark pieces --------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Shared pieces of taskbound-bench: the tiny task body, a calibrated busy body,
// the worker count every pool gets, and Google Benchmark helpers.
#pragma once

#include <benchmark/benchmark.h> // benchmark::State

#include <chrono>  // std::chrono::steady_clock
#include <cstddef> // std::size_t
#include <cstdint> // std::uint64_t
#include <thread>  // std::thread::hardware_concurrency

namespace bench {

/// Number of tasks in W1 (the seed program): 100k tiny tasks.
inline constexpr std::size_t w1_tasks = 100'000;

/// Thread-per-task peers cannot start 100k threads here (ulimit -u ~96k, and every
/// unjoined thread keeps its stack mapped), so they run this many and are compared per task.
inline constexpr std::size_t thread_per_task_tasks = 10'000;

/// The value a tiny task computes: a few multiplies, ~2-8 ns.
inline std::uint64_t tiny_value(std::size_t i) noexcept {
  std::uint64_t x = i * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ull;
  return x ^ (x >> 32);
}

/// The body of a tiny task: computes tiny_value(i) into slot i.
inline void tiny_body(std::uint64_t* out, std::size_t i) noexcept { out[i] = tiny_value(i); }

/// Spins `rounds` rounds of a dependent multiply-xorshift chain; the compiler cannot drop it.
inline std::uint64_t burn(std::uint64_t seed, std::uint64_t rounds) noexcept {
  std::uint64_t x = seed | 1;
  for (std::uint64_t r = 0; r < rounds; ++r) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

/// Rounds of burn() that take about `ns` nanoseconds on this machine (calibrated once).
std::uint64_t burn_rounds_for_ns(double ns);

/// Workers every pool in the binary gets: one per core, as a default pool would.
inline unsigned pool_workers() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}

/// Nanoseconds on the steady clock (vDSO, no syscall).
inline std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Sets items_per_second from `items_per_iteration`.
inline void set_items(benchmark::State& state, std::size_t items_per_iteration) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(items_per_iteration));
}

} // namespace bench
