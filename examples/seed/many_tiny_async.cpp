//===-- many_tiny_async.cpp - the anti-pattern: a thread per task ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The anti-pattern: 100,000 tiny tasks, one std::async (one thread) each,
// all started before any is awaited. taskbound-unbounded-spawn-in-loop
// flags the std::async call and points at the loop.
//
// C++ version of the first program of "Optimizing Python asyncio: Handling
// Many Small Tasks Efficiently": `[asyncio.create_task(tiny_task()) for _ in
// range(100000)]` followed by `gather`. With threads it is worse than with
// coroutines: each costs ~70-200 us to start, and past `ulimit -u` threads
// std::async throws std::system_error (Resource temporarily unavailable).

#include <chrono>
#include <cstdio>
#include <future>
#include <vector>

namespace {

constexpr int kTasks = 100000;

int tiny_task(int x) { return x + 1; }

} // namespace

int main() {
  const auto start = std::chrono::steady_clock::now();

  std::vector<std::future<int>> tasks;
  tasks.reserve(kTasks);
  for (int i = 0; i < kTasks; ++i)
    tasks.push_back(std::async(std::launch::async, tiny_task, i));

  long long sum = 0;
  for (auto &t : tasks)
    sum += t.get();

  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("sum=%lld in %.3f s\n", sum, elapsed.count());
}
