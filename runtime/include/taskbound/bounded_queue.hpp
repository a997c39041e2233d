//===-- bounded_queue.hpp - taskbound::bounded_queue ------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file bounded_queue.hpp
/// @brief taskbound::bounded_queue: a fixed-capacity MPMC queue with blocking and
/// non-blocking push/pop and a close operation.
#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional, std::nullopt
#include <stdexcept> // std::invalid_argument
#include <utility>   // std::move

#include <taskbound/detail/config.hpp>     // spin_until
#include <taskbound/detail/event_gate.hpp> // event_gate
#include <taskbound/detail/mpmc_ring.hpp>  // mpmc_ring
#include <taskbound/errors.hpp>            // closed_error

namespace taskbound {

/// @brief A multi-producer multi-consumer queue that never holds more than capacity() items.
///
/// Producers wait in push() while the queue is full, so a fast producer is slowed to the
/// pace of its consumers instead of growing memory without bound. close() ends the stream:
/// later pushes throw closed_error, and pop() returns std::nullopt once the items already
/// queued are drained. Lock-free ring underneath; a blocked thread spins briefly, then
/// sleeps, and is woken only by an operation that made room or brought an item.
/// @tparam T the item type; its move constructor should not throw (an item whose move
/// throws during pop() is dropped and the exception propagates).
template <class T>
class bounded_queue {
public:
  /// @brief Creates an empty queue that holds at most @p capacity items.
  /// @throws std::invalid_argument if @p capacity is 0.
  explicit bounded_queue(std::size_t capacity) : ring_(checked(capacity)) {}

  bounded_queue(const bounded_queue&) = delete;
  bounded_queue& operator=(const bounded_queue&) = delete;

  /// @brief Appends @p value, waiting while the queue is full.
  /// @throws closed_error if the queue is closed (before or while waiting).
  void push(T value) {
    for (;;) {
      switch (emplace(value)) {
      case detail::push_status::ok:
        return;
      case detail::push_status::closed:
        throw closed_error("taskbound::bounded_queue: push on a closed queue");
      case detail::push_status::full:
        detail::wait_until(not_full_, [this] { return !ring_.full() || ring_.closed(); });
        break;
      }
    }
  }

  /// @brief Appends @p value if there is room and the queue is open; never waits.
  /// @return false (and @p value is left unused) if the queue is full or closed.
  [[nodiscard]] bool try_push(T value) { return emplace(value) == detail::push_status::ok; }

  /// @brief Removes the oldest item, waiting while the queue is empty and open.
  /// @return the item, or std::nullopt once the queue is closed and drained.
  [[nodiscard]] std::optional<T> pop() {
    for (;;) {
      if (auto item = try_pop()) return item;
      if (ring_.drained()) return std::nullopt;
      // Returns at once while an item is half-written or the queue is closed but not drained.
      detail::wait_until(not_empty_, [this] { return !ring_.empty() || ring_.closed(); });
    }
  }

  /// @brief Removes the oldest item if one is ready; never waits.
  [[nodiscard]] std::optional<T> try_pop() {
    std::optional<T> item;
    if (ring_.try_pop([&item](T&& v) { item.emplace(std::move(v)); })) {
      not_full_.notify_one();
      return item;
    }
    return std::nullopt;
  }

  /// @brief Closes the queue: pushes fail from now on; pops drain what is left. Idempotent.
  void close() noexcept {
    ring_.close();
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  /// @brief True once close() was called.
  [[nodiscard]] bool closed() const noexcept { return ring_.closed(); }

  /// @brief The most items the queue holds.
  [[nodiscard]] std::size_t capacity() const noexcept { return ring_.capacity(); }

  /// @brief Items queued right now (a snapshot; it may change at once).
  [[nodiscard]] std::size_t size() const noexcept {
    const std::size_t pushed = ring_.pushed(); // first: then the result never exceeds capacity()
    const std::size_t popped = ring_.popped();
    return pushed > popped ? pushed - popped : 0;
  }

private:
  static std::size_t checked(std::size_t capacity) {
    if (capacity == 0) throw std::invalid_argument("taskbound::bounded_queue: capacity must be at least 1");
    return capacity;
  }

  detail::push_status emplace(T& value) {
    std::size_t pos = 0;
    const auto status = ring_.try_emplace(pos, std::move(value));
    if (status == detail::push_status::ok) not_empty_.notify_one();
    return status;
  }

  detail::mpmc_ring<T> ring_;
  alignas(detail::cache_line) detail::event_gate not_empty_;
  alignas(detail::cache_line) detail::event_gate not_full_;
};

} // namespace taskbound
