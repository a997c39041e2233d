//===-- w5_backpressure.cpp - W5: backpressure ----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W5, backpressure: P tiny posts from one producer into two workers. The naive pool's queue
// is unbounded (1M and 10M posts); taskbound's worker_pool has capacity 64 or 1024 and makes
// the producer wait (100k and 1M posts: its post costs microseconds on this machine today, so
// 10M posts would take minutes per case; flatness is judged over the same 10x range). Each case runs in a
// forked child, so `peak_rss_kb` (VmHWM growth while the case ran) is its own. One item = one post. Each case
// runs once (10M posts take seconds; peak RSS does not need repeating).
#include "bench_common.hpp"
#include "isolated_run.hpp"
#include "naive_pool.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <vector> // std::vector

namespace bench {
namespace {

constexpr double timeout_s = 300;

// One iteration = one child; the child's own wall time is the iteration time.
template <class Body>
void run_case(benchmark::State& state, std::size_t posts, Body body) {
  for (auto _ : state) {
    const isolated_result r = run_isolated(body, timeout_s);
    if (!r.finished) {
      state.SkipWithError(r.crashed ? "case crashed" : "case timed out (deadlock?)");
      return;
    }
    state.SetIterationTime(r.seconds);
    state.counters["peak_rss_kb"] = static_cast<double>(r.peak_rss_kb - r.rss_start_kb);
  }
  set_items(state, posts);
}

void naive_unbounded(benchmark::State& state) {
  const auto posts = static_cast<std::size_t>(state.range(0));
  run_case(state, posts, [posts] {
    std::vector<std::uint64_t> out(1024);
    naive_pool pool(pool_workers());
    for (std::size_t i = 0; i < posts; ++i) pool.post([p = out.data(), i] { tiny_body(p, i & 1023); });
    pool.wait_idle();
  });
}

void taskbound_post(benchmark::State& state) {
  const auto posts = static_cast<std::size_t>(state.range(0));
  const auto capacity = static_cast<std::size_t>(state.range(1));
  run_case(state, posts, [posts, capacity] {
    std::vector<std::uint64_t> out(1024);
    taskbound::pool_options opts;
    opts.workers = pool_workers();
    opts.queue_capacity = capacity;
    opts.on_full = taskbound::when_full::block;
    taskbound::worker_pool pool(opts);
    for (std::size_t i = 0; i < posts; ++i) pool.post([p = out.data(), i] { tiny_body(p, i & 1023); });
    pool.wait_idle();
  });
}

BENCHMARK(naive_unbounded)
    ->Name("W5/naive_unbounded")
    ->ArgName("posts")
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->UseManualTime()
    ->Iterations(1)
    ->Repetitions(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(taskbound_post)
    ->Name("W5/taskbound_post")
    ->ArgNames({"posts", "capacity"})
    ->Args({100'000, 64})
    ->Args({1'000'000, 64})
    ->Args({100'000, 1024})
    ->Args({1'000'000, 1024})
    ->UseManualTime()
    ->Iterations(1)
    ->Repetitions(1)
    ->Unit(benchmark::kMillisecond);

} // namespace
} // namespace bench
