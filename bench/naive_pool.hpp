//===-- naive_pool.hpp - mutex + condvar pool -------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The pool people write first: N workers, one mutex, one condition variable and an
// unbounded std::deque of std::function. The W1 and W5 peer.
#pragma once

#include <condition_variable> // std::condition_variable
#include <cstddef>            // std::size_t
#include <deque>              // std::deque
#include <functional>         // std::function
#include <mutex>              // std::mutex
#include <thread>             // std::thread
#include <utility>            // std::move
#include <vector>             // std::vector

namespace bench {

class naive_pool {
public:
  explicit naive_pool(unsigned workers) {
    threads_.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) threads_.emplace_back([this] { work(); });
  }
  naive_pool(const naive_pool&) = delete;
  naive_pool& operator=(const naive_pool&) = delete;
  ~naive_pool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void post(std::function<void()> f) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(f));
      ++pending_;
    }
    ready_.notify_one();
  }

  void wait_idle() {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [this] { return pending_ == 0; });
  }

private:
  void work() {
    for (;;) {
      std::function<void()> f;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        f = std::move(queue_.front());
        queue_.pop_front();
      }
      f();
      std::lock_guard lock(mu_);
      if (--pending_ == 0) idle_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  std::size_t pending_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

} // namespace bench
