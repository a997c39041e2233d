//===-- tiny-task.cpp - the core shapes -----------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// One task per element for a body too cheap to pay for it: what is tiny and
// what is not, with the standard library's spawns.
// RUN: %check_tidy %s taskbound-tiny-task -- -std=c++20

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <future>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <stdexcept>
#include <thread>
#include <vector>

int twice(int x) { return x * 2; }
inline double scale(double x) { return x * 0.5 + 1.0; }
int process(int x); // only declared: its cost is unknown
void *bump(void *arg) {
  ++*static_cast<int *>(arg);
  return nullptr;
}

// --- Tiny bodies -----------------------------------------------------------

void async_per_element(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, twice, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a thread per element to run a tiny body, and starting it costs far more than the work; process the elements in chunks with 'taskbound::parallel_for_each' [taskbound-tiny-task]
  // CHECK-MESSAGES: :27:18: note: the task's body is tiny: 1 statement, no loop, and no call
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop trip count is only known at run time
  for (auto &f : futs)
    f.get();
}

void atomic_sum(const std::vector<int> &xs) {
  std::atomic<long> sum{0};
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.emplace_back([&sum, x] { sum.fetch_add(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element to run a tiny body
  // CHECK-MESSAGES: :[[@LINE-2]]:36: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::fetch_add'
  for (auto &t : threads)
    t.join();
}

void atomic_operator(const std::vector<int> &xs, std::atomic<int> &hits) {
  for (int x : xs)
    std::thread([&hits, x] { hits += x; }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-2]]:28: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::operator+='
}

void element_access(const std::vector<int> &in, std::vector<int> &out) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < in.size(); ++i)
    threads.emplace_back([&, i] { out[i] = in[i] * 2; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-2]]:33: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::vector::operator[]'
  for (auto &t : threads)
    t.join();
}

// Inline helpers of user code and <cmath> are tiny; the note names them.
void tiny_helpers(const std::vector<double> &xs, std::vector<double> &out) {
  std::vector<std::future<void>> futs;
  for (std::size_t i = 0; i < xs.size(); ++i)
    futs.push_back(std::async(std::launch::async, [&, i] {
      const double y = std::sqrt(xs[i]);
      out[i] = scale(y);
    }));
  // CHECK-MESSAGES: :[[@LINE-4]]:20: warning: 'std::async' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-5]]:58: note: the task's body is tiny: 2 statements, no loop, and only calls to 'sqrt', 'std::vector::operator[]', 'scale'
  for (auto &f : futs)
    f.get();
}

// A per-element algorithm is a loop too.
void algorithm_lambda(const std::vector<int> &xs, std::atomic<int> &count) {
  std::vector<std::thread> threads;
  std::for_each(xs.begin(), xs.end(), [&](int x) {
    threads.emplace_back(
        [&count, x] { count.fetch_add(x, std::memory_order_relaxed); });
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'std::thread' starts a thread per element
    // CHECK-MESSAGES: :[[@LINE-2]]:21: note: the task's body is tiny
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'std::for_each' calls the lambda once per element; the element count is only known at run time
  });
  for (auto &t : threads)
    t.join();
}

// A constant loop larger than MinElements (64).
void constant_thousand(std::atomic<int> &count) {
  for (int i = 0; i < 1000; ++i)
    std::thread([&count] { ++count; }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-2]]:26: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::operator++'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop runs 1000 times
}

// Two small constant loops that start 8 x 16 = 128 tasks in all.
void nested_constant_loops(std::vector<int> &grid) {
  std::vector<std::thread> threads;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 16; ++c)
      threads.emplace_back([&grid, r, c] { grid[r * 16 + c] = r + c; });
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-2]]:42: note: the task's body is tiny
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: the loops around it run it 128 times
  for (auto &t : threads)
    t.join();
}

// Bounded or not: a task waited for at once is still a task per element
// (taskbound-serialized-spawn says more about it).
int waited_at_once(const std::vector<int> &xs) {
  int total = 0;
  for (int x : xs)
    total += std::async(std::launch::async, twice, x).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread per element
  // CHECK-MESSAGES: :27:18: note: the task's body is tiny
  return total;
}

// pthread_create's start routine, a function object, std::bind.
struct Increment {
  std::atomic<int> *target;
  void operator()() const { target->fetch_add(1); }
};

void other_callables(int n, int *counter, std::atomic<int> &hits) {
  std::vector<pthread_t> tids(n);
  for (int i = 0; i < n; ++i)
    pthread_create(&tids[i], nullptr, bump, counter);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_create' starts a thread per element
  // CHECK-MESSAGES: :30:23: note: the task's body is tiny: 2 statements, no loop, and no call
  for (int i = 0; i < n; ++i)
    std::thread(Increment{&hits}).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-12]]:27: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::fetch_add'
  for (int i = 0; i < n; ++i)
    (void)std::async(std::launch::async, std::bind(twice, i));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::async' starts a thread per element
  // CHECK-MESSAGES: :27:18: note: the task's body is tiny
  for (int i = 0; i < n; ++i)
    pthread_join(tids[i], nullptr);
}

// --- Not tiny --------------------------------------------------------------

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const { return 0; }
};
int loop_helper(int x) {
  int s = 0;
  for (int i = 0; i < x; ++i)
    s += i;
  return s;
}
int recursive(int x) { return x < 2 ? x : recursive(x - 1) + 1; }

void not_tiny(const std::vector<int> &xs, std::vector<int> &out, std::mutex &m,
              const std::vector<Shape *> &shapes, int (*fp)(int),
              const std::function<int(int)> &fn, std::atomic<int> &flag) {
  std::vector<std::thread> threads;
  // Not flagged: a call to a function only declared here costs what it costs.
  for (int x : xs)
    threads.emplace_back(process, x);
  // Not flagged: the body loops.
  for (int x : xs)
    threads.emplace_back([&out, x] {
      for (int i = 0; i < x; ++i)
        out[i] += 1;
    });
  // Not flagged: I/O.
  for (int x : xs)
    threads.emplace_back([x] { std::printf("%d\n", x); });
  for (int x : xs)
    threads.emplace_back([x] { std::cout << x << '\n'; });
  // Not flagged: a lock and a push_back that may allocate.
  for (int x : xs)
    threads.emplace_back([&, x] {
      std::lock_guard<std::mutex> lock(m);
      out.push_back(x);
    });
  // Not flagged: blocking.
  for (int x : xs)
    threads.emplace_back(
        [x] { std::this_thread::sleep_for(std::chrono::milliseconds(x)); });
  for (int x : xs)
    threads.emplace_back([&flag, x] { flag.wait(x); });
  // Not flagged: four statements, more than MaxStatements (3).
  for (int x : xs)
    threads.emplace_back([&out, x] {
      int a = x * 2;
      int b = a + 1;
      int c = b * b;
      out[x] = c;
    });
  // Not flagged: a virtual call may reach any override.
  for (Shape *s : shapes)
    threads.emplace_back([s] { (void)s->area(); });
  // Not flagged: calls through a pointer or a std::function.
  for (int x : xs)
    threads.emplace_back([fp, x] { fp(x); });
  for (int x : xs)
    threads.emplace_back([&fn, x] { fn(x); });
  // Not flagged: a user function that loops, or recurses.
  for (int x : xs)
    threads.emplace_back([x] { loop_helper(x); });
  for (int x : xs)
    threads.emplace_back([x] { recursive(x); });
  // Not flagged: allocation and throwing.
  for (int x : xs)
    threads.emplace_back([x] { delete new int(x); });
  for (int x : xs)
    threads.emplace_back([x] {
      if (x < 0)
        throw std::invalid_argument("negative");
    });
  for (auto &t : threads)
    t.join();
}

// --- Few tasks -------------------------------------------------------------

void few_tasks(std::atomic<int> &count, unsigned num_threads) {
  std::vector<std::thread> threads;
  // Not flagged: a constant loop of at most MinElements (64) starts few tasks.
  for (int i = 0; i < 64; ++i)
    threads.emplace_back([&count] { ++count; });
  // Not flagged: one task per core.
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    threads.emplace_back([&count] { ++count; });
  // Not flagged: one task per worker, as the count's name says.
  for (unsigned i = 0; i < num_threads; ++i)
    threads.emplace_back([&count] { ++count; });
  // Not flagged: no loop.
  threads.emplace_back([&count] { ++count; });
  for (auto &t : threads)
    t.join();
}

// A loop that does not repeat the spawn starts one task, however long it is,
// as unbounded-spawn-in-loop judges it (its rules 9 and 10).
unsigned worker_count() { return std::thread::hardware_concurrency(); }

void runs_once(const std::vector<int> &xs, std::atomic<int> &count) {
  std::vector<std::thread> threads;
  // Not flagged: the iteration that spawns leaves the loop.
  for (int x : xs)
    if (x < 0) {
      threads.emplace_back([&count] { ++count; });
      break;
    }
  // Not flagged: the flag the guard tests is raised in the guarded block.
  bool started = false;
  for (int x : xs)
    if (!started) {
      (void)x;
      started = true;
      threads.emplace_back([&count] { ++count; });
    }
  // Not flagged: the guarded block moves the counter past the value tested,
  // and nothing lowers it (oneTBB's spin_try_get).
  int polls = 0;
  for (int x : xs) {
    if (polls == 1000) {
      threads.emplace_back([&count] { ++count; });
      ++polls;
    }
    if (x > 0)
      ++polls;
  }
  // Not flagged: one per core, through a helper that returns the concurrency.
  for (unsigned i = 0; i < worker_count(); ++i)
    threads.emplace_back([&count] { ++count; });
  for (auto &t : threads)
    t.join();
}

void repeated_after_all(const std::vector<int> &xs, const std::vector<int> &ys,
                        std::atomic<int> &count) {
  std::vector<std::thread> threads;
  // The break leaves the inner loop only: one task per element of xs.
  for (int x : xs)
    for (int y : ys)
      if (y == x) {
        threads.emplace_back([&count] { ++count; });
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::thread' starts a thread per element
        // CHECK-MESSAGES: :[[@LINE-2]]:39: note: the task's body is tiny
        // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop trip count is only known at run time
        break;
      }
  // The loop sets the counter back: the guard passes again and again.
  int seen = 0;
  for (int x : xs) {
    if (seen == 0) {
      threads.emplace_back([&count] { ++count; });
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a thread per element
      // CHECK-MESSAGES: :[[@LINE-2]]:37: note: the task's body is tiny
      // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop trip count is only known at run time
      ++seen;
    }
    if (x < 0)
      seen = 0;
  }
  for (auto &t : threads)
    t.join();
}
