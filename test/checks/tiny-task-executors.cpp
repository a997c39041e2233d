//===-- tiny-task-executors.cpp - executors -------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Tasks on executors, bounded or not, and coroutines: Asio and TBB are the
// real headers, Qt a stand-in under Inputs/system, the taskbound pool the
// runtime's own. The second RUN line adds taskbound-unbounded-spawn-in-loop:
// both checks may fire on one call; on a bounded pool only this one does.
// RUN: %check_tidy %s taskbound-tiny-task -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system \
// RUN:   -isystem %src_root/runtime/include
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-BOTH %s \
// RUN:   taskbound-tiny-task,taskbound-unbounded-spawn-in-loop -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system \
// RUN:   -isystem %src_root/runtime/include

#include <asio.hpp>
#include <oneapi/tbb/task_group.h>

#include <QThreadPool>
#include <QtConcurrent>

#include <taskbound/worker_pool.hpp>

#include <atomic>
#include <semaphore>
#include <vector>

void process(int x);

void asio_pool(asio::thread_pool &pool, const std::vector<int> &xs,
               std::atomic<long> &hits) {
  for (int x : xs)
    asio::post(pool, [&hits, x] { hits += x; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::post' starts a task per element to run a tiny body, and starting it costs far more than the work; process the elements in chunks with 'taskbound::parallel_for_each' [taskbound-tiny-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:33: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::operator+='
  // CHECK-BOTH: :[[@LINE-3]]:5: warning: 'asio::post' queues a new task on each iteration of this loop with no bound on how many are pending at once
  // Not flagged: the task's work is not visible.
  for (int x : xs)
    asio::post(pool, [x] { process(x); });
  // CHECK-BOTH: :[[@LINE-1]]:5: warning: 'asio::post' queues a new task
  pool.join();
}

void tbb_group(const std::vector<int> &in, std::vector<int> &out) {
  tbb::task_group group;
  for (std::size_t i = 0; i < in.size(); ++i)
    group.run([&, i] { out[i] = in[i] + 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_group::run' starts a task per element
  // CHECK-BOTH: :[[@LINE-2]]:5: warning: 'tbb::task_group::run' queues a new task
  group.wait();
}

void qt(const std::vector<int> &xs, std::atomic<int> &count) {
  std::vector<QFuture<int>> futs;
  for (int x : xs)
    futs.push_back(QtConcurrent::run([x] { return x * x; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'QtConcurrent::run' starts a task per element
  // CHECK-BOTH: :[[@LINE-2]]:20: warning: 'QtConcurrent::run' queues a new task
  for (auto &f : futs)
    f.waitForFinished();
  QThreadPool *pool = QThreadPool::globalInstance();
  for (int x : xs)
    pool->start([&count, x] { count += x; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'QThreadPool::start' starts a task per element
  // CHECK-BOTH: :[[@LINE-2]]:5: warning: 'QThreadPool::start' queues a new task
  pool->waitForDone();
}

// Bounded: taskbound's own pool (rule 6) keeps the tasks few, not cheap.
// Only this check fires.
void bounded(taskbound::worker_pool &pool, asio::thread_pool &io,
             const std::vector<int> &xs, std::atomic<long> &sum) {
  for (int x : xs)
    pool.post([&sum, x] { sum += x; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'taskbound::worker_pool::post' starts a task per element
  // CHECK-MESSAGES: :[[@LINE-2]]:25: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::operator+='
  // Not flagged by either check: a semaphore bounds the live tasks (rule 3),
  // and its release may wake a waiting thread, which is not tiny.
  std::counting_semaphore<16> slots(16);
  for (int x : xs) {
    slots.acquire();
    asio::post(io, [&, x] {
      sum += x;
      slots.release();
    });
  }
  pool.wait_idle();
}

// Coroutines: a frame and a schedule per element for `sum += x`.
asio::awaitable<void> add(std::atomic<long> &sum, int x) {
  sum += x;
  co_return;
}
asio::awaitable<void> fetch(int x) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  co_await timer.async_wait(asio::use_awaitable);
  process(x);
}

void coroutines(asio::io_context &io, const std::vector<int> &xs,
                std::atomic<long> &sum) {
  for (int x : xs)
    asio::co_spawn(io, add(sum, x), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::co_spawn' starts a coroutine per element
  // CHECK-MESSAGES: :[[@LINE-15]]:58: note: the task's body is tiny: 2 statements, no loop, and only calls to 'std::atomic::operator+='
  // CHECK-BOTH: :[[@LINE-3]]:5: warning: 'asio::co_spawn' starts a new coroutine
  // Not flagged: the coroutine waits for a timer (co_await is never tiny).
  for (int x : xs)
    asio::co_spawn(io, fetch(x), asio::detached);
  // CHECK-BOTH: :[[@LINE-1]]:5: warning: 'asio::co_spawn' starts a new coroutine
}

// Not flagged: moving to another executor starts no task body.
asio::awaitable<void> hop(asio::thread_pool &pool, const std::vector<int> &xs,
                          std::atomic<long> &sum) {
  for (int x : xs) {
    co_await asio::post(pool.get_executor(), asio::use_awaitable);
    sum += x;
  }
}
