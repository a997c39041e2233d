//===-- process_bounded.cpp - a fixed set of threads ----------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "process.h"

#include <algorithm>
#include <thread>

// A fixed set of workers, one per core, each taking every n-th item.
void processBounded(std::vector<long> &items) {
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&items, w, workers] {
      for (std::size_t i = w; i < items.size(); i += workers)
        items[i] *= items[i];
    });
  for (std::thread &t : pool)
    t.join();
}
