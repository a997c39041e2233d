//===-- config.hpp - tuning constants ---------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/config.hpp
/// @brief Internal: cache-line size, the CPU pause instruction and spin budgets.
#pragma once

#include <cstddef> // std::size_t

#if defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#include <intrin.h> // _mm_pause
#endif

namespace taskbound::detail {

/// @brief Size used to keep independently written atomics on separate cache lines.
/// (A constant, not std::hardware_destructive_interference_size, which g++ warns is ABI-unstable.)
inline constexpr std::size_t cache_line = 64;

/// @brief Pause instruction for spin loops: frees the core's pipeline for its sibling.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  asm volatile("yield" ::: "memory");
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
  _mm_pause();
#endif
}

/// @brief Pause iterations a thread spins before it parks. A park + wake costs ~100 us on a
/// small VM (a cross-core wake), so spinning for a few microseconds pays for itself when work
/// arrives in bursts, and costs little CPU when it does not.
inline constexpr unsigned spin_limit = 2048;

/// @brief Pause iterations a thread outside a pool spins while it waits for the pool's tasks
/// to finish (join, wait_idle) when the workers already occupy every core: spinning longer
/// would take a core from the very tasks it waits for (W7 in docs/benchmarks.md). A producer
/// waiting for room in a full queue keeps spin_limit: the workers free room within
/// microseconds, and a producer that parked there would pay a wake-up per half queue (W1).
inline constexpr unsigned short_spin_limit = 64;

/// @brief Spins with exponential back-off until @p ready() is true or the budget runs out.
/// @return true if @p ready() became true.
template <class Ready>
bool spin_until(Ready&& ready, unsigned limit = spin_limit) {
  unsigned spent = 0;
  for (unsigned step = 1; spent < limit; step = step < 64 ? step * 2 : step) {
    if (ready()) return true;
    for (unsigned i = 0; i < step; ++i) cpu_relax();
    spent += step;
  }
  return ready();
}

} // namespace taskbound::detail
