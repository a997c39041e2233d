// task_scope: the live-task bound, join and exception routing, destructor join, nesting
// at the limit, invalid arguments, a shut-down pool.
#include <taskbound/task_scope.hpp> // task_scope

#include "test_support.hpp" // peak_meter, in_body, worker_counts

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <atomic>    // std::atomic
#include <stdexcept> // std::runtime_error, std::invalid_argument
#include <thread>    // std::this_thread
#include <vector>    // std::vector

namespace {

using taskbound::task_scope;
using taskbound::worker_pool;

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

TEST_P(TaskScope, SpawnOnAShutDownPoolThrowsAndFreesTheSlot) {
  task_scope scope(2, &pool);
  pool.shutdown();
  EXPECT_THROW(scope.spawn([] {}), taskbound::closed_error);
  EXPECT_EQ(scope.in_flight(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Workers, TaskScope, taskbound_test::worker_counts(), taskbound_test::worker_name{});

TEST(TaskScopeArguments, ZeroMaxInFlightThrowsInvalidArgument) {
  EXPECT_THROW(task_scope(0), std::invalid_argument);
}

} // namespace
