//===-- coro_helpers.h - coroutines in a project header ---------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A project header (not a system header): findings in it are reported when
// --header-filter lets them through.
#pragma once
#include <asio/awaitable.hpp>
#include <chrono>
#include <thread>

inline asio::awaitable<void> header_nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}

#define NAP_MS(ms) std::this_thread::sleep_for(std::chrono::milliseconds(ms))
