//===-- idle_workers.hpp - internal: park and wake idle workers -*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/idle_workers.hpp
/// @brief Internal: how worker_pool's idle workers wait for work (spin, then sleep on their
/// own futex word) and how a producer wakes exactly one of them, only when none spins.
#pragma once

#include <atomic>  // std::atomic
#include <cstddef> // std::size_t
#include <cstdint> // std::uint32_t
#include <memory>  // std::unique_ptr

#include <taskbound/detail/config.hpp> // cache_line, spin_until
#include <taskbound/detail/futex.hpp>  // futex_wait, futex_wake

namespace taskbound::detail {

/// @brief The idle side of a pool's workers: which of them spin, which sleep, and the
/// wake-up protocol between them and the threads that queue work.
///
/// An idle worker first spins, polling the queue, and counts as *spinning*; then it parks on
/// its own futex word and counts as a *sleeper*. A producer that queued a task wakes a
/// sleeper only when no worker spins (nobody_polls()): a spinning worker re-checks the queue
/// after it stops counting as spinning and before it sleeps, so it finds the task itself.
/// That saves the wake-up system call while a worker idles hot, and keeps a third thread from
/// being woken onto two cores just to find the queue empty. A waker claims one particular
/// sleeper (sleeping -> notified) before it wakes it, so two wake-ups never go to the same
/// worker. Several producers may count on the same spinning worker: the pool passes the
/// wake-up on when a worker takes a task and leaves others queued.
///
/// Every counter and flag is seq_cst: a producer that queued a task and then reads
/// `spinning == 0` and sees the sleeper, or the worker's re-check after its last store sees
/// the task (no lost wake-up).
class idle_workers {
public:
  /// @brief The wake-up state of @p workers workers, all running.
  explicit idle_workers(std::size_t workers) : workers_(workers), words_(new park_word[workers]) {}

  idle_workers(const idle_workers&) = delete;
  idle_workers& operator=(const idle_workers&) = delete;

  /// @brief True if some worker sleeps and none spins: a task queued now would wait for a
  /// wake-up (producer side, after the task is queued).
  [[nodiscard]] bool nobody_polls() const noexcept {
    return sleepers_.load(std::memory_order_seq_cst) != 0 && spinning_.load(std::memory_order_seq_cst) == 0;
  }

  /// @brief Wakes one sleeping worker, if any, scanning from @p hint (modulo the worker count)
  /// so that successive wake-ups spread over the workers.
  void wake_one(std::size_t hint) noexcept {
    for (std::size_t k = 0; k < workers_; ++k)
      if (wake(words_[(hint + k) % workers_])) return;
  }

  /// @brief Wakes every sleeping worker (at shutdown).
  void wake_all() noexcept {
    for (std::size_t i = 0; i < workers_; ++i) wake(words_[i]);
  }

  /// @brief Worker side: waits until @p has_work() may be true. Spins first (counted as
  /// spinning), then sleeps on worker @p index's own word until a producer wakes it. Returns
  /// at once when @p has_work() holds; may also return without work (a wake-up is a hint).
  template <class HasWork>
  void wait_for_work(std::size_t index, HasWork&& has_work) noexcept {
    spinning_.fetch_add(1, std::memory_order_seq_cst);
    if (spin_until(has_work)) {
      spinning_.fetch_sub(1, std::memory_order_seq_cst);
      return;
    }
    std::atomic<std::uint32_t>& word = words_[index].state;
    // Count as a sleeper, flag, stop counting as spinning, then re-check: a producer whose
    // task this re-check misses read `spinning_` after this worker left it, and sees the
    // sleeper count and the flag, and wakes this worker.
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    word.store(parked, std::memory_order_seq_cst);
    spinning_.fetch_sub(1, std::memory_order_seq_cst);
    if (has_work()) {
      std::uint32_t expected = parked;
      if (word.compare_exchange_strong(expected, running, std::memory_order_seq_cst))
        sleepers_.fetch_sub(1, std::memory_order_seq_cst);
      else
        word.store(running, std::memory_order_relaxed); // a waker claimed us and counted it
      return;
    }
    while (word.load(std::memory_order_seq_cst) == parked) futex_wait(word, parked);
    word.store(running, std::memory_order_relaxed);
  }

private:
  static constexpr std::uint32_t running = 0, parked = 1, notified = 2;

  struct alignas(cache_line) park_word {
    std::atomic<std::uint32_t> state{running}; // running, parked or notified (futex word)
  };

  // Claims a sleeping worker (parked -> notified) and wakes it; false if it was not asleep.
  bool wake(park_word& w) noexcept {
    std::uint32_t expected = parked;
    if (!w.state.compare_exchange_strong(expected, notified, std::memory_order_seq_cst)) return false;
    sleepers_.fetch_sub(1, std::memory_order_seq_cst);
    futex_wake(w.state, 1);
    return true;
  }

  const std::size_t workers_;
  std::unique_ptr<park_word[]> words_;
  alignas(cache_line) std::atomic<std::size_t> sleepers_{0}; // parked, not yet claimed by a waker
  std::atomic<std::size_t> spinning_{0};                     // idle workers still polling the queue
};

} // namespace taskbound::detail
