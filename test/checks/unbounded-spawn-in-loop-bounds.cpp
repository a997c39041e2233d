//===-- unbounded-spawn-in-loop-bounds.cpp - bounds and near misses -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// What bounds a spawning loop (rules 1-5 and 9 of the check's page), and near
// misses that do not.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <latch>
#include <mutex>
#include <oneapi/tbb/task_arena.h>
#include <pthread.h>
#include <semaphore>
#include <thread>
#include <vector>

int work(int x) { return x * 2; }
void wait_all(std::vector<std::future<int>> &futs) {
  for (auto &f : futs)
    f.get();
}

// --- Rule 1: a constant trip count within MaxFanOut ------------------------

// Not flagged: 8 threads, a fixed fan-out.
void constant_small() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

// Not flagged: exactly MaxFanOut (64) threads.
void constant_at_limit() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

void constant_over_limit() {
  std::vector<std::thread> threads;
  for (int i = 0; i <= 64; ++i)
    threads.emplace_back(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread on each iteration of this loop with no bound on how many run at once; spawn the tasks into a 'taskbound::task_scope', which bounds them [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop runs 65 times
  for (auto &t : threads)
    t.join();
}

constexpr int kShards = 16;

// Not flagged: a constexpr bound, counting down.
void constexpr_countdown() {
  std::vector<std::thread> threads;
  for (int i = kShards; i > 0; --i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

// Not flagged: a std::array of 4 elements.
void std_array(const std::array<int, 4> &parts) {
  std::vector<std::thread> threads;
  for (int p : parts)
    threads.emplace_back(work, p);
  for (auto &t : threads)
    t.join();
}

// Not flagged: a C array of 3 elements.
void c_array() {
  int parts[3] = {1, 2, 3};
  std::vector<std::thread> threads;
  for (int p : parts)
    threads.emplace_back(work, p);
  for (auto &t : threads)
    t.join();
}

// Not flagged: an initializer list of 3 elements.
void init_list() {
  std::vector<std::thread> threads;
  for (int p : {1, 2, 3})
    threads.emplace_back(work, p);
  for (auto &t : threads)
    t.join();
}

// Not flagged: std::for_each over a std::array of 4.
void for_each_array(std::array<int, 4> &parts) {
  std::vector<std::thread> threads;
  std::for_each(parts.begin(), parts.end(),
                [&](int p) { threads.emplace_back(work, p); });
  for (auto &t : threads)
    t.join();
}

void std_array_over_limit(const std::array<int, 1000> &parts) {
  std::vector<std::thread> threads;
  for (int p : parts)
    threads.emplace_back(work, p);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop runs 1000 times
  for (auto &t : threads)
    t.join();
}

void generate_n_many(std::vector<std::thread> &threads) {
  std::generate_n(std::back_inserter(threads), 500,
                  [] { return std::thread(work, 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'std::generate_n' calls the lambda 500 times
}

// Not flagged: a pointer walked down a C array of 2 runs at most twice
// (oneTBB's private_server::wake_some wakes or launches two workers so).
struct Sleeper {
  void wake_or_launch() { std::thread(work, 0).detach(); }
};
void wake_two(Sleeper *first, Sleeper *second) {
  Sleeper *wakee[2];
  Sleeper **w = wakee;
  if (first)
    *w++ = first;
  if (second)
    *w++ = second;
  while (w > wakee) {
    Sleeper *ww = *--w;
    ww->wake_or_launch();
  }
}

// Not flagged: the same walk upwards, in a for loop.
void start_each_slot(int (&slots)[3]) {
  for (int *p = slots; p != slots + 3; ++p)
    std::thread(work, *p).detach();
}

// A walk over an array of 100 is 100 threads.
void start_hundred(int (&slots)[100]) {
  for (int *p = slots; p != slots + 100; ++p)
    std::thread(work, *p).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop runs 100 times
}

// A pointer that does not move on every iteration stays in the array while
// the loop goes on: no count.
void step_sometimes(int (&slots)[2], bool advance) {
  int *p = slots + 2;
  while (p > slots) {
    std::thread(work, p[-1]).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    if (advance)
      --p;
  }
}

// Not flagged: `do { ... } while (false)` runs once (the block of a macro
// such as doctest's CHECK_THROWS).
#define EXPECT_STARTS(expr)                                                    \
  do {                                                                         \
    expr;                                                                      \
  } while (false)
void once_in_macro_block() { EXPECT_STARTS(std::thread(work, 1).detach()); }

// Not flagged: each iteration waits on a latch its thread counts down.
void latch_each_iteration(const std::vector<int> &xs) {
  for (int x : xs) {
    std::latch done(1);
    std::thread([&done, x] {
      work(x);
      done.count_down();
    }).detach();
    done.wait();
  }
}

// A condition variable's wait(lock) returns on any notify, or none: it does
// not wait for the task.
void notified_each_iteration(const std::vector<int> &xs, std::mutex &m,
                             std::condition_variable &cv) {
  for (int x : xs) {
    std::thread([&cv, x] {
      work(x);
      cv.notify_one();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: 'std::thread' starts a new thread
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop trip count is only known at run time
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock);
  }
}

// A completion counter: reserve() before a task, release() as it ends, and a
// free function that returns when the count is back to zero (the shape of
// oneTBB's wait_context and d1::wait).
struct Completion {
  std::atomic<int> count{0};
  void reserve() { ++count; }
  void release() { --count; }
};
void wait(Completion &c, int spins) {
  while (c.count.load() != 0)
    ++spins;
}
struct Runner {
  Completion &done;
  explicit Runner(Completion &c) : done(c) {}
  void operator()() const {
    work(1);
    done.release();
  }
};
struct Waiter {
  Completion &done;
  explicit Waiter(Completion &c) : done(c) {}
  void operator()() const { wait(done, 0); }
};

// Not flagged: the task releases the counter it was built with, and each
// iteration then runs, in place, a function object that waits on that same
// counter (task_arena::execute returns when its functor has run; oneTBB
// test_task_arena.cpp:278).
void counter_waited_each_iteration(tbb::task_arena &arena, int n) {
  Completion done;
  for (int i = 0; i < n; ++i) {
    done.reserve();
    arena.enqueue(Runner(done));
    arena.execute(Waiter(done));
  }
}

// Flagged: the same wait, after the loop.
void counter_waited_after(tbb::task_arena &arena, int n) {
  Completion done;
  for (int i = 0; i < n; ++i) {
    done.reserve();
    arena.enqueue(Runner(done));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_arena::enqueue' queues a new task
  }
  arena.execute(Waiter(done));
}

// Flagged: each iteration waits, but on a counter the task does not release.
void other_counter_waited(tbb::task_arena &arena, int n) {
  Completion done, other;
  for (int i = 0; i < n; ++i) {
    done.reserve();
    arena.enqueue(Runner(done));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_arena::enqueue' queues a new task
    arena.execute(Waiter(other));
  }
}

// Not flagged: the latch's wait runs in place, in a lambda std::invoke calls
// before it returns.
void latch_waited_through_invoke(const std::vector<int> &xs) {
  for (int x : xs) {
    std::latch done(1);
    std::thread([&done, x] {
      work(x);
      done.count_down();
    }).detach();
    std::invoke([&done] { done.wait(); });
  }
}

// --- Rule 2: bounded by the machine ----------------------------------------

// Not flagged: one thread per hardware thread.
void hardware_direct() {
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

// Not flagged: through a local variable and std::min.
void hardware_through_min(unsigned requested) {
  const unsigned hw = std::thread::hardware_concurrency();
  const unsigned n = std::min(requested, hw);
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < n; ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

// Not flagged: through a function of the TU whose every return gives the
// concurrency (oneTBB's utils::get_platform_max_threads()).
unsigned platform_threads() {
  static const unsigned n = std::thread::hardware_concurrency();
  return n;
}
unsigned clamped_threads(unsigned cap) {
  if (cap < platform_threads())
    return std::min(cap, platform_threads());
  return platform_threads();
}
void hardware_through_helper() {
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < clamped_threads(16); ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

// A helper that gives the concurrency on one path only bounds nothing.
unsigned count_or_default(unsigned requested) {
  if (requested == 0)
    return std::thread::hardware_concurrency();
  return requested;
}
void helper_not_always_hardware(unsigned requested) {
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < count_or_default(requested); ++i)
    threads.emplace_back(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  for (auto &t : threads)
    t.join();
}

// Not flagged: a container of threads sized by the machine.
void hardware_slots() {
  std::vector<std::thread> threads(std::thread::hardware_concurrency());
  for (auto &t : threads)
    t = std::thread(work, 1);
  for (auto &t : threads)
    t.join();
}

// --- Rule 3: each iteration waits for room ---------------------------------

// Not flagged: a counting semaphore acquired before each spawn.
void semaphore_gated(const std::vector<int> &xs) {
  std::counting_semaphore<8> slots(8);
  std::vector<std::thread> threads;
  for (int x : xs) {
    slots.acquire();
    threads.emplace_back([&slots, x] {
      work(x);
      slots.release();
    });
  }
  for (auto &t : threads)
    t.join();
}

// The semaphore is taken inside the new thread: the threads themselves are
// still created without a bound.
void semaphore_inside_task(const std::vector<int> &xs) {
  std::counting_semaphore<8> slots(8);
  std::vector<std::thread> threads;
  for (int x : xs) {
    threads.emplace_back([&slots, x] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
      slots.acquire();
      work(x);
      slots.release();
    });
  }
  for (auto &t : threads)
    t.join();
}

// Not flagged: a condition variable waits until fewer than 8 run.
void condvar_gated(const std::vector<int> &xs) {
  std::mutex m;
  std::condition_variable cv;
  int running = 0;
  for (int x : xs) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return running < 8; });
    ++running;
    lock.unlock();
    std::thread([&, x] {
      work(x);
      std::lock_guard g(m);
      --running;
      cv.notify_one();
    }).detach();
  }
}

// Not flagged: a sliding window of at most 16 futures.
void sliding_window(const std::vector<int> &xs) {
  std::deque<std::future<int>> window;
  for (int x : xs) {
    while (window.size() >= 16) {
      window.front().get();
      window.pop_front();
    }
    window.push_back(std::async(std::launch::async, work, x));
  }
  for (auto &f : window)
    f.get();
}

// The wait comes after the spawn and is not a window: every element still
// starts a thread before anything is reaped.
void reap_after(const std::vector<int> &xs) {
  std::deque<std::future<int>> pending;
  for (int x : xs) {
    pending.push_back(std::async(std::launch::async, work, x));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::async' starts a new thread
    if (pending.front().wait_for(std::chrono::seconds(0)) ==
        std::future_status::ready)
      pending.pop_front();
  }
}

// --- Rule 4: each iteration finishes its own task --------------------------

// Not flagged: joined in the same iteration.
void join_each(const std::vector<int> &xs) {
  for (int x : xs) {
    std::thread t(work, x);
    t.join();
  }
}

// Not flagged: get() in the same iteration.
void get_each(const std::vector<int> &xs) {
  int sum = 0;
  for (int x : xs)
    sum += std::async(std::launch::async, work, x).get();
}

// Not flagged: the future's destructor waits at the end of each iteration.
void future_destroyed(const std::vector<int> &xs) {
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    work(x);
  }
}

// Not flagged: a discarded std::async future blocks at once.
void discarded_future(const std::vector<int> &xs) {
  for (int x : xs)
    std::async(std::launch::async, work, x);
}

// Not flagged: a jthread joins when it goes out of scope.
void jthread_scoped(const std::vector<int> &xs) {
  for (int x : xs) {
    std::jthread t(work, x);
  }
}

// Not flagged: a vector of futures local to the iteration is drained by its
// destructor.
void local_batch(const std::vector<std::vector<int>> &batches) {
  for (const auto &batch : batches) {
    std::vector<std::future<int>> futs;
    for (int i = 0; i < 32; ++i)
      futs.push_back(std::async(std::launch::async, work, batch[i]));
  }
}

// The future escapes the iteration: moved into a vector that outlives it.
void future_escapes(const std::vector<int> &xs) {
  std::vector<std::future<int>> all;
  for (int x : xs) {
    auto f = std::async(std::launch::async, work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a new thread
    all.push_back(std::move(f));
  }
  for (auto &f : all)
    f.get();
}

// Detaching is the opposite of finishing the task.
void detach_each(const std::vector<int> &xs) {
  for (int x : xs) {
    std::thread t(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a new thread
    t.detach();
  }
}

// --- Rule 5: a batch flush inside the loop ---------------------------------

// Not flagged: waits for all and clears every 100 elements.
void flush_by_size(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs) {
    futs.push_back(std::async(std::launch::async, work, x));
    if (futs.size() >= 100) {
      for (auto &f : futs)
        f.get();
      futs.clear();
    }
  }
  for (auto &f : futs)
    f.get();
}

// Not flagged: flushed through a helper every 64th element.
void flush_by_counter(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    futs.push_back(std::async(std::launch::async, work, xs[i]));
    if (i % 64 == 63) {
      wait_all(futs);
      futs.clear();
    }
  }
  wait_all(futs);
}

// Not flagged: the article's batching, groups of 1000 awaited in turn.
void batches_of_1000(int total) {
  constexpr int kBatch = 1000;
  for (int begin = 0; begin < total; begin += kBatch) {
    std::vector<std::future<int>> batch;
    for (int i = begin; i < begin + kBatch; ++i)
      batch.push_back(std::async(std::launch::async, work, i));
    for (auto &f : batch)
      f.get();
  }
}

// The flush only runs on an error path; in the normal case nothing is
// waited for until the loop ends.
void flush_on_error_only(const std::vector<int> &xs, bool &failed) {
  std::vector<std::future<int>> futs;
  for (int x : xs) {
    futs.push_back(std::async(std::launch::async, work, x));
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread
    if (failed) {
      wait_all(futs);
      return;
    }
  }
  wait_all(futs);
}

// Batches whose size is only known at run time, waited for per batch: the
// inner loop can still start any number of threads at once.
void runtime_batches(const std::vector<std::vector<int>> &batches) {
  for (const auto &batch : batches) {
    std::vector<std::future<int>> futs;
    for (int x : batch)
      futs.push_back(std::async(std::launch::async, work, x));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'std::async' starts a new thread
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop trip count is only known at run time
  }
}

// A small constant fan-out repeated by an outer loop that never waits.
void small_fanout_repeated(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
    for (int i = 0; i < 4; ++i)
      threads.emplace_back(work, x + i);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop trip count is only known at run time
  for (auto &t : threads)
    t.join();
}

// Not flagged: a small fan-out per request, joined before the next request.
void small_fanout_joined(const std::vector<int> &xs) {
  for (int x : xs) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
      threads.emplace_back(work, x + i);
    for (auto &t : threads)
      t.join();
  }
}

// --- Rule 9: the loop caps the live tasks ------------------------------------

// Not flagged: the loop stops when the container holding the threads is full
// (libtorrent's disk_io_thread_pool grows its pool this way).
class GrowingPool {
public:
  void grow() {
    while (int(m_threads.size()) < m_max_threads)
      m_threads.emplace_back(work, 0);
  }

private:
  int m_max_threads = 4;
  std::vector<std::thread> m_threads;
};

// Not flagged: the thread is built in a local and moved into the capped
// container (rocksdb's ThreadPoolImpl does this).
struct BackgroundThreads {
  void start_threads() {
    while ((int)bgthreads_.size() < total_threads_limit_) {
      std::thread p_t(work, 1);
      bgthreads_.push_back(std::move(p_t));
    }
  }
  std::vector<std::thread> bgthreads_;
  int total_threads_limit_ = 8;
};

// Not flagged: an in-flight counter that each task gives back when it ends.
void counter_given_back(const std::vector<int> &xs) {
  std::atomic<int> in_flight{0};
  for (std::size_t i = 0; i < xs.size() && in_flight < 8; ++i) {
    ++in_flight;
    std::thread([&in_flight, x = xs[i]] {
      work(x);
      --in_flight;
    }).detach();
  }
}

// A counter that nothing lowers caps nothing: the comparison is always true
// once the loop has started.
void counter_never_lowered(const std::vector<int> &xs, int limit) {
  int started = 0;
  for (std::size_t i = 0; i < xs.size() && limit > started; ++i)
    std::thread(work, xs[i]).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
}

// Not flagged: a break before the spawn once the holder is full.
void break_when_full(const std::vector<int> &xs, std::size_t max_threads) {
  std::vector<std::thread> threads;
  for (int x : xs) {
    if (threads.size() >= max_threads)
      break;
    threads.emplace_back(work, x);
  }
  for (auto &t : threads)
    t.join();
}

// Not flagged: the spawn itself is guarded by the cap; past it the work runs
// on the caller.
void spawn_while_below_cap(const std::vector<int> &xs,
                           std::size_t max_threads) {
  std::vector<std::thread> threads;
  for (int x : xs) {
    if (threads.size() < max_threads)
      threads.emplace_back(work, x);
    else
      work(x);
  }
  for (auto &t : threads)
    t.join();
}

// The size compared is not the container that holds the threads.
void other_container_capped(const std::vector<int> &xs, std::size_t max_jobs) {
  std::vector<int> jobs;
  std::vector<std::thread> threads;
  for (std::size_t i = 0; jobs.size() < max_jobs && i < xs.size(); ++i) {
    jobs.push_back(xs[i]);
    threads.emplace_back(work, xs[i]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  }
  for (auto &t : threads)
    t.join();
}

// Not flagged: the block moves the counter past the value it tests, and
// nothing lowers it, so the thread starts once however long the loop polls
// (oneTBB's spin_try_get queues its wake-up task so).
bool try_take(int &v);
void poll_then_wake_once(int &v) {
  int polls = 0;
  while (!try_take(v)) {
    if (polls < 1000000)
      ++polls;
    if (polls == 1000000) {
      std::thread(work, 0).detach();
      ++polls;
    }
  }
}

// The counter is set back after each wake-up: a thread every 1000 polls.
void poll_then_wake_often(int &v) {
  int polls = 0;
  while (!try_take(v)) {
    ++polls;
    if (polls == 1000) {
      std::thread(work, 0).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
      polls = 0;
    }
  }
}

// The counter is declared in the loop body: it starts afresh each iteration.
void counter_per_iteration(const std::vector<int> &xs) {
  for (int x : xs) {
    int seen = 0;
    if (seen == 0) {
      std::thread(work, x).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
      ++seen;
    }
  }
}

// Not flagged: the count is copied before the guard, and the tasks give it
// back one call away (oneTBB's shortpath example spawns this way).
std::atomic<std::size_t> num_spawn{0};
const std::size_t max_spawn = 16;
void relax_edges(const std::vector<int> &edges);
void spawn_helper(const std::vector<int> &edges) {
  relax_edges(edges);
  --num_spawn;
}
void guarded_by_copied_counter(const std::vector<std::vector<int>> &graph) {
  for (const auto &edges : graph) {
    std::size_t n_spawn = ++num_spawn;
    if (n_spawn < max_spawn)
      std::thread([&edges] { spawn_helper(edges); }).detach();
    else
      --num_spawn;
  }
}

// --- Rule 4: each iteration waits for a signal from its task -----------------

// Not flagged: the iteration spins until its own task has set the flag.
void spin_on_done_flag(const std::vector<int> &xs) {
  for (int x : xs) {
    std::atomic<bool> done{false};
    std::thread([&done, x] {
      work(x);
      done = true;
    }).detach();
    while (!done)
      std::this_thread::yield();
  }
}

// The flag is set by the caller, not by the task: nothing waits for the task.
void spin_on_other_flag(const std::vector<int> &xs, std::atomic<bool> &ready) {
  for (int x : xs) {
    std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    ready = false;
    while (!ready)
      std::this_thread::yield();
  }
}

// Not flagged: batches of 100 threads, each batch joined before the next
// starts (rule 5), also when the calls are wrapped in a checking macro.
int check_rc(int rc, const char *expr);
#define CHECKED(expr) check_rc(expr, #expr)
void *thread_body(void *arg) { return arg; }
void joined_batches_through_macro() {
  pthread_t threads[100];
  for (int round = 0; round != 10; round++) {
    for (int i = 0; i != 100; i++)
      CHECKED(pthread_create(&threads[i], nullptr, thread_body, nullptr));
    for (int i = 0; i != 100; i++)
      CHECKED(pthread_join(threads[i], nullptr));
  }
}
