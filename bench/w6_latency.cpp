//===-- w6_latency.cpp - W6: submit-to-start latency ----------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W6, submit-to-start latency: the time from just before a submit call to the first
// instruction of the task on a worker. Warm: the next task is submitted as soon as the
// previous one started, so workers are awake. Cold: the pool is left idle for 5 ms before
// each submit, long enough for workers to stop spinning and park. Reports p50_ns and p99_ns;
// the benchmark time is the mean latency. One item = one task.
#include "bench_common.hpp"
#include "floor_ring.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <asio/post.hpp>               // asio::post
#include <asio/thread_pool.hpp>        // asio::thread_pool
#include <oneapi/tbb/global_control.h> // tbb::global_control
#include <oneapi/tbb/task_arena.h>     // tbb::task_arena

#include <algorithm> // std::sort
#include <atomic>    // std::atomic
#include <chrono>    // std::chrono::milliseconds
#include <thread>    // std::this_thread::sleep_for
#include <vector>    // std::vector

namespace bench {
namespace {

constexpr auto cold_idle = std::chrono::milliseconds(5);

// Submits one probe per iteration with `submit(task)` and records its latency.
template <class Submit>
void measure(benchmark::State& state, bool cold, Submit submit) {
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(state.max_iterations));
  std::atomic<std::int64_t> started{0};
  for (auto _ : state) {
    if (cold) std::this_thread::sleep_for(cold_idle);
    started.store(0, std::memory_order_relaxed);
    const std::int64_t t0 = now_ns();
    submit([&started] { started.store(now_ns(), std::memory_order_release); });
    std::int64_t t1;
    backoff wait;
    while ((t1 = started.load(std::memory_order_acquire)) == 0) wait();
    const double lat = static_cast<double>(t1 - t0);
    samples.push_back(lat);
    state.SetIterationTime(lat * 1e-9);
  }
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) {
    return samples.empty() ? 0.0 : samples[static_cast<std::size_t>(q * (samples.size() - 1))];
  };
  state.counters["p50_ns"] = at(0.50);
  state.counters["p99_ns"] = at(0.99);
  set_items(state, 1);
}

void asio_post(benchmark::State& state, bool cold) {
  asio::thread_pool pool(pool_workers());
  measure(state, cold, [&pool](auto task) { asio::post(pool, task); });
  pool.join();
}

void tbb_enqueue(benchmark::State& state, bool cold) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, pool_workers());
  tbb::task_arena arena(static_cast<int>(pool_workers()));
  measure(state, cold, [&arena](auto task) { arena.enqueue(task); });
}

void taskbound_post(benchmark::State& state, bool cold) {
  taskbound::pool_options opts;
  opts.workers = pool_workers();
  taskbound::worker_pool pool(opts);
  measure(state, cold, [&pool](auto task) { pool.post(task); });
  pool.wait_idle();
}

// Warm and cold are separate families so each gets its own sample count.
benchmark::internal::Benchmark* as_warm(benchmark::internal::Benchmark* b) {
  return b->Iterations(20'000)->UseManualTime()->Unit(benchmark::kMicrosecond);
}
benchmark::internal::Benchmark* as_cold(benchmark::internal::Benchmark* b) {
  return b->Iterations(300)->UseManualTime()->Unit(benchmark::kMicrosecond);
}

[[maybe_unused]] const bool registered = [] {
  as_warm(benchmark::RegisterBenchmark("W6/asio_post/warm", asio_post, false));
  as_cold(benchmark::RegisterBenchmark("W6/asio_post/cold", asio_post, true));
  as_warm(benchmark::RegisterBenchmark("W6/tbb_arena_enqueue/warm", tbb_enqueue, false));
  as_cold(benchmark::RegisterBenchmark("W6/tbb_arena_enqueue/cold", tbb_enqueue, true));
  as_warm(benchmark::RegisterBenchmark("W6/taskbound_post/warm", taskbound_post, false));
  as_cold(benchmark::RegisterBenchmark("W6/taskbound_post/cold", taskbound_post, true));
  return true;
}();

} // namespace
} // namespace bench
