//===-- test_default_pool.cpp - default pool tests ------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// async() (nested calls too) and the pool-less overloads, on the process-wide default pool.
// ctest runs this suite once per worker count (TASKBOUND_WORKERS = 1, 2, 4, 8).
#include <taskbound/taskbound.hpp> // async, default_pool, parallel_*, task_scope

#include "test_support.hpp" // peak_meter, in_body, eventually, within_watchdog

#include <gtest/gtest.h> // TEST, EXPECT_*

#include <chrono>     // std::chrono::seconds
#include <cstdint>    // std::uint64_t
#include <cstdlib>    // std::getenv, std::atoi
#include <functional> // std::ref
#include <future>     // std::future, std::future_status
#include <mutex>      // std::mutex
#include <set>        // std::set
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <thread>     // std::thread::id, std::this_thread::get_id
#include <utility>    // std::make_pair
#include <vector>     // std::vector

namespace {

std::size_t expected_workers() {
  const char* env = std::getenv("TASKBOUND_WORKERS");
  return env != nullptr ? static_cast<std::size_t>(std::atoi(env))
                        : std::max(1u, std::thread::hardware_concurrency());
}

TEST(DefaultPool, SizeFollowsTaskboundWorkers) {
  EXPECT_EQ(taskbound::default_pool().size(), expected_workers());
}

TEST(Async, ReturnsTheResultLikeStdAsync) {
  auto f = taskbound::async([](int a, const std::string& b) { return b + std::to_string(a); }, 7,
                            std::string("x"));
  EXPECT_EQ(f.get(), "x7");
  auto v = taskbound::async([] {});
  v.get();
}

TEST(Async, DecayCopiesArgumentsUnlessWrappedInRef) {
  int value = 1;
  auto copy = taskbound::async([](int x) { return x; }, value);
  int target = 0;
  auto by_ref = taskbound::async([](int& x) { x = 42; }, std::ref(target));
  value = 2;
  EXPECT_EQ(copy.get(), 1);
  by_ref.get();
  EXPECT_EQ(target, 42);
}

TEST(Async, ExceptionReachesTheFuture) {
  auto f = taskbound::async([]() -> int { throw std::runtime_error("async failure"); });
  EXPECT_THROW((void)f.get(), std::runtime_error);
}

TEST(Async, ManyCallsShareTheBoundedPoolInsteadOfOneThreadEach) {
  std::mutex m;
  std::set<std::thread::id> threads;
  taskbound_test::peak_meter meter;
  std::vector<std::future<void>> futures;
  for (int i = 0; i < 5000; ++i)
    futures.push_back(taskbound::async([&] {
      taskbound_test::in_body body(meter, 10);
      std::lock_guard lock(m);
      threads.insert(std::this_thread::get_id());
    }));
  for (auto& f : futures) f.get();
  EXPECT_LE(threads.size(), expected_workers());
  EXPECT_LE(meter.peak(), static_cast<int>(expected_workers()));
}

// Nested async: a task on the default pool that calls taskbound::async and waits on the
// future. Queued behind its waiting parent, the nested call would never run once every worker
// waits (with 1 worker, at the first nested call); it runs on the caller instead.

std::uint64_t fib_serial(int n) {
  return n < 2 ? static_cast<std::uint64_t>(n) : fib_serial(n - 1) + fib_serial(n - 2);
}

std::uint64_t fib_async(int n) {
  if (n < 2) return static_cast<std::uint64_t>(n);
  auto a = taskbound::async(fib_async, n - 1);
  auto b = taskbound::async(fib_async, n - 2);
  return a.get() + b.get();
}

TEST(NestedAsync, RecursiveFibWithGetDoesNotDeadlock) {
  taskbound_test::within_watchdog([] {
    EXPECT_EQ(fib_async(20), fib_serial(20)); // from outside the pool: the first two calls queue
    // Every worker runs a recursive fib at once, several times over.
    std::vector<std::future<std::uint64_t>> roots;
    for (std::size_t i = 0; i < 4 * expected_workers(); ++i) roots.push_back(taskbound::async(fib_async, 16));
    for (auto& r : roots) EXPECT_EQ(r.get(), fib_serial(16));
  });
}

TEST(NestedAsync, TasksThatStartKCallsAndWaitOnAllDoNotDeadlock) {
  constexpr int k = 64;
  taskbound_test::within_watchdog([] {
    // Twice as many parents as workers: every worker is a waiting parent at some point.
    std::vector<std::future<long>> parents;
    for (std::size_t p = 0; p < 2 * expected_workers(); ++p)
      parents.push_back(taskbound::async([p] {
        std::vector<std::future<long>> children;
        for (int c = 0; c < k; ++c)
          children.push_back(taskbound::async([](long x) { return x * x; }, static_cast<long>(p) * k + c));
        long sum = 0;
        for (auto& f : children) sum += f.get();
        return sum;
      }));
    for (std::size_t p = 0; p < parents.size(); ++p) {
      long expected = 0;
      for (int c = 0; c < k; ++c) expected += (static_cast<long>(p) * k + c) * (static_cast<long>(p) * k + c);
      EXPECT_EQ(parents[p].get(), expected);
    }
  });
}

TEST(NestedAsync, NestedCallRunsOnTheCallerAndItsFutureIsReady) {
  auto outer = taskbound::async([] {
    const auto me = std::this_thread::get_id();
    auto inner = taskbound::async([] { return std::this_thread::get_id(); });
    const bool ready = inner.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    return std::make_pair(ready, inner.get() == me);
  });
  const auto [ready, same_thread] = outer.get();
  EXPECT_TRUE(ready) << "the nested call has run before async() returned";
  EXPECT_TRUE(same_thread);
  auto top = taskbound::async([] { return std::this_thread::get_id(); });
  EXPECT_NE(top.get(), std::this_thread::get_id()) << "a call from outside the pool runs on a worker";
}

TEST(NestedAsync, NestedExceptionReachesItsFutureAndIsCounted) {
  auto& pool = taskbound::default_pool();
  const auto before = pool.stats();
  auto outer = taskbound::async([] {
    auto inner = taskbound::async([]() -> int { throw std::runtime_error("nested failure"); });
    try {
      (void)inner.get();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  });
  EXPECT_EQ(outer.get(), "nested failure");
  taskbound_test::eventually([&] {
    const auto s = pool.stats();
    return s.completed + s.failed == s.submitted;
  });
  const auto after = pool.stats();
  EXPECT_EQ(after.submitted - before.submitted, 2u) << "the outer call and the nested one";
  EXPECT_EQ(after.failed - before.failed, 1u);
  EXPECT_NO_THROW(pool.wait_idle()) << "a future's exception is not the pool's";
}

TEST(DefaultPoolOverloads, ParallelForEachForMapAndScope) {
  std::vector<int> xs(10000, 1);
  std::atomic<int> sum{0};
  taskbound::parallel_for_each(xs, [&](int x) { sum += x; });
  taskbound::parallel_for(0, 100, [&](int) { ++sum; });
  const auto doubled = taskbound::parallel_map(xs, [](int x) { return 2 * x; });
  const auto squares = taskbound::parallel_map(-2, 3, [](int i) { return i * i; });
  EXPECT_EQ(squares, (std::vector<int>{4, 1, 0, 1, 4}));
  {
    taskbound::task_scope scope(2);
    for (int i = 0; i < 100; ++i) scope.spawn([&] { ++sum; });
  }
  EXPECT_EQ(sum.load(), 10200);
  EXPECT_EQ(doubled.size(), xs.size());
  EXPECT_EQ(doubled.front(), 2);
}

} // namespace
