//===-- test_parallel_for_each.cpp - parallel_for_each tests --------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// parallel_for_each / parallel_for: each element exactly once, the concurrency bound,
// exception routing and cancellation, non-random-access ranges, nesting, invalid arguments,
// tiny calls on the caller alone, the alone-or-share rule on a fake clock.
#include <taskbound/parallel_for_each.hpp> // parallel_for_each, parallel_for

#include "test_support.hpp" // peak_meter, in_body, worker_counts

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <atomic>       // std::atomic
#include <chrono>       // std::chrono
#include <cstdint>      // std::int64_t, std::int8_t
#include <forward_list> // std::forward_list
#include <list>         // std::list
#include <numeric>      // std::iota
#include <stdexcept>    // std::runtime_error, std::invalid_argument
#include <thread>       // std::this_thread
#include <vector>       // std::vector

namespace {

using taskbound::for_each_options;
using taskbound::parallel_for;
using taskbound::parallel_for_each;
using taskbound::worker_pool;

class ParallelForEach : public ::testing::TestWithParam<std::size_t> {
protected:
  worker_pool pool{{GetParam(), 16}};
};

TEST_P(ParallelForEach, VisitsEveryElementExactlyOnce) {
  for (std::size_t n : {0u, 1u, 2u, 7u, 1000u, 100003u}) {
    for (std::size_t chunk : {0u, 1u, 3u, 1000u}) {
      if (chunk == 1 && n > 1000) continue; // keep the suite fast
      std::vector<int> xs(n);
      std::iota(xs.begin(), xs.end(), 0);
      std::vector<std::atomic<int>> hits(n);
      parallel_for_each(pool, xs, [&](int x) { ++hits[static_cast<std::size_t>(x)]; }, {0, chunk});
      for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(hits[i].load(), 1) << "n=" << n << " chunk=" << chunk << " i=" << i;
    }
  }
}

TEST_P(ParallelForEach, ElementsArePassedByReference) {
  std::vector<int> xs(5000, 1);
  parallel_for_each(pool, xs, [](int& x) { x *= 3; });
  for (int x : xs) ASSERT_EQ(x, 3);
}

TEST_P(ParallelForEach, NeverRunsMoreBodiesThanMaxConcurrency) {
  for (std::size_t limit : {1u, 2u, 3u, 16u}) {
    taskbound_test::peak_meter meter;
    std::vector<int> xs(400);
    parallel_for_each(pool, xs, [&](int) { taskbound_test::in_body body(meter); }, {limit, 1});
    EXPECT_GE(meter.peak(), 1);
    EXPECT_LE(meter.peak(), static_cast<int>(limit));
    EXPECT_LE(meter.peak(), static_cast<int>(GetParam() + 1)) << "the caller plus the pool's workers";
  }
}

TEST_P(ParallelForEach, FirstExceptionIsRethrownAndTheRestCancelled) {
  std::vector<int> xs(1000);
  std::iota(xs.begin(), xs.end(), 0);
  std::atomic<int> ran{0};
  // Serial (max_in_flight 1, one element per chunk): element 3 throws, nothing after it runs.
  try {
    parallel_for_each(pool, xs,
                      [&](int x) {
                        ++ran;
                        if (x == 3) throw std::runtime_error("element 3");
                      },
                      {1, 1});
    FAIL() << "the exception must reach the caller";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "element 3");
  }
  EXPECT_EQ(ran.load(), 4);
  // Parallel: every element throws; exactly one exception comes back, most work is skipped.
  ran = 0;
  EXPECT_THROW(parallel_for_each(pool, xs,
                                 [&](int) {
                                   ++ran;
                                   throw std::runtime_error("each");
                                 },
                                 {0, 1}),
               std::runtime_error);
  EXPECT_LE(ran.load(), static_cast<int>(GetParam() + 1)) << "chunks claimed after the failure are skipped";
  // The pool is still usable and no failure leaked into it.
  std::atomic<int> after{0};
  parallel_for_each(pool, xs, [&](int) { ++after; });
  EXPECT_EQ(after.load(), 1000);
  EXPECT_NO_THROW(pool.wait_idle());
}

TEST_P(ParallelForEach, WorksOnNonRandomAccessRanges) {
  std::list<int> l(3001, 2);
  std::atomic<int> sum{0};
  parallel_for_each(pool, l, [&](int x) { sum += x; }, {0, 10});
  EXPECT_EQ(sum.load(), 6002);
  std::forward_list<int> fl(777, 1);
  sum = 0;
  parallel_for_each(pool, fl, [&](int x) { sum += x; });
  EXPECT_EQ(sum.load(), 777);
}

TEST_P(ParallelForEach, NestedCallsFromPoolTasksDoNotDeadlock) {
  std::atomic<int> hits{0};
  std::vector<int> outer(8), inner(100);
  parallel_for_each(pool, outer, [&](int) { parallel_for_each(pool, inner, [&](int) { ++hits; }, {0, 1}); },
                    {0, 1});
  EXPECT_EQ(hits.load(), 800);
  auto from_task = pool.submit([&] { parallel_for_each(pool, inner, [&](int) { ++hits; }); });
  from_task.get();
  EXPECT_EQ(hits.load(), 900);
}

TEST_P(ParallelForEach, ParallelForCoversTheIndexRangeOnce) {
  std::vector<std::atomic<int>> hits(100);
  parallel_for(pool, -50, 50, [&](int i) { ++hits[static_cast<std::size_t>(i + 50)]; }, {0, 7});
  for (auto& h : hits) ASSERT_EQ(h.load(), 1);
  std::atomic<int> calls{0};
  parallel_for(pool, 5u, 5u, [&](unsigned) { ++calls; });
  EXPECT_EQ(calls.load(), 0);
  std::atomic<long long> sum{0};
  parallel_for(pool, std::size_t{0}, std::size_t{100000},
               [&](std::size_t i) { sum += static_cast<long long>(i); });
  EXPECT_EQ(sum.load(), 4999950000LL);
}

// Types narrower than int are promoted in arithmetic: the count of [-128, 127) is 255, not
// (unsigned char)127 - (unsigned char)-128 computed as an int (-1).
TEST_P(ParallelForEach, ParallelForOverNarrowSignedTypesCrossingZero) {
  std::vector<std::atomic<int>> hits(255);
  parallel_for(pool, std::int8_t{-128}, std::int8_t{127},
               [&](std::int8_t i) { ++hits[static_cast<std::size_t>(i + 128)]; });
  for (auto& h : hits) ASSERT_EQ(h.load(), 1);
  std::atomic<long> sum{0};
  std::atomic<int> calls{0};
  parallel_for(pool, short{-300}, short{301}, [&](short i) { sum += i, ++calls; });
  EXPECT_EQ(calls.load(), 601);
  EXPECT_EQ(sum.load(), 0);
}

TEST_P(ParallelForEach, ParallelForRethrowsAndRejectsReversedRange) {
  EXPECT_THROW(parallel_for(pool, 10, 0, [](int) {}), std::invalid_argument);
  EXPECT_THROW(parallel_for(pool, 0, 100,
                            [](int i) {
                              if (i == 42) throw std::runtime_error("42");
                            }),
               std::runtime_error);
}

// The same with the real clock: a call with a few microseconds of work runs on the caller
// alone (a post and a wake-up would cost more than the work). Timing-based, so one quiet
// call out of several is enough: a preempted call may take the parallel path, which is also
// correct. Each attempt starts with the workers asleep, so that they do not take the cores
// from the caller while it times its elements.
TEST_P(ParallelForEach, TinyCallsRunOnTheCallerAlone) {
  if (taskbound_test::under_tsan || taskbound_test::under_asan)
    GTEST_SKIP() << "a sanitizer can make a call's first element cost over a microsecond (ASan "
                    "on a loaded machine: ~1.1 us, every attempt), so the caller rightly "
                    "estimates a long call; the fake-clock tests cover the rule";
  std::vector<int> xs(200, 0); // more than 16 per participant: the caller probes first
  bool alone = false;
  for (int attempt = 0; attempt < 50 && !alone; ++attempt) {
    pool.wait_idle();
    std::this_thread::sleep_for(std::chrono::milliseconds(2)); // longer than a worker spins
    const auto before = pool.stats().submitted;
    parallel_for_each(pool, xs, [](int& x) { ++x; });
    alone = pool.stats().submitted == before;
  }
  for (int x : xs) ASSERT_GE(x, 1);
  EXPECT_TRUE(alone) << "50 tiny calls all posted helpers";
}

// A short range (at most 16 elements per participant) is shared from the start: its few
// elements are likely each expensive, so helpers are posted before the first one runs.
TEST_P(ParallelForEach, FewElementsAreSharedFromTheStart) {
  if (GetParam() < 2) GTEST_SKIP() << "one worker: the caller is the only participant";
  const auto before = pool.stats().submitted;
  std::vector<int> xs(4);
  std::atomic<int> seen{0};
  std::atomic<bool> posted_before_first{false};
  parallel_for_each(pool, xs, [&](int&) {
    if (seen++ == 0) posted_before_first = pool.stats().submitted > before;
  });
  EXPECT_EQ(seen.load(), 4);
  EXPECT_TRUE(posted_before_first.load());
}

// Once the work looks long, helpers join: with 64 elements of 1 ms and two or more
// workers, some element runs on a worker.
TEST_P(ParallelForEach, LongCallsBringInHelpers) {
  if (GetParam() < 2) GTEST_SKIP() << "one worker: the caller is the only participant";
  const auto caller = std::this_thread::get_id();
  std::vector<int> xs(64);
  std::atomic<int> elsewhere{0};
  parallel_for_each(pool, xs,
                    [&](int) {
                      std::this_thread::sleep_for(std::chrono::milliseconds(1));
                      if (std::this_thread::get_id() != caller) ++elsewhere;
                    },
                    {0, 1});
  EXPECT_GT(elsewhere.load(), 0);
}

TEST_P(ParallelForEach, ShutDownPoolThrowsClosedError) {
  pool.shutdown();
  std::vector<int> xs(10);
  EXPECT_THROW(parallel_for_each(pool, xs, [](int) {}), taskbound::closed_error);
  EXPECT_THROW(parallel_for(pool, 0, 10, [](int) {}), taskbound::closed_error);
}

// run_chunked's decision to stay alone or to share, on a clock that only the elements move:
// each element advances it by its own cost. Real timing is distorted by sanitizers and by a
// busy machine; this checks the rule itself, at every worker count.
struct fake_clock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<fake_clock>;
  static constexpr bool is_steady = true;
  static inline std::atomic<rep> ticks{0};
  static time_point now() noexcept { return time_point(duration(ticks.load())); }
};

struct sharing {
  bool posted = false;    // some helper was posted
  std::size_t before = 0; // elements run (all on the caller) before the first post
  std::size_t ran = 0;    // elements run in all
};

// Runs n elements, element i costing cost(i) fake nanoseconds, with the defaults that
// parallel_for_each picks for the pool.
template <class Cost>
sharing run_with_costs(worker_pool& pool, std::size_t n, Cost cost) {
  const std::size_t participants = taskbound::detail::pick_participants(pool, 0);
  const std::size_t chunk = taskbound::detail::pick_chunk(n, participants, 0);
  const auto submitted = pool.stats().submitted;
  std::atomic<std::size_t> ran{0};
  std::atomic<std::size_t> before{n};
  auto body = [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      // The caller posts between elements, so the first element to see the post counts
      // exactly the elements run before it; any later one counts more.
      if (pool.stats().submitted != submitted) {
        std::size_t seen = before.load();
        const std::size_t now = ran.load();
        while (now < seen && !before.compare_exchange_weak(seen, now)) {
        }
      }
      fake_clock::ticks += cost(i);
      ++ran;
    }
  };
  taskbound::detail::run_chunked<fake_clock>(pool, n, chunk, participants, body);
  return {pool.stats().submitted != submitted, before.load(), ran.load()};
}

TEST_P(ParallelForEach, SharesOnlyWhenTheRestLooksLongerThanTenMicroseconds) {
  const bool can_share = GetParam() > 1; // one worker: the caller is the only participant
  for (std::int64_t ns : {10, 40, 60, 1000}) {
    const sharing s = run_with_costs(pool, 200, [ns](std::size_t) { return ns; });
    EXPECT_EQ(s.ran, 200u) << ns << " ns";
    // 200 x 40 ns = 8 us: below alone_below_ns; 200 x 60 ns = 12 us: above.
    EXPECT_EQ(s.posted, can_share && ns >= 60) << ns << " ns per element";
  }
}

TEST_P(ParallelForEach, LongElementsAreSharedAfterTheFirstMicrosecond) {
  if (GetParam() < 2) GTEST_SKIP() << "one worker: the caller is the only participant";
  const sharing s = run_with_costs(pool, 200, [](std::size_t) { return std::int64_t{1000}; });
  EXPECT_TRUE(s.posted);
  EXPECT_EQ(s.before, 1u) << "the first 1 us element is enough to tell a long call";
  EXPECT_EQ(s.ran, 200u);
}

TEST_P(ParallelForEach, CheapFirstElementsHideAnExpensiveRestOnlyBriefly) {
  if (GetParam() < 2) GTEST_SKIP() << "one worker: the caller is the only participant";
  constexpr std::size_t cheap = 100;
  const sharing s =
      run_with_costs(pool, 1000, [](std::size_t i) { return std::int64_t{i < cheap ? 10 : 1000}; });
  EXPECT_TRUE(s.posted);
  // The caller looks at the clock after 1, 2, 4, ... chunks, so it runs at most about as many
  // expensive elements alone as it ran cheap ones.
  EXPECT_LE(s.before, 2 * cheap);
  EXPECT_EQ(s.ran, 1000u);
}

INSTANTIATE_TEST_SUITE_P(Workers, ParallelForEach, taskbound_test::worker_counts(),
                         taskbound_test::worker_name{});

} // namespace
