//===-- spawning_lib.h - a spawning system header ---------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A third-party header on the system include path: never reported.
#pragma once
#include <thread>
#include <vector>

namespace vendor {
inline void start_all(const std::vector<int> &xs, void (*f)(int)) {
  for (int x : xs)
    std::thread(f, x).detach();
}
} // namespace vendor

// clang-format off: it would put the loop body at the loop's own indentation.
#define VENDOR_SPAWN_EACH(range, fn)                                           \
  for (auto &&item_ : range)                                                   \
    std::thread(fn, item_).detach()
// clang-format on
