//===-- tiny-task-realistic.cpp - realistic code --------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code shaped like what people write, for precision and recall: each
// function starts tasks per element, and is either one whose work is tiny
// (flagged) or one whose work is real (not flagged, with the reason). std,
// standalone Asio and TBB are the real headers; Qt a stand-in (Boost.Asio,
// which cannot share a TU with standalone Asio, is in -realistic-boost.cpp).
// RUN: %check_tidy %s taskbound-tiny-task -- -std=c++20 -isystem %inputs/system

#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <oneapi/tbb/task_group.h>

#include <QtConcurrent>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

struct Pixel {
  std::uint8_t r, g, b;
};

struct Image {
  int width = 0, height = 0;
  std::vector<Pixel> pixels;
  Pixel &at(int x, int y) {
    return pixels[static_cast<std::size_t>(y) * width + x];
  }
};

inline std::uint8_t clamp_byte(int v) {
  return static_cast<std::uint8_t>(std::clamp(v, 0, 255));
}

std::string load_text(const std::string &path);
void render_tile(Image &img, int tile);
double simulate(unsigned seed);

// One std::async per pixel to brighten it.
void brighten(Image &img, int delta) {
  std::vector<std::future<void>> jobs;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x)
      jobs.push_back(std::async(std::launch::async, [&img, x, y, delta] {
        Pixel &p = img.at(x, y);
        p.r = clamp_byte(p.r + delta);
      }));
  // CHECK-MESSAGES: :[[@LINE-4]]:22: warning: 'std::async' starts a thread per element to run a tiny body
  for (auto &j : jobs)
    j.get();
}

// Not flagged: a task per tile whose rendering is not visible here.
void render(Image &img, int tiles) {
  std::vector<std::thread> threads;
  for (int t = 0; t < tiles; ++t)
    threads.emplace_back(render_tile, std::ref(img), t);
  for (auto &th : threads)
    th.join();
}

// Counting words with a thread per word, into an atomic.
std::size_t count_long_words(const std::vector<std::string> &words) {
  std::atomic<std::size_t> count{0};
  std::vector<std::thread> threads;
  for (const auto &w : words)
    threads.emplace_back([&count, &w] {
      if (w.size() > 8)
        count.fetch_add(1, std::memory_order_relaxed);
    });
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: 'std::thread' starts a thread per element
  for (auto &t : threads)
    t.join();
  return count.load();
}

// Not flagged: the word counts go into a map under a lock (allocation and
// a lock: each task does real work, and the lock serialises it anyway).
std::map<std::string, int> histogram(const std::vector<std::string> &words) {
  std::map<std::string, int> counts;
  std::mutex m;
  std::vector<std::thread> threads;
  for (const auto &w : words)
    threads.emplace_back([&, w] {
      std::lock_guard<std::mutex> lock(m);
      ++counts[w];
    });
  for (auto &t : threads)
    t.join();
  return counts;
}

// Element-wise vector maths on a thread pool: a task per element.
void saxpy(asio::thread_pool &pool, float a, const std::vector<float> &x,
           std::vector<float> &y) {
  for (std::size_t i = 0; i < x.size(); ++i)
    asio::post(pool, [&, i] { y[i] = a * x[i] + y[i]; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::post' starts a task per element
  pool.join();
}

// Not flagged: a chunk of elements per task (the fix).
void saxpy_chunked(asio::thread_pool &pool, float a,
                   const std::vector<float> &x, std::vector<float> &y,
                   std::size_t chunk) {
  for (std::size_t begin = 0; begin < x.size(); begin += chunk)
    asio::post(pool, [&, begin] {
      const std::size_t end = std::min(begin + chunk, x.size());
      for (std::size_t i = begin; i < end; ++i)
        y[i] = a * x[i] + y[i];
    });
  pool.join();
}

// Not flagged: each task reads a file.
std::vector<std::size_t> file_sizes(asio::thread_pool &pool,
                                    const std::vector<std::string> &paths) {
  std::vector<std::size_t> sizes(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i)
    asio::post(pool, [&, i] { sizes[i] = load_text(paths[i]).size(); });
  pool.join();
  return sizes;
}

// TBB: a task per particle to move it one step.
struct Particle {
  double x, v;
};
void step(std::vector<Particle> &ps, double dt) {
  tbb::task_group g;
  for (auto &p : ps)
    g.run([&p, dt] { p.x += p.v * dt; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_group::run' starts a task per element
  g.wait();
}

// Not flagged: a Monte Carlo run per seed does real work (not visible here,
// and costly by nature).
double monte_carlo(const std::vector<unsigned> &seeds) {
  tbb::task_group g;
  std::vector<double> results(seeds.size());
  for (std::size_t i = 0; i < seeds.size(); ++i)
    g.run([&, i] { results[i] = simulate(seeds[i]); });
  g.wait();
  double sum = 0;
  for (double r : results)
    sum += r;
  return sum;
}

// Qt: a QtConcurrent::run per value to square it.
std::vector<int> squares(const std::vector<int> &values) {
  std::vector<QFuture<int>> futs;
  for (int v : values)
    futs.push_back(QtConcurrent::run([v] { return v * v; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'QtConcurrent::run' starts a task per element
  std::vector<int> out;
  for (auto &f : futs)
    out.push_back(f.result());
  return out;
}

// Not flagged: a QtConcurrent::run per document to load it.
std::vector<QFuture<std::string>>
load_all(const std::vector<std::string> &paths) {
  std::vector<QFuture<std::string>> futs;
  for (const auto &p : paths)
    futs.push_back(QtConcurrent::run(load_text, p));
  return futs;
}

// A reduction with std::async per element through a std::function-free
// callable: the distance of each point to the origin.
double total_distance(const std::vector<std::pair<double, double>> &pts) {
  std::vector<std::future<double>> futs;
  for (const auto &pt : pts)
    futs.push_back(std::async(
        std::launch::async, [pt] { return std::hypot(pt.first, pt.second); }));
  // CHECK-MESSAGES: :[[@LINE-2]]:20: warning: 'std::async' starts a thread per element
  double sum = 0;
  for (auto &f : futs)
    sum += f.get();
  return sum;
}

// Not flagged: a handler looked up at run time (a std::function call).
void dispatch(
    const std::vector<int> &events,
    const std::unordered_map<int, std::function<void(int)>> &handlers) {
  std::vector<std::thread> threads;
  for (int e : events)
    threads.emplace_back([&handlers, e] { handlers.at(e)(e); });
  for (auto &t : threads)
    t.join();
}

// Not flagged: a small fixed fan-out of tiny tasks (4 quadrants).
void clear_quadrants(std::vector<int> &quadrant_counts) {
  std::vector<std::thread> threads;
  for (int q = 0; q < 4; ++q)
    threads.emplace_back([&quadrant_counts, q] { quadrant_counts[q] = 0; });
  for (auto &t : threads)
    t.join();
}

// Not flagged: one thread per worker, each writing its own slot.
void init_workers(std::vector<long> &per_worker, unsigned num_workers) {
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < num_workers; ++w)
    threads.emplace_back([&per_worker, w] { per_worker[w] = 0; });
  for (auto &t : threads)
    t.join();
}

// Not flagged: each task logs to a file.
void log_all(const std::vector<std::string> &lines, std::ofstream &out,
             std::mutex &m) {
  std::vector<std::thread> threads;
  for (const auto &line : lines)
    threads.emplace_back([&, line] {
      std::lock_guard<std::mutex> lock(m);
      out << line << '\n';
    });
  for (auto &t : threads)
    t.join();
}

// Marking visited nodes, one detached thread each.
void mark_all(std::vector<std::atomic<bool>> &visited,
              const std::vector<int> &frontier) {
  for (int n : frontier)
    std::thread([&visited, n] { visited[n].store(true); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
}
