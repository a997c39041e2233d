//===-- tiny_task_helpers.h - tiny-task project header ----------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A project header (not a system header): taskbound-tiny-task findings in it
// are reported when --header-filter lets them through.
#pragma once
#include <atomic>
#include <thread>
#include <vector>

inline void count_all_in_header(const std::vector<int> &xs,
                                std::atomic<int> &count) {
  for (int x : xs)
    std::thread([&count, x] { count += x; }).detach();
}

#define COUNT_EACH(range, counter)                                             \
  for (int item_ : range)                                                      \
  std::thread([&counter, item_] { counter += item_; }).detach()
