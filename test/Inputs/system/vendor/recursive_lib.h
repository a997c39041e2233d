//===-- recursive_lib.h - recursive spawns in a system header ---*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A third-party header on the system include path: its recursive spawns and
// coroutines are never reported.
#pragma once
#include <chrono>
#include <coroutine>
#include <future>
#include <thread>

namespace vendor {
inline long par_fib(int n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::async, par_fib, n - 1);
  return par_fib(n - 2) + first.get();
}

// A coroutine type of the vendor's, and a coroutine that sleeps.
struct job {
  struct promise_type {
    job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
inline job nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}
} // namespace vendor

#define VENDOR_SPAWN_SELF(fn, arg) std::async(std::launch::async, fn, arg)
#define VENDOR_NAP() std::this_thread::sleep_for(std::chrono::milliseconds(1))
