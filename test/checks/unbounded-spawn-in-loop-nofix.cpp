//===-- unbounded-spawn-in-loop-nofix.cpp - no fix where it is not exact --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Spawns that stay flagged with the advice and no fix, because a rewrite
// would not be exact: futures returned, used twice, stored in a member;
// threads detached and never awaited; tasks that wait on other tasks. Even
// --fix --fix-notes must leave the file unchanged.
// RUN: %check_tidy --fix --fix-notes --expect-unchanged %s \
// RUN:   taskbound-unbounded-spawn-in-loop -- -std=c++20

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

int work(int x) { return x * 2; }

// Returned from the function: the caller decides when they are waited for.
std::vector<std::future<int>> returned(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  return futs;
}

// Used twice: each future waited for, then asked again.
int usedTwice(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  int sum = 0;
  for (auto &f : futs)
    f.wait();
  for (auto &f : futs)
    sum += f.get();
  return sum;
}

// Stored in a member.
struct Holder {
  std::vector<std::future<int>> futs;
  void start(const std::vector<int> &xs) {
    for (int x : xs)
      futs.push_back(std::async(std::launch::async, work, x));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  }
};

// Detached and never awaited.
void fireAndForget(int n) {
  for (int i = 0; i < n; ++i)
    std::thread([i] { (void)work(i); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
}

// The task waits on other tasks (a condition variable the spawner signals):
// on a bounded pool it could wait for a task that never gets a worker.
void waitsOnOthers(int n) {
  std::mutex m;
  std::condition_variable cv;
  bool go = false;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
      std::unique_lock<std::mutex> lock(m);
      cv.wait(lock, [&] { return go; });
    });
  {
    std::lock_guard<std::mutex> lock(m);
    go = true;
  }
  cv.notify_all();
  for (auto &t : threads)
    t.join();
}

// The task waits on a future handed to it.
int waitsOnFuture(const std::vector<int> &xs) {
  std::promise<int> p;
  std::shared_future<int> ready = p.get_future().share();
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(
        std::async(std::launch::async, [ready, x] { return ready.get() + x; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  p.set_value(1);
  int sum = 0;
  for (auto &f : futs)
    sum += f.get();
  return sum;
}
