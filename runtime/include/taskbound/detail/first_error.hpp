//===-- first_error.hpp - internal: first exception wins --------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/first_error.hpp
/// @brief Internal: "first exception wins", the error slot of worker_pool, task_scope, the
/// parallel algorithms and the Asio adapter.
#pragma once

#include <atomic>    // std::atomic
#include <exception> // std::exception_ptr, std::current_exception, std::rethrow_exception
#include <mutex>     // std::mutex, std::lock_guard
#include <utility>   // std::move, std::exchange

namespace taskbound::detail {

/// @brief Keeps the first exception recorded since the last take(); later ones are dropped.
///
/// Any thread may record(); whoever reports the error take()s it once the tasks that could
/// fail have finished (it also works while others still record: an exception recorded after
/// a take() is kept for the next one). has_error() is one load, so a caller with nothing to
/// report, or a task deciding whether to stop early, never takes the lock.
class first_error {
public:
  first_error() = default;
  first_error(const first_error&) = delete;
  first_error& operator=(const first_error&) = delete;

  /// @brief Keeps @p error unless one is kept already (or @p error is null).
  /// @return true if @p error is now the kept one.
  bool record(std::exception_ptr error) noexcept {
    if (!error) return false;
    std::lock_guard lock(mutex_);
    if (error_) return false;
    error_ = std::move(error);
    failed_.store(true, std::memory_order_release);
    return true;
  }

  /// @brief record(std::current_exception()): call it in a catch block.
  bool record_current() noexcept { return record(std::current_exception()); }

  /// @brief True if an exception is kept (acquire: a true result also shows what the
  /// recording thread wrote before it recorded).
  [[nodiscard]] bool has_error() const noexcept { return failed_.load(std::memory_order_acquire); }

  /// @brief Hands over the kept exception (null if none) and forgets it.
  [[nodiscard]] std::exception_ptr take() noexcept {
    if (!has_error()) return nullptr;
    std::lock_guard lock(mutex_);
    failed_.store(false, std::memory_order_relaxed);
    return std::exchange(error_, nullptr);
  }

  /// @brief take(), and rethrows the exception if there was one.
  void rethrow_if_any() {
    if (std::exception_ptr error = take()) std::rethrow_exception(std::move(error));
  }

private:
  std::atomic<bool> failed_{false}; // error_ is set: has_error() and take() read only this
  std::mutex mutex_;
  std::exception_ptr error_;
};

} // namespace taskbound::detail
