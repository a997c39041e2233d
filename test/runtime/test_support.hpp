//===-- test_support.hpp - test helpers -------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Helpers shared by the runtime suites: a concurrency meter, a gate that holds tasks, the
// worker counts every suite runs at, and a deadlock watchdog.
#pragma once

#include <gtest/gtest.h> // ::testing

#include <atomic>  // std::atomic
#include <chrono>  // std::chrono::seconds
#include <cstddef> // std::size_t
#include <cstdio>  // std::fprintf, std::fflush
#include <cstdlib> // std::quick_exit
#include <future>  // std::async, std::future_status
#include <string>  // std::string, std::to_string
#include <thread>  // std::this_thread::yield
#include <utility> // std::move

#if defined(__SANITIZE_THREAD__)
#define TASKBOUND_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TASKBOUND_TEST_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define TASKBOUND_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TASKBOUND_TEST_ASAN 1
#endif
#endif

namespace taskbound_test {

/// True in a ThreadSanitizer build, whose instrumentation changes timing far beyond what the
/// runtime's time-based decisions are tuned for.
inline constexpr bool under_tsan =
#ifdef TASKBOUND_TEST_TSAN
    true;
#else
    false;
#endif

/// True in an AddressSanitizer build: its instrumentation makes cold code and data costlier,
/// which a loaded machine turns into microseconds.
inline constexpr bool under_asan =
#ifdef TASKBOUND_TEST_ASAN
    true;
#else
    false;
#endif

/// The worker counts every parameterised suite runs at.
inline auto worker_counts() { return ::testing::Values(std::size_t{1}, 2, 4, 8); }

/// Names parameterised instances "workers_N".
struct worker_name {
  std::string operator()(const ::testing::TestParamInfo<std::size_t>& info) const {
    return "workers_" + std::to_string(info.param);
  }
};

/// Measures how many bodies run at once: call enter() first and leave() last in a body.
class peak_meter {
public:
  void enter() {
    const int now = ++now_;
    int seen = peak_.load();
    while (now > seen && !peak_.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { --now_; }
  int peak() const { return peak_.load(); }
  int now() const { return now_.load(); }

private:
  std::atomic<int> now_{0};
  std::atomic<int> peak_{0};
};

/// RAII enter/leave on a peak_meter, with a short busy stretch so that bodies overlap.
class in_body {
public:
  explicit in_body(peak_meter& m, int spins = 200) : m_(m) {
    m_.enter();
    for (int i = 0; i < spins; ++i) std::atomic_signal_fence(std::memory_order_seq_cst);
    std::this_thread::yield();
  }
  ~in_body() { m_.leave(); }
  in_body(const in_body&) = delete;
  in_body& operator=(const in_body&) = delete;

private:
  peak_meter& m_;
};

/// Holds tasks until opened.
class gate {
public:
  void wait() {
    while (!open_.load()) open_.wait(false);
  }
  void open() {
    open_.store(true);
    open_.notify_all();
  }

private:
  std::atomic<bool> open_{false};
};

/// Spins (yielding) until pred() holds.
template <class Pred>
void eventually(Pred pred) {
  while (!pred()) std::this_thread::yield();
}

/// Runs @p body on its own thread; if it has not finished after 60 s (a deadlock), reports
/// it and ends the process: the test fails instead of hanging ctest, and no destructor
/// waits for the stuck pool.
template <class Body>
void within_watchdog(Body body) {
  auto done = std::async(std::launch::async, std::move(body));
  if (done.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "deadlock: not finished after 60 s";
    std::fprintf(stderr, "FAILED: %s: deadlock (watchdog fired after 60 s)\n",
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::fflush(stderr);
    std::quick_exit(1);
  }
  done.get(); // rethrows what the body threw
}

} // namespace taskbound_test
