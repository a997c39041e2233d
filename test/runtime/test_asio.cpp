//===-- test_asio.cpp - Asio adapter tests --------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound::asio::for_each_bounded with real Asio: standalone asio by default, Boost.Asio
// when built with TASKBOUND_ASIO_BOOST (the same suite is compiled twice).
#include <utility> // std::move (Boost 1.74's awaitable.hpp misses this include)

#if defined(TASKBOUND_ASIO_BOOST)
#include <boost/asio.hpp> // boost::asio::io_context, steady_timer, thread_pool, co_spawn
namespace net = boost::asio;
#else
#include <asio.hpp> // asio::io_context, steady_timer, thread_pool, co_spawn
namespace net = asio;
#endif

#if defined(TASKBOUND_ASIO_BOOST)
#include <taskbound/boost_asio.hpp> // taskbound::asio::for_each_bounded on Boost.Asio
#else
#include <taskbound/asio.hpp> // taskbound::asio::for_each_bounded
#endif

#include "test_support.hpp" // peak_meter, worker_counts

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <algorithm> // std::max, std::min
#include <atomic>    // std::atomic
#include <chrono>    // std::chrono::milliseconds
#include <exception> // std::exception_ptr
#include <numeric>   // std::iota
#include <stdexcept> // std::runtime_error, std::invalid_argument
#include <string>    // std::string
#include <thread>    // std::thread::hardware_concurrency
#include <vector>    // std::vector

namespace {

using taskbound::asio::for_each_bounded;

// Runs @p coro to completion on @p ctx and returns its exception, if any.
template <class Context, class Coro>
std::exception_ptr run_to_end(Context& ctx, Coro coro) {
  std::exception_ptr error;
  std::atomic<bool> done{false};
  net::co_spawn(ctx.get_executor(), std::move(coro), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  if constexpr (requires { ctx.run(); })
    ctx.run();
  else
    ctx.join();
  EXPECT_TRUE(done.load());
  return error;
}

class AsioForEachBounded : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AsioForEachBounded, EveryElementOnceAndAtMostNAlive) {
  const std::size_t limit = GetParam();
  net::io_context io;
  std::vector<int> xs(40);
  std::iota(xs.begin(), xs.end(), 0);
  std::vector<int> hits(xs.size(), 0);
  taskbound_test::peak_meter meter;
  auto ex = io.get_executor();
  auto body = [&](int x) -> net::awaitable<void> {
    meter.enter();
    net::steady_timer t(ex, std::chrono::milliseconds(1));
    co_await t.async_wait(net::use_awaitable);
    ++hits[static_cast<std::size_t>(x)];
    meter.leave();
  };
  auto error =
      run_to_end(io, [&]() -> net::awaitable<void> { co_await for_each_bounded(ex, xs, body, limit); });
  EXPECT_FALSE(error);
  for (int h : hits) ASSERT_EQ(h, 1);
  EXPECT_EQ(meter.peak(), static_cast<int>(limit)) << "one thread: every runner starts before a timer fires";
}

TEST_P(AsioForEachBounded, MultiThreadedExecutorKeepsTheBound) {
  const std::size_t limit = GetParam();
  net::thread_pool threads(4);
  std::vector<int> xs(200);
  std::iota(xs.begin(), xs.end(), 0);
  std::vector<std::atomic<int>> hits(xs.size());
  taskbound_test::peak_meter meter;
  auto ex = threads.get_executor();
  auto body = [&](int x) -> net::awaitable<void> {
    meter.enter();
    net::steady_timer t(co_await net::this_coro::executor, std::chrono::microseconds(200));
    co_await t.async_wait(net::use_awaitable);
    ++hits[static_cast<std::size_t>(x)];
    meter.leave();
  };
  auto error =
      run_to_end(threads, [&]() -> net::awaitable<void> { co_await for_each_bounded(ex, xs, body, limit); });
  EXPECT_FALSE(error);
  for (auto& h : hits) ASSERT_EQ(h.load(), 1);
  EXPECT_LE(meter.peak(), static_cast<int>(limit));
}

TEST_P(AsioForEachBounded, FirstExceptionStopsTheRestAndIsRethrown) {
  const std::size_t limit = GetParam();
  net::io_context io;
  std::vector<int> xs(100);
  std::iota(xs.begin(), xs.end(), 0);
  std::atomic<int> started{0};
  auto body = [&](int x) -> net::awaitable<void> {
    ++started;
    if (x == 5) throw std::runtime_error("element 5");
    co_return;
  };
  bool caught = false;
  auto error = run_to_end(io, [&]() -> net::awaitable<void> {
    try {
      co_await for_each_bounded(io.get_executor(), xs, body, limit);
    } catch (const std::runtime_error& e) {
      caught = std::string(e.what()) == "element 5";
    }
  });
  EXPECT_FALSE(error);
  EXPECT_TRUE(caught);
  EXPECT_LT(started.load(), 100);
}

INSTANTIATE_TEST_SUITE_P(MaxInFlight, AsioForEachBounded, taskbound_test::worker_counts(),
                         taskbound_test::worker_name{});

TEST(AsioForEachBoundedArguments, ZeroMaxInFlightThrowsInvalidArgument) {
  net::io_context io;
  std::vector<int> xs(3);
  auto error = run_to_end(io, [&]() -> net::awaitable<void> {
    co_await for_each_bounded(io.get_executor(), xs, [](int) -> net::awaitable<void> { co_return; }, 0);
  });
  ASSERT_TRUE(error);
  EXPECT_THROW(std::rethrow_exception(error), std::invalid_argument);
}

TEST(AsioForEachBoundedArguments, WithoutABoundAtMostHardwareConcurrencyAlive) {
  net::io_context io;
  std::vector<int> xs(64);
  std::iota(xs.begin(), xs.end(), 0);
  std::vector<int> hits(xs.size(), 0);
  taskbound_test::peak_meter meter;
  auto ex = io.get_executor();
  auto body = [&](int x) -> net::awaitable<void> {
    meter.enter();
    net::steady_timer t(ex, std::chrono::milliseconds(1));
    co_await t.async_wait(net::use_awaitable);
    ++hits[static_cast<std::size_t>(x)];
    meter.leave();
  };
  auto error = run_to_end(io, [&]() -> net::awaitable<void> { co_await for_each_bounded(ex, xs, body); });
  EXPECT_FALSE(error);
  for (int h : hits) ASSERT_EQ(h, 1);
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(meter.peak(), static_cast<int>(std::min(cores, xs.size())))
      << "one thread: every runner starts first";
}

TEST(AsioForEachBoundedArguments, EmptyRangeCompletes) {
  net::io_context io;
  std::vector<int> none;
  int calls = 0;
  auto error = run_to_end(io, [&]() -> net::awaitable<void> {
    co_await for_each_bounded(
        io.get_executor(), none,
        [&](int) -> net::awaitable<void> {
          ++calls;
          co_return;
        },
        4);
  });
  EXPECT_FALSE(error);
  EXPECT_EQ(calls, 0);
}

} // namespace
