//===-- serialized-spawn.cpp - the core shapes ----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A task waited for by the iteration that started it before any other work:
// the standard library's shapes, and what is not serialized.
// RUN: %check_tidy %s taskbound-serialized-spawn -- -std=c++20

#include <algorithm>
#include <future>
#include <pthread.h>
#include <thread>
#include <vector>

int work(int x);
void log_line(int x);
void *thread_main(void *arg);

// --- In a loop -------------------------------------------------------------

int get_in_place(const std::vector<int> &xs) {
  int total = 0;
  for (int x : xs)
    total += std::async(std::launch::async, work, x).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread that this iteration waits for before doing any other work, so the tasks run one at a time; call the function directly, or start all the tasks and wait once with a bound ('taskbound::parallel_map') [taskbound-serialized-spawn]
  // CHECK-MESSAGES: :[[@LINE-2]]:54: note: waited for here, with no other work since it started
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: each iteration of this loop waits for the task it started
  return total;
}

int get_next_statement(const std::vector<int> &xs) {
  int total = 0;
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread that this iteration waits for
    total += f.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:16: note: waited for here, with no other work since it started
  }
  return total;
}

void thread_join(const std::vector<int> &xs) {
  for (int x : xs) {
    std::thread t(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a thread that this iteration waits for
    t.join();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: waited for here
  }
}

// The discarded future's destructor waits at the end of the statement.
void discarded_future(const std::vector<int> &xs) {
  for (int x : xs)
    std::async(std::launch::async, work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the future returned by 'std::async' is discarded, so its destructor waits for the task at the end of the statement and the tasks run one at a time; call the function directly, or start all the tasks and wait once with a bound ('taskbound::parallel_map') [taskbound-serialized-spawn]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: each iteration of this loop waits for the task it started
}

// So does a discarded std::jthread's.
void discarded_jthread(const std::vector<int> &xs) {
  for (int x : xs)
    std::jthread(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the 'std::jthread' is discarded, so its destructor waits for the task
}

// A future or jthread that goes out of scope right after it is made.
void end_of_scope(const std::vector<int> &xs) {
  for (int x : xs) {
    log_line(x);
    std::jthread t(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'std::jthread' starts a thread that this iteration waits for
  }
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 't' is destroyed here and waits for the task
  for (int x : xs) {
    auto unused = std::async(std::launch::async, work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'std::async' starts a thread that this iteration waits for
  }
}

// Work of the iteration that only does arithmetic does not count as work.
int arithmetic_between(const std::vector<int> &xs) {
  int total = 0, started = 0;
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread that this iteration waits for
    ++started;
    total += f.get() * 2;
  }
  return total + started;
}

// The wait may be the first thing the next statement does.
void wait_then_use(const std::vector<int> &xs, std::vector<int> &out) {
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread
    out.push_back(f.get());
  }
}

// POSIX threads, and an element of a container.
void posix(int n) {
  std::vector<pthread_t> tids(n);
  for (int i = 0; i < n; ++i) {
    pthread_create(&tids[i], nullptr, thread_main, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_create' starts a thread
    pthread_join(tids[i], nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: waited for here
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back(work, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread
    threads.back().join();
  }
}

// A lambda run per element by an algorithm.
void algorithm(const std::vector<int> &xs) {
  std::for_each(xs.begin(), xs.end(), [](int x) {
    std::thread t(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a thread
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: each iteration of this loop waits
    t.join();
  });
}

// --- Not serialized --------------------------------------------------------

int not_serialized(const std::vector<int> &xs) {
  int total = 0;
  // Not flagged: real work runs between the start and the wait.
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    total += work(x + 1);
    total += f.get();
  }
  // Not flagged: the wait's statement first does other work (the order of
  // the operands is unspecified, so the call may come first).
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    total += work(x + 1) + f.get();
  }
  // Not flagged: two tasks run at once; the second is waited for first.
  for (int x : xs) {
    auto a = std::async(std::launch::async, work, x);
    auto b = std::async(std::launch::async, work, x + 1);
    total += b.get();
    total += a.get();
  }
  // Not flagged: the futures outlive the iteration (that is
  // taskbound-unbounded-spawn-in-loop's business).
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  for (auto &f : futs)
    total += f.get();
  // Not flagged: a std::thread left unjoined is detached or stored.
  std::vector<std::thread> threads;
  for (int x : xs) {
    std::thread t(work, x);
    threads.push_back(std::move(t));
  }
  for (auto &t : threads)
    t.join();
  // Not flagged: waiting only under a condition.
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    if (x > 0)
      total += f.get();
  }
  // Not flagged: wait_for polls; it does not wait for the task.
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    (void)f.wait_for(std::chrono::milliseconds(1));
    log_line(x);
  }
  // Not flagged: a deferred std::async starts no task.
  for (int x : xs)
    total += std::async(std::launch::deferred, work, x).get();
  // Not flagged: the future is moved away before it is destroyed.
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    futs.push_back(std::move(f));
  }
  for (auto &f : futs)
    total += f.get();
  return total;
}

// --- Outside loops ---------------------------------------------------------

void fire_and_forget(int x) {
  std::async(std::launch::async, log_line, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the future returned by 'std::async' is discarded, so its destructor waits for the task at the end of the statement and nothing runs alongside it; call the function directly, or keep the future and wait for it after the work it should overlap [taskbound-serialized-spawn]
  (void)std::async(log_line, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the future returned by 'std::async' is discarded
}

// Not flagged outside a loop: one task waited for at once costs one start.
int once(int x) {
  auto f = std::async(std::launch::async, work, x);
  int r = f.get();
  std::thread t(work, x);
  t.join();
  std::jthread(work, x);
  return r + std::async(std::launch::async, work, x).get();
}
