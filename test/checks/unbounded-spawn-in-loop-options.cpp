//===-- unbounded-spawn-in-loop-options.cpp - every option ----------------===//
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
// Defaults.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,FANOUT100,BUDGET,THROTTLE,GROUP \
// RUN:   %s taskbound-unbounded-spawn-in-loop -- -std=c++20
//
// SpawnFunctions adds functions, and classes whose construction spawns.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,FANOUT100,BUDGET,THROTTLE,GROUP,CUSTOM \
// RUN:   %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.SpawnFunctions: 'my::spawn;::my::Fiber'}}" -- -std=c++20
//
// The list options are shared by every taskbound check: without a check
// prefix they configure them all.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,FANOUT100,BUDGET,THROTTLE,GROUP,CUSTOM \
// RUN:   %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {SpawnFunctions: 'my::spawn;::my::Fiber'}}" -- -std=c++20
//
// IgnoredSpawnFunctions removes built-in spawn sites (std::thread as well
// as std::async here, so the std::thread warnings go too).
// RUN: %check_tidy --check-prefixes=JTHREAD,GROUP %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.IgnoredSpawnFunctions: '::std::async;std::thread'}}" -- -std=c++20
//
// MaxFanOut raises the constant fan-out that counts as bounded.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,BUDGET,THROTTLE,GROUP %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.MaxFanOut: 200}}" -- -std=c++20
//
// ConcurrencyLimitFunctions adds functions that give the machine's concurrency.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,FANOUT100,THROTTLE,GROUP %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.ConcurrencyLimitFunctions: '::my::slot_budget'}}" -- -std=c++20
//
// LimiterFunctions adds calls that wait for room before each spawn.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,FANOUT100,BUDGET,GROUP %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.LimiterFunctions: '::my::Throttle::wait_for_slot'}}" -- -std=c++20
//
// BoundedExecutors names executors whose queues are bounded.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,JTHREAD,FANOUT100,BUDGET,THROTTLE %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.BoundedExecutors: '::my::BoundedGroup'}}" -- -std=c++20
//
// (FlagEventPacedSpawns is exercised in unbounded-spawn-in-loop-executors.cpp.)
//
// A value that is not a bool is a configuration warning, and the default
// is used (the defaults' findings, and no more), through both binaries.
// RUN: %taskbound_tidy -checks='-*,taskbound-unbounded-spawn-in-loop' --quiet %s \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.FlagEventPacedSpawns: maybe}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=BADBOOL
// RUN: %clang_tidy -load %plugin -checks='-*,taskbound-unbounded-spawn-in-loop' --quiet %s \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.FlagEventPacedSpawns: maybe}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=BADBOOL
// BADBOOL: warning: invalid configuration value 'maybe' for option 'taskbound-unbounded-spawn-in-loop.FlagEventPacedSpawns'; expected a bool, using 'false' [clang-tidy-config]
// BADBOOL-NOT: Stack dump
//
// -dump-config shows every option with its value.
// RUN: %taskbound_tidy -checks='-*,taskbound-unbounded-spawn-in-loop' -dump-config \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.MaxFanOut: 8}}" -- | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.SpawnFunctions: ''
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.IgnoredSpawnFunctions: ''
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.MaxFanOut: '8'
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.FlagEventPacedSpawns: 'false'
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.ConcurrencyLimitFunctions: ''
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.LimiterFunctions: ''
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.BoundedExecutors: ''
// DUMP-DAG: taskbound-unbounded-spawn-in-loop.SummaryDepth: '3'

#include <future>
#include <thread>
#include <vector>

#include <oneapi/tbb/task_group.h>

int work(int x) { return x * 2; }

namespace my {
void spawn(void (*f)());
class Fiber {
public:
  explicit Fiber(void (*f)());
};
unsigned slot_budget();
class Throttle {
public:
  void wait_for_slot();
};
class BoundedGroup : public tbb::task_group {};
} // namespace my
void tick();

void custom_spawns(int n) {
  for (int i = 0; i < n; ++i) {
    my::spawn(tick);
    // CUSTOM: :[[@LINE-1]]:5: warning: 'my::spawn' starts a new task on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
    my::Fiber fiber(tick);
    // CUSTOM: :[[@LINE-1]]:15: warning: 'my::Fiber' starts a new task
  }
}

void builtins(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  // ASYNC: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread
  for (int x : xs)
    std::thread(work, x).detach();
  // THREAD: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  for (int x : xs)
    std::jthread(work, x).detach();
  // JTHREAD: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread
  for (auto &f : futs)
    f.get();
}

void fan_out_100() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back(work, i);
  // FANOUT100: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  // FANOUT100: :[[@LINE-3]]:3: note: loop runs 100 times
  for (auto &t : threads)
    t.join();
}

void budgeted() {
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < my::slot_budget(); ++i)
    threads.emplace_back(work, i);
  // BUDGET: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t.join();
}

void throttled(my::Throttle &throttle, const std::vector<int> &xs) {
  for (int x : xs) {
    throttle.wait_for_slot();
    std::thread(work, x).detach();
    // THROTTLE: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  }
}

void grouped(my::BoundedGroup &group, const std::vector<int> &xs) {
  for (int x : xs)
    group.run([x] { work(x); });
  // GROUP: :[[@LINE-1]]:5: warning: 'tbb::task_group::run' queues a new task
  group.wait();
}
