//===-- live_count.hpp - live task count ------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/live_count.hpp
/// @brief Internal: a bounded count of live tasks that threads can sleep on, and that a
/// finishing task may release as the very last thing it does with the object.
#pragma once

#include <atomic>  // std::atomic
#include <cstdint> // std::uint32_t

#include <taskbound/detail/futex.hpp> // futex_wait, futex_wake

namespace taskbound::detail {

/// @brief The live-task count of a task_scope in one 32-bit futex word: the count in the
/// low 31 bits, and a "somebody may be asleep" bit.
///
/// release() changes the count and clears the bit in one read-modify-write and then only
/// passes the word's address to the kernel, so the object may be destroyed by a waiter as
/// soon as release() has decremented it: a scope can live on its owner's stack, with no
/// shared allocation for tasks that outlive the owner's wait. (A wake-up sent to an address
/// that was reused is a spurious wake-up for its new owner, which every futex user
/// tolerates. Off Linux, futex_wake falls back to std::atomic::notify_all, which formally
/// touches the object; libstdc++ and libc++ key their waiter tables by address only.) Waiters use the gate
/// protocol of event_gate: prepare_wait(), re-check, commit_wait() or cancel_wait(), so detail::wait_until()
/// and the pool's help_until() (task_scope::join) take either.
class live_count {
public:
  /// @brief The largest count (a task_scope's max_in_flight is clamped to it).
  static constexpr std::uint32_t max_count = (std::uint32_t{1} << 31) - 1;

  /// @brief Adds one if the count is below @p limit; false (unchanged) otherwise.
  bool try_acquire(std::uint32_t limit) noexcept {
    std::uint32_t w = word_.load(std::memory_order_relaxed);
    while ((w & count_mask) < limit)
      if (word_.compare_exchange_weak(w, w + 1, std::memory_order_seq_cst, std::memory_order_relaxed))
        return true;
    return false;
  }

  /// @brief Subtracts one and wakes every sleeper. After the decrement the object's memory
  /// is not touched again (only its address is handed to the kernel).
  void release() noexcept {
    std::uint32_t w = word_.load(std::memory_order_relaxed);
    while (!word_.compare_exchange_weak(w, (w - 1) & count_mask, std::memory_order_seq_cst,
                                        std::memory_order_relaxed)) {
    }
    if ((w & sleeper_bit) != 0) futex_wake(word_, 1 << 30);
  }

  /// @brief The count now (seq_cst, so a waiter's re-check sees a release before it).
  [[nodiscard]] std::uint32_t count() const noexcept {
    return word_.load(std::memory_order_seq_cst) & count_mask;
  }

  /// @brief Marks the word as slept on; the key for commit_wait().
  [[nodiscard]] std::uint32_t prepare_wait() noexcept {
    return word_.fetch_or(sleeper_bit, std::memory_order_seq_cst) | sleeper_bit;
  }
  /// @brief Nothing to undo: at worst the next release() makes one needless wake call.
  void cancel_wait() noexcept {}
  /// @brief Sleeps unless the word changed since prepare_wait() (may return spuriously).
  void commit_wait(std::uint32_t key) noexcept { futex_wait(word_, key); }

private:
  static constexpr std::uint32_t sleeper_bit = std::uint32_t{1} << 31;
  static constexpr std::uint32_t count_mask = sleeper_bit - 1;

  std::atomic<std::uint32_t> word_{0};
};

} // namespace taskbound::detail
