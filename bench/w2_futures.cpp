//===-- w2_futures.cpp - W2: futures in a loop ----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W2, the flagged shape: futures pushed in a loop, then get() on each. One item = one task.
#include "bench_common.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <future> // std::async, std::future
#include <vector> // std::vector

namespace bench {
namespace {

// std::async cannot start 100k threads here; every implementation uses the same count.
constexpr std::size_t N = thread_per_task_tasks;

void std_async(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<std::future<std::uint64_t>> futs;
    futs.reserve(N);
    for (std::size_t i = 0; i < N; ++i)
      futs.push_back(std::async(std::launch::async, [i] { return tiny_value(i); }));
    std::uint64_t sum = 0;
    for (auto& f : futs) sum += f.get();
    benchmark::DoNotOptimize(sum);
  }
  set_items(state, N);
}

void taskbound_async(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<std::future<std::uint64_t>> futs;
    futs.reserve(N);
    for (std::size_t i = 0; i < N; ++i) futs.push_back(taskbound::async([i] { return tiny_value(i); }));
    std::uint64_t sum = 0;
    for (auto& f : futs) sum += f.get();
    benchmark::DoNotOptimize(sum);
  }
  set_items(state, N);
}

void taskbound_parallel_map(benchmark::State& state) {
  std::vector<std::size_t> idx(N);
  for (std::size_t i = 0; i < N; ++i) idx[i] = i;
  for (auto _ : state) {
    const std::vector<std::uint64_t> values =
        taskbound::parallel_map(idx, [](std::size_t i) { return tiny_value(i); });
    std::uint64_t sum = 0;
    for (std::uint64_t v : values) sum += v;
    benchmark::DoNotOptimize(sum);
  }
  set_items(state, N);
}

const auto ms = benchmark::kMillisecond;
BENCHMARK(std_async)->Name("W2/std_async")->UseRealTime()->Unit(ms);
BENCHMARK(taskbound_async)->Name("W2/taskbound_async")->UseRealTime()->Unit(ms);
BENCHMARK(taskbound_parallel_map)->Name("W2/taskbound_parallel_map")->UseRealTime()->Unit(ms);

} // namespace
} // namespace bench
