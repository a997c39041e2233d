//===-- post_1m.cpp - syscalls per post -----------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Posts N tiny tasks (default 1,000,000) from one thread to a 2-worker pool and waits.
// For `strace -c -f ./taskbound_post_1m`: the syscall count must not grow with N.
#include <taskbound/worker_pool.hpp> // worker_pool

#include <atomic>  // std::atomic
#include <cstdio>  // std::printf
#include <cstdlib> // std::strtoull

int main(int argc, char** argv) {
  const unsigned long long n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000ULL;
  std::atomic<unsigned long long> ran{0};
  taskbound::worker_pool pool({2, 1024, taskbound::when_full::block});
  for (unsigned long long i = 0; i < n; ++i)
    pool.post([&ran] { ran.fetch_add(1, std::memory_order_relaxed); });
  pool.wait_idle();
  const auto s = pool.stats();
  std::printf("posted %llu ran %llu submitted %llu high_water %zu\n", n, ran.load(),
              static_cast<unsigned long long>(s.submitted), s.queue_high_water);
  return ran.load() == n && s.submitted == n ? 0 : 1;
}
