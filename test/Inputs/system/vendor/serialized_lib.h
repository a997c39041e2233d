//===-- serialized_lib.h - serialized-spawn stand-in ------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A third-party header on the system include path: never reported by
// taskbound-serialized-spawn.
#pragma once
#include <future>
#include <thread>
#include <vector>

namespace vendor {
inline void run_each(const std::vector<int> &xs, void (*f)(int)) {
  for (int x : xs) {
    std::thread t(f, x);
    t.join();
  }
}
inline void notify_async(void (*f)(int), int x) {
  std::async(std::launch::async, f, x);
}
} // namespace vendor

#define VENDOR_RUN_EACH_JOINED(range, fn)                                      \
  for (int item_ : range) {                                                    \
    std::thread t_(fn, item_);                                                 \
    t_.join();                                                                 \
  }
