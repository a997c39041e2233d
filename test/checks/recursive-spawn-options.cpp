//===-- recursive-spawn-options.cpp - options -----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-recursive-spawn's options, each in its own RUN line (the check
// reads the spawn APIs every taskbound check shares).
//
// Defaults: std::async and std::thread are spawns; my::spawn is not.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD %s taskbound-recursive-spawn -- -std=c++20
//
// SpawnFunctions adds a function that starts a task: recursion through it.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,CUSTOM %s taskbound-recursive-spawn \
// RUN:   -config="{CheckOptions: {taskbound-recursive-spawn.SpawnFunctions: '::my::spawn'}}" -- -std=c++20
//
// The shared options can be given once for every taskbound check.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD,CUSTOM %s taskbound-recursive-spawn \
// RUN:   -config="{CheckOptions: {SpawnFunctions: 'my::spawn'}}" -- -std=c++20
//
// IgnoredSpawnFunctions removes a built-in spawn API.
// RUN: %check_tidy --check-prefixes=THREAD %s taskbound-recursive-spawn \
// RUN:   -config="{CheckOptions: {taskbound-recursive-spawn.IgnoredSpawnFunctions: '::std::async'}}" -- -std=c++20
//
// BoundedExecutors does not change the verdict: a recursion without a
// cut-off is not cheap on a bounded executor either.
// RUN: %check_tidy --check-prefixes=ASYNC,THREAD %s taskbound-recursive-spawn \
// RUN:   -config="{CheckOptions: {taskbound-recursive-spawn.BoundedExecutors: '::my::Pool'}}" -- -std=c++20
//
// -dump-config shows the options it reads.
// RUN: %taskbound_tidy -checks='-*,taskbound-recursive-spawn' -dump-config \
// RUN:   -config="{CheckOptions: {taskbound-recursive-spawn.SpawnFunctions: '::my::spawn'}}" -- | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: taskbound-recursive-spawn.SpawnFunctions: '::my::spawn'
// DUMP-DAG: taskbound-recursive-spawn.IgnoredSpawnFunctions: ''
// DUMP-DAG: taskbound-recursive-spawn.ConcurrencyLimitFunctions: ''
// DUMP-DAG: taskbound-recursive-spawn.LimiterFunctions: ''
// DUMP-DAG: taskbound-recursive-spawn.BoundedExecutors: ''
// DUMP-DAG: taskbound-recursive-spawn.SummaryDepth: '3'

#include <functional>
#include <future>
#include <thread>

namespace my {
void spawn(std::function<void()> f);
} // namespace my

long fib_async(int n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::async, fib_async, n - 1);
  // ASYNC: :[[@LINE-1]]:16: warning: 'fib_async' spawns a call to itself through 'std::async' with no sequential cut-off, so the number of tasks grows with the input; below a size threshold do the work serially, or spawn into a 'taskbound::task_scope', whose 'join()' runs waiting tasks instead of blocking a thread [taskbound-recursive-spawn]
  return fib_async(n - 2) + first.get();
}

void walk(int depth) {
  if (depth == 0)
    return;
  std::thread left(walk, depth - 1);
  // THREAD: :[[@LINE-1]]:15: warning: 'walk' spawns a call to itself through 'std::thread'
  walk(depth - 1);
  left.join();
}

void split(int lo, int hi) {
  if (hi - lo < 2)
    return;
  const int mid = lo + (hi - lo) / 2;
  my::spawn([=] { split(lo, mid); });
  // CUSTOM: :[[@LINE-1]]:3: warning: 'split' spawns a call to itself through 'my::spawn'
  split(mid, hi);
}
