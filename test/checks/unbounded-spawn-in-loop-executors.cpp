//===-- unbounded-spawn-in-loop-executors.cpp - executors, coroutines -----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Submission onto executors with unbounded queues, and coroutines (rules 6
// and 8). Asio and TBB are the real headers; Qt, folly and stdexec are small
// stand-ins under Inputs/system.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-PACED %s \
// RUN:   taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.FlagEventPacedSpawns: true}}" \
// RUN:   -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system

#include <asio.hpp>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <QThreadPool>
#include <QtConcurrent>
#include <exec/async_scope.hpp>
#include <folly/futures/Future.h>
#include <stdexec/execution.hpp>

#include <atomic>
#include <thread>
#include <vector>

int work(int x) { return x * 2; }

void asio_post(asio::thread_pool &pool, const std::vector<int> &xs) {
  for (int x : xs)
    asio::post(pool, [x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::post' queues a new task on each iteration of this loop with no bound on how many are pending at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' with a bounded queue [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  pool.join();
}

void execute_per_element(asio::thread_pool &pool, const std::vector<int> &xs) {
  for (int x : xs)
    asio::execution::execute(pool.get_executor(), [x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::execution::execute' queues a new task
}

// Not flagged: each iteration waits for the pool, which holds the task
// (rule 4).
void execute_joined_each(const std::vector<int> &xs) {
  for (int x : xs) {
    asio::thread_pool pool(2);
    asio::execution::execute(pool.get_executor(), [x] { work(x); });
    pool.join();
  }
}

void asio_dispatch_to_executor(asio::io_context &io,
                               const std::vector<int> &xs) {
  for (int x : xs)
    asio::dispatch(io.get_executor(), [x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::dispatch' queues a new task
}

void tbb_task_group(const std::vector<int> &xs) {
  tbb::task_group group;
  for (int x : xs)
    group.run([x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_group::run' queues a new task
  group.wait();
}

// Not flagged: the group is waited for in each iteration.
void tbb_waited_each(const std::vector<int> &xs) {
  tbb::task_group group;
  for (int x : xs) {
    group.run([x] { work(x); });
    group.wait();
  }
}

// Not flagged: one arena per NUMA node (a machine bound, rule 2), and each
// iteration waits for its task's signal (rule 4): oneTBB's own NUMA test.
void per_numa_node() {
  for (auto &numa_index : tbb::info::numa_nodes()) {
    tbb::task_arena arena(tbb::task_arena::constraints{numa_index});
    std::atomic<bool> task_done{false};
    arena.enqueue([&] { task_done = true; });
    while (!task_done)
      std::this_thread::yield();
  }
}

// Not flagged: one thread per NUMA node is as many as the machine has
// (rule 2).
void thread_per_numa_node() {
  for (auto numa_index : tbb::info::numa_nodes())
    std::thread(work, numa_index).detach();
}

void tbb_arena(tbb::task_arena &arena, const std::vector<int> &xs) {
  for (int x : xs)
    arena.enqueue([x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_arena::enqueue' queues a new task
}

void qt(const std::vector<int> &xs) {
  std::vector<QFuture<int>> futs;
  for (int x : xs)
    futs.push_back(QtConcurrent::run(work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'QtConcurrent::run' queues a new task
  for (auto &f : futs)
    f.waitForFinished();
}

void qt_pool(QThreadPool *pool, const std::vector<int> &xs) {
  for (int x : xs)
    pool->start([x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'QThreadPool::start' queues a new task
  pool->waitForDone();
}

void folly_via(folly::Executor *ex, const std::vector<int> &xs) {
  for (int x : xs)
    folly::via(ex, [x] { return work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'folly::via' queues a new task
}

void stdexec_detached(const std::vector<int> &xs) {
  for (int x : xs)
    stdexec::start_detached(stdexec::then(stdexec::just(), [x] { work(x); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'stdexec::start_detached' queues a new task
}

void async_scope(exec::async_scope &scope, const std::vector<int> &xs) {
  for (int x : xs)
    scope.spawn(stdexec::then(stdexec::just(), [x] { work(x); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'exec::async_scope::spawn' queues a new task
}

// --- Rule 6: bounded executors ---------------------------------------------

namespace taskbound {
class worker_pool {
public:
  using executor_type = asio::io_context::executor_type;
  template <typename F> void post(F &&f);
};
} // namespace taskbound
namespace taskbound::asio_adapter {
struct bounded_executor : asio::io_context::executor_type {
  using asio::io_context::executor_type::executor_type;
};
} // namespace taskbound::asio_adapter

// Not flagged: taskbound's own executors bound their queues.
void bounded_executor(taskbound::asio_adapter::bounded_executor ex,
                      const std::vector<int> &xs) {
  for (int x : xs)
    asio::post(ex, [x] { work(x); });
}

// --- Coroutines and rule 8 -------------------------------------------------

asio::awaitable<void> session(asio::ip::tcp::socket socket) { co_return; }
asio::awaitable<void> job(int x) {
  work(x);
  co_return;
}

// Not flagged by default: one coroutine per accepted connection, paced by
// the clients (FlagEventPacedSpawns turns it on).
asio::awaitable<void> listener(asio::ip::tcp::acceptor &acceptor) {
  for (;;) {
    asio::ip::tcp::socket socket =
        co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket)),
                   asio::detached);
    // CHECK-PACED: :[[@LINE-2]]:5: warning: 'asio::co_spawn' starts a new coroutine on each iteration of this loop with no bound on how many are alive at once; run them through 'taskbound::asio::for_each_bounded' or a 'taskbound::task_scope' [taskbound-unbounded-spawn-in-loop]
  }
}

// Not flagged by default either: the accept is awaited in the spawn's own
// argument (asio's chat_server example), so it still comes first.
asio::awaitable<void> accept_in_argument(asio::ip::tcp::acceptor &acceptor) {
  for (;;)
    asio::co_spawn(acceptor.get_executor(),
                   session(co_await acceptor.async_accept(asio::use_awaitable)),
                   asio::detached);
  // CHECK-PACED: :[[@LINE-3]]:5: warning: 'asio::co_spawn' starts a new coroutine on each iteration
}

// Flagged: the accept is awaited inside the spawned coroutine, after the
// spawn; nothing paces the loop.
void accept_inside_task(asio::io_context &io,
                        asio::ip::tcp::acceptor &acceptor) {
  for (;;)
    asio::co_spawn(
        io,
        [&acceptor]() -> asio::awaitable<void> {
          co_await session(co_await acceptor.async_accept(asio::use_awaitable));
        },
        asio::detached);
  // CHECK-MESSAGES: :[[@LINE-6]]:5: warning: 'asio::co_spawn' starts a new coroutine on each iteration
}

// A coroutine per element of a vector is not paced by anything.
void coroutine_per_element(asio::io_context &io, const std::vector<int> &xs) {
  for (int x : xs)
    asio::co_spawn(io, job(x), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::co_spawn' starts a new coroutine
}

// Not flagged: each coroutine is awaited before the next one starts.
asio::awaitable<void> awaited_in_turn(const std::vector<int> &xs) {
  auto ex = co_await asio::this_coro::executor;
  for (int x : xs)
    co_await asio::co_spawn(ex, job(x), asio::use_awaitable);
}

// Not flagged: in a coroutine, each iteration first awaits a slot from a
// limiter of the user's own type (rule 3): `acquire`, `async_acquire` and
// `try_acquire*` members count, whatever the class.
struct Gate {
  asio::awaitable<void> acquire();
  void release();
};
asio::awaitable<void> gated_crawl(Gate &gate, const std::vector<int> &urls) {
  auto ex = co_await asio::this_coro::executor;
  for (int url : urls) {
    co_await gate.acquire();
    asio::co_spawn(ex, job(url), asio::detached);
  }
}
struct AsyncSemaphore {
  template <typename Token> asio::awaitable<void> async_acquire(Token &&token);
  template <typename Token>
  asio::awaitable<bool> try_acquire_for(int ms, Token &&token);
};
asio::awaitable<void> semaphore_crawl(AsyncSemaphore &sem,
                                      const std::vector<int> &urls) {
  auto ex = co_await asio::this_coro::executor;
  for (int url : urls) {
    co_await sem.async_acquire(asio::use_awaitable);
    asio::co_spawn(ex, job(url), asio::detached);
  }
  for (int url : urls) {
    if (co_await sem.try_acquire_for(10, asio::use_awaitable))
      asio::co_spawn(ex, job(url), asio::detached);
  }
}

// The slot is awaited after the spawn: every element is still spawned at
// once.
asio::awaitable<void> acquire_after_spawn(Gate &gate,
                                          const std::vector<int> &urls) {
  auto ex = co_await asio::this_coro::executor;
  for (int url : urls) {
    asio::co_spawn(ex, job(url), asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::co_spawn' starts a new coroutine
    co_await gate.acquire();
  }
}

// A timer tick is not an external event that paces the spawns.
asio::awaitable<void> per_tick(asio::steady_timer &timer, int n) {
  auto ex = co_await asio::this_coro::executor;
  for (int i = 0; i < n; ++i) {
    co_await timer.async_wait(asio::use_awaitable);
    asio::co_spawn(ex, job(i), asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::co_spawn' starts a new coroutine
  }
}

// Not flagged: a fixed number of coroutine workers draining a channel-like
// loop (rule 7 for coroutines).
asio::awaitable<void> coro_worker(asio::steady_timer &t) {
  for (;;)
    co_await t.async_wait(asio::use_awaitable);
}
void start_coroutine_workers(asio::io_context &io, asio::steady_timer &t,
                             int num_workers) {
  for (int i = 0; i < num_workers; ++i)
    asio::co_spawn(io, coro_worker(t), asio::detached);
}

// Not flagged: threads that each run the event loop are its workers (rule 7:
// io_context::run serves handlers until the loop stops), counted down from a
// thread count as Boost.Beast's servers do.
void run_event_loop_threads(asio::io_context &ioc, int threads) {
  std::vector<std::thread> v;
  v.reserve(threads - 1);
  for (auto i = threads - 1; i > 0; --i)
    v.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto &t : v)
    t.join();
}

// Flagged: a thread per request that calls run_one() once is not a worker.
void thread_per_request(asio::io_context &ioc, const std::vector<int> &reqs) {
  std::vector<std::thread> v;
  for (int r : reqs)
    v.emplace_back([&ioc, r] {
      (void)r;
      ioc.run_one();
    });
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: 'std::thread' starts a new thread on each iteration
  for (auto &t : v)
    t.join();
}
