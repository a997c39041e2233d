//===-- w8_asio.cpp - W8: a coroutine per element -------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// W8, Asio: a coroutine per element. Plain Asio co_spawns all 100k at once (each frame alive
// until it finishes); taskbound::asio::for_each_bounded keeps at most 64 alive. Each element
// yields once to the executor (an asynchronous step) and then does the tiny body. One
// io_context run by one thread. Each case runs in a forked child, so `peak_rss_kb` is its own.
// One item = one element.
#include "bench_common.hpp"
#include "isolated_run.hpp"

#include <taskbound/asio.hpp> // taskbound::asio::for_each_bounded

#include <asio/awaitable.hpp>     // asio::awaitable
#include <asio/co_spawn.hpp>      // asio::co_spawn
#include <asio/detached.hpp>      // asio::detached
#include <asio/io_context.hpp>    // asio::io_context
#include <asio/post.hpp>          // asio::post
#include <asio/this_coro.hpp>     // asio::this_coro::executor
#include <asio/use_awaitable.hpp> // asio::use_awaitable

#include <vector> // std::vector

namespace bench {
namespace {

constexpr std::size_t N = 100'000;
constexpr double timeout_s = 120;

asio::awaitable<void> element(std::uint64_t* out, std::size_t i) {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  tiny_body(out, i);
}

template <class Body>
void run_case(benchmark::State& state, Body body) {
  for (auto _ : state) {
    const isolated_result r = run_isolated(body, timeout_s);
    if (!r.finished) {
      state.SkipWithError(r.crashed ? "case crashed" : "case timed out");
      return;
    }
    state.SetIterationTime(r.seconds);
    state.counters["peak_rss_kb"] = static_cast<double>(r.peak_rss_kb - r.rss_start_kb);
  }
  set_items(state, N);
}

void asio_co_spawn(benchmark::State& state) {
  run_case(state, [] {
    std::vector<std::uint64_t> out(N);
    asio::io_context ctx(1);
    for (std::size_t i = 0; i < N; ++i) asio::co_spawn(ctx, element(out.data(), i), asio::detached);
    ctx.run();
  });
}

void taskbound_for_each_bounded(benchmark::State& state) {
  const auto limit = static_cast<std::size_t>(state.range(0));
  run_case(state, [limit] {
    std::vector<std::uint64_t> out(N);
    std::vector<std::size_t> idx(N);
    for (std::size_t i = 0; i < N; ++i) idx[i] = i;
    asio::io_context ctx(1);
    asio::co_spawn(
        ctx,
        taskbound::asio::for_each_bounded(
            ctx.get_executor(), idx, [p = out.data()](std::size_t i) { return element(p, i); }, limit),
        asio::detached);
    ctx.run();
  });
}

const auto ms = benchmark::kMillisecond;
BENCHMARK(asio_co_spawn)->Name("W8/asio_co_spawn")->UseManualTime()->Iterations(3)->Unit(ms);
BENCHMARK(taskbound_for_each_bounded)
    ->Name("W8/taskbound_for_each_bounded")
    ->ArgName("max_in_flight")
    ->Arg(64)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(ms);

} // namespace
} // namespace bench
