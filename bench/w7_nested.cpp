//===-- w7_nested.cpp - W7: nested spawns ---------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W7, nested submission: fib(25) where every call above the cut-off spawns fib(n-1) as a task
// and computes fib(n-2) itself, then waits. One item = one spawned task. The taskbound cases
// run once in a forked child with a 10 s timeout, so a deadlock is reported instead of hanging
// the suite; `queue_capacity:1` gives the pool a queue of one slot, so nearly every nested spawn finds it
// full (the caller must run the task instead of waiting forever).
#include "bench_common.hpp"
#include "isolated_run.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <oneapi/tbb/global_control.h> // tbb::global_control
#include <oneapi/tbb/task_group.h>     // tbb::task_group

#include <unistd.h> // _exit

namespace bench {
namespace {

constexpr int fib_n = 25;
constexpr int cutoff = 10;       // fib(n <= cutoff) runs serially inside its task
constexpr int reps = 20;         // fib(25) runs per iteration: one run is too short to time alone
constexpr double timeout_s = 10; // TBB needs ~10 ms for the same work

std::uint64_t fib_serial(int n) {
  return n < 2 ? static_cast<std::uint64_t>(n) : fib_serial(n - 1) + fib_serial(n - 2);
}

std::size_t spawns(int n) { return n <= cutoff ? 0 : 1 + spawns(n - 1) + spawns(n - 2); }

std::uint64_t fib_tbb(int n) {
  if (n <= cutoff) return fib_serial(n);
  std::uint64_t a = 0;
  tbb::task_group g;
  g.run([&a, n] { a = fib_tbb(n - 1); });
  const std::uint64_t b = fib_tbb(n - 2);
  g.wait();
  return a + b;
}

void serial(benchmark::State& state) {
  for (auto _ : state) {
    const std::int64_t t0 = now_ns();
    for (int r = 0; r < reps; ++r) benchmark::DoNotOptimize(fib_serial(fib_n));
    state.SetIterationTime(static_cast<double>(now_ns() - t0) * 1e-9);
  }
  set_items(state, reps * spawns(fib_n));
}

void tbb_task_group(benchmark::State& state) {
  // TBB is not fork-safe once its workers exist, so it runs in this process (it is the
  // reference, and its work-stealing wait cannot deadlock).
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, pool_workers());
  for (auto _ : state) {
    const std::int64_t t0 = now_ns();
    for (int r = 0; r < reps; ++r) {
      if (fib_tbb(fib_n) != fib_serial(fib_n)) state.SkipWithError("wrong result");
    }
    state.SetIterationTime(static_cast<double>(now_ns() - t0) * 1e-9);
  }
  set_items(state, reps * spawns(fib_n));
}

std::uint64_t fib_taskbound(taskbound::worker_pool& pool, int n) {
  if (n <= cutoff) return fib_serial(n);
  std::uint64_t a = 0;
  taskbound::task_scope scope(1, &pool);
  scope.spawn([&a, &pool, n] { a = fib_taskbound(pool, n - 1); });
  const std::uint64_t b = fib_taskbound(pool, n - 2);
  scope.join();
  return a + b;
}

void taskbound_task_scope(benchmark::State& state) {
  const auto capacity = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    const isolated_result r = run_isolated(
        [capacity] {
          taskbound::pool_options opts;
          opts.workers = pool_workers();
          opts.queue_capacity = capacity; // 0: the pool's default
          taskbound::worker_pool pool(opts);
          // Timed like TBB's case, which runs warm in this process: one untimed round first
          // (workers started, the forked pages touched, the allocator primed), and the
          // pool's destructor (joining the workers) left out.
          if (fib_taskbound(pool, fib_n) != fib_serial(fib_n)) ::_exit(3);
          isolated_clock_start();
          for (int k = 0; k < reps; ++k)
            if (fib_taskbound(pool, fib_n) != fib_serial(fib_n)) ::_exit(3);
          isolated_clock_stop();
        },
        timeout_s);
    if (!r.finished) {
      state.SkipWithError(r.crashed ? "crashed or wrong result" : "deadlock: no result after 10 s");
      return;
    }
    state.SetIterationTime(r.seconds);
  }
  set_items(state, reps * spawns(fib_n));
}

const auto ms = benchmark::kMillisecond;
BENCHMARK(serial)->Name("W7/serial")->UseManualTime()->Unit(ms);
BENCHMARK(tbb_task_group)->Name("W7/tbb_task_group")->UseManualTime()->Unit(ms);
BENCHMARK(taskbound_task_scope)
    ->Name("W7/taskbound_task_scope")
    ->ArgName("queue_capacity")
    ->Arg(0)
    ->Arg(1)
    ->UseManualTime()
    ->Iterations(3)
    ->Repetitions(1)
    ->Unit(ms);

} // namespace
} // namespace bench
