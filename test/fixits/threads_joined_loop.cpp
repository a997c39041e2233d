//===-- threads_joined_loop.cpp - a thread per element, joined in a loop --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// A std::thread per row, each writing its own slot, joined in a loop. The
// fix: a task_scope in place of the vector, spawn in place of emplace_back,
// one join() in place of the join loop.

#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

namespace {

void fill(std::vector<long> &out, int row) {
  long sum = 0;
  for (int col = 0; col < 1000; ++col)
    sum += (row * 31 + col * 17) % 101;
  out[static_cast<std::size_t>(row)] = sum;
}

} // namespace

int main() {
  constexpr int kRows = 256;
  std::vector<long> results(kRows);
  std::vector<std::thread> threads;
  threads.reserve(kRows);
  for (int row = 0; row < kRows; ++row)
    threads.emplace_back(fill, std::ref(results), row);
  for (auto &t : threads)
    t.join();

  long total = 0;
  for (long r : results)
    total += r;
  std::printf("checksum: %ld\n", total);
}
