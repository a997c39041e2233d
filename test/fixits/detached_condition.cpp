//===-- detached_condition.cpp - detached threads and a condition ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Detached threads that record their result and bump a counter under a
// mutex, then notify; main waits on the condition variable for the count.

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

long collatz_steps(long n) {
  long steps = 0;
  for (; n != 1; ++steps)
    n = n % 2 == 0 ? n / 2 : 3 * n + 1;
  return steps;
}

} // namespace

int main() {
  constexpr int kJobs = 300;
  std::vector<long> steps(kJobs);
  std::mutex m;
  std::condition_variable cv;
  int finished = 0;
  for (int i = 0; i < kJobs; ++i)
    std::thread([&, i] {
      const long s = collatz_steps(i + 1);
      {
        std::lock_guard<std::mutex> lock(m);
        steps[static_cast<std::size_t>(i)] = s;
        ++finished;
      }
      cv.notify_one();
    }).detach();

  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [&] { return finished == kJobs; });
  long longest = 0;
  for (long s : steps)
    longest = s > longest ? s : longest;
  std::printf("longest Collatz run below %d: %ld steps\n", kJobs + 1, longest);
}
