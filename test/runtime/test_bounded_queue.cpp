//===-- test_bounded_queue.cpp - bounded_queue tests ----------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// bounded_queue: FIFO, bounds, blocking, close, item lifetime, MPMC without loss or duplicates.
#include <taskbound/bounded_queue.hpp> // bounded_queue

#include "test_support.hpp" // worker_counts, eventually

#include <gtest/gtest.h> // TEST, EXPECT_*

#include <atomic>    // std::atomic
#include <chrono>    // std::chrono::milliseconds
#include <memory>    // std::unique_ptr
#include <stdexcept> // std::invalid_argument, std::runtime_error
#include <string>    // std::string
#include <thread>    // std::thread
#include <vector>    // std::vector

namespace {

using taskbound::bounded_queue;
using taskbound::closed_error;

TEST(BoundedQueue, CapacityZeroThrowsInvalidArgument) {
  EXPECT_THROW(bounded_queue<int>(0), std::invalid_argument);
}

TEST(BoundedQueue, ReportsItsCapacity) {
  bounded_queue<int> q(5);
  EXPECT_EQ(q.capacity(), 5u);
  EXPECT_EQ(q.size(), 0u);
}

TEST(BoundedQueue, TryPushFailsWhenFullAndTryPopWhenEmpty) {
  bounded_queue<int> q(3);
  EXPECT_TRUE(q.try_push(1));
  EXPECT_TRUE(q.try_push(2));
  EXPECT_TRUE(q.try_push(3));
  EXPECT_FALSE(q.try_push(4));
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.try_pop(), 1);
  EXPECT_EQ(q.try_pop(), 2);
  EXPECT_EQ(q.try_pop(), 3);
  EXPECT_EQ(q.try_pop(), std::nullopt);
}

TEST(BoundedQueue, KeepsFifoOrderAcrossManyWrapArounds) {
  for (std::size_t cap : {1u, 3u, 4u, 7u}) {
    bounded_queue<int> q(cap);
    int next_in = 0, next_out = 0;
    while (next_out < 1000) {
      while (q.try_push(next_in)) ++next_in;
      const auto v = q.pop();
      ASSERT_TRUE(v.has_value());
      EXPECT_EQ(*v, next_out++);
    }
  }
}

TEST(BoundedQueue, HoldsMoveOnlyItems) {
  bounded_queue<std::unique_ptr<std::string>> q(2);
  q.push(std::make_unique<std::string>("a"));
  ASSERT_TRUE(q.try_push(std::make_unique<std::string>("b")));
  EXPECT_EQ(**q.pop(), "a");
  EXPECT_EQ(**q.try_pop(), "b");
}

struct no_default {
  explicit no_default(int v) : value(v) {}
  int value;
};

TEST(BoundedQueue, HoldsTypesWithoutDefaultConstructor) {
  bounded_queue<no_default> q(1);
  q.push(no_default(7));
  EXPECT_EQ(q.pop()->value, 7);
}

TEST(BoundedQueue, CloseDrainsThenReturnsNullopt) {
  bounded_queue<int> q(4);
  q.push(1);
  q.push(2);
  q.close();
  EXPECT_TRUE(q.closed());
  EXPECT_FALSE(q.try_push(3));
  try {
    q.push(3);
    FAIL() << "push after close must throw";
  } catch (const closed_error& e) {
    EXPECT_NE(std::string(e.what()).find("closed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(q.pop(), 1);
  EXPECT_EQ(q.pop(), 2);
  EXPECT_EQ(q.pop(), std::nullopt);
  EXPECT_EQ(q.try_pop(), std::nullopt);
  q.close(); // idempotent
}

TEST(BoundedQueue, CloseWakesABlockedPop) {
  bounded_queue<int> q(2);
  std::atomic<bool> returned{false};
  std::optional<int> got = 42;
  std::thread consumer([&] {
    got = q.pop();
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(returned.load()) << "pop on an empty open queue must wait";
  q.close();
  consumer.join();
  EXPECT_EQ(got, std::nullopt);
}

TEST(BoundedQueue, PushWaitsWhileFullAndCloseWakesItWithClosedError) {
  bounded_queue<int> q(1);
  q.push(1);
  std::atomic<bool> returned{false};
  bool threw_closed = false;
  std::thread producer([&] {
    try {
      q.push(2);
    } catch (const closed_error&) {
      threw_closed = true;
    }
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(returned.load()) << "push on a full queue must wait";
  q.close();
  producer.join();
  EXPECT_TRUE(threw_closed);
  EXPECT_EQ(q.pop(), 1);
  EXPECT_EQ(q.pop(), std::nullopt);
}

TEST(BoundedQueue, BlockedPushCompletesAfterAPop) {
  bounded_queue<int> q(1);
  q.push(1);
  std::atomic<bool> returned{false};
  std::thread producer([&] {
    q.push(2);
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(returned.load());
  EXPECT_EQ(q.pop(), 1);
  producer.join();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(q.pop(), 2);
}

struct counted {
  static inline std::atomic<int> alive{0};
  counted() { ++alive; }
  counted(counted&&) noexcept { ++alive; }
  counted& operator=(counted&&) noexcept = default;
  ~counted() { --alive; }
};

TEST(BoundedQueue, DestructorDestroysItemsStillQueued) {
  {
    bounded_queue<counted> q(8);
    for (int i = 0; i < 5; ++i) q.push(counted{});
    (void)q.pop();
    EXPECT_EQ(counted::alive.load(), 4);
  }
  EXPECT_EQ(counted::alive.load(), 0);
}

struct throws_on_move {
  static inline bool fail_next = false;
  int value;
  explicit throws_on_move(int v) : value(v) {}
  throws_on_move(throws_on_move&& o) : value(o.value) {
    if (fail_next) {
      fail_next = false;
      throw std::runtime_error("move failed");
    }
  }
  throws_on_move& operator=(throws_on_move&&) = default;
};

TEST(BoundedQueue, ItemWhoseMoveThrowsIsNotQueuedAndQueueStaysUsable) {
  bounded_queue<throws_on_move> q(3); // the failed push holds its cell until a pop skips it
  q.push(throws_on_move(1));
  throws_on_move::fail_next = true;
  EXPECT_THROW(q.push(throws_on_move(2)), std::runtime_error);
  q.push(throws_on_move(3));
  EXPECT_EQ(q.pop()->value, 1);
  EXPECT_EQ(q.pop()->value, 3);
  EXPECT_EQ(q.try_pop(), std::nullopt);
}

// P producers and C consumers, P and C in {1, 2, 4, 8}.
class BoundedQueueMpmc : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BoundedQueueMpmc, NothingLostOrDuplicatedAndPerProducerOrderKept) {
  const std::size_t threads = GetParam();
  constexpr int per_producer = 20000;
  bounded_queue<int> q(16);
  std::vector<std::atomic<int>> seen(threads * per_producer);
  std::atomic<bool> order_ok{true};
  std::atomic<std::size_t> max_size{0};
  std::vector<std::thread> consumers;
  for (std::size_t c = 0; c < threads; ++c)
    consumers.emplace_back([&] {
      std::vector<int> last(threads, -1);
      while (auto v = q.pop()) {
        const auto producer = static_cast<std::size_t>(*v) / per_producer;
        const int seq = *v % per_producer;
        if (seq <= last[producer]) order_ok = false;
        last[producer] = seq;
        ++seen[static_cast<std::size_t>(*v)];
        const std::size_t size = q.size();
        if (size > max_size) max_size = size;
      }
    });
  std::vector<std::thread> producers;
  for (std::size_t p = 0; p < threads; ++p)
    producers.emplace_back([&, p] {
      for (int i = 0; i < per_producer; ++i) {
        const int item = static_cast<int>(p) * per_producer + i;
        if (i % 2 == 0)
          q.push(item);
        else
          while (!q.try_push(item)) std::this_thread::yield();
      }
    });
  for (auto& t : producers) t.join();
  q.close();
  for (auto& t : consumers) t.join();
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].load(), 1) << "item " << i;
  EXPECT_TRUE(order_ok.load());
  EXPECT_LE(max_size.load(), q.capacity());
}

INSTANTIATE_TEST_SUITE_P(Threads, BoundedQueueMpmc, taskbound_test::worker_counts(),
                         taskbound_test::worker_name{});

} // namespace
