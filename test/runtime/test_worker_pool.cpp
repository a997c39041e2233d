//===-- test_worker_pool.cpp - worker_pool tests --------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// worker_pool: exactly-once execution, bounds, exception routing, shutdown, draining,
// nested submission into a full pool, every when_full policy, invalid arguments, stats.
#include <taskbound/detail/event_gate.hpp> // event_gate (for the internals test)
#include <taskbound/worker_pool.hpp>       // worker_pool, pool_options, when_full, detail::pool_access

#include "test_support.hpp" // peak_meter, in_body, gate, eventually, worker_counts

#include <gtest/gtest.h> // TEST, TEST_P, EXPECT_*

#include <array>     // std::array
#include <atomic>    // std::atomic
#include <chrono>    // std::chrono::milliseconds
#include <future>    // std::future
#include <stdexcept> // std::runtime_error, std::logic_error, std::invalid_argument
#include <string>    // std::string
#include <thread>    // std::thread, std::this_thread
#include <utility>   // std::make_pair
#include <vector>    // std::vector

namespace {

using taskbound::closed_error;
using taskbound::pool_options;
using taskbound::rejected_error;
using taskbound::when_full;
using taskbound::worker_pool;
using taskbound_test::eventually;
using taskbound_test::gate;

class WorkerPool : public ::testing::TestWithParam<std::size_t> {
protected:
  std::size_t workers() const { return GetParam(); }

  // Occupies every worker of @p pool with a task that waits on @p g.
  void occupy_all(worker_pool& pool, gate& g, std::atomic<int>& started) {
    for (std::size_t i = 0; i < pool.size(); ++i) { // one at a time: the queue never fills
      pool.post([&] {
        ++started;
        g.wait();
      });
      eventually([&] { return started.load() == static_cast<int>(i + 1); });
    }
  }
};

TEST_P(WorkerPool, EveryPostedTaskRunsExactlyOnceWithManyProducers) {
  worker_pool pool({workers(), 64});
  constexpr std::size_t producers = 4, per_producer = 10000;
  std::vector<std::atomic<int>> runs(producers * per_producer);
  std::vector<std::thread> threads;
  for (std::size_t p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      for (std::size_t i = 0; i < per_producer; ++i)
        pool.post([&runs, id = p * per_producer + i] { ++runs[id]; });
    });
  for (auto& t : threads) t.join();
  pool.wait_idle();
  for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << "task " << i;
  const auto s = pool.stats();
  EXPECT_EQ(s.submitted, runs.size());
  EXPECT_EQ(s.completed, runs.size());
  EXPECT_EQ(s.failed, 0u);
  EXPECT_EQ(s.rejected, 0u);
  EXPECT_EQ(s.queue_depth, 0u);
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_LE(s.queue_high_water, 64u);
}

TEST_P(WorkerPool, NoMoreBodiesRunThanWorkersAndQueueStaysWithinCapacity) {
  worker_pool pool({workers(), 8});
  taskbound_test::peak_meter meter;
  std::atomic<std::size_t> max_in_flight{0}, max_depth{0};
  for (int i = 0; i < 2000; ++i) {
    pool.post([&] { taskbound_test::in_body body(meter); });
    const auto s = pool.stats();
    if (s.in_flight > max_in_flight) max_in_flight = s.in_flight;
    if (s.queue_depth > max_depth) max_depth = s.queue_depth;
  }
  pool.wait_idle();
  EXPECT_GE(meter.peak(), 1);
  EXPECT_LE(meter.peak(), static_cast<int>(workers()));
  EXPECT_LE(max_in_flight.load(), workers());
  EXPECT_LE(max_depth.load(), 8u);
  EXPECT_LE(pool.stats().queue_high_water, 8u);
}

TEST_P(WorkerPool, SubmitReturnsTheResultAndDecayCopiesArguments) {
  worker_pool pool({workers()});
  std::string text = "abc";
  auto length = pool.submit(
      [](const std::string& s, int extra) { return s.size() + static_cast<std::size_t>(extra); }, text, 2);
  text = "changed after submit";
  EXPECT_EQ(length.get(), 5u);
  auto nothing = pool.submit([] {});
  nothing.get();
  auto moved = pool.submit([](std::unique_ptr<int> p) { return *p; }, std::make_unique<int>(9));
  EXPECT_EQ(moved.get(), 9);
}

TEST_P(WorkerPool, SubmittedExceptionReachesTheFutureNotWaitIdle) {
  worker_pool pool({workers()});
  auto f = pool.submit([]() -> int { throw std::runtime_error("submitted failure"); });
  EXPECT_THROW(
      {
        try {
          (void)f.get();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "submitted failure");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_NO_THROW(pool.wait_idle());
  EXPECT_EQ(pool.stats().failed, 1u);
}

TEST_P(WorkerPool, PostedExceptionIsRethrownByWaitIdleOnceAndCounted) {
  worker_pool pool({workers()});
  std::atomic<int> ran{0};
  for (int i = 0; i < 100; ++i)
    pool.post([&ran, i] {
      ++ran;
      if (i == 37) throw std::runtime_error("task 37 failed");
    });
  try {
    pool.wait_idle();
    FAIL() << "wait_idle must rethrow the task's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 37 failed");
  }
  EXPECT_EQ(ran.load(), 100) << "one failure does not stop the other tasks";
  EXPECT_NO_THROW(pool.wait_idle()) << "the exception is reported once";
  const auto s = pool.stats();
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.completed, 99u);
}

TEST_P(WorkerPool, ShutdownWhileBusyRunsEverythingQueuedThenRefusesWork) {
  worker_pool pool({workers(), 32});
  std::atomic<int> ran{0};
  for (int i = 0; i < 500; ++i)
    pool.post([&] {
      std::this_thread::yield();
      ++ran;
    });
  pool.shutdown();
  EXPECT_EQ(ran.load(), 500);
  EXPECT_TRUE(pool.closed());
  try {
    pool.post([] {});
    FAIL() << "post after shutdown must throw";
  } catch (const closed_error& e) {
    EXPECT_NE(std::string(e.what()).find("shut down"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)pool.submit([] { return 1; }), closed_error);
  pool.shutdown(); // idempotent
  EXPECT_EQ(pool.stats().submitted, 500u);
}

TEST_P(WorkerPool, ShutdownWakesAProducerBlockedOnAFullQueue) {
  worker_pool pool({workers(), 2, when_full::block});
  gate g;
  std::atomic<int> started{0}, ran{0};
  occupy_all(pool, g, started);
  pool.post([&] { ++ran; });
  pool.post([&] { ++ran; });
  std::atomic<bool> producer_closed{false};
  std::thread producer([&] {
    try {
      pool.post([&] { ++ran; });
    } catch (const closed_error&) {
      producer_closed = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::thread closer([&] { pool.shutdown(); });
  producer.join(); // returns although the workers are still held: woken by the close
  EXPECT_TRUE(producer_closed.load());
  g.open();
  closer.join();
  EXPECT_EQ(ran.load(), 2);
}

TEST_P(WorkerPool, DestructorDrainsTheQueue) {
  std::atomic<int> ran{0};
  {
    worker_pool pool({workers(), 16});
    for (int i = 0; i < 1000; ++i) pool.post([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 1000);
}

TEST_P(WorkerPool, TaskPostingIntoItsOwnFullPoolRunsTheTaskItself) {
  worker_pool pool({workers(), 1, when_full::block});
  std::atomic<int> ran{0};
  for (std::size_t outer = 0; outer < workers(); ++outer)
    pool.post([&] {
      for (int i = 0; i < 200; ++i)
        pool.post([&] {
          pool.post([&] { ++ran; }); // a third level, also from inside the pool
          ++ran;
        });
    });
  pool.wait_idle();
  EXPECT_EQ(ran.load(), static_cast<int>(workers()) * 400);
  const auto s = pool.stats();
  EXPECT_EQ(s.submitted, s.completed);
}

TEST(WorkerPoolSingle, NestedPostIntoFullQueueRunsOnThePostingWorker) {
  worker_pool pool({1, 1, when_full::block});
  std::thread::id outer_id, queued_id, inline_id;
  pool.post([&] {
    outer_id = std::this_thread::get_id();
    pool.post([&] { queued_id = std::this_thread::get_id(); }); // fills the queue
    pool.post([&] { inline_id = std::this_thread::get_id(); }); // full: runs here, now
    EXPECT_EQ(inline_id, outer_id);
  });
  pool.wait_idle();
  EXPECT_EQ(queued_id, outer_id);
  EXPECT_EQ(inline_id, outer_id);
}

TEST_P(WorkerPool, CallerRunsPolicyRunsOnThePosterWhenFull) {
  worker_pool pool({workers(), 2, when_full::caller_runs});
  gate g;
  std::atomic<int> started{0}, ran{0};
  occupy_all(pool, g, started);
  pool.post([&] { ++ran; });
  pool.post([&] { ++ran; });
  std::thread::id ran_on;
  pool.post([&] {
    ran_on = std::this_thread::get_id();
    ++ran;
  });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(ran.load(), 1);
  auto f = pool.submit([] { return std::this_thread::get_id(); });
  EXPECT_EQ(f.get(), std::this_thread::get_id());
  g.open();
  pool.wait_idle();
  EXPECT_EQ(ran.load(), 3);
  const auto s = pool.stats();
  EXPECT_EQ(s.submitted, workers() + 4);
  EXPECT_EQ(s.completed, workers() + 4);
  EXPECT_EQ(s.queue_high_water, 2u);
}

TEST_P(WorkerPool, RejectPolicyThrowsAndCountsWhenFull) {
  worker_pool pool({workers(), 2, when_full::reject});
  gate g;
  std::atomic<int> started{0}, ran{0};
  occupy_all(pool, g, started);
  pool.post([&] { ++ran; });
  pool.post([&] { ++ran; });
  try {
    pool.post([&] { ++ran; });
    FAIL() << "a full pool with when_full::reject must throw";
  } catch (const rejected_error& e) {
    EXPECT_NE(std::string(e.what()).find("full"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)pool.submit([] { return 1; }), rejected_error);
  g.open();
  pool.wait_idle();
  EXPECT_EQ(ran.load(), 2);
  const auto s = pool.stats();
  EXPECT_EQ(s.rejected, 2u);
  EXPECT_EQ(s.submitted, workers() + 2);
  EXPECT_EQ(s.completed, workers() + 2);
}

TEST_P(WorkerPool, BlockPolicyWaitsForRoom) {
  worker_pool pool({workers(), 1, when_full::block});
  gate g;
  std::atomic<int> started{0}, ran{0};
  occupy_all(pool, g, started);
  pool.post([&] { ++ran; });
  std::atomic<bool> returned{false};
  std::thread producer([&] {
    pool.post([&] { ++ran; });
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(returned.load()) << "post into a full when_full::block pool must wait";
  EXPECT_EQ(pool.stats().queue_depth, 1u);
  EXPECT_EQ(pool.stats().in_flight, workers());
  g.open();
  producer.join();
  pool.wait_idle();
  EXPECT_EQ(ran.load(), 2);
}

TEST_P(WorkerPool, CallerRunExceptionIsRoutedToWaitIdle) {
  worker_pool pool({workers(), 1, when_full::caller_runs});
  gate g;
  std::atomic<int> started{0};
  occupy_all(pool, g, started);
  pool.post([] {});
  EXPECT_NO_THROW(pool.post([] { throw std::runtime_error("ran on caller"); }));
  g.open();
  EXPECT_THROW(pool.wait_idle(), std::runtime_error);
  EXPECT_EQ(pool.stats().failed, 1u);
}

TEST_P(WorkerPool, LargeCallablesWork) {
  worker_pool pool({workers()});
  std::array<long, 64> big{};
  big[63] = 5;
  std::atomic<long> sum{0};
  for (int i = 0; i < 100; ++i) pool.post([&sum, big] { sum += big[63]; });
  pool.wait_idle();
  EXPECT_EQ(sum.load(), 500);
}

// try_run_one(): only on a worker of the pool; runs one queued task there, counted and with
// its exception routed to wait_idle() as if a worker had run it.
TEST_P(WorkerPool, TryRunOneRunsAQueuedTaskOnTheCallingWorker) {
  worker_pool pool({workers(), 16});
  EXPECT_FALSE(pool.try_run_one()) << "not a worker of this pool";
  // Keep every other worker busy so the queued task can only be run by the helper.
  std::atomic<bool> release{false};
  std::atomic<std::size_t> blocked{0};
  for (std::size_t i = 0; i + 1 < workers(); ++i)
    pool.post([&] {
      ++blocked;
      while (!release.load()) std::this_thread::yield();
    });
  while (blocked.load() + 1 < workers()) std::this_thread::yield();
  std::atomic<bool> ran_here{false};
  auto helper = pool.submit([&] {
    const auto me = std::this_thread::get_id();
    pool.post([&, me] {
      ran_here = std::this_thread::get_id() == me;
      throw std::runtime_error("helped task failed");
    });
    const bool first = pool.try_run_one();
    const bool second = pool.try_run_one();
    return std::make_pair(first, second);
  });
  const auto [first, second] = helper.get();
  release = true;
  EXPECT_TRUE(first);
  EXPECT_FALSE(second) << "the queue was empty";
  EXPECT_TRUE(ran_here.load());
  EXPECT_THROW(pool.wait_idle(), std::runtime_error) << "routed to wait_idle(), not to the helper";
  const auto stats = pool.stats();
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.completed + stats.failed, stats.submitted);
  EXPECT_EQ(stats.in_flight, 0u);
}

TEST_P(WorkerPool, WaitIdleAndShutdownFromOwnTaskAreLogicErrors) {
  worker_pool pool({workers()});
  auto waits = pool.submit([&] { pool.wait_idle(); });
  EXPECT_THROW(waits.get(), std::logic_error);
  auto stops = pool.submit([&] { pool.shutdown(); });
  EXPECT_THROW(stops.get(), std::logic_error);
  EXPECT_FALSE(pool.closed());
}

TEST_P(WorkerPool, SizeIsTheWorkerCount) {
  worker_pool pool({workers(), 3});
  EXPECT_EQ(pool.size(), workers());
  EXPECT_EQ(pool.queue_capacity(), 3u);
  EXPECT_EQ(pool.policy(), when_full::block);
}

INSTANTIATE_TEST_SUITE_P(Workers, WorkerPool, taskbound_test::worker_counts(), taskbound_test::worker_name{});

// The hooks task_scope and the parallel algorithms use are not the pool's API: a user cannot
// call them on a pool (only through taskbound::detail::pool_access). try_run_one() is public,
// which shows that the concepts below do see public members.
template <class Pool>
concept has_public_try_post = requires(Pool& p) { p.try_post([] {}); };
template <class Pool>
concept has_public_help_until =
    requires(Pool& p, taskbound::detail::event_gate& g) { p.help_until(g, [] { return true; }); };
template <class Pool>
concept has_public_try_run_one = requires(Pool& p) { p.try_run_one(); };
static_assert(!has_public_try_post<worker_pool>);
static_assert(!has_public_help_until<worker_pool>);
static_assert(has_public_try_run_one<worker_pool>);

TEST(WorkerPoolInternals, ReachableThroughPoolAccess) {
  worker_pool pool({1, 1});
  gate g;
  std::atomic<int> started{0};
  pool.post([&] {
    ++started;
    g.wait();
  });
  eventually([&] { return started.load() == 1; });
  std::atomic<int> ran{0};
  EXPECT_TRUE(taskbound::detail::pool_access::try_post(pool, [&] { ++ran; }));
  EXPECT_FALSE(taskbound::detail::pool_access::try_post(pool, [&] { ++ran; })) << "the queue is full";
  g.open();
  pool.wait_idle();
  EXPECT_EQ(ran.load(), 1);
}

TEST(WorkerPoolOptions, ZeroMeansDefaults) {
  worker_pool pool;
  const std::size_t hw = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(pool.size(), hw);
  EXPECT_EQ(pool.queue_capacity(), 256 * hw);
}

TEST(WorkerPoolOptions, InvalidPolicyThrowsInvalidArgument) {
  EXPECT_THROW(worker_pool({1, 1, static_cast<when_full>(42)}), std::invalid_argument);
}

TEST(WorkerPoolOptions, RejectFromInsideThePoolFailsTheTask) {
  worker_pool pool({1, 1, when_full::reject});
  std::atomic<bool> rejected{false};
  pool.post([&] {
    pool.post([] {}); // fills the queue
    try {
      pool.post([] {});
    } catch (const rejected_error&) {
      rejected = true;
    }
  });
  pool.wait_idle();
  EXPECT_TRUE(rejected.load());
  EXPECT_EQ(pool.stats().rejected, 1u);
}

} // namespace
