//===-- main.cpp - sample project entry point -----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "process.h"

#include <cstdio>
#include <numeric>

int main() {
  std::vector<long> items(1000);
  std::iota(items.begin(), items.end(), 0L);
  processBounded(items);
#ifdef EXAMPLE_WITH_UNBOUNDED
  std::vector<long> more(items.begin(), items.begin() + 10);
  processAll(more);
  std::printf("%ld\n", more.back());
#endif
  std::printf("%ld\n", items.back());
  return 0;
}
