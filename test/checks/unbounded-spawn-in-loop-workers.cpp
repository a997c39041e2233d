//===-- unbounded-spawn-in-loop-workers.cpp - rule 7: worker loops --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Rule 7: a loop that starts the fixed set of workers of a pool is the cure,
// not the disease. A thread per item, however it is written, is flagged.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

int work(int x) { return x * 2; }

template <typename T> class Queue {
public:
  void push(T v) {
    std::lock_guard g(m_);
    q_.push_back(std::move(v));
    cv_.notify_one();
  }
  std::optional<T> pop() {
    std::unique_lock l(m_);
    cv_.wait(l, [&] { return !q_.empty() || closed_; });
    if (q_.empty())
      return std::nullopt;
    T v = std::move(q_.front());
    q_.pop_front();
    return v;
  }
  void close();

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<T> q_;
  bool closed_ = false;
};

// Not flagged: a pool's constructor starts `num_threads` workers that loop
// taking tasks from a queue.
class Pool {
public:
  explicit Pool(std::size_t num_threads) {
    for (std::size_t i = 0; i < num_threads; ++i)
      workers_.emplace_back([this] { run(); });
  }
  ~Pool() {
    tasks_.close();
    for (auto &t : workers_)
      t.join();
  }

private:
  void run() {
    while (auto task = tasks_.pop())
      (*task)();
  }
  Queue<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
};

// Not flagged: the worker is a member function passed by pointer.
class Pool2 {
public:
  explicit Pool2(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(&Pool2::loop, this);
  }

private:
  void loop() {
    while (!stop_.load())
      std::this_thread::yield();
  }
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

// Not flagged: the count is named as a worker count; the body is opaque.
void worker_count_by_name(int worker_count, void (*body)(int)) {
  std::vector<std::thread> threads;
  for (int i = 0; i < worker_count; ++i)
    threads.emplace_back(body, i);
  for (auto &t : threads)
    t.join();
}

// Not flagged: jthreads with a stop token, a classic consumer pool.
void consumers(int n, Queue<int> &q) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&q](std::stop_token st) {
      while (!st.stop_requested())
        if (auto v = q.pop())
          work(*v);
    });
}

// Not flagged: workers pulling indices from a shared atomic counter.
void counter_workers(const std::vector<int> &items, int nthreads) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < nthreads; ++t)
    threads.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < items.size();)
        work(items[i]);
    });
  for (auto &t : threads)
    t.join();
}

// Not flagged: filling the slots of a pool's thread vector.
class Slots {
public:
  explicit Slots(std::size_t n) : workers_(n) {
    for (auto &w : workers_)
      w = std::thread([this] { serve(); });
  }

private:
  void serve() {
    for (;;)
      if (stop_)
        return;
  }
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

// The loop walks the input: one thread per item even though the thread body
// has a loop of its own.
void per_item_with_inner_loop(const std::vector<std::vector<int>> &files) {
  std::vector<std::thread> threads;
  for (const auto &lines : files)
    threads.emplace_back([&lines] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread on each iteration of this loop with no bound on how many run at once; spawn the tasks into a 'taskbound::task_scope', which bounds them [taskbound-unbounded-spawn-in-loop]
      for (int line : lines)
        work(line);
    });
  for (auto &t : threads)
    t.join();
}

// Counting up to the input's size is walking the input, whatever the body.
void per_index_worker_body(const std::vector<int> &items) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < items.size(); ++i)
    threads.emplace_back([&, i] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
      while (true)
        if (work(items[i]) > 0)
          break;
    });
  for (auto &t : threads)
    t.join();
}

// A count that is not a worker count, and a body that does one item's work.
void per_request(int requests) {
  for (int r = 0; r < requests; ++r)
    std::thread(work, r).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
}

// One OS thread per accepted connection is C++ Core Guidelines CP.41's own
// example of what not to do.
struct Socket {};
struct Acceptor {
  Socket accept();
};
void serve(Socket s);
void thread_per_connection(Acceptor &acceptor) {
  for (;;) {
    Socket s = acceptor.accept();
    std::thread(serve, s).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  }
}

// A large compile-time count is an amount of work, whatever its name: one
// task per index of 10,000 is not a pool of workers.
constexpr int kNumThreads = 10000;
void one_task_per_named_constant(std::vector<std::thread> &threads) {
  for (int i = 0; i < kNumThreads; ++i)
    threads.emplace_back(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop runs 10000 times
}

// Not flagged: the same constant starting threads that loop taking work is a
// (large) fixed set of workers, recognised by the shape of the worker.
void named_constant_workers(std::vector<std::thread> &threads,
                            Queue<std::function<void()>> &q) {
  for (int i = 0; i < kNumThreads; ++i)
    threads.emplace_back([&q] {
      while (auto job = q.pop())
        (*job)();
    });
}

// Not flagged: a pool sized by a configuration field (no worker word in the
// name) whose workers loop reading items from a channel until it is closed
// (rocksdb's BackupEngine starts its copy threads this way). The worker is
// recognised by its shape: a loop whose condition fills the next item.
struct WorkItem {
  int file;
};
template <typename T> class Channel {
public:
  bool read(T &item);
  void sendEof();
};
struct EngineOptions {
  int max_background_operations = 4;
};
class BackupEngine {
public:
  explicit BackupEngine(const EngineOptions &options) : options_(options) {
    for (int t = 0; t < options_.max_background_operations; t++)
      threads_.emplace_back([this] {
        WorkItem work_item;
        while (files_to_copy_.read(work_item))
          work(work_item.file);
      });
  }

private:
  EngineOptions options_;
  Channel<WorkItem> files_to_copy_;
  std::vector<std::thread> threads_;
};

// Not flagged: workers that run until their source says it is closed.
struct Source {
  bool closed() const;
  int next();
};
void drain_until_closed(Source &src, int lanes) {
  std::vector<std::thread> threads;
  for (int i = 0; i < lanes; ++i)
    threads.emplace_back([&src] {
      while (!src.closed())
        work(src.next());
    });
  for (auto &t : threads)
    t.join();
}

// A body whose loop is bounded by its own input is one item's work, not a
// worker: a thread per request, flagged.
void per_request_with_loop(int requests, const std::vector<int> &payload) {
  for (int r = 0; r < requests; ++r)
    std::thread([&payload] {
      for (std::size_t i = 0; i < payload.size(); ++i)
        work(payload[i]);
    }).detach();
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: 'std::thread' starts a new thread
}
