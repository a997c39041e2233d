//===-- tiny-task-options.cpp - options -----------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Every option, each in its own RUN line. Each warning below has its own
// FileCheck prefix; a RUN line lists the warnings it expects, and any other
// warning fails it.
//
// Defaults: MinElements 64, MaxStatements 3.
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100,THREE \
// RUN:   %s taskbound-tiny-task -- -std=c++20
//
// MinElements raises the constant trip count that starts few enough tasks.
// RUN: %check_tidy --check-prefixes=RUNTIME,THREE %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.MinElements: 100}}" -- -std=c++20
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100,LOOP40,THREE %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.MinElements: 16}}" -- -std=c++20
//
// MaxStatements: fewer statements make fewer bodies tiny, more make more.
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100 %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.MaxStatements: 2}}" -- -std=c++20
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100,THREE,FIVE %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.MaxStatements: 5}}" -- -std=c++20
//
// SpawnFunctions adds spawn sites, here a project's own pool.
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100,THREE,CUSTOM %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.SpawnFunctions: '::my::Pool::enqueue'}}" -- -std=c++20
//
// IgnoredSpawnFunctions removes built-in ones.
// RUN: %check_tidy --check-prefixes=THREE %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.IgnoredSpawnFunctions: '::std::async'}}" -- -std=c++20
//
// The options without the check's prefix apply to every taskbound check.
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100,THREE,CUSTOM %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {SpawnFunctions: '::my::Pool::enqueue'}}" -- -std=c++20
//
// BoundedExecutors and LimiterFunctions bound live tasks, not per-task cost:
// they change nothing here.
// RUN: %check_tidy --check-prefixes=RUNTIME,LOOP100,THREE %s taskbound-tiny-task \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.BoundedExecutors: '::my::Pool', taskbound-tiny-task.LimiterFunctions: '::my::Pool::wait_for_room'}}" -- -std=c++20
//
// A value that is not a number is reported, and the default is used.
// RUN: %taskbound_tidy -checks='-*,taskbound-tiny-task' %s \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.MinElements: lots}}" -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD
// BAD: invalid configuration value 'lots' for option 'taskbound-tiny-task.MinElements'
//
// -dump-config shows every option with its value.
// RUN: %taskbound_tidy -checks='-*,taskbound-tiny-task' -dump-config \
// RUN:   -config="{CheckOptions: {taskbound-tiny-task.MinElements: 8}}" -- | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: taskbound-tiny-task.MinElements: '8'
// DUMP-DAG: taskbound-tiny-task.MaxStatements: '3'
// DUMP-DAG: taskbound-tiny-task.SpawnFunctions: ''
// DUMP-DAG: taskbound-tiny-task.IgnoredSpawnFunctions: ''
// DUMP-DAG: taskbound-tiny-task.ConcurrencyLimitFunctions: ''
// DUMP-DAG: taskbound-tiny-task.LimiterFunctions: ''
// DUMP-DAG: taskbound-tiny-task.BoundedExecutors: ''

#include <atomic>
#include <future>
#include <thread>
#include <vector>

int twice(int x) { return x * 2; }

namespace my {
class Pool {
public:
  template <typename F> void enqueue(F &&f) { (void)f; }
  void wait_for_room();
};
} // namespace my

void runtime_count(const std::vector<int> &xs,
                   std::vector<std::future<int>> &futs) {
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, twice, x));
  // RUNTIME: :[[@LINE-1]]:20: warning: 'std::async' starts a thread per element to run a tiny body, and starting it costs far more than the work; process the elements in chunks with 'taskbound::parallel_for_each' [taskbound-tiny-task]
}

void constant_counts(std::vector<std::future<int>> &futs) {
  for (int i = 0; i < 100; ++i)
    futs.push_back(std::async(std::launch::async, twice, i));
  // LOOP100: :[[@LINE-1]]:20: warning: 'std::async' starts a thread per element
  for (int i = 0; i < 40; ++i)
    futs.push_back(std::async(std::launch::async, twice, i));
  // LOOP40: :[[@LINE-1]]:20: warning: 'std::async' starts a thread per element
}

void statement_counts(const std::vector<int> &xs, std::vector<int> &out) {
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.emplace_back([&out, x] {
      int a = x * 2;
      int b = a + 1;
      out[x] = b;
    });
  // THREE: :[[@LINE-5]]:5: warning: 'std::thread' starts a thread per element
  for (int x : xs)
    threads.emplace_back([&out, x] {
      int a = x * 2;
      int b = a + 1;
      int c = b * b;
      int d = c - a;
      out[x] = d;
    });
  // FIVE: :[[@LINE-7]]:5: warning: 'std::thread' starts a thread per element
  for (auto &t : threads)
    t.join();
}

void custom_pool(my::Pool &pool, const std::vector<int> &xs,
                 std::atomic<int> &sum) {
  for (int x : xs) {
    pool.wait_for_room();
    pool.enqueue([&sum, x] { sum += x; });
    // CUSTOM: :[[@LINE-1]]:5: warning: 'my::Pool::enqueue' starts a task per element
  }
}
