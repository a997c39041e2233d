//===-- test_stress.cpp - stress test -------------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Stress: TASKBOUND_STRESS=<tasks> (>= 10,000,000 in CI's normal build) tasks posted by
// several producers, 1% throwing, with shutdown() in the middle; afterwards every accepted
// task ran exactly once and every refused one never ran. Skipped when the variable is unset.
#include <taskbound/worker_pool.hpp> // worker_pool, when_full

#include <gtest/gtest.h> // TEST, GTEST_SKIP, EXPECT_*

#include <atomic>    // std::atomic
#include <cstdint>   // std::uint8_t
#include <cstdlib>   // std::getenv, std::strtoull
#include <memory>    // std::unique_ptr
#include <stdexcept> // std::runtime_error
#include <thread>    // std::thread
#include <vector>    // std::vector

namespace {

using taskbound::when_full;

std::size_t stress_size() {
  const char* env = std::getenv("TASKBOUND_STRESS");
  return env != nullptr ? static_cast<std::size_t>(std::strtoull(env, nullptr, 10)) : 0;
}

// Posts `total` tasks from `producers` threads into a pool with `policy`; a controller
// calls shutdown() once half of them were offered. Checks exactly-once for accepted tasks.
// A producer that reaches three quarters of its share before the pool is closed waits for
// the close, so the shutdown always lands while producers are still posting (fast
// producers could otherwise finish first: seen once under ASan with caller_runs).
void run_stress(std::size_t total, when_full policy) {
  constexpr std::size_t producers = 4;
  const std::size_t per_producer = total / producers;
  total = per_producer * producers;
  std::unique_ptr<std::atomic<std::uint8_t>[]> runs(new std::atomic<std::uint8_t>[total]);
  std::unique_ptr<std::uint8_t[]> accepted(new std::uint8_t[total]()); // each written by one producer
  std::atomic<std::size_t> offered{0}, throwing_accepted{0}, rejected{0};
  std::atomic<bool> refused_closed{false};
  for (std::size_t i = 0; i < total; ++i) runs[i].store(0, std::memory_order_relaxed);

  taskbound::worker_pool pool({4, 256, policy});
  std::vector<std::thread> threads;
  for (std::size_t p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      for (std::size_t i = 0; i < per_producer; ++i) {
        if (i == per_producer * 3 / 4)
          while (!pool.closed()) std::this_thread::yield();
        const std::size_t id = p * per_producer + i;
        offered.fetch_add(1, std::memory_order_relaxed);
        try {
          pool.post([&runs, id] {
            runs[id].fetch_add(1, std::memory_order_relaxed);
            if (id % 100 == 0) throw std::runtime_error("1% of tasks throw");
          });
          accepted[id] = 1;
          if (id % 100 == 0) throwing_accepted.fetch_add(1, std::memory_order_relaxed);
        } catch (const taskbound::closed_error&) {
          refused_closed = true;
        } catch (const taskbound::rejected_error&) {
          rejected.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  std::thread controller([&] {
    while (offered.load(std::memory_order_relaxed) < total / 2) std::this_thread::yield();
    pool.shutdown();
  });
  for (auto& t : threads) t.join();
  controller.join();

  std::size_t accepted_count = 0;
  for (std::size_t id = 0; id < total; ++id) {
    const unsigned ran = runs[id].load(std::memory_order_relaxed);
    if (accepted[id] != 0) {
      ++accepted_count;
      ASSERT_EQ(ran, 1u) << "accepted task " << id << " must run exactly once";
    } else {
      ASSERT_EQ(ran, 0u) << "refused task " << id << " must not run";
    }
  }
  const auto s = pool.stats();
  EXPECT_TRUE(refused_closed.load()) << "the shutdown happened while producers were posting";
  EXPECT_EQ(s.rejected, rejected.load());
  if (policy == when_full::reject)
    EXPECT_GE(accepted_count + rejected.load(), total / 2 - producers);
  else
    EXPECT_GE(accepted_count, total / 2 - producers);
  EXPECT_EQ(s.submitted, accepted_count);
  EXPECT_EQ(s.completed + s.failed, accepted_count);
  EXPECT_EQ(s.failed, throwing_accepted.load());
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_EQ(s.queue_depth, 0u);
  EXPECT_THROW(pool.wait_idle(), std::runtime_error) << "the first failure is reported";
}

TEST(Stress, BlockPolicyShutdownInTheMiddle) {
  const std::size_t n = stress_size();
  if (n == 0) GTEST_SKIP() << "set TASKBOUND_STRESS=<tasks> to run";
  run_stress(n, when_full::block);
}

TEST(Stress, CallerRunsPolicyShutdownInTheMiddle) {
  const std::size_t n = stress_size();
  if (n == 0) GTEST_SKIP() << "set TASKBOUND_STRESS=<tasks> to run";
  run_stress(n / 4, when_full::caller_runs);
}

TEST(Stress, RejectPolicyShutdownInTheMiddle) {
  const std::size_t n = stress_size();
  if (n == 0) GTEST_SKIP() << "set TASKBOUND_STRESS=<tasks> to run";
  run_stress(n / 4, when_full::reject);
}

} // namespace
