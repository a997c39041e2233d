//===-- unbounded-spawn-in-loop-fixits.cpp - the rewrites, CHECK-FIXES ----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Every rewrite shape of the fix-its and what it writes. --fix applies the
// rewrites on the warnings (gather -> parallel_map, threads -> task_scope);
// the drop-in to taskbound::async is on a note, so only --fix-notes applies
// it (second RUN). The fixed file must compile with -Wall -Wextra -Werror.
// RUN: %check_tidy --fix --fixes-prefixes=CHECK-FIXES,CHECK-NONOTES --compile-fixed %clangxx --fixed-without-warnings %s \
// RUN:   taskbound-unbounded-spawn-in-loop -- -std=c++20 -I%runtime_include
// RUN: %check_tidy --fix --fix-notes --fixes-prefixes=CHECK-FIXES,CHECK-NOTES \
// RUN:   --compile-fixed %clangxx --fixed-without-warnings %s \
// RUN:   taskbound-unbounded-spawn-in-loop -- -std=c++20 -I%runtime_include
// RUN: %check_tidy --fix --fixes-prefixes=CHECK-BOUND %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.FixMaxInFlight: 8}}" \
// RUN:   -- -std=c++20 -I%runtime_include

#include <atomic>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>
// CHECK-FIXES: #include <taskbound/taskbound.hpp>

int work(int x) { return x * 2; }
std::string label(const std::string &s) { return s + "!"; }
void fill(std::vector<int> &out, int i) { out[i] = i; }

int gatherRange(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the calls with 'taskbound::parallel_map' [taskbound-unbounded-spawn-in-loop]
  int sum = 0;
  for (auto &f : futs)
    sum += f.get();
  return sum;
}
// CHECK-FIXES: auto futs = taskbound::parallel_map(xs, [&](int x) { return work(x); });
// CHECK-FIXES: int sum = 0;
// CHECK-FIXES: for (auto &f : futs)
// CHECK-FIXES: sum += f;
// CHECK-BOUND: taskbound::parallel_map(xs, [&](int x) { return work(x); }, {.max_in_flight = 8});

int gatherIndex(int n) {
  std::vector<std::future<int>> futs;
  futs.reserve(n);
  for (int i = 0; i < n; ++i)
    futs.emplace_back(std::async(std::launch::async, [i] { return work(i); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the calls with 'taskbound::parallel_map' [taskbound-unbounded-spawn-in-loop]
  int sum = 0;
  for (std::size_t i = 0; i < futs.size(); ++i)
    sum += futs[i].get();
  return sum;
}
// CHECK-FIXES: int gatherIndex(int n) {
// CHECK-FIXES: auto futs = taskbound::parallel_map(0, n, [&](int i) { return [i] { return work(i); }(); });
// CHECK-FIXES: int sum = 0;
// CHECK-FIXES: for (std::size_t i = 0; i < futs.size(); ++i)
// CHECK-FIXES: sum += futs[i];

std::size_t gatherStrings(const std::vector<std::string> &names) {
  std::vector<std::future<std::string>> futs;
  for (const auto &name : names)
    futs.push_back(std::async(label, name));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the calls with 'taskbound::parallel_map' [taskbound-unbounded-spawn-in-loop]
  std::size_t total = 0;
  for (std::future<std::string> &f : futs)
    total += f.get().size();
  return total;
}
// CHECK-FIXES: auto futs = taskbound::parallel_map(names, [&](const auto &name) { return label(name); });
// CHECK-FIXES: for (auto &f : futs)
// CHECK-FIXES: total += std::move(f).size();

int gatherMap(const std::map<std::string, int> &m) {
  std::vector<std::future<int>> futs;
  for (const auto &[key, value] : m)
    futs.push_back(std::async(std::launch::async, work, value));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the calls with 'taskbound::parallel_map' [taskbound-unbounded-spawn-in-loop]
  int sum = 0;
  for (auto &f : futs)
    sum += f.get();
  return sum;
}
// CHECK-FIXES: auto futs = taskbound::parallel_map(m, [&](auto &&taskbound_element) { const auto &[key, value] = taskbound_element; return work(value); });

struct Scaler {
  int factor = 3;
  int scale(int x) const { return x * factor; }
  int all(const std::vector<int> &xs) {
    std::vector<std::future<int>> futs;
    for (int x : xs)
      futs.push_back(std::async(std::launch::async, &Scaler::scale, this, x));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the calls with 'taskbound::parallel_map' [taskbound-unbounded-spawn-in-loop]
    int sum = 0;
    for (auto &f : futs)
      sum += f.get();
    return sum;
  }
};
// CHECK-FIXES: auto futs = taskbound::parallel_map(xs, [&](int x) { return this->scale(x); });

void threadsJoined(int n) {
  std::vector<int> out(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(fill, std::ref(out), i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread on each iteration of this loop with no bound on how many run at once; spawn the tasks into a 'taskbound::task_scope', which bounds them [taskbound-unbounded-spawn-in-loop]
  for (auto &t : threads)
    t.join();
}
// CHECK-FIXES: taskbound::task_scope threads;
// CHECK-FIXES: for (int i = 0; i < n; ++i)
// CHECK-FIXES: threads.spawn([&out, i] { fill(out, i); });
// CHECK-FIXES: threads.join();
// CHECK-BOUND: taskbound::task_scope threads(8);

void jthreads(const std::vector<int> &xs) {
  std::atomic<int> sum{0};
  {
    std::vector<std::jthread> threads;
    for (int x : xs)
      threads.emplace_back([&sum, x] { sum += x; });
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::jthread' starts a new thread on each iteration of this loop with no bound on how many run at once; spawn the tasks into a 'taskbound::task_scope', which bounds them [taskbound-unbounded-spawn-in-loop]
  }
}
// CHECK-FIXES: taskbound::task_scope threads;
// CHECK-FIXES: for (int x : xs)
// CHECK-FIXES: threads.spawn([&sum, x] { sum += x; });

// std::future<void>: nothing to gather, so only the drop-in, on a note.
void dropIn(const std::vector<int> &xs) {
  std::vector<std::future<void>> futs;
  std::atomic<int> sum{0};
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, [&sum, x] { sum += x; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:20: note: replace with 'taskbound::async', which queues the task on a bounded pool
  for (auto &f : futs)
    f.wait();
}
// CHECK-NONOTES: futs.push_back(std::async(std::launch::async, [&sum, x] { sum += x; }));
// CHECK-NOTES: futs.push_back(taskbound::async([&sum, x] { sum += x; }));

// A drain that throws the values away: parallel_map would leave the
// statement `f;` behind (-Wunused-value), so the warning keeps its advice
// and no gather fix; the futures are all waited for, so the drop-in stays.
void discardedDrain(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:20: note: replace with 'taskbound::async', which queues the task on a bounded pool
  for (auto &f : futs)
    f.get();
}
// CHECK-NONOTES: futs.push_back(std::async(std::launch::async, work, x));
// CHECK-NOTES: futs.push_back(taskbound::async(work, x));
// CHECK-FIXES: for (auto &f : futs)
// CHECK-FIXES-NEXT: f.get();
