//===-- queue.cpp - the second cure: a bounded queue ----------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The article's second cure: a bounded queue served by a fixed number of
// workers. Ten worker threads drain a taskbound::bounded_queue; the producer
// waits whenever the queue is full. Not flagged: the loop that starts the
// threads starts the pool's fixed set of workers, not a thread per task.

#include <taskbound/bounded_queue.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int kTasks = 100000;
constexpr int kWorkers = 10;
constexpr std::size_t kQueueCapacity = 1024;

int tiny_task(int x) { return x + 1; }

} // namespace

int main() {
  const auto start = std::chrono::steady_clock::now();

  taskbound::bounded_queue<int> queue(kQueueCapacity);
  std::atomic<long long> sum{0};

  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.emplace_back([&] {
      while (auto item = queue.pop())
        sum.fetch_add(tiny_task(*item), std::memory_order_relaxed);
    });

  for (int i = 0; i < kTasks; ++i)
    queue.push(i); // waits while the queue is full: memory stays bounded
  queue.close();   // workers finish what is queued, then pop() returns nullopt

  for (auto &w : workers)
    w.join();

  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("sum=%lld in %.3f s\n", sum.load(), elapsed.count());
}
