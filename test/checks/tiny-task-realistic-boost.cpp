//===-- tiny-task-realistic-boost.cpp - realistic Boost.Asio code ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code shaped like what people write with Boost.Asio (it cannot share a
// translation unit with standalone Asio, so it has its own file): tasks per
// element whose work is tiny (flagged) or real (not flagged, with the reason).
// RUN: %check_tidy %s taskbound-tiny-task -- -std=c++20

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

// A small helper of the project: each sample is a task of two atomic adds.
struct Stats {
  std::atomic<long> total{0};
  std::atomic<long> count{0};
  void add(long v) {
    total += v;
    ++count;
  }
};
void record_all(boost::asio::thread_pool &pool, Stats &stats,
                const std::vector<long> &samples) {
  for (long s : samples)
    boost::asio::post(pool, [&stats, s] { stats.add(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::asio::post' starts a task per element to run a tiny body, and starting it costs far more than the work; process the elements in chunks with 'taskbound::parallel_for_each'
  // CHECK-MESSAGES: :[[@LINE-2]]:41: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::operator+=', 'std::atomic::operator++', 'Stats::add'
  pool.join();
}

// Element-wise scaling through the pool's executor: a task per element.
void scale_all(boost::asio::thread_pool &pool, std::vector<double> &v,
               double k) {
  auto ex = pool.get_executor();
  for (std::size_t i = 0; i < v.size(); ++i)
    boost::asio::post(ex, [&v, i, k] { v[i] *= k; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::asio::post' starts a task per element
  pool.join();
}

// Not flagged: each task writes a file (I/O is real work).
void save_all(boost::asio::thread_pool &pool,
              const std::vector<std::string> &names) {
  for (const std::string &name : names)
    boost::asio::post(pool, [name] {
      std::ofstream out(name);
      out << name << '\n';
    });
  pool.join();
}

// Not flagged: each task runs a loop over a block of samples (a chunk).
void sum_blocks(boost::asio::thread_pool &pool, const std::vector<long> &xs,
                std::atomic<long> &sum, std::size_t block) {
  for (std::size_t b = 0; b < xs.size(); b += block)
    boost::asio::post(pool, [&xs, &sum, b, block] {
      long local = 0;
      for (std::size_t i = b; i < b + block && i < xs.size(); ++i)
        local += xs[i];
      sum += local;
    });
  pool.join();
}

// Not flagged: one task per worker (4 loop iterations, at most MinElements).
void four_workers(boost::asio::thread_pool &pool, std::atomic<int> &ready) {
  for (int w = 0; w < 4; ++w)
    boost::asio::post(pool, [&ready] { ++ready; });
  pool.join();
}
