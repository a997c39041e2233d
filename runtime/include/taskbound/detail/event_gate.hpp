//===-- event_gate.hpp - park/wake event count ------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/event_gate.hpp
/// @brief Internal: an event count, the park/wake primitive of every blocking operation.
#pragma once

#include <atomic>  // std::atomic
#include <cstdint> // std::uint32_t

#include <taskbound/detail/config.hpp> // cache_line
#include <taskbound/detail/futex.hpp>  // futex_wait, futex_wake

namespace taskbound::detail {

/// @brief Lets threads sleep until a condition may have changed, with no syscall for the
/// side that changes the condition unless somebody is actually asleep.
///
/// Waiter: `key = prepare_wait()`, re-check the condition, then `commit_wait(key)` or
/// `cancel_wait()`. Notifier: make the condition true with a seq_cst read-modify-write,
/// then `notify_*()`. Both sides use seq_cst, so either the waiter's re-check sees the
/// change or the notifier sees the waiter (no lost wake-up).
class event_gate {
public:
  /// @brief Registers the caller as a waiter; returns the key for commit_wait().
  [[nodiscard]] std::uint32_t prepare_wait() noexcept {
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    return epoch_.load(std::memory_order_seq_cst);
  }
  /// @brief Withdraws a prepare_wait() whose condition turned out to be true.
  void cancel_wait() noexcept { waiters_.fetch_sub(1, std::memory_order_relaxed); }
  /// @brief Sleeps until a notify after prepare_wait() (may also return spuriously).
  void commit_wait(std::uint32_t key) noexcept {
    futex_wait(epoch_, key);
    waiters_.fetch_sub(1, std::memory_order_relaxed);
  }
  /// @brief True if a thread is between prepare_wait() and the end of its wait.
  [[nodiscard]] bool has_waiters() const noexcept { return waiters_.load(std::memory_order_seq_cst) != 0; }
  /// @brief Wakes one waiter, if there is one; costs one load otherwise.
  void notify_one() noexcept {
    if (waiters_.load(std::memory_order_seq_cst) != 0) {
      epoch_.fetch_add(1, std::memory_order_seq_cst);
      futex_wake(epoch_, 1);
    }
  }
  /// @brief Wakes every waiter, if there is one; costs one load otherwise.
  void notify_all() noexcept {
    if (waiters_.load(std::memory_order_seq_cst) != 0) {
      epoch_.fetch_add(1, std::memory_order_seq_cst);
      futex_wake(epoch_, 1 << 30);
    }
  }

private:
  // Not over-aligned, so that a heap object holding a gate stays on malloc's fast path;
  // long-lived owners align the gate themselves.
  std::atomic<std::uint32_t> waiters_{0};
  std::atomic<std::uint32_t> epoch_{0};
};

/// @brief Waits on @p gate until @p ready() holds: spins (up to @p spin pauses) first, then
/// parks. @p gate is an event_gate or anything with its prepare_wait() / cancel_wait() /
/// commit_wait() protocol.
template <class Gate, class Ready>
void wait_until(Gate& gate, Ready&& ready, unsigned spin = spin_limit) {
  while (!spin_until(ready, spin)) {
    const auto key = gate.prepare_wait();
    if (ready()) {
      gate.cancel_wait();
      return;
    }
    gate.commit_wait(key);
  }
}

} // namespace taskbound::detail
