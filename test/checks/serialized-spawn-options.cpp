//===-- serialized-spawn-options.cpp - options ----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The check has no options of its own; the spawn-site options shared by
// every taskbound check apply, each in its own RUN line.
//
// Defaults.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD %s taskbound-serialized-spawn -- -std=c++20
//
// SpawnFunctions: a project's pool whose result is waited for at once.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,CUSTOM %s taskbound-serialized-spawn \
// RUN:   -config="{CheckOptions: {taskbound-serialized-spawn.SpawnFunctions: '::my::Pool::submit'}}" -- -std=c++20
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,CUSTOM %s taskbound-serialized-spawn \
// RUN:   -config="{CheckOptions: {SpawnFunctions: '::my::Pool::submit'}}" -- -std=c++20
//
// IgnoredSpawnFunctions removes built-in spawn sites.
// RUN: %check_tidy --check-prefixes=THREAD %s taskbound-serialized-spawn \
// RUN:   -config="{CheckOptions: {taskbound-serialized-spawn.IgnoredSpawnFunctions: '::std::async'}}" -- -std=c++20
//
// -dump-config shows the shared options under this check's name.
// RUN: %taskbound_tidy -checks='-*,taskbound-serialized-spawn' -dump-config -- \
// RUN:   | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: taskbound-serialized-spawn.SpawnFunctions: ''
// DUMP-DAG: taskbound-serialized-spawn.IgnoredSpawnFunctions: ''
// DUMP-DAG: taskbound-serialized-spawn.ConcurrencyLimitFunctions: ''
// DUMP-DAG: taskbound-serialized-spawn.LimiterFunctions: ''
// DUMP-DAG: taskbound-serialized-spawn.BoundedExecutors: ''

#include <future>
#include <thread>
#include <vector>

int work(int x);

namespace my {
class Pool {
public:
  template <typename F> std::future<int> submit(F &&f) { return {}; }
};
} // namespace my

int builtins(const std::vector<int> &xs) {
  int total = 0;
  for (int x : xs)
    total += std::async(std::launch::async, work, x).get();
  // ASYNC: :[[@LINE-1]]:14: warning: 'std::async' starts a thread that this iteration waits for before doing any other work, so the tasks run one at a time; call the function directly, or start all the tasks and wait once with a bound ('taskbound::parallel_map') [taskbound-serialized-spawn]
  for (int x : xs) {
    std::thread t(work, x);
    // THREAD: :[[@LINE-1]]:17: warning: 'std::thread' starts a thread that this iteration waits for
    t.join();
  }
  return total;
}

int custom(my::Pool &pool, const std::vector<int> &xs) {
  int total = 0;
  for (int x : xs)
    total += pool.submit([x] { return work(x); }).get();
  // CUSTOM: :[[@LINE-1]]:14: warning: 'my::Pool::submit' starts a task that this iteration waits for
  // Not flagged with any option: a pool's future does not wait when it is
  // destroyed (only std::async's does).
  for (int x : xs)
    pool.submit([x] { return work(x); });
  return total;
}
