//===-- test_first_error.cpp - tests of detail::first_error ---------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// detail::first_error: the first recorded exception wins, take() hands it over once, racing
// recorders agree on one winner, and has_error() publishes what the recorder wrote.
#include <taskbound/detail/first_error.hpp> // first_error

#include <gtest/gtest.h> // TEST, EXPECT_*

#include <atomic>    // std::atomic
#include <exception> // std::exception_ptr, std::make_exception_ptr, std::rethrow_exception
#include <stdexcept> // std::runtime_error, std::logic_error
#include <string>    // std::string, std::to_string
#include <thread>    // std::thread
#include <vector>    // std::vector

namespace {

using taskbound::detail::first_error;

std::string message_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  }
}

TEST(FirstError, EmptyHasNothingToReport) {
  first_error error;
  EXPECT_FALSE(error.has_error());
  EXPECT_EQ(error.take(), nullptr);
  EXPECT_NO_THROW(error.rethrow_if_any());
}

TEST(FirstError, KeepsTheFirstAndDropsLaterOnes) {
  first_error error;
  EXPECT_TRUE(error.record(std::make_exception_ptr(std::runtime_error("first"))));
  EXPECT_FALSE(error.record(std::make_exception_ptr(std::runtime_error("second"))));
  EXPECT_TRUE(error.has_error());
  const std::exception_ptr taken = error.take();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(message_of(taken), "first");
  EXPECT_FALSE(error.has_error()) << "take() forgets it";
  EXPECT_EQ(error.take(), nullptr);
}

TEST(FirstError, AfterTakeTheNextRecordIsKeptAgain) {
  first_error error;
  error.record(std::make_exception_ptr(std::runtime_error("round 1")));
  (void)error.take();
  EXPECT_TRUE(error.record(std::make_exception_ptr(std::runtime_error("round 2"))));
  EXPECT_EQ(message_of(error.take()), "round 2");
}

TEST(FirstError, NullIsNotAnError) {
  first_error error;
  EXPECT_FALSE(error.record(nullptr));
  EXPECT_FALSE(error.has_error());
}

TEST(FirstError, RecordCurrentInACatchBlockAndRethrowOnce) {
  first_error error;
  try {
    throw std::logic_error("caught");
  } catch (...) {
    EXPECT_TRUE(error.record_current());
  }
  try {
    error.rethrow_if_any();
    FAIL() << "rethrow_if_any() must rethrow the kept exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "caught");
  }
  EXPECT_NO_THROW(error.rethrow_if_any()) << "rethrown once, then forgotten";
}

TEST(FirstError, RacingRecordersAgreeOnOneWinner) {
  for (int round = 0; round < 50; ++round) {
    first_error error;
    constexpr int threads = 8;
    std::atomic<int> ready{0};
    std::vector<int> won(threads, 0);
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
      ts.emplace_back([&, t] {
        ++ready;
        while (ready.load() < threads) std::this_thread::yield();
        won[static_cast<std::size_t>(t)] =
            error.record(std::make_exception_ptr(std::runtime_error(std::to_string(t)))) ? 1 : 0;
      });
    for (auto& t : ts) t.join();
    int winners = 0;
    int winner = -1;
    for (int t = 0; t < threads; ++t)
      if (won[static_cast<std::size_t>(t)] != 0) ++winners, winner = t;
    ASSERT_EQ(winners, 1);
    EXPECT_EQ(message_of(error.take()), std::to_string(winner)) << "the kept exception is the winner's";
  }
}

// A reader that sees has_error() also sees what the recording thread wrote before it
// recorded (ThreadSanitizer reports a race here if has_error() does not acquire).
TEST(FirstError, HasErrorPublishesTheRecordersWrites) {
  first_error error;
  int written_before = 0;
  std::thread recorder([&] {
    written_before = 42;
    error.record(std::make_exception_ptr(std::runtime_error("late")));
  });
  while (!error.has_error()) std::this_thread::yield();
  EXPECT_EQ(written_before, 42);
  recorder.join();
}

} // namespace
