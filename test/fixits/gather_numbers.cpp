//===-- gather_numbers.cpp - futures over numbers, counting loop ----------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// The seed's shape at a size the original survives: one std::async per
// index, every future kept, then drained in order. The fix: the index form of
// taskbound::parallel_map, and the drain reads the results.

#include <cstdio>
#include <future>
#include <vector>

namespace {

long long square(int x) { return static_cast<long long>(x) * x; }

} // namespace

int main() {
  constexpr int kTasks = 2000;
  std::vector<std::future<long long>> futures;
  futures.reserve(kTasks);
  for (int i = 0; i < kTasks; ++i)
    futures.push_back(std::async(std::launch::async, square, i));

  long long sum = 0;
  for (auto &f : futures)
    sum += f.get();
  std::printf("sum of squares below %d: %lld\n", kTasks, sum);
}
