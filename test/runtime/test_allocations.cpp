//===-- test_allocations.cpp - allocation-free paths ----------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The fast paths allocate nothing per element: a counting global operator new proves it for
// post() of small callables and for parallel_for_each / parallel_for (one allocation per
// call at most, whatever the element count).
#include <taskbound/parallel_for_each.hpp> // parallel_for_each, parallel_for
#include <taskbound/worker_pool.hpp>       // worker_pool

#include "test_support.hpp" // worker_counts

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <array>   // std::array
#include <atomic>  // std::atomic
#include <cstdlib> // std::malloc, std::free
#include <new>     // operator new, std::bad_alloc
#include <vector>  // std::vector

namespace {
std::atomic<long> allocations{0};
} // namespace

// The replacements pair malloc with free; g++ cannot see that across the replaced operators.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using taskbound::worker_pool;

class Allocations : public ::testing::TestWithParam<std::size_t> {
protected:
  worker_pool pool{{GetParam(), 1024}};
};

TEST_P(Allocations, PostOfSmallCallablesAllocatesNothing) {
  std::atomic<long> ran{0};
  long* counter_copy = nullptr;
  for (int i = 0; i < 1000; ++i) pool.post([&ran] { ++ran; }); // warm up
  pool.wait_idle();
  const long before = allocations.load();
  for (int i = 0; i < 100000; ++i)
    pool.post([&ran, counter_copy, i] { ran += (counter_copy == nullptr ? 1 : i); }); // 24 bytes
  pool.wait_idle();
  const long during = allocations.load() - before;
  EXPECT_EQ(during, 0) << "allocations while posting 100000 small tasks";
  EXPECT_EQ(ran.load(), 101000);
}

TEST_P(Allocations, PostOfLargeCallablesAllocatesOncePerTask) {
  std::array<char, 256> big{};
  std::atomic<long> ran{0};
  pool.wait_idle();
  const long before = allocations.load();
  for (int i = 0; i < 1000; ++i) pool.post([&ran, big] { ran += big[0] + 1; });
  pool.wait_idle();
  EXPECT_EQ(allocations.load() - before, 1000) << "callables over 40 bytes go to the heap, once each";
}

TEST_P(Allocations, ParallelForEachAllocatesTheSameForAnyElementCount) {
  std::vector<int> small(1000, 1), large(1000000, 1);
  std::atomic<long> sum{0};
  taskbound::parallel_for_each(pool, small, [&](int x) { sum += x; }); // warm up
  long counts[2];
  int k = 0;
  for (auto* xs : {&small, &large}) {
    const long before = allocations.load();
    taskbound::parallel_for_each(pool, *xs, [&](int x) { sum.fetch_add(x, std::memory_order_relaxed); });
    counts[k++] = allocations.load() - before;
  }
  // The small call may run on the caller alone (no job block); never more than once a call.
  EXPECT_LE(counts[0], counts[1]);
  EXPECT_LE(counts[1], 1) << "at most the shared job block, once per call";
  const long before = allocations.load();
  taskbound::parallel_for(pool, 0, 1000000, [&](int) { sum.fetch_add(1, std::memory_order_relaxed); });
  EXPECT_LE(allocations.load() - before, 1);
  EXPECT_EQ(sum.load(), 1000 + 1000 + 1000000 + 1000000);
}

INSTANTIATE_TEST_SUITE_P(Workers, Allocations, taskbound_test::worker_counts(),
                         taskbound_test::worker_name{});

} // namespace
