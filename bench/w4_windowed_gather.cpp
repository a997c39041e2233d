//===-- w4_windowed_gather.cpp - W4: windowed gather ----------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W4, windowed gather over I/O-like tasks: each task sleeps 100 us and returns a value;
// K of them in flight at once (K = 2, 16, 256). One item = one task.
#include "bench_common.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <chrono> // std::chrono::microseconds
#include <future> // std::async, std::future
#include <thread> // std::this_thread::sleep_for
#include <vector> // std::vector

namespace bench {
namespace {

constexpr std::size_t M = 1024; // tasks per iteration

std::uint64_t io_like(std::size_t i) {
  std::this_thread::sleep_for(std::chrono::microseconds(100));
  return tiny_value(i);
}

// The unbounded peer: one std::async per task, all started before the first get().
void std_async(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<std::future<std::uint64_t>> futs;
    futs.reserve(M);
    for (std::size_t i = 0; i < M; ++i)
      futs.push_back(std::async(std::launch::async, [i] { return io_like(i); }));
    std::uint64_t sum = 0;
    for (auto& f : futs) sum += f.get();
    benchmark::DoNotOptimize(sum);
  }
  set_items(state, M);
}

// parallel_map with a window of K on the process-wide pool.
void taskbound_parallel_map(benchmark::State& state) {
  std::vector<std::size_t> idx(M);
  for (std::size_t i = 0; i < M; ++i) idx[i] = i;
  taskbound::map_options opts;
  opts.max_in_flight = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    const auto values = taskbound::parallel_map(idx, [](std::size_t i) { return io_like(i); }, opts);
    benchmark::DoNotOptimize(values.data());
  }
  set_items(state, M);
}

// The I/O-bound recipe: a pool of K workers and a task_scope that keeps K tasks alive.
void taskbound_task_scope(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  taskbound::pool_options popts;
  popts.workers = k;
  popts.queue_capacity = k;
  taskbound::worker_pool pool(popts);
  std::vector<std::uint64_t> out(M);
  for (auto _ : state) {
    taskbound::task_scope scope(k, &pool);
    for (std::size_t i = 0; i < M; ++i) scope.spawn([&out, i] { out[i] = io_like(i); });
    scope.join();
  }
  set_items(state, M);
}

const auto ms = benchmark::kMillisecond;
BENCHMARK(std_async)->Name("W4/std_async")->UseRealTime()->Unit(ms);
BENCHMARK(taskbound_parallel_map)
    ->Name("W4/taskbound_parallel_map")
    ->ArgName("k")
    ->Arg(2)
    ->Arg(16)
    ->Arg(256)
    ->UseRealTime()
    ->Unit(ms);
BENCHMARK(taskbound_task_scope)
    ->Name("W4/taskbound_task_scope")
    ->ArgName("k")
    ->Arg(2)
    ->Arg(16)
    ->Arg(256)
    ->UseRealTime()
    ->Unit(ms);

} // namespace
} // namespace bench
