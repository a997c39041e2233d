//===-- mpmc_ring.hpp - bounded MPMC ring -----------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/mpmc_ring.hpp
/// @brief Internal: the bounded lock-free MPMC ring under bounded_queue and worker_pool.
///
/// The algorithm is Dmitry Vyukov's bounded MPMC queue (per-cell sequence numbers; one CAS
/// per push and per pop), extended with a "closed" bit in the enqueue position so that
/// closing is one atomic operation and no push can slip in after it.
#pragma once

#include <atomic>      // std::atomic
#include <cstddef>     // std::size_t, std::ptrdiff_t
#include <cstdint>     // std::uint8_t
#include <memory>      // std::unique_ptr
#include <new>         // placement new, std::launder
#include <type_traits> // std::is_nothrow_constructible_v
#include <utility>     // std::forward

#include <taskbound/detail/config.hpp> // cache_line

namespace taskbound::detail {

/// @brief Outcome of a non-blocking push.
enum class push_status { ok, full, closed };

/// @brief Bounded multi-producer multi-consumer ring of @p T with a close operation.
template <class T>
class mpmc_ring {
  static constexpr std::size_t closed_bit = std::size_t{1} << (sizeof(std::size_t) * 8 - 1);

  struct alignas(cache_line) cell {
    std::atomic<std::size_t> seq{0};
    bool hollow = false; // the constructor threw after the cell was claimed: skip it
    alignas(T) unsigned char storage[sizeof(T)];
    T* get() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }
  };

public:
  /// @brief Creates an empty ring of @p capacity cells (capacity >= 1, checked by callers).
  /// (The algorithm needs two cells at least: with one, "full" and "free for the next lap"
  /// would have the same sequence number; capacity 1 gets two cells and an explicit check.)
  explicit mpmc_ring(std::size_t capacity)
      : capacity_(capacity), cell_count_(capacity < 2 ? 2 : capacity),
        mask_((cell_count_ & (cell_count_ - 1)) == 0 ? cell_count_ - 1 : 0), cells_(new cell[cell_count_]) {
    for (std::size_t i = 0; i < cell_count_; ++i) cells_[i].seq.store(i, std::memory_order_relaxed);
  }
  mpmc_ring(const mpmc_ring&) = delete;
  mpmc_ring& operator=(const mpmc_ring&) = delete;
  /// @brief Destroys the items still queued.
  ~mpmc_ring() {
    const std::size_t end = enq_.load(std::memory_order_relaxed) & ~closed_bit;
    for (std::size_t pos = deq_.load(std::memory_order_relaxed); pos != end; ++pos) {
      cell& c = cells_[index(pos)];
      if (c.seq.load(std::memory_order_relaxed) == pos + 1 && !c.hollow) c.get()->~T();
    }
  }

  /// @brief Number of cells.
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  /// @brief Constructs a T from @p args in the next free cell; does not wait.
  /// @param pos receives the position of the new item (for sampling the depth).
  /// The arguments are only used when the result is push_status::ok.
  template <class... Args>
  push_status try_emplace(std::size_t& pos, Args&&... args) {
    pos = enq_.load(std::memory_order_relaxed);
    for (;;) {
      if ((pos & closed_bit) != 0) return push_status::closed;
      cell& c = cells_[index(pos)];
      const std::size_t seq = c.seq.load(std::memory_order_acquire);
      const auto diff = static_cast<std::ptrdiff_t>(seq - pos);
      if (diff == 0) {
        if (capacity_ != cell_count_) { // capacity 1: two cells, so count the items
          const std::size_t popped = deq_.load(std::memory_order_acquire);
          if (pos >= popped && pos - popped >= capacity_) return push_status::full;
        }
        if (enq_.compare_exchange_weak(pos, pos + 1, std::memory_order_seq_cst, std::memory_order_relaxed)) {
          construct(c, pos, std::forward<Args>(args)...);
          return push_status::ok;
        }
      } else if (diff < 0) {
        // The cell still holds the item of the previous lap: full, unless a pop has claimed
        // it meanwhile (then only its hand-back is pending).
        const std::size_t now = enq_.load(std::memory_order_relaxed);
        if (now == pos) return push_status::full;
        pos = now;
      } else {
        pos = enq_.load(std::memory_order_relaxed);
      }
    }
  }

  /// @brief Hands the oldest item to @p sink (called as `sink(T&&)`); does not wait.
  /// @return false if no item is ready. If @p sink throws, the item is dropped.
  template <class Sink>
  bool try_pop(Sink&& sink) {
    std::size_t pos = deq_.load(std::memory_order_relaxed);
    for (;;) {
      cell& c = cells_[index(pos)];
      const std::size_t seq = c.seq.load(std::memory_order_acquire);
      const auto diff = static_cast<std::ptrdiff_t>(seq - (pos + 1));
      if (diff == 0) {
        if (deq_.compare_exchange_weak(pos, pos + 1, std::memory_order_seq_cst, std::memory_order_relaxed)) {
          if (c.hollow) {
            release(c, pos);
            pos = deq_.load(std::memory_order_relaxed);
            continue;
          }
          if constexpr (std::is_nothrow_invocable_v<Sink&&, T&&>) {
            std::forward<Sink>(sink)(std::move(*c.get()));
          } else {
            try {
              std::forward<Sink>(sink)(std::move(*c.get()));
            } catch (...) {
              c.get()->~T();
              release(c, pos);
              throw;
            }
          }
          c.get()->~T();
          release(c, pos);
          return true;
        }
      } else if (diff < 0) {
        return false;
      } else {
        pos = deq_.load(std::memory_order_relaxed);
      }
    }
  }

  /// @brief Closes the ring: later pushes fail with push_status::closed. Idempotent.
  /// @return true if this call closed it.
  bool close() noexcept { return (enq_.fetch_or(closed_bit, std::memory_order_seq_cst) & closed_bit) == 0; }
  /// @brief True once close() was called.
  [[nodiscard]] bool closed() const noexcept {
    return (enq_.load(std::memory_order_seq_cst) & closed_bit) != 0;
  }
  /// @brief True if no item is queued or being pushed (seq_cst: usable before parking).
  [[nodiscard]] bool empty() const noexcept {
    const std::size_t end = enq_.load(std::memory_order_seq_cst) & ~closed_bit;
    return deq_.load(std::memory_order_seq_cst) >= end;
  }
  /// @brief True if every cell is taken (seq_cst: usable before parking).
  [[nodiscard]] bool full() const noexcept {
    const std::size_t end = enq_.load(std::memory_order_seq_cst) & ~closed_bit;
    return end - deq_.load(std::memory_order_seq_cst) >= capacity_;
  }
  /// @brief True if closed and every item was popped: no item will ever come again.
  [[nodiscard]] bool drained() const noexcept {
    const std::size_t end = enq_.load(std::memory_order_seq_cst);
    return (end & closed_bit) != 0 && deq_.load(std::memory_order_seq_cst) == (end & ~closed_bit);
  }
  /// @brief Items pushed so far (including those already popped).
  [[nodiscard]] std::size_t pushed() const noexcept {
    return enq_.load(std::memory_order_seq_cst) & ~closed_bit;
  }
  /// @brief Items popped so far.
  [[nodiscard]] std::size_t popped() const noexcept { return deq_.load(std::memory_order_seq_cst); }

private:
  void release(cell& c, std::size_t pos) noexcept {
    c.hollow = false;
    c.seq.store(pos + cell_count_, std::memory_order_release);
  }

  std::size_t index(std::size_t pos) const noexcept { return mask_ != 0 ? pos & mask_ : pos % cell_count_; }

  template <class... Args>
  void construct(cell& c, std::size_t pos, Args&&... args) {
    if constexpr (std::is_nothrow_constructible_v<T, Args&&...>) {
      ::new (static_cast<void*>(c.storage)) T(std::forward<Args>(args)...);
    } else {
      try {
        ::new (static_cast<void*>(c.storage)) T(std::forward<Args>(args)...);
      } catch (...) {
        // The cell is claimed and consumers will reach it: publish it as hollow.
        c.hollow = true;
        c.seq.store(pos + 1, std::memory_order_release);
        throw;
      }
    }
    c.seq.store(pos + 1, std::memory_order_release);
  }

  const std::size_t capacity_;   // most items held at once
  const std::size_t cell_count_; // cells allocated: capacity_, or 2 when capacity_ is 1
  const std::size_t mask_;       // cell_count_ - 1 if a power of two, else 0 (use %)
  std::unique_ptr<cell[]> cells_;
  alignas(cache_line) std::atomic<std::size_t> enq_{0};
  alignas(cache_line) std::atomic<std::size_t> deq_{0};
};

} // namespace taskbound::detail
