//===-- serialized-spawn-executors.cpp - executors ------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Executors and coroutines: Asio and TBB are the real headers, Qt a stand-in
// under Inputs/system.
// RUN: %check_tidy %s taskbound-serialized-spawn -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system

#include <asio.hpp>
#include <oneapi/tbb/task_group.h>

#include <QThreadPool>

#include <vector>

int work(int x);
void log_line(int x);
asio::awaitable<int> job(int x);

// co_await of a coroutine spawned on the line before, or in place.
asio::awaitable<int> one_at_a_time(const std::vector<int> &xs) {
  auto ex = co_await asio::this_coro::executor;
  int total = 0;
  for (int x : xs) {
    auto task = asio::co_spawn(ex, job(x), asio::use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'asio::co_spawn' starts a coroutine that this iteration waits for before doing any other work, so the tasks run one at a time; call the function directly, or start all the tasks and wait once with a bound ('taskbound::parallel_map') [taskbound-serialized-spawn]
    total += co_await std::move(task);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: note: waited for here, with no other work since it started
  }
  for (int x : xs)
    total += co_await asio::co_spawn(ex, job(x), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'asio::co_spawn' starts a coroutine that this iteration waits for
  co_return total;
}

asio::awaitable<int> not_serialized(asio::thread_pool &pool,
                                    const std::vector<int> &xs) {
  auto ex = co_await asio::this_coro::executor;
  int total = 0;
  // Not flagged: moving to another executor and back starts no task.
  for (int x : xs) {
    co_await asio::post(pool.get_executor(), asio::use_awaitable);
    total += work(x);
  }
  // Not flagged: the iteration does its own work while the coroutine runs.
  for (int x : xs) {
    auto task = asio::co_spawn(ex, job(x), asio::use_awaitable);
    log_line(x);
    total += co_await std::move(task);
  }
  // Not flagged: the coroutines outlive the iteration.
  for (int x : xs)
    asio::co_spawn(ex, job(x), asio::detached);
  co_return total;
}

// A task group waited for right after its only task.
void tbb_one_by_one(const std::vector<int> &xs) {
  tbb::task_group group;
  for (int x : xs) {
    group.run([x] { work(x); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_group::run' starts a task that this iteration waits for
    group.wait();
  }
  // Not flagged: the two tasks of an iteration run at once.
  for (int x : xs) {
    group.run([x] { work(x); });
    group.run([x] { work(x + 1); });
    group.wait();
  }
  // Not flagged: the group is waited for once, after the loop.
  for (int x : xs)
    group.run([x] { work(x); });
  group.wait();
}

void qt_pool(QThreadPool *pool, const std::vector<int> &xs) {
  for (int x : xs) {
    pool->start([x] { work(x); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'QThreadPool::start' starts a task that this iteration waits for
    pool->waitForDone();
  }
}
