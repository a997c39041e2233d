//===-- tiny_task_lib.h - tiny-task stand-in --------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A third-party header on the system include path: never reported by
// taskbound-tiny-task.
#pragma once
#include <atomic>
#include <thread>
#include <vector>

namespace vendor {
inline void count_all(const std::vector<int> &xs, std::atomic<int> &count) {
  for (int x : xs)
    std::thread([&count, x] { count += x; }).detach();
}
inline int add_one(int x) { return x + 1; }
} // namespace vendor

#define VENDOR_COUNT_EACH(range, counter)                                      \
  for (int item_ : range)                                                      \
  std::thread([&counter, item_] { counter += item_; }).detach()
