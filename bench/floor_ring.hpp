//===-- floor_ring.hpp - SPSC ring floor ------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The floor for handing tasks to another thread one at a time: a single-producer,
// single-consumer bounded lock-free ring drained by one consumer that spins (never parks;
// it only yields its time slice when it has spun for thousands of rounds in vain), backing
// off exponentially while the ring is empty.
// Nothing a general pool does can beat this per task without batching.
#pragma once

#include <atomic>  // std::atomic
#include <cstddef> // std::size_t
#include <thread>  // std::thread

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h> // _mm_pause
#endif

namespace bench {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

/// Spin-wait step: pause, and after many fruitless spins give the core away once, so a
/// spinner that shares its core with the thread it waits for (another process took the
/// other core) does not burn its whole time slice. Uncontended runs never reach the yield.
struct backoff {
  unsigned spins = 0;
  void operator()() noexcept {
    if (++spins < 4096) {
      cpu_relax();
    } else {
      spins = 0;
      std::this_thread::yield();
    }
  }
};

/// A task as the floor carries it: a function pointer, a context and an index (no allocation).
struct raw_task {
  void (*fn)(void* ctx, std::size_t i);
  void* ctx;
  std::size_t i;
};

/// Bounded SPSC ring; `Capacity` must be a power of two. With `CacheIndices` each side keeps
/// a copy of the other side's index and reloads it only when the ring looks full (empty), so
/// the producer runs ahead and cache lines move in bursts; without it every operation reads
/// the other side's index (one cache miss per task; the floor rows of docs/benchmarks.md).
template <class T, std::size_t Capacity, bool CacheIndices = true>
class spsc_ring {
  static_assert((Capacity & (Capacity - 1)) == 0, "capacity must be a power of two");

public:
  /// Producer side: false when full.
  bool try_push(const T& v) noexcept {
    const std::size_t t = tail_.load(std::memory_order_relaxed);
    if (!CacheIndices || t - head_cache_ == Capacity) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (t - head_cache_ == Capacity) return false;
    }
    slots_[t & (Capacity - 1)] = v;
    tail_.store(t + 1, std::memory_order_release);
    return true;
  }

  /// Consumer side: false when empty.
  bool try_pop(T& out) noexcept {
    const std::size_t h = head_.load(std::memory_order_relaxed);
    if (!CacheIndices || h == tail_cache_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (h == tail_cache_) return false;
    }
    out = slots_[h & (Capacity - 1)];
    head_.store(h + 1, std::memory_order_release);
    return true;
  }

private:
  alignas(64) std::atomic<std::size_t> head_{0}; // consumer writes
  alignas(64) std::size_t tail_cache_ = 0;       // consumer's copy of tail_
  alignas(64) std::atomic<std::size_t> tail_{0}; // producer writes
  alignas(64) std::size_t head_cache_ = 0;       // producer's copy of head_
  alignas(64) T slots_[Capacity];
};

/// One spinning consumer thread behind an SPSC ring. `post` spins while the ring is full;
/// `wait_all` spins until every posted task has run.
template <bool CacheIndices = true>
class ring_executor {
public:
  ring_executor() : consumer_([this] { run(); }) {}
  ring_executor(const ring_executor&) = delete;
  ring_executor& operator=(const ring_executor&) = delete;
  ~ring_executor() {
    stop_.store(true, std::memory_order_release);
    consumer_.join();
  }

  void post(void (*fn)(void*, std::size_t), void* ctx, std::size_t i) noexcept {
    const raw_task t{fn, ctx, i};
    backoff wait;
    while (!ring_.try_push(t)) wait();
    ++posted_;
  }

  void wait_all() noexcept {
    backoff wait;
    while (done_.load(std::memory_order_acquire) != posted_) wait();
  }

private:
  void run() noexcept {
    raw_task t;
    std::size_t done = 0;
    unsigned idle_step = 1;
    backoff wait;
    for (;;) {
      if (ring_.try_pop(t)) {
        t.fn(t.ctx, t.i);
        done_.store(++done, std::memory_order_release);
        wait.spins = 0;
        idle_step = 1;
      } else if (stop_.load(std::memory_order_acquire)) {
        return;
      } else {
        // Empty: look again after exponentially longer pauses (up to 64), so the producer
        // runs ahead and the consumer drains in bursts instead of pulling the ring's cache
        // lines across for every task (~1.5x faster per task than looking after every
        // pause, measured side by side here).
        for (unsigned k = 0; k < idle_step; ++k) cpu_relax();
        if (idle_step < 64) idle_step *= 2;
        wait();
      }
    }
  }

  spsc_ring<raw_task, 1024, CacheIndices> ring_;
  alignas(64) std::atomic<std::size_t> done_{0};
  alignas(64) std::atomic<bool> stop_{false};
  std::size_t posted_ = 0; // producer only
  std::thread consumer_;   // last: starts after the members above exist
};

} // namespace bench
