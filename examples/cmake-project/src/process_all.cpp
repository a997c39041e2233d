//===-- process_all.cpp - a thread per item (flagged) ---------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "process.h"

#include <functional> // std::ref
#include <thread>

static void square(long &x) { x *= x; }

// One thread per item: with 100000 items this is 100000 threads.
void processAll(std::vector<long> &items) {
  std::vector<std::thread> threads;
  for (long &item : items)
    threads.emplace_back(square, std::ref(item));
  for (std::thread &t : threads)
    t.join();
}
