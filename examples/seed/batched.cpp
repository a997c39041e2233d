//===-- batched.cpp - the first cure: batches -----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The article's first cure: batch the tasks. Groups of 1000 are started and
// awaited in turn, so at most 1000 are alive at once. Not flagged by
// taskbound-unbounded-spawn-in-loop: the futures of a batch are finished
// before the next batch starts.
//
// Batching like this still pays for a thread per task, and each task is one
// addition: taskbound-tiny-task reports that. taskbound's parallel_for_each
// batches the *work* instead — see queue.cpp and docs/runtime.md.

#include <chrono>
#include <cstdio>
#include <future>
#include <vector>

namespace {

constexpr int kTasks = 100000;
constexpr int kBatchSize = 1000;

int tiny_task(int x) { return x + 1; }

} // namespace

int main() {
  const auto start = std::chrono::steady_clock::now();

  long long sum = 0;
  for (int begin = 0; begin < kTasks; begin += kBatchSize) {
    std::vector<std::future<int>> batch;
    batch.reserve(kBatchSize);
    for (int i = begin; i < begin + kBatchSize; ++i)
      batch.push_back(std::async(std::launch::async, tiny_task, i));
    for (auto &t : batch)
      sum += t.get();
  }

  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("sum=%lld in %.3f s\n", sum, elapsed.count());
}
