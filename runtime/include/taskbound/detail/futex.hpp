//===-- futex.hpp - sleep on an atomic --------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/futex.hpp
/// @brief Internal: sleep on / wake a 32-bit atomic. On Linux a raw futex (std::atomic::wait
/// in libstdc++ 12 first spins and calls sched_yield, which the callers here already did);
/// elsewhere std::atomic::wait / notify.
#pragma once

#include <atomic>  // std::atomic
#include <cstdint> // std::uint32_t

#if defined(__linux__)
#include <linux/futex.h> // FUTEX_WAIT_PRIVATE, FUTEX_WAKE_PRIVATE
#include <sys/syscall.h> // SYS_futex
#include <unistd.h>      // syscall
#endif

namespace taskbound::detail {

/// @brief Sleeps while @p word holds @p expected (may return spuriously).
inline void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected) noexcept {
#if defined(__linux__)
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr,
            nullptr, 0);
#else
  word.wait(expected, std::memory_order_seq_cst);
#endif
}

/// @brief Wakes up to @p count threads sleeping on @p word.
inline void futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept {
#if defined(__linux__)
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr,
            0);
#else
  if (count == 1)
    word.notify_one();
  else
    word.notify_all();
#endif
}

} // namespace taskbound::detail
