//===-- unbounded-spawn-in-loop.cpp - the core shapes ---------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The core shapes: every thread creator, in every kind of loop.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20 -isystem %inputs/system

#include <algorithm>
#include <future>
#include <memory>
#include <pthread.h>
#include <ranges>
#include <thread>
#include <vector>

#include <boost/thread/thread.hpp>

int work(int x) { return x * 2; }
void *thread_main(void *arg) { return arg; }

// --- Thread creators -------------------------------------------------------

void async_per_element(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  for (auto &f : futs)
    f.get();
}

void async_default_policy(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread
  for (auto &f : futs)
    f.get();
}

void async_either_policy(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(
        std::async(std::launch::async | std::launch::deferred, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::async' starts a new thread
  for (auto &f : futs)
    f.get();
}

// Not flagged: a deferred std::async runs on the caller when get() is called.
void async_deferred(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::deferred, work, x));
  for (auto &f : futs)
    f.get();
}

void thread_per_element_detached(const std::vector<int> &xs) {
  for (int x : xs)
    std::thread(work, x).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
}

void thread_emplaced(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.emplace_back(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t.join();
}

void thread_pushed(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.push_back(std::thread(work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t.join();
}

void thread_moved_into_container(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs) {
    std::thread t(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a new thread
    threads.push_back(std::move(t));
  }
  for (auto &t : threads)
    t.join();
}

void jthread_emplaced(const std::vector<int> &xs) {
  std::vector<std::jthread> threads;
  for (int x : xs)
    threads.emplace_back(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread
}

void thread_on_heap(const std::vector<int> &xs) {
  std::vector<std::unique_ptr<std::thread>> threads;
  for (int x : xs)
    threads.push_back(std::make_unique<std::thread>(work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t->join();
}

void thread_new(const std::vector<int> &xs) {
  for (int x : xs)
    new std::thread(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::thread' starts a new thread
}

void posix_threads(int n) {
  std::vector<pthread_t> tids(n);
  for (int i = 0; i < n; ++i)
    pthread_create(&tids[i], nullptr, thread_main, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_create' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  for (int i = 0; i < n; ++i)
    pthread_join(tids[i], nullptr);
}

// The handle of pthread_create is its first argument, not its result: a
// thread declared in the body and detached there still outlives the
// iteration.
void posix_thread_detached_in_body(int n) {
  for (int i = 0; i < n; ++i) {
    pthread_t t;
    pthread_create(&t, nullptr, thread_main, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_create' starts a new thread
    pthread_detach(t);
  }
}

// The result (an error code) held in a variable is not the thread: the
// thread in threads[i] is detached and nothing waits for it.
void posix_thread_result_kept(pthread_t *threads, int n) {
  for (int i = 0; i < n; ++i) {
    auto rc = pthread_create(&threads[i], nullptr, thread_main, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'pthread_create' starts a new thread
    if (rc == 0)
      pthread_detach(threads[i]);
  }
}

// Not flagged: each iteration joins the thread it started (rule 4).
void posix_thread_joined_in_body(int n) {
  for (int i = 0; i < n; ++i) {
    pthread_t t;
    if (pthread_create(&t, nullptr, thread_main, nullptr) == 0)
      pthread_join(t, nullptr);
  }
}

void boost_threads(const std::vector<int> &xs) {
  std::vector<boost::thread> threads;
  for (int x : xs)
    threads.emplace_back(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::thread' starts a new thread
  for (auto &t : threads)
    t.join();
}

void boost_thread_group(const std::vector<int> &xs) {
  boost::thread_group group;
  for (int x : xs)
    group.create_thread([x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::thread_group::create_thread' starts a new thread
  group.join_all();
}

// --- Loop kinds ------------------------------------------------------------

void while_loop(std::vector<int> &queue) {
  while (!queue.empty()) {
    int x = queue.back();
    queue.pop_back();
    std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop trip count is only known at run time
  }
}

void do_loop(int n) {
  std::vector<std::thread> threads;
  int i = 0;
  do {
    threads.emplace_back(work, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  } while (++i < n);
  for (auto &t : threads)
    t.join();
}

void index_loop(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < xs.size(); ++i)
    threads.emplace_back(work, xs[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t.join();
}

void constant_loop_over_limit() {
  std::vector<std::future<int>> futs;
  for (int i = 0; i < 100000; ++i)
    futs.push_back(std::async(std::launch::async, work, i));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop runs 100000 times
  for (auto &f : futs)
    f.get();
}

void std_for_each(std::vector<int> &xs) {
  std::for_each(xs.begin(), xs.end(),
                [](int x) { std::thread(work, x).detach(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'std::for_each' calls the lambda once per element; the element count is only known at run time
}

void ranges_for_each(std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  std::ranges::for_each(xs, [&](int x) {
    futs.push_back(std::async(std::launch::async, work, x));
  });
  // CHECK-MESSAGES: :[[@LINE-2]]:20: warning: 'std::async' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'std::ranges::for_each' calls the lambda once per element
  for (auto &f : futs)
    f.get();
}

void transform_into_futures(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs(xs.size());
  std::transform(xs.begin(), xs.end(), futs.begin(),
                 [](int x) { return std::async(std::launch::async, work, x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'std::async' starts a new thread
  for (auto &f : futs)
    f.get();
}

void generic_lambda(std::vector<int> &xs) {
  std::for_each(xs.begin(), xs.end(),
                [](auto x) { std::thread(work, x).detach(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'std::thread' starts a new thread
}

void nested_loops(const std::vector<std::vector<int>> &groups) {
  std::vector<std::thread> threads;
  for (const auto &group : groups)
    for (int x : group)
      threads.emplace_back(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop trip count is only known at run time
  for (auto &t : threads)
    t.join();
}

// --- Not loops -------------------------------------------------------------

// Not flagged: one thread, no loop.
void single_thread() {
  std::thread t(work, 1);
  t.join();
}

// Not flagged: a lambda that is only stored is not run per element.
void stored_lambda(const std::vector<int> &xs) {
  auto start = [](int x) { return std::thread(work, x); };
  std::thread t = start(xs.front());
  t.join();
}

// Not flagged: the spawn is in the loop's condition part, not its body (it
// runs once before the loop starts).
void spawn_in_init(int n) {
  for (std::thread t(work, 0); n > 0; --n)
    t.join();
}

// Not flagged: the loop creates default-constructed (empty) thread objects.
void empty_threads(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back();
}

// Not flagged: moving existing threads around starts nothing.
void moving_threads(std::vector<std::thread> &from,
                    std::vector<std::thread> &to) {
  for (auto &t : from)
    to.push_back(std::move(t));
}
