//===-- w1_tiny_tasks.cpp - W1: 100k tiny tasks ---------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W1, the seed program: 100k tiny tasks, start all, wait all. One item = one task.
// Also the floors: the same tasks run inline, and handed one by one through an SPSC ring
// to a spinning consumer.
#include "bench_common.hpp"
#include "floor_ring.hpp"
#include "naive_pool.hpp"

#include <taskbound/taskbound.hpp> // worker_pool, parallel_for_each, parallel_map, task_scope, async

#include <asio/post.hpp>               // asio::post
#include <asio/thread_pool.hpp>        // asio::thread_pool
#include <oneapi/tbb/global_control.h> // tbb::global_control
#include <oneapi/tbb/task_group.h>     // tbb::task_group

#include <future> // std::async, std::future
#include <latch>  // std::latch
#include <thread> // std::thread
#include <vector> // std::vector

namespace bench {
namespace {

constexpr std::size_t N = w1_tasks;

void floor_inline(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  for (auto _ : state) {
    for (std::size_t i = 0; i < N; ++i) tiny_body(out.data(), i);
    benchmark::ClobberMemory();
  }
  set_items(state, N);
}

template <bool CacheIndices>
void floor_ring(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  ring_executor<CacheIndices> ex;
  const auto fn = [](void* ctx, std::size_t i) { tiny_body(static_cast<std::uint64_t*>(ctx), i); };
  for (auto _ : state) {
    for (std::size_t i = 0; i < N; ++i) ex.post(fn, out.data(), i);
    ex.wait_all();
  }
  set_items(state, N);
}

void std_async(benchmark::State& state) {
  constexpr std::size_t n = thread_per_task_tasks;
  std::vector<std::uint64_t> out(n);
  for (auto _ : state) {
    std::vector<std::future<void>> futs;
    futs.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      futs.push_back(std::async(std::launch::async, [p = out.data(), i] { tiny_body(p, i); }));
    for (auto& f : futs) f.get();
  }
  set_items(state, n);
}

void std_thread(benchmark::State& state) {
  constexpr std::size_t n = thread_per_task_tasks;
  std::vector<std::uint64_t> out(n);
  for (auto _ : state) {
    std::vector<std::thread> threads;
    threads.reserve(n);
    for (std::size_t i = 0; i < n; ++i) threads.emplace_back([p = out.data(), i] { tiny_body(p, i); });
    for (auto& t : threads) t.join();
  }
  set_items(state, n);
}

void naive(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  naive_pool pool(pool_workers());
  for (auto _ : state) {
    for (std::size_t i = 0; i < N; ++i) pool.post([p = out.data(), i] { tiny_body(p, i); });
    pool.wait_idle();
  }
  set_items(state, N);
}

void asio_post(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  asio::thread_pool pool(pool_workers());
  for (auto _ : state) {
    // asio::thread_pool::wait() also ends the pool's threads; a latch waits for the batch.
    std::latch done(static_cast<std::ptrdiff_t>(N));
    for (std::size_t i = 0; i < N; ++i)
      asio::post(pool, [p = out.data(), i, &done] {
        tiny_body(p, i);
        done.count_down();
      });
    done.wait();
  }
  pool.join();
  set_items(state, N);
}

void tbb_task_group(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, pool_workers());
  tbb::task_group g;
  for (auto _ : state) {
    for (std::size_t i = 0; i < N; ++i) g.run([p = out.data(), i] { tiny_body(p, i); });
    g.wait();
  }
  set_items(state, N);
}

void openmp_for(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  const long n = static_cast<long>(N);
  for (auto _ : state) {
#pragma omp parallel for num_threads(pool_workers())
    for (long i = 0; i < n; ++i) tiny_body(out.data(), static_cast<std::size_t>(i));
  }
  set_items(state, N);
}

void taskbound_post(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  taskbound::pool_options opts;
  opts.workers = pool_workers();
  taskbound::worker_pool pool(opts);
  for (auto _ : state) {
    for (std::size_t i = 0; i < N; ++i) pool.post([p = out.data(), i] { tiny_body(p, i); });
    pool.wait_idle();
  }
  set_items(state, N);
}

void taskbound_parallel_for_each(benchmark::State& state) {
  std::vector<std::uint64_t> out(N);
  std::vector<std::size_t> idx(N);
  for (std::size_t i = 0; i < N; ++i) idx[i] = i;
  for (auto _ : state) {
    taskbound::parallel_for_each(idx, [p = out.data()](std::size_t i) { tiny_body(p, i); });
  }
  set_items(state, N);
}

const auto ms = benchmark::kMillisecond;
BENCHMARK(floor_inline)->Name("floor/inline")->UseRealTime()->Unit(ms);
BENCHMARK(floor_ring<true>)->Name("floor/ring")->UseRealTime()->Unit(ms);
// Reference only: the same ring without index caching (see floor_ring.hpp).
BENCHMARK(floor_ring<false>)->Name("floor/ring_uncached")->UseRealTime()->Unit(ms);
BENCHMARK(std_async)->Name("W1/std_async")->UseRealTime()->Unit(ms);
BENCHMARK(std_thread)->Name("W1/std_thread")->UseRealTime()->Unit(ms);
BENCHMARK(naive)->Name("W1/naive_pool")->UseRealTime()->Unit(ms);
BENCHMARK(asio_post)->Name("W1/asio_post")->UseRealTime()->Unit(ms);
BENCHMARK(tbb_task_group)->Name("W1/tbb_task_group")->UseRealTime()->Unit(ms);
BENCHMARK(openmp_for)->Name("W1/openmp_for")->UseRealTime()->Unit(ms);
BENCHMARK(taskbound_post)->Name("W1/taskbound_post")->UseRealTime()->Unit(ms);
BENCHMARK(taskbound_parallel_for_each)->Name("W1/taskbound_parallel_for_each")->UseRealTime()->Unit(ms);

} // namespace
} // namespace bench
