//===-- recursive_helpers.h - recursive spawns, project header --*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A project header (not a system header): findings in it are reported when
// --header-filter lets them through.
#pragma once
#include <future>

inline long header_fib(int n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::async, header_fib, n - 1);
  return header_fib(n - 2) + first.get();
}

#define SPAWN_SELF(fn, arg) std::async(std::launch::async, fn, arg)
