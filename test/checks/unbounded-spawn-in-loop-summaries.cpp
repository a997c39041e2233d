//===-- unbounded-spawn-in-loop-summaries.cpp - spawns through helpers ----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Spawns one call away: a function defined in this translation unit whose
// call starts a task that outlives the call is a spawn site at each call.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20 -I %inputs/user
//
// SummaryDepth follows longer chains, and 0 turns summaries off.
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,DEPTH4 %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.SummaryDepth: 4}}" \
// RUN:   -- -std=c++20 -I %inputs/user
// RUN: %check_tidy --check-prefixes=DEPTH0 %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {SummaryDepth: 0}}" -- -std=c++20 -I %inputs/user
// DEPTH0-NOT: warning:

#include <array>
#include <asio.hpp>
#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <oneapi/tbb/task_group.h>
#include <semaphore>
#include <thread>
#include <tuple>
#include <vector>

#include "spawning_helpers.h"

int work(int x) { return x * 2; }

// --- Helpers that return the task ------------------------------------------

std::future<int> start_job(int x) {
  return std::async(std::launch::async, work, x);
}

void futures_through_helper(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(start_job(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'start_job' starts a new thread on each iteration of this loop with no bound on how many run at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: 'start_job' starts a thread with 'std::async' here
  for (auto &f : futs)
    f.get();
}

// The future is kept in a local first, then returned.
std::future<int> start_job_via_local(int x) {
  auto fut = std::async(std::launch::async, work, x);
  return fut;
}

void futures_through_local(const std::vector<int> &xs,
                           std::vector<std::future<int>> &out) {
  for (int x : xs)
    out.push_back(start_job_via_local(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'start_job_via_local' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-9]]:14: note: 'start_job_via_local' starts a thread with 'std::async' here
}

std::thread start_thread(int x) { return std::thread(work, x); }

void threads_through_helper(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.push_back(start_thread(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'start_thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-7]]:42: note: 'start_thread' starts a thread with 'std::thread' here
  for (auto &t : threads)
    t.join();
}

// Not flagged: each iteration waits for the task the helper returns (rule 4).
void helper_awaited_each(const std::vector<int> &xs, int &sum) {
  for (int x : xs)
    sum += start_job(x).get();
}

// Not flagged: the futures are waited for in batches of 16 (rule 5).
void helper_batched(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs) {
    futs.push_back(start_job(x));
    if (futs.size() >= 16) {
      for (auto &f : futs)
        f.get();
      futs.clear();
    }
  }
}

// --- Helpers that let the task run on --------------------------------------

void fire_and_forget(int x) { std::thread(work, x).detach(); }

void detached_through_helper(const std::vector<int> &xs) {
  for (int x : xs)
    fire_and_forget(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'fire_and_forget' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-6]]:31: note: 'fire_and_forget' starts a thread with 'std::thread' here
}

// Detached through a local thread object.
void fire_and_forget_local(int x) {
  std::thread t(work, x);
  t.detach();
}

void detached_local_through_helper(int n) {
  for (int i = 0; i < n; ++i)
    fire_and_forget_local(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'fire_and_forget_local' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: 'fire_and_forget_local' starts a thread with 'std::thread' here
}

void post_job(asio::thread_pool &pool, int x) {
  asio::post(pool, [x] { work(x); });
}

void posted_through_helper(asio::thread_pool &pool,
                           const std::vector<int> &xs) {
  for (int x : xs)
    post_job(pool, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'post_job' queues a new task on each iteration of this loop with no bound on how many are pending at once; batch the work with 'taskbound::parallel_for_each' or submit it to a 'taskbound::worker_pool' with a bounded queue [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'post_job' queues a task with 'asio::post' here
  pool.join();
}

// Not flagged: the pool the helper posts to is joined in every iteration;
// the helper's executor is its first argument (rule 4).
void posted_and_joined_each(const std::vector<int> &xs) {
  for (int x : xs) {
    asio::thread_pool pool(1);
    post_job(pool, x);
    pool.join();
  }
}

// A member function that keeps the handle in a member container: each call
// leaves one more thread behind.
class Tracker {
public:
  void start(int x) {
    running_.push_back(std::async(std::launch::async, work, x));
  }
  void wait_all() {
    for (auto &f : running_)
      f.get();
  }

private:
  std::vector<std::future<int>> running_;
};

void kept_in_member(Tracker &tracker, const std::vector<int> &xs) {
  for (int x : xs)
    tracker.start(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Tracker::start' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-15]]:24: note: 'Tracker::start' starts a thread with 'std::async' here
  tracker.wait_all();
}

// Not flagged: the object that keeps the handles is waited on in every
// iteration (rule 4).
void kept_in_member_waited_each(Tracker &tracker, const std::vector<int> &xs) {
  for (int x : xs) {
    tracker.start(x);
    tracker.wait_all();
  }
}

std::vector<std::thread> g_threads;
void start_global(int x) { g_threads.emplace_back(work, x); }

void kept_in_global(int n) {
  for (int i = 0; i < n; ++i)
    start_global(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'start_global' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-6]]:28: note: 'start_global' starts a thread with 'std::thread' here
}

// The container is the caller's argument.
void start_into(std::vector<std::thread> &threads, int x) {
  threads.emplace_back(work, x);
}

void kept_in_argument(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
    start_into(threads, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'start_into' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'start_into' starts a thread with 'std::thread' here
  for (auto &t : threads)
    t.join();
}

// Not flagged: the argument container is local to the iteration and joined
// there (rule 4).
void kept_in_argument_joined_each(const std::vector<int> &xs) {
  for (int x : xs) {
    std::vector<std::thread> threads;
    start_into(threads, x);
    for (auto &t : threads)
      t.join();
  }
}

// --- Chains ----------------------------------------------------------------

std::future<int> level1(int x) {
  return std::async(std::launch::async, work, x);
}
std::future<int> level2(int x) { return level1(x + 1); }
std::future<int> level3(int x) { return level2(x + 1); }
std::future<int> level4(int x) { return level3(x + 1); }

void two_levels(const std::vector<int> &xs,
                std::vector<std::future<int>> &out) {
  for (int x : xs)
    out.push_back(level2(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'level2' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-9]]:41: note: 'level2' starts a thread with 'level1' here
  // CHECK-MESSAGES: :[[@LINE-12]]:10: note: 'level1' starts a thread with 'std::async' here
}

void three_levels(const std::vector<int> &xs,
                  std::vector<std::future<int>> &out) {
  for (int x : xs)
    out.push_back(level3(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'level3' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-17]]:41: note: 'level3' starts a thread with 'level2' here
  // CHECK-MESSAGES: :[[@LINE-19]]:41: note: 'level2' starts a thread with 'level1' here
  // CHECK-MESSAGES: :[[@LINE-22]]:10: note: 'level1' starts a thread with 'std::async' here
}

// Not flagged by default: four calls away is past SummaryDepth (3).
void four_levels(const std::vector<int> &xs,
                 std::vector<std::future<int>> &out) {
  for (int x : xs)
    out.push_back(level4(x));
  // DEPTH4: :[[@LINE-1]]:19: warning: 'level4' starts a new thread
  // DEPTH4: :[[@LINE-27]]:41: note: 'level4' starts a thread with 'level3' here
  // DEPTH4: :[[@LINE-29]]:41: note: 'level3' starts a thread with 'level2' here
  // DEPTH4: :[[@LINE-31]]:41: note: 'level2' starts a thread with 'level1' here
  // DEPTH4: :[[@LINE-34]]:10: note: 'level1' starts a thread with 'std::async' here
}

// --- Helpers that bound the task themselves ---------------------------------

// Not flagged: the helper waits for its task before it returns.
int run_job_and_wait(int x) {
  return std::async(std::launch::async, work, x).get();
}
void helper_waits(const std::vector<int> &xs, int &sum) {
  for (int x : xs)
    sum += run_job_and_wait(x);
}

// Not flagged: the helper joins its thread.
void run_thread_and_join(int x) {
  std::thread t(work, x);
  t.join();
}
void helper_joins(const std::vector<int> &xs) {
  for (int x : xs)
    run_thread_and_join(x);
}

// Not flagged: the helper waits for a free slot before it starts a thread
// (rule 3 inside the helper).
std::counting_semaphore<8> g_slots(8);
void start_throttled(int x) {
  g_slots.acquire();
  std::thread([x] {
    work(x);
    g_slots.release();
  }).detach();
}
void helper_throttles(const std::vector<int> &xs) {
  for (int x : xs)
    start_throttled(x);
}

// Not flagged: the helper refuses to start more than max_ threads (rule 9
// inside the helper).
class CappedStarter {
public:
  void start(int x) {
    if (threads_.size() >= max_)
      return;
    threads_.emplace_back(work, x);
  }

private:
  std::size_t max_ = 8;
  std::vector<std::thread> threads_;
};
void helper_caps(CappedStarter &starter, const std::vector<int> &xs) {
  for (int x : xs)
    starter.start(x);
}

// Not flagged: the helper starts a thread per core and waits at a barrier
// every thread reaches before it returns (oneTBB's get_arena_affinity, with
// its utils::SpinBarrier).
struct SpinBarrier {
  explicit SpinBarrier(unsigned n) : left(n) {}
  void wait() {
    left.fetch_sub(1);
    while (left.load() > 0)
      std::this_thread::yield();
  }
  std::atomic<unsigned> left;
};
void sample_every_core(std::atomic<int> &samples) {
  const unsigned n = std::thread::hardware_concurrency();
  SpinBarrier exit_barrier(n);
  for (unsigned i = 0; i + 1 < n; ++i)
    std::thread([&] {
      ++samples;
      exit_barrier.wait();
    }).detach();
  exit_barrier.wait();
}
void helper_waits_at_barrier(int rounds, std::atomic<int> &samples) {
  for (int r = 0; r < rounds; ++r)
    sample_every_core(samples);
}

// The helper waits at a barrier its threads never reach: they outlive the
// call.
void sample_without_rendezvous(std::atomic<int> &samples) {
  const unsigned n = std::thread::hardware_concurrency();
  SpinBarrier exit_barrier(1);
  for (unsigned i = 0; i < n; ++i)
    std::thread([&samples] { ++samples; }).detach();
  exit_barrier.wait();
}
void helper_barrier_not_reached(int rounds, std::atomic<int> &samples) {
  for (int r = 0; r < rounds; ++r)
    sample_without_rendezvous(samples);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sample_without_rendezvous' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: 'sample_without_rendezvous' starts a thread with 'std::thread' here
}

// Not followed: the helper hands the thread to a function taskbound cannot
// see into, which may join it.
void adopt(std::thread t);
void start_and_hand_over(int x) { adopt(std::thread(work, x)); }
void handle_handed_over(const std::vector<int> &xs) {
  for (int x : xs)
    start_and_hand_over(x);
}

// --- Calls that are not followed -------------------------------------------

// Not followed: a virtual call may go to any override.
struct Launcher {
  virtual ~Launcher() = default;
  virtual void launch(int x) { std::thread(work, x).detach(); }
};
void through_virtual_call(Launcher &launcher, const std::vector<int> &xs) {
  for (int x : xs)
    launcher.launch(x);
}

// Not followed: a function pointer, a std::function, a declaration only.
void through_pointer(void (*launch)(int), const std::vector<int> &xs) {
  for (int x : xs)
    launch(x);
}
void through_function(const std::function<void(int)> &launch,
                      const std::vector<int> &xs) {
  for (int x : xs)
    launch(x);
}
void declared_only(int x);
void through_declaration(const std::vector<int> &xs) {
  for (int x : xs)
    declared_only(x);
}

// --- Recursion between helpers ---------------------------------------------

// ping starts a thread and returns it; pong discards ping's future, whose
// destructor waits, so pong bounds it. Summarising them must terminate.
void pong(int n);
std::future<int> ping(int n) {
  if (n > 0)
    pong(n - 1);
  return std::async(std::launch::async, work, n);
}
void pong(int n) {
  if (n > 0)
    ping(n - 1);
}
void recursion_ping(const std::vector<int> &xs,
                    std::vector<std::future<int>> &out) {
  for (int x : xs)
    out.push_back(ping(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'ping' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-11]]:10: note: 'ping' starts a thread with 'std::async' here
}
// Not flagged: pong waits for what ping starts.
void recursion_pong(const std::vector<int> &xs) {
  for (int x : xs)
    pong(x);
}

// A function that calls itself and detaches a thread: the call to itself
// is not followed, whichever function the walk reaches first.
struct Node {
  std::vector<Node *> children;
};
void visit_all(Node *n) {
  for (Node *c : n->children)
    visit_all(c);
  std::thread(work, 1).detach();
}

// --- Templates, lambdas, headers, workers ----------------------------------

template <typename F> auto launch_async(F f) {
  return std::async(std::launch::async, f);
}
void template_helper(const std::vector<int> &xs,
                     std::vector<std::future<int>> &out) {
  for (int x : xs)
    out.push_back(launch_async([x] { return work(x); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'launch_async' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-7]]:10: note: 'launch_async' starts a thread with 'std::async' here
}

void lambda_helper(const std::vector<int> &xs,
                   std::vector<std::future<int>> &out) {
  auto start = [](int x) { return std::async(std::launch::async, work, x); };
  for (int x : xs)
    out.push_back(start(x));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'start' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-4]]:35: note: 'start' starts a thread with 'std::async' here
}

// A helper from a project header: the note points into the header.
void header_helper(const std::vector<int> &xs) {
  for (int x : xs)
    helpers::detach_job(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'helpers::detach_job' starts a new thread
  // CHECK-MESSAGES: spawning_helpers.h:{{[0-9]+}}:3: note: 'helpers::detach_job' starts a thread with 'std::thread' here
}

// Not flagged: the helper starts a worker that loops taking jobs, and the
// loop counts workers (rule 7 through the helper).
template <typename T> class Queue {
public:
  bool pop(T &item);
};
void start_worker(std::vector<std::thread> &workers, Queue<int> &q) {
  workers.emplace_back([&q] {
    int job;
    while (q.pop(job))
      work(job);
  });
}
void workers_through_helper(Queue<int> &q, int num_threads) {
  std::vector<std::thread> workers;
  for (int i = 0; i < num_threads; ++i)
    start_worker(workers, q);
  for (auto &w : workers)
    w.join();
}

// Not flagged: the helper posts its drain only when none is in flight (a
// flag it tests and raises; the task lowers it), so each job added in the
// loop leaves at most one drain task alive (rule 9 with a flag; the shape of
// libtorrent's mmap_disk_io::add_completed_jobs_impl).
class Completions {
public:
  explicit Completions(asio::io_context &ioc) : ioc_(ioc) {}
  void add(int job) {
    std::lock_guard<std::mutex> lock(mutex_);
    done_.push_back(job);
    if (!in_flight_) {
      asio::post(ioc_, [this] { drain(); });
      in_flight_ = true;
    }
  }
  void add_all(const std::vector<int> &jobs) {
    for (int job : jobs)
      add(job);
  }

private:
  void drain() {
    std::lock_guard<std::mutex> lock(mutex_);
    done_.clear();
    in_flight_ = false;
  }
  asio::io_context &ioc_;
  std::mutex mutex_;
  std::vector<int> done_;
  bool in_flight_ = false;
};

// Flagged: the flag is tested but never raised where the task is posted,
// so every call posts one.
class LeakyCompletions {
public:
  explicit LeakyCompletions(asio::io_context &ioc) : ioc_(ioc) {}
  void add(int job) {
    if (!stopped_)
      asio::post(ioc_, [job] { work(job); });
  }
  void add_all(const std::vector<int> &jobs) {
    for (int job : jobs)
      add(job);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'LeakyCompletions::add' queues a new task on each iteration of this loop
  }

private:
  asio::io_context &ioc_;
  bool stopped_ = false;
};

// Not flagged: the same flag in the early-return form: the helper returns
// while a task is pending, raises the flag, then posts (libtorrent's
// session_impl::trigger_auto_manage).
class AutoManager {
public:
  explicit AutoManager(asio::io_context &ioc) : ioc_(ioc) {}
  void trigger() {
    if (pending_ || aborted_)
      return;
    pending_ = true;
    asio::post(ioc_, [this] { run(); });
  }
  void on_each(const std::vector<int> &events) {
    for (int event : events) {
      seen_ += event;
      trigger();
    }
  }

private:
  void run() { pending_ = false; }
  asio::io_context &ioc_;
  bool pending_ = false;
  bool aborted_ = false;
  int seen_ = 0;
};

// Flagged: the early return tests a flag that is raised only on one path, so
// most calls post a task.
class SometimesRaised {
public:
  explicit SometimesRaised(asio::io_context &ioc) : ioc_(ioc) {}
  void trigger(int event) {
    if (pending_)
      return;
    if (event > 100)
      pending_ = true;
    asio::post(ioc_, [this] { pending_ = false; });
  }
  void on_each(const std::vector<int> &events) {
    for (int event : events)
      trigger(event);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'SometimesRaised::trigger' queues a new task on each iteration of this loop
  }

private:
  asio::io_context &ioc_;
  bool pending_ = false;
};

// A flag local to the helper is false at every call: each call starts a
// thread.
void start_unless_busy() {
  bool busy = false;
  if (!busy) {
    busy = true;
    std::thread(work, 0).detach();
  }
}
void start_each_time(int n) {
  for (int i = 0; i < n; ++i)
    start_unless_busy();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'start_unless_busy' starts a new thread on each iteration of this loop
}

// Not flagged: the helper keeps its threads through pointers and joins them
// before it returns (oneTBB's test_enumerable_thread_specific do_std_threads).
void run_joined_through_pointers(int max_threads) {
  std::vector<std::thread *> threads;
  for (int p = 0; p < max_threads; ++p)
    threads.push_back(new std::thread(work, p));
  for (int p = 0; p < max_threads; ++p)
    threads[p]->join();
  for (int p = 0; p < max_threads; ++p)
    delete threads[p];
}
void rounds_of_joined_threads(int rounds) {
  for (int r = 0; r < rounds; ++r)
    run_joined_through_pointers(4);
}

// The pointers are kept and never joined: every call leaves its threads
// running.
void run_through_pointers(std::vector<std::thread *> &out) {
  out.push_back(new std::thread(work, 1));
}
void rounds_of_running_threads(int rounds, std::vector<std::thread *> &out) {
  for (int r = 0; r < rounds; ++r)
    run_through_pointers(out);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'run_through_pointers' starts a new thread on each iteration of this loop
}

// Not flagged: the loop hands the element to the first plugin that takes it
// and returns; the helper posts one task (rule 10 through a helper).
struct Extension {
  bool on_unknown(int id);
};
class Session {
public:
  explicit Session(asio::io_context &ioc) : ioc_(ioc) {}
  void add(int id) {
    asio::post(ioc_, [id] { work(id); });
  }
  bool delay_load(int id) {
    for (auto &e : extensions_) {
      if (e.on_unknown(id)) {
        add(id);
        return true;
      }
    }
    return false;
  }

private:
  asio::io_context &ioc_;
  std::vector<Extension> extensions_;
};

// Not flagged: the helper runs its tasks on task groups that are parts of the
// caller's container (a reference to std::get of a range-for element), and
// the caller hands that container to a helper that waits for the groups on
// every iteration (oneTBB test_arena_priorities.cpp:274). The helper's own
// loop runs three times (rule 1).
using Lane = std::tuple<int, std::unique_ptr<tbb::task_group>>;
using Lanes = std::array<Lane, 3>;
void submit_lanes(Lanes &lanes) {
  for (auto &lane : lanes) {
    auto &group = std::get<1>(lane);
    const int n = std::get<0>(lane);
    group->run([n] { work(n); });
  }
}
void wait_lanes(Lanes &lanes) {
  for (auto &lane : lanes)
    std::get<1>(lane)->wait();
}
void lanes_waited_each_round(const std::vector<int> &sizes) {
  Lanes lanes;
  for (int size : sizes) {
    for (auto &lane : lanes)
      lane = Lane(size, std::make_unique<tbb::task_group>());
    submit_lanes(lanes);
    wait_lanes(lanes);
  }
}

// Flagged: the same helper, and nothing waits for the groups before the next
// round runs more on them.
void lanes_never_waited(Lanes &lanes, const std::vector<int> &sizes) {
  for (int size : sizes) {
    std::get<0>(lanes[0]) = size;
    submit_lanes(lanes);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'submit_lanes' queues a new task on each iteration of this loop
  }
}

// Not flagged: the lambda keeps its task in a task group it captured by
// reference, so a call of a helper that calls the lambda keeps it there too,
// and the loop waits for that group on every iteration (oneTBB
// test_resumable_tasks.cpp:316, with its NativeParallelFor).
template <typename Body> void on_four_threads(const Body &body) {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&body, i] { body(i); });
  for (auto &t : pool)
    t.join();
}
void captured_group_waited_each_round(int rounds) {
  tbb::task_group group;
  for (int r = 0; r < rounds; ++r) {
    on_four_threads([&group](int j) { group.run([j] { work(j); }); });
    group.wait();
  }
}

// Flagged: the same group, waited for only after the loop.
void captured_group_waited_after(int rounds) {
  tbb::task_group group;
  for (int r = 0; r < rounds; ++r)
    on_four_threads([&group](int j) { group.run([j] { work(j); }); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'on_four_threads' queues a new task on each iteration of this loop
  group.wait();
}
