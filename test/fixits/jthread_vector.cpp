//===-- jthread_vector.cpp - jthreads joined when the vector dies ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// A std::jthread per slot in a vector that joins them when it goes out of
// scope. The scope that replaces it joins at the same point.

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

int main() {
  std::vector<std::atomic<int>> hits(500);
  {
    std::vector<std::jthread> runners;
    for (std::size_t i = 0; i < hits.size(); ++i)
      runners.emplace_back([&hits, i] { hits[i] += static_cast<int>(i % 7); });
  } // every jthread joins here

  long total = 0;
  for (const auto &h : hits)
    total += h.load();
  std::printf("total hits: %ld\n", total);
}
