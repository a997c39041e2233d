//===-- w3_parallel_for.cpp - W3: parallel loop ---------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W3: a parallel loop over N elements with a busy body of ~10 ns, ~1 us or ~100 us.
// One item = one element. Cases whose serial run would exceed ~0.1 s (N * body) are left out
// so the suite stays runnable on a shared 2-core machine: n=100k with 100 us, n=10M with
// 1 us and 100 us.
#include "bench_common.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <oneapi/tbb/blocked_range.h>  // tbb::blocked_range
#include <oneapi/tbb/global_control.h> // tbb::global_control
#include <oneapi/tbb/parallel_for.h>   // tbb::parallel_for

#include <vector> // std::vector

namespace bench {
namespace {

struct w3_case {
  std::vector<std::uint64_t> data;
  std::uint64_t rounds;
  explicit w3_case(const benchmark::State& state)
      : data(static_cast<std::size_t>(state.range(0))),
        rounds(burn_rounds_for_ns(static_cast<double>(state.range(1)))) {
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = i;
  }
};

void serial(benchmark::State& state) {
  w3_case c(state);
  for (auto _ : state) {
    for (auto& x : c.data) x = burn(x, c.rounds);
    benchmark::ClobberMemory();
  }
  set_items(state, c.data.size());
}

void openmp_static(benchmark::State& state) {
  w3_case c(state);
  const long n = static_cast<long>(c.data.size());
  std::uint64_t* d = c.data.data();
  const std::uint64_t rounds = c.rounds;
  for (auto _ : state) {
#pragma omp parallel for schedule(static) num_threads(pool_workers())
    for (long i = 0; i < n; ++i) d[i] = burn(d[i], rounds);
  }
  set_items(state, c.data.size());
}

void tbb_parallel_for(benchmark::State& state) {
  w3_case c(state);
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, pool_workers());
  std::uint64_t* d = c.data.data();
  const std::uint64_t rounds = c.rounds;
  for (auto _ : state) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.data.size()),
                      [d, rounds](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) d[i] = burn(d[i], rounds);
                      });
  }
  set_items(state, c.data.size());
}

void taskbound_parallel_for_each(benchmark::State& state) {
  w3_case c(state);
  const std::uint64_t rounds = c.rounds;
  for (auto _ : state) {
    taskbound::parallel_for_each(c.data, [rounds](std::uint64_t& x) { x = burn(x, rounds); });
  }
  set_items(state, c.data.size());
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "body_ns"});
  for (long n : {1'000L, 100'000L, 10'000'000L})
    for (long ns : {10L, 1'000L, 100'000L})
      if (static_cast<double>(n) * static_cast<double>(ns) <= 1e8) b->Args({n, ns});
  b->UseRealTime()->Unit(benchmark::kMicrosecond);
}

BENCHMARK(serial)->Name("W3/serial")->Apply(sizes);
BENCHMARK(openmp_static)->Name("W3/openmp_static")->Apply(sizes);
BENCHMARK(tbb_parallel_for)->Name("W3/tbb_parallel_for")->Apply(sizes);
BENCHMARK(taskbound_parallel_for_each)->Name("W3/taskbound_parallel_for_each")->Apply(sizes);

} // namespace
} // namespace bench
