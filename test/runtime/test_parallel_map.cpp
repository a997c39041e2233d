//===-- test_parallel_map.cpp - parallel_map tests ------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// parallel_map: results in input order, the in-flight bound, exception routing, result types;
// the same for the index form over [first, last), with its index types and edge ranges.
#include <taskbound/parallel_map.hpp> // parallel_map

#include "test_support.hpp" // peak_meter, in_body, worker_counts

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <atomic>    // std::atomic
#include <cstdint>   // std::int8_t, std::int64_t, std::uint64_t
#include <limits>    // std::numeric_limits
#include <list>      // std::list
#include <memory>    // std::unique_ptr
#include <numeric>   // std::iota
#include <stdexcept> // std::runtime_error, std::invalid_argument, std::length_error
#include <string>    // std::string, std::to_string
#include <vector>    // std::vector

namespace {

using taskbound::map_options;
using taskbound::parallel_map;
using taskbound::worker_pool;

class ParallelMap : public ::testing::TestWithParam<std::size_t> {
protected:
  worker_pool pool{{GetParam(), 16}};
};

TEST_P(ParallelMap, ResultsComeBackInInputOrder) {
  std::vector<int> xs(20011);
  std::iota(xs.begin(), xs.end(), 0);
  const auto ys = parallel_map(pool, xs, [](int x) { return std::to_string(x); });
  ASSERT_EQ(ys.size(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) ASSERT_EQ(ys[i], std::to_string(xs[i]));
}

TEST_P(ParallelMap, EmptyInputGivesEmptyOutput) {
  std::vector<int> none;
  EXPECT_TRUE(parallel_map(pool, none, [](int x) { return x; }).empty());
}

TEST_P(ParallelMap, NeverHasMoreCallsInFlightThanTheLimit) {
  for (std::size_t limit : {1u, 2u, 3u}) {
    taskbound_test::peak_meter meter;
    std::vector<int> xs(300);
    const auto ys = parallel_map(pool, xs,
                                 [&](int) {
                                   taskbound_test::in_body body(meter);
                                   return meter.now();
                                 },
                                 {limit});
    for (int seen : ys) ASSERT_LE(seen, static_cast<int>(limit));
    EXPECT_LE(meter.peak(), static_cast<int>(limit));
  }
}

TEST_P(ParallelMap, MoveOnlyAndNonDefaultConstructibleResults) {
  struct boxed {
    explicit boxed(int v) : value(v) {}
    int value;
  };
  std::list<int> xs{1, 2, 3, 4, 5, 6, 7};
  const auto ptrs = parallel_map(pool, xs, [](int x) { return std::make_unique<int>(x * 10); });
  const auto boxes = parallel_map(pool, xs, [](int x) { return boxed(x + 1); });
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(*ptrs[i], static_cast<int>(i + 1) * 10);
    EXPECT_EQ(boxes[i].value, static_cast<int>(i) + 2);
  }
}

TEST_P(ParallelMap, FirstExceptionIsRethrown) {
  std::vector<int> xs(500);
  std::iota(xs.begin(), xs.end(), 0);
  EXPECT_THROW((void)parallel_map(pool, xs,
                                  [](int x) {
                                    if (x == 250) throw std::runtime_error("bad element");
                                    return x;
                                  }),
               std::runtime_error);
  const auto ok = parallel_map(pool, xs, [](int x) { return x + 1; });
  EXPECT_EQ(ok.back(), 500);
}

// The index form: element k is f(first + k).

TEST_P(ParallelMap, IndexFormResultsComeBackInIndexOrder) {
  const auto squares = parallel_map(pool, 0, 20011, [](int i) { return static_cast<long long>(i) * i; });
  ASSERT_EQ(squares.size(), 20011u);
  for (std::size_t k = 0; k < squares.size(); ++k)
    ASSERT_EQ(squares[k], static_cast<long long>(k) * static_cast<long long>(k));
  const auto names = parallel_map(pool, -3, 4, [](int i) { return std::to_string(i); });
  EXPECT_EQ(names, (std::vector<std::string>{"-3", "-2", "-1", "0", "1", "2", "3"}));
}

TEST_P(ParallelMap, IndexFormNeverHasMoreCallsInFlightThanTheLimit) {
  for (std::size_t limit : {1u, 2u, 3u}) {
    taskbound_test::peak_meter meter;
    const auto seen = parallel_map(pool, 0, 300,
                                   [&](int) {
                                     taskbound_test::in_body body(meter);
                                     return meter.now();
                                   },
                                   {limit});
    ASSERT_EQ(seen.size(), 300u);
    for (int now : seen) ASSERT_LE(now, static_cast<int>(limit));
    EXPECT_LE(meter.peak(), static_cast<int>(limit));
  }
}

TEST_P(ParallelMap, IndexFormFirstExceptionIsRethrownAndLaterCallsSkipped) {
  std::atomic<int> calls{0};
  // Serial (one call in flight): index 3 throws, and nothing after it runs.
  EXPECT_THROW((void)parallel_map(pool, 0, 1000,
                                  [&](int i) {
                                    ++calls;
                                    if (i == 3) throw std::runtime_error("bad index");
                                    return i;
                                  },
                                  {1}),
               std::runtime_error);
  EXPECT_EQ(calls.load(), 4);
  EXPECT_THROW((void)parallel_map(pool, 0, 5000,
                                  [](int i) {
                                    if (i == 2500) throw std::runtime_error("bad index");
                                    return i;
                                  }),
               std::runtime_error);
  const auto ok = parallel_map(pool, 0, 500, [](int i) { return i + 1; });
  EXPECT_EQ(ok.back(), 500) << "the pool still works after a failed call";
}

TEST_P(ParallelMap, IndexFormTakesSignedAndUnsignedIndexTypes) {
  const auto from_unsigned = parallel_map(pool, 10u, 15u, [](unsigned i) { return i * 2; });
  EXPECT_EQ(from_unsigned, (std::vector<unsigned>{20, 22, 24, 26, 28}));
  const auto from_size_t =
      parallel_map(pool, std::size_t{0}, std::size_t{4}, [](std::size_t i) { return i; });
  EXPECT_EQ(from_size_t, (std::vector<std::size_t>{0, 1, 2, 3}));
  const auto from_long_long = parallel_map(pool, -2LL, 2LL, [](long long i) { return i * 10; });
  EXPECT_EQ(from_long_long, (std::vector<long long>{-20, -10, 0, 10}));
  // Narrower than int: the whole range of std::int8_t, and shorts crossing zero.
  const auto all_int8 =
      parallel_map(pool, std::int8_t{-128}, std::int8_t{127}, [](std::int8_t i) { return int{i}; });
  ASSERT_EQ(all_int8.size(), 255u);
  for (std::size_t k = 0; k < all_int8.size(); ++k) ASSERT_EQ(all_int8[k], static_cast<int>(k) - 128);
  const auto shorts = parallel_map(pool, short{-300}, short{300}, [](short i) { return i; });
  ASSERT_EQ(shorts.size(), 600u);
  EXPECT_EQ(shorts.front(), -300);
  EXPECT_EQ(shorts.back(), 299);
}

TEST_P(ParallelMap, IndexFormAtTheEndsOfTheIndexType) {
  constexpr auto max64 = std::numeric_limits<std::int64_t>::max();
  const auto top = parallel_map(pool, max64 - 1000, max64, [](std::int64_t i) { return i; });
  ASSERT_EQ(top.size(), 1000u);
  EXPECT_EQ(top.front(), max64 - 1000);
  EXPECT_EQ(top.back(), max64 - 1) << "no overflow computing first + k";
  constexpr auto min64 = std::numeric_limits<std::int64_t>::min();
  const auto bottom = parallel_map(pool, min64, min64 + 3, [](std::int64_t i) { return i; });
  EXPECT_EQ(bottom, (std::vector<std::int64_t>{min64, min64 + 1, min64 + 2}));
  constexpr auto umax = std::numeric_limits<std::uint64_t>::max();
  const auto utop = parallel_map(pool, umax - 3, umax, [](std::uint64_t i) { return umax - i; });
  EXPECT_EQ(utop, (std::vector<std::uint64_t>{3, 2, 1}));
}

TEST_P(ParallelMap, IndexFormOverAMillionsLongRange) {
  constexpr int n = 1 << 22;
  const auto doubled = parallel_map(pool, 0, n, [](int i) { return 2 * i; });
  ASSERT_EQ(doubled.size(), static_cast<std::size_t>(n));
  long long sum = 0;
  for (std::size_t k = 0; k < doubled.size(); ++k) {
    ASSERT_EQ(doubled[k], 2 * static_cast<int>(k));
    sum += doubled[k];
  }
  EXPECT_EQ(sum, static_cast<long long>(n) * (n - 1));
}

TEST_P(ParallelMap, IndexFormTooHugeToHoldThrowsLengthErrorBeforeAnyCall) {
  std::atomic<int> calls{0};
  try {
    (void)parallel_map(pool, std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max(), [&](std::int64_t i) {
                         ++calls;
                         return i;
                       });
    FAIL() << "2^64 - 1 results cannot be held";
  } catch (const std::length_error& e) {
    EXPECT_NE(std::string(e.what()).find("taskbound::parallel_map"), std::string::npos) << e.what();
  }
  EXPECT_EQ(calls.load(), 0);
}

TEST_P(ParallelMap, IndexFormEmptyAndReversedRanges) {
  std::atomic<int> calls{0};
  const auto none = parallel_map(pool, 7, 7, [&](int i) {
    ++calls;
    return i;
  });
  EXPECT_TRUE(none.empty());
  try {
    (void)parallel_map(pool, 5u, 2u, [&](unsigned i) {
      ++calls;
      return i;
    });
    FAIL() << "last < first must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "taskbound::parallel_map: last is before first");
  }
  EXPECT_EQ(calls.load(), 0);
}

TEST_P(ParallelMap, IndexFormMoveOnlyResults) {
  const auto boxes = parallel_map(pool, 1, 8, [](int i) { return std::make_unique<int>(i * 10); });
  ASSERT_EQ(boxes.size(), 7u);
  for (std::size_t k = 0; k < boxes.size(); ++k) EXPECT_EQ(*boxes[k], static_cast<int>(k + 1) * 10);
}

INSTANTIATE_TEST_SUITE_P(Workers, ParallelMap, taskbound_test::worker_counts(),
                         taskbound_test::worker_name{});

} // namespace
