//===-- unbounded-spawn-in-loop-pools.cpp - home-made pools ---------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Home-made thread pools: a member function that pushes a callable onto a
// member queue that the class's own workers pop, with no bound on the
// queue, is a spawn site at each call, whatever it is called.
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,TASKQUEUE %s \
// RUN:   taskbound-unbounded-spawn-in-loop -- -std=c++20
//
// BoundedExecutors declares a pool's queue bounded (rule 6): the TaskQueue
// findings go.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {BoundedExecutors: '::TaskQueue'}}" -- -std=c++20

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>
#include <vector>

int work(int x) { return x * 2; }

// The classic pool: N workers pop std::function<void()> from a std::queue;
// enqueue wraps the call in a packaged_task and returns its future.
class ThreadPool {
public:
  explicit ThreadPool(std::size_t threads) {
    // Not flagged: the constructor starts the pool's fixed set of workers
    // (rule 7).
    for (std::size_t i = 0; i < threads; ++i)
      workers_.emplace_back([this] {
        for (;;) {
          std::function<void()> task;
          {
            std::unique_lock<std::mutex> lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
            if (stop_ && tasks_.empty())
              return;
            task = std::move(tasks_.front());
            tasks_.pop();
          }
          task();
        }
      });
  }

  template <class F, class... Args>
  auto enqueue(F &&f, Args &&...args) -> std::future<decltype(f(args...))> {
    using R = decltype(f(args...));
    auto task = std::make_shared<std::packaged_task<R()>>(
        std::bind(std::forward<F>(f), std::forward<Args>(args)...));
    std::future<R> result = task->get_future();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (stop_)
        throw std::runtime_error("enqueue on a stopped ThreadPool");
      tasks_.emplace([task] { (*task)(); });
    }
    cv_.notify_one();
    return result;
  }

  // Enqueuing from inside the pool is the same problem.
  void enqueue_all(const std::vector<int> &xs) {
    for (int x : xs)
      enqueue(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'ThreadPool::enqueue' adds a task to the unbounded queue of 'ThreadPool' on each iteration of this loop with no bound on how many are pending at once; give the pool a bounded queue (a 'taskbound::worker_pool' with a 'queue_capacity') or wait for room before each call [taskbound-unbounded-spawn-in-loop]
    // CHECK-MESSAGES: :[[@LINE-11]]:7: note: 'ThreadPool::enqueue' adds to an unbounded queue here
  }

  ~ThreadPool() {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread &worker : workers_)
      worker.join();
  }

private:
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> tasks_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
};

void futures_per_element(ThreadPool &pool, const std::vector<int> &xs) {
  std::vector<std::future<int>> results;
  for (int x : xs)
    results.emplace_back(pool.enqueue(work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'ThreadPool::enqueue' adds a task to the unbounded queue of 'ThreadPool' on each iteration
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  // CHECK-MESSAGES: :[[@LINE-38]]:7: note: 'ThreadPool::enqueue' adds to an unbounded queue here
  for (auto &r : results)
    r.get();
}

// Not flagged: each iteration waits for its task (rule 4).
void enqueue_and_wait_each(ThreadPool &pool, const std::vector<int> &xs,
                           int &sum) {
  for (int x : xs)
    sum += pool.enqueue(work, x).get();
}

// Not flagged: a window of at most 16 futures (rule 3).
void enqueue_windowed(ThreadPool &pool, const std::vector<int> &xs) {
  std::deque<std::future<int>> window;
  for (int x : xs) {
    while (window.size() >= 16) {
      window.front().get();
      window.pop_front();
    }
    window.push_back(pool.enqueue(work, x));
  }
}

// The same pool whose submit waits while the queue is full: bounded, so its
// calls are not spawn sites.
class BlockingPool {
public:
  explicit BlockingPool(std::size_t threads, std::size_t capacity)
      : capacity_(capacity) {
    for (std::size_t i = 0; i < threads; ++i)
      workers_.emplace_back([this] { run(); });
  }
  void submit(std::function<void()> task) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [this] { return tasks_.size() < capacity_; });
    tasks_.push_back(std::move(task));
    not_empty_.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      not_empty_.wait(lock, [this] { return !tasks_.empty(); });
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      not_full_.notify_one();
      lock.unlock();
      task();
    }
  }
  std::size_t capacity_;
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> tasks_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
};

// Not flagged: submit waits for room.
void blocking_pool_per_element(BlockingPool &pool, const std::vector<int> &xs) {
  for (int x : xs)
    pool.submit([x] { work(x); });
}

// A pool that refuses work past its capacity: bounded too.
class RefusingPool {
public:
  explicit RefusingPool(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i)
      workers_.emplace_back(&RefusingPool::loop, this);
  }
  bool try_add(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.size() >= max_jobs_)
      return false;
    jobs_.push(std::move(job));
    return true;
  }
  void add_or_throw(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_ >= limit_)
      throw std::runtime_error("queue full");
    ++pending_;
    jobs_.push(std::move(job));
  }

private:
  void loop() {
    std::function<void()> job;
    while (take(job))
      job();
  }
  bool take(std::function<void()> &job) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.empty())
      return false;
    job = std::move(jobs_.front());
    jobs_.pop();
    --pending_;
    return true;
  }
  std::size_t max_jobs_ = 1024, pending_ = 0, limit_ = 1024;
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> jobs_;
  std::mutex mutex_;
};

// Not flagged: try_add returns false past a capacity, add_or_throw throws.
void refusing_pool_per_element(RefusingPool &pool, const std::vector<int> &xs) {
  for (int x : xs) {
    if (!pool.try_add([x] { work(x); }))
      work(x);
    pool.add_or_throw([x] { work(x); });
  }
}

// Other names and shapes: a void push_task, a std::deque, workers that run
// a member function, jthreads with a stop token.
class TaskQueue {
public:
  explicit TaskQueue(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this](std::stop_token st) { drain(st); });
  }
  void push_task(std::function<void()> fn) {
    {
      std::lock_guard<std::mutex> lock(m_);
      q_.push_back(std::move(fn));
    }
    cv_.notify_one();
  }

private:
  void drain(std::stop_token st) {
    while (!st.stop_requested()) {
      std::unique_lock<std::mutex> lock(m_);
      cv_.wait(lock, [this] { return !q_.empty(); });
      auto fn = std::move(q_.front());
      q_.pop_front();
      lock.unlock();
      fn();
    }
  }
  std::deque<std::function<void()>> q_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::jthread> threads_;
};

void push_task_per_element(TaskQueue &tq, const std::vector<int> &xs) {
  for (int x : xs)
    tq.push_task([x] { work(x); });
  // TASKQUEUE: :[[@LINE-1]]:5: warning: 'TaskQueue::push_task' adds a task to the unbounded queue of 'TaskQueue'
  // TASKQUEUE: :[[@LINE-26]]:7: note: 'TaskQueue::push_task' adds to an unbounded queue here
}

// A pool template whose queue holds a struct wrapping the callable, ordered
// by priority.
template <typename Fn> class PriorityPool {
public:
  struct Job {
    int priority;
    Fn fn;
    bool operator<(const Job &other) const { return priority < other.priority; }
  };
  explicit PriorityPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] {
        while (running_) {
          std::unique_lock<std::mutex> lock(m_);
          if (jobs_.empty())
            continue;
          Job job = jobs_.top();
          jobs_.pop();
          lock.unlock();
          job.fn();
        }
      });
  }
  void schedule(int priority, Fn fn) {
    std::lock_guard<std::mutex> lock(m_);
    jobs_.push(Job{priority, std::move(fn)});
  }

private:
  std::priority_queue<Job> jobs_;
  std::mutex m_;
  bool running_ = true;
  std::vector<std::thread> workers_;
};

// The pool is recognised by what its constructor starts: the translation
// unit must instantiate it (here, by building one).
void schedule_per_element(const std::vector<int> &xs) {
  PriorityPool<std::function<void()>> pool(4);
  for (int x : xs)
    pool.schedule(x, [x] { work(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'PriorityPool::schedule' adds a task to the unbounded queue of 'PriorityPool'
  // CHECK-MESSAGES: :[[@LINE-17]]:5: note: 'PriorityPool::schedule' adds to an unbounded queue here
}

// A helper around the pool is a spawn site too, one call further away.
void submit_job(ThreadPool &pool, int x) {
  pool.enqueue([x] { return work(x); });
}

void through_pool_helper(ThreadPool &pool, const std::vector<int> &xs) {
  for (int x : xs)
    submit_job(pool, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'submit_job' queues a new task on each iteration
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'submit_job' queues a task with 'ThreadPool::enqueue' here
  // CHECK-MESSAGES: :[[@LINE-250]]:7: note: 'ThreadPool::enqueue' adds to an unbounded queue here
}

// Not a task queue: a logger's message queue holds strings, not callables,
// however it is fed.
class AsyncLogger {
public:
  AsyncLogger() : writer_([this] { write_loop(); }) {}
  void log(std::string line) {
    std::lock_guard<std::mutex> lock(m_);
    lines_.push(std::move(line));
  }

private:
  void write_loop() {
    for (;;) {
      std::lock_guard<std::mutex> lock(m_);
      if (!lines_.empty())
        lines_.pop();
    }
  }
  std::queue<std::string> lines_;
  std::mutex m_;
  std::thread writer_;
};
void log_per_element(AsyncLogger &logger, const std::vector<int> &xs) {
  for (int x : xs)
    logger.log(std::to_string(x));
}

// Not a pool: the callables wait for the caller to run them on its own
// thread (an event list), no worker of the class pops them.
class Deferred {
public:
  void later(std::function<void()> fn) { pending_.push_back(std::move(fn)); }
  void run_all() {
    for (auto &fn : pending_)
      fn();
    pending_.clear();
  }

private:
  std::list<std::function<void()>> pending_;
};
void defer_per_element(Deferred &d, const std::vector<int> &xs) {
  for (int x : xs)
    d.later([x] { work(x); });
  d.run_all();
}
