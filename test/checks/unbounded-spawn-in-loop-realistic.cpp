//===-- unbounded-spawn-in-loop-realistic.cpp - realistic code ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code shaped like what people write, for precision and recall: each
// function is either a real unbounded spawn (flagged) or a bounded one (not
// flagged, with the reason).
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <numeric>
#include <queue>
#include <random>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

std::size_t count_lines(const fs::path &p);
double simulate(unsigned seed);
void handle_client(int fd);
int accept_client(int listen_fd);
std::string fetch(const std::string &url);

// Futures pushed in a loop over directory entries.
std::size_t total_lines(const fs::path &dir) {
  std::vector<std::future<std::size_t>> parts;
  for (const auto &entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      parts.push_back(
          std::async(std::launch::async, count_lines, entry.path()));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::async' starts a new thread
  std::size_t total = 0;
  for (auto &p : parts)
    total += p.get();
  return total;
}

// Monte Carlo: one thread per seed.
double monte_carlo(const std::vector<unsigned> &seeds) {
  std::vector<double> results(seeds.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seeds.size(); ++i)
    threads.emplace_back([&, i] { results[i] = simulate(seeds[i]); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t.join();
  return std::accumulate(results.begin(), results.end(), 0.0);
}

// Not flagged: Monte Carlo split over a fixed number of workers, each taking
// a strided share of the seeds.
double monte_carlo_strided(const std::vector<unsigned> &seeds,
                           unsigned num_workers) {
  std::vector<double> partial(num_workers);
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < num_workers; ++w)
    threads.emplace_back([&, w] {
      for (std::size_t i = w; i < seeds.size(); i += num_workers)
        partial[w] += simulate(seeds[i]);
    });
  for (auto &t : threads)
    t.join();
  return std::accumulate(partial.begin(), partial.end(), 0.0);
}

// Web crawler: a thread per URL, detached.
void crawl(const std::vector<std::string> &urls,
           std::vector<std::string> &pages, std::mutex &m) {
  for (const auto &url : urls)
    std::thread([&, url] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
      auto page = fetch(url);
      std::lock_guard g(m);
      pages.push_back(page);
    }).detach();
}

// Not flagged: the crawler limited to 8 downloads at once by a semaphore.
void crawl_limited(const std::vector<std::string> &urls) {
  std::counting_semaphore<8> downloads(8);
  std::vector<std::jthread> threads;
  for (const auto &url : urls) {
    downloads.acquire();
    threads.emplace_back([&downloads, url] {
      fetch(url);
      downloads.release();
    });
  }
}

// A thread pool class with a worker-count constructor (not flagged: rule 7)
// and an enqueue onto its unbounded queue.
class ThreadPool {
public:
  explicit ThreadPool(unsigned threads = std::thread::hardware_concurrency()) {
    for (unsigned i = 0; i < threads; ++i)
      workers_.emplace_back([this] {
        for (;;) {
          std::function<void()> job;
          {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
            if (stop_ && jobs_.empty())
              return;
            job = std::move(jobs_.front());
            jobs_.pop();
          }
          job();
        }
      });
  }
  void enqueue(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push(std::move(job));
    }
    cv_.notify_one();
  }
  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &w : workers_)
      w.join();
  }

private:
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> jobs_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
};

// Every item waits in the pool's unbounded queue: the same problem as a
// thread per item, in memory instead of threads.
void use_pool(ThreadPool &pool, const std::vector<int> &items) {
  for (int item : items)
    pool.enqueue([item] { simulate(item); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ThreadPool::enqueue' adds a task to the unbounded queue of 'ThreadPool' on each iteration of this loop with no bound on how many are pending at once; give the pool a bounded queue (a 'taskbound::worker_pool' with a 'queue_capacity') or wait for room before each call [taskbound-unbounded-spawn-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop trip count is only known at run time
  // CHECK-MESSAGES: :[[@LINE-29]]:7: note: 'ThreadPool::enqueue' adds to an unbounded queue here
}

// A blocking accept loop with a thread per client (CP.41).
[[noreturn]] void serve_forever(int listen_fd) {
  while (true) {
    int fd = accept_client(listen_fd);
    std::thread(handle_client, fd).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop trip count is only known at run time
  }
}

// Not flagged: the accept loop with a cap on live connections.
void serve_capped(int listen_fd) {
  std::counting_semaphore<128> connections(128);
  for (;;) {
    connections.acquire();
    int fd = accept_client(listen_fd);
    std::thread([fd, &connections] {
      handle_client(fd);
      connections.release();
    }).detach();
  }
}

// Not flagged: a batch flush every 256 files.
std::size_t total_lines_batched(const std::vector<fs::path> &files) {
  std::vector<std::future<std::size_t>> batch;
  std::size_t total = 0;
  for (const auto &f : files) {
    batch.push_back(std::async(std::launch::async, count_lines, f));
    if (batch.size() == 256) {
      for (auto &b : batch)
        total += b.get();
      batch.clear();
    }
  }
  for (auto &b : batch)
    total += b.get();
  return total;
}

// Recursion over a graph: every node spawns a task per child.
struct Node {
  int value;
  std::vector<Node *> children;
};
int sum_tree(Node *n) {
  std::vector<std::future<int>> kids;
  for (Node *c : n->children)
    kids.push_back(std::async(std::launch::async, sum_tree, c));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread
  int s = n->value;
  for (auto &k : kids)
    s += k.get();
  return s;
}

// Not flagged: a parallel quicksort-style split into exactly two halves.
void two_halves(std::vector<int> &v) {
  std::vector<std::thread> halves;
  for (int h = 0; h < 2; ++h)
    halves.emplace_back([&v, h] {
      std::sort(v.begin() + h * v.size() / 2,
                v.begin() + (h + 1) * v.size() / 2);
    });
  for (auto &t : halves)
    t.join();
}

// A map of tasks keyed by name: one thread per job description.
void run_jobs(const std::map<std::string, int> &jobs) {
  std::map<std::string, std::future<double>> results;
  for (const auto &[name, seed] : jobs)
    results.emplace(name, std::async(std::launch::async, simulate, seed));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'std::async' starts a new thread
  for (auto &[name, f] : results)
    f.get();
}

// Not flagged: a producer and a consumer, two fixed threads.
void producer_consumer() {
  std::atomic<bool> done{false};
  std::thread producer([&] { done = true; });
  std::thread consumer([&] {
    while (!done)
      std::this_thread::yield();
  });
  producer.join();
  consumer.join();
}

// Not flagged: a retry loop that waits for each attempt.
std::string fetch_with_retry(const std::string &url, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    auto f = std::async(std::launch::async, fetch, url);
    if (f.wait_for(std::chrono::seconds(5)) == std::future_status::ready)
      return f.get();
  }
  return {};
}

// Random work items generated on the fly, each on its own thread.
void random_load(std::mt19937 &rng, int n) {
  std::vector<std::jthread> threads;
  std::uniform_int_distribution<unsigned> dist;
  while (n-- > 0)
    threads.emplace_back(simulate, dist(rng));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread
}
