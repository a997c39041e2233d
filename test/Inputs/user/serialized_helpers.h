//===-- serialized_helpers.h - serialized-spawn project header --*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A project header (not a system header): taskbound-serialized-spawn findings
// in it are reported when --header-filter lets them through.
#pragma once
#include <thread>
#include <vector>

inline void run_each_in_header(const std::vector<int> &xs, void (*f)(int)) {
  for (int x : xs) {
    std::thread t(f, x);
    t.join();
  }
}

#define RUN_EACH_JOINED(range, fn)                                             \
  for (int item_ : range) {                                                    \
    std::thread t_(fn, item_);                                                 \
    t_.join();                                                                 \
  }
