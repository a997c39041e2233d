//===-- detached_counter.cpp - detached threads and a completion counter --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Detached threads that count themselves done in an atomic; main spins until
// the count is complete. The scope that replaces them bounds them, and the
// program still waits on its counter.

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

int main() {
  constexpr int kJobs = 400;
  std::vector<long> squares(kJobs);
  std::atomic<int> done{0};
  for (int i = 0; i < kJobs; ++i)
    std::thread([&squares, &done, i] {
      squares[static_cast<std::size_t>(i)] = static_cast<long>(i) * i;
      done.fetch_add(1, std::memory_order_release);
    }).detach();
  while (done.load(std::memory_order_acquire) < kJobs)
    std::this_thread::yield();

  long sum = 0;
  for (long s : squares)
    sum += s;
  std::printf("%d jobs, sum %ld\n", kJobs, sum);
}
