//===-- test_task_scope.cpp - task_scope tests ----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// task_scope: the live-task bound, join and exception routing, destructor join, nesting
// at the limit, nested scopes joined from inside pool workers (recursive fib), invalid
// arguments, a shut-down pool.
#include <taskbound/task_scope.hpp> // task_scope

#include "test_support.hpp" // peak_meter, in_body, worker_counts, within_watchdog

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <atomic>     // std::atomic
#include <cstdint>    // std::uint64_t
#include <functional> // std::function
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::runtime_error, std::invalid_argument
#include <thread>     // std::this_thread
#include <vector>     // std::vector

namespace {

using taskbound::task_scope;
using taskbound::worker_pool;

using taskbound_test::within_watchdog;

std::uint64_t fib_serial(int n) {
  return n < 2 ? static_cast<std::uint64_t>(n) : fib_serial(n - 1) + fib_serial(n - 2);
}

// One task_scope per level: fib(n-1) and fib(n-2) are spawned on @p pool, then joined. Runs
// on a worker of @p pool (except the first call), so join() waits on a worker.
std::uint64_t fib_scoped(worker_pool& pool, int n, int cutoff, std::size_t limit) {
  if (n <= cutoff) return fib_serial(n);
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  task_scope scope(limit, &pool);
  scope.spawn([&] { a = fib_scoped(pool, n - 1, cutoff, limit); });
  scope.spawn([&] { b = fib_scoped(pool, n - 2, cutoff, limit); });
  scope.join();
  return a + b;
}

class TaskScope : public ::testing::TestWithParam<std::size_t> {
protected:
  worker_pool pool{{GetParam(), 64}};
};

TEST_P(TaskScope, RunsEverySpawnWithAtMostMaxInFlightAlive) {
  for (std::size_t limit : {1u, 2u, 5u}) {
    taskbound_test::peak_meter meter;
    std::vector<std::atomic<int>> runs(3000);
    std::size_t max_seen = 0;
    {
      task_scope scope(limit, &pool);
      EXPECT_EQ(scope.max_in_flight(), limit);
      for (std::size_t i = 0; i < runs.size(); ++i) {
        scope.spawn([&, i] {
          taskbound_test::in_body body(meter, 20);
          ++runs[i];
        });
        max_seen = std::max(max_seen, scope.in_flight());
      }
      scope.join();
      EXPECT_EQ(scope.in_flight(), 0u);
    }
    for (auto& r : runs) ASSERT_EQ(r.load(), 1);
    EXPECT_LE(meter.peak(), static_cast<int>(limit));
    EXPECT_LE(max_seen, limit);
  }
}

TEST_P(TaskScope, JoinRethrowsTheFirstExceptionOnce) {
  task_scope scope(4, &pool);
  std::atomic<int> ran{0};
  for (int i = 0; i < 50; ++i)
    scope.spawn([&ran, i] {
      ++ran;
      if (i == 10) throw std::runtime_error("spawned failure");
    });
  try {
    scope.join();
    FAIL() << "join must rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "spawned failure");
  }
  EXPECT_EQ(ran.load(), 50);
  EXPECT_NO_THROW(scope.join());
  EXPECT_NO_THROW(pool.wait_idle()) << "the exception belongs to the scope, not the pool";
}

TEST_P(TaskScope, DestructorWaitsForEveryTask) {
  std::atomic<int> ran{0};
  {
    task_scope scope(3, &pool);
    for (int i = 0; i < 200; ++i)
      scope.spawn([&] {
        std::this_thread::yield();
        ++ran;
      });
  }
  EXPECT_EQ(ran.load(), 200);
}

TEST_P(TaskScope, SpawnAtTheLimitFromAWorkerRunsInlineInsteadOfDeadlocking) {
  std::atomic<int> ran{0};
  std::atomic<bool> inline_on_same_thread{true};
  {
    task_scope scope(1, &pool);
    scope.spawn([&] {
      const auto me = std::this_thread::get_id();
      for (int i = 0; i < 20; ++i)
        scope.spawn([&, me] {
          if (std::this_thread::get_id() != me) inline_on_same_thread = false;
          ++ran;
        });
    });
    scope.join();
  }
  EXPECT_EQ(ran.load(), 20);
  EXPECT_TRUE(inline_on_same_thread.load()) << "limit 1 is taken by the spawning task itself";
}

// Every worker ends up in join() while the children it waits for are still queued (with
// one worker, already at fib(3)); with few workers the queue (64) fills up, so nested posts
// also hit a full pool. join() on a worker must run queued tasks instead of parking.
TEST_P(TaskScope, NestedScopesJoinedOnWorkersDoNotDeadlock) {
  for (std::size_t limit : {2u, 1u}) {
    std::uint64_t result = 0;
    within_watchdog([&] {
      auto root = pool.submit([&] { return fib_scoped(pool, 18, 1, limit); });
      result = root.get(); // waited on by a non-worker thread: that is allowed to block
    });
    EXPECT_EQ(result, fib_serial(18)) << "limit " << limit;
  }
  pool.wait_idle();
}

// The benchmark's shape (W7): fib(25) with a serial cut-off, the root called on a
// non-worker thread, every other level on workers.
TEST_P(TaskScope, NestedFib25WithCutOffCompletes) {
  std::uint64_t result = 0;
  within_watchdog([&] { result = fib_scoped(pool, 25, 10, 2); });
  EXPECT_EQ(result, fib_serial(25));
  pool.wait_idle();
  const auto stats = pool.stats(); // tasks run while helping are counted like any other
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.completed, stats.submitted);
  EXPECT_GT(stats.submitted, 0u);
}

// An exception thrown deep in the tree travels up through every nested join(), also when
// it was thrown by a task that a joining worker ran while helping.
TEST_P(TaskScope, ExceptionsInNestedScopesReachTheOuterJoin) {
  std::function<void(int)> tree = [&](int depth) {
    task_scope scope(2, &pool);
    for (int i = 0; i < 2; ++i)
      scope.spawn([&, depth, i] {
        if (depth == 0) {
          if (i == 1) throw std::runtime_error("leaf failure");
          return;
        }
        tree(depth - 1);
      });
    scope.join();
  };
  within_watchdog([&] {
    auto root = pool.submit([&] { tree(8); });
    EXPECT_THROW(root.get(), std::runtime_error);
  });
  EXPECT_NO_THROW(pool.wait_idle()) << "the exceptions belong to the scopes, not the pool";
}

TEST_P(TaskScope, SpawnOnAShutDownPoolThrowsAndFreesTheSlot) {
  task_scope scope(2, &pool);
  pool.shutdown();
  EXPECT_THROW(scope.spawn([] {}), taskbound::closed_error);
  EXPECT_EQ(scope.in_flight(), 0u);
}

// Help first: with every worker blocked, join() runs the task nobody started on the
// calling thread instead of waiting for a worker; the queue entry left behind is a no-op.
TEST_P(TaskScope, JoinRunsTheNewestUnstartedTaskOnTheCallingThread) {
  std::atomic<bool> release{false};
  std::atomic<std::size_t> blocked{0};
  for (std::size_t w = 0; w < pool.size(); ++w)
    pool.post([&] {
      ++blocked;
      while (!release.load()) std::this_thread::yield();
    });
  while (blocked.load() != pool.size()) std::this_thread::yield();
  std::thread::id ran_on;
  int runs = 0;
  within_watchdog([&] {
    const auto joiner = std::this_thread::get_id();
    task_scope scope(1, &pool);
    scope.spawn([&] {
      ran_on = std::this_thread::get_id();
      ++runs;
    });
    scope.join();
    EXPECT_EQ(ran_on, joiner);
  });
  release = true;
  pool.wait_idle();
  EXPECT_EQ(runs, 1) << "the queue entry of a task join() ran must not run it again";
  const auto stats = pool.stats();
  EXPECT_EQ(stats.completed, stats.submitted);
}

// Tasks that spawn into their own scope while its owner joins: every task runs once and
// nothing is left behind (the ASan build checks for leaks).
TEST_P(TaskScope, TasksSpawningIntoTheirOwnScopeDuringJoinAllRun) {
  std::atomic<int> ran{0};
  within_watchdog([&] {
    task_scope scope(4, &pool);
    for (int root = 0; root < 4; ++root)
      scope.spawn([&] {
        for (int i = 0; i < 100; ++i) scope.spawn([&] { ++ran; });
        ++ran;
      });
    scope.join();
    EXPECT_EQ(scope.in_flight(), 0u);
  });
  EXPECT_EQ(ran.load(), 404);
}

INSTANTIATE_TEST_SUITE_P(Workers, TaskScope, taskbound_test::worker_counts(), taskbound_test::worker_name{});

TEST(TaskScopeArguments, ZeroMaxInFlightThrowsInvalidArgument) {
  EXPECT_THROW(task_scope(0), std::invalid_argument);
}

TEST(TaskScopeArguments, DefaultScopeAllowsAsManyTasksAsTheDefaultPoolHasWorkers) {
  taskbound_test::peak_meter meter;
  std::vector<std::atomic<int>> runs(200);
  task_scope scope;
  EXPECT_EQ(scope.max_in_flight(), taskbound::default_pool().size());
  for (std::size_t i = 0; i < runs.size(); ++i)
    scope.spawn([&, i] {
      taskbound_test::in_body body(meter, 20);
      ++runs[i];
    });
  scope.join();
  for (auto& r : runs) ASSERT_EQ(r.load(), 1);
  EXPECT_LE(meter.peak(), static_cast<int>(taskbound::default_pool().size()));
}

TEST(TaskScopeArguments, HugeMaxInFlightIsClampedNotWrapped) {
  worker_pool pool{{1, 4}};
  task_scope scope(std::numeric_limits<std::size_t>::max(), &pool);
  EXPECT_EQ(scope.max_in_flight(), (std::size_t{1} << 31) - 1);
  int ran = 0;
  scope.spawn([&] { ++ran; });
  scope.join();
  EXPECT_EQ(ran, 1);
}

} // namespace
