//===-- default_pool.hpp - the process-wide pool ----------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file default_pool.hpp
/// @brief taskbound::default_pool(): the process-wide bounded pool behind async() and the
/// pool-less overloads of parallel_for_each, parallel_for and parallel_map.
#pragma once

#include <cstddef> // std::size_t
#include <cstdlib> // std::getenv, std::strtoull

#include <taskbound/worker_pool.hpp> // worker_pool, pool_options

namespace taskbound {

namespace detail {

// Workers of the default pool: $TASKBOUND_WORKERS if it is a positive number, else 0
// (= hardware concurrency).
inline std::size_t default_worker_count() noexcept {
  const char* env = std::getenv("TASKBOUND_WORKERS");
  if (env == nullptr) return 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(env, &end, 10);
  return end != env && *end == '\0' && n > 0 && n <= 4096 ? static_cast<std::size_t>(n) : 0;
}

} // namespace detail

/// @brief The process-wide pool: created on first use with hardware_concurrency() workers
/// (or $TASKBOUND_WORKERS), when_full::block, and destroyed (drained) at exit.
[[nodiscard]] inline worker_pool& default_pool() {
  static worker_pool pool(pool_options{detail::default_worker_count(), 0, when_full::block});
  return pool;
}

} // namespace taskbound
