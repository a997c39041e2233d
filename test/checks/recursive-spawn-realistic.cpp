//===-- recursive-spawn-realistic.cpp - realistic code --------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code shaped like what people write, for precision and recall: each
// function is either a recursive spawn with no cut-off (flagged) or one that
// is bounded or cut off (not flagged, with the reason). std, TBB, Asio
// (standalone and Boost) and a Qt stand-in.
// RUN: %check_tidy %s taskbound-recursive-spawn -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system

#include <utility>

#include <asio.hpp>
#include <oneapi/tbb/task_group.h>

#include <QtConcurrent>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <future>
#include <iterator>
#include <list>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// "C++ Concurrency in Action"-style code.

// Quicksort on std::list with std::async: the only test is for an empty
// list, so every partition spawns a thread.
template <typename T> std::list<T> parallel_quick_sort(std::list<T> input) {
  if (input.empty())
    return input;
  std::list<T> result;
  result.splice(result.begin(), input, input.begin());
  const T &pivot = *result.begin();
  auto divide_point = std::partition(input.begin(), input.end(),
                                     [&](const T &t) { return t < pivot; });
  std::list<T> lower_part;
  lower_part.splice(lower_part.end(), input, input.begin(), divide_point);
  std::future<std::list<T>> new_lower(
      std::async(&parallel_quick_sort<T>, std::move(lower_part)));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'parallel_quick_sort' spawns a call to itself through 'std::async'
  auto new_higher(parallel_quick_sort(std::move(input)));
  result.splice(result.end(), new_higher);
  result.splice(result.begin(), new_lower.get());
  return result;
}
template std::list<int> parallel_quick_sort(std::list<int>);

// Not flagged: the recursive for_each does small ranges serially.
template <typename Iterator, typename Func>
void parallel_for_each(Iterator first, Iterator last, Func f) {
  const unsigned long length = std::distance(first, last);
  if (!length)
    return;
  const unsigned long min_per_thread = 25;
  if (length < (2 * min_per_thread)) {
    std::for_each(first, last, f);
  } else {
    const Iterator mid_point = first + length / 2;
    std::future<void> first_half =
        std::async(&parallel_for_each<Iterator, Func>, first, mid_point, f);
    parallel_for_each(mid_point, last, f);
    first_half.get();
  }
}
void double_all(std::vector<int> &v) {
  parallel_for_each(v.begin(), v.end(), [](int &x) { x *= 2; });
}

// Not flagged: parallel accumulate with a minimum block per thread.
template <typename Iterator, typename T>
T parallel_accumulate(Iterator first, Iterator last, T init) {
  const unsigned long length = std::distance(first, last);
  const unsigned long max_chunk_size = 25;
  if (length <= max_chunk_size)
    return std::accumulate(first, last, init);
  Iterator mid_point = first;
  std::advance(mid_point, length / 2);
  std::future<T> first_half_result =
      std::async(parallel_accumulate<Iterator, T>, first, mid_point, init);
  T second_half_result = parallel_accumulate(mid_point, last, T());
  return first_half_result.get() + second_half_result;
}
template long parallel_accumulate(std::vector<long>::const_iterator,
                                  std::vector<long>::const_iterator, long);

// ---------------------------------------------------------------------------
// Sorting.

// Merge sort whose only test is a one-element range.
void merge_sort(std::vector<int> &v, std::size_t lo, std::size_t hi) {
  if (hi - lo <= 1)
    return;
  const std::size_t mid = lo + (hi - lo) / 2;
  std::thread left([&] { merge_sort(v, lo, mid); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'merge_sort' spawns a call to itself through 'std::thread'
  merge_sort(v, mid, hi);
  left.join();
  std::inplace_merge(v.begin() + lo, v.begin() + mid, v.begin() + hi);
}

// Not flagged: a thread budget halved at each level; one thread left means
// the rest is sorted serially.
void budget_sort(int *first, int *last, unsigned threads) {
  if (threads <= 1 || last - first < 2) {
    std::sort(first, last);
    return;
  }
  int *middle = first + (last - first) / 2;
  std::nth_element(first, middle, last);
  std::thread left(budget_sort, first, middle, threads / 2);
  budget_sort(middle, last, threads - threads / 2);
  left.join();
}

// Not flagged: only the first level spawns (the flag is false below it).
void two_way_sort(int *first, int *last, bool parallel) {
  if (last - first < 2)
    return;
  int *middle = first + (last - first) / 2;
  std::nth_element(first, middle, last);
  if (parallel) {
    auto left =
        std::async(std::launch::async, two_way_sort, first, middle, false);
    two_way_sort(middle, last, false);
    left.get();
  } else {
    std::sort(first, middle);
    std::sort(middle, last);
  }
}

// Not flagged: introsort-like depth limit from the machine's concurrency.
void depth_sort(int *first, int *last, int depth) {
  static const int max_depth =
      static_cast<int>(std::thread::hardware_concurrency());
  if (depth >= max_depth || last - first < 2048) {
    std::sort(first, last);
    return;
  }
  int *middle = first + (last - first) / 2;
  std::nth_element(first, middle, last);
  auto left =
      std::async(std::launch::async, depth_sort, first, middle, depth + 1);
  depth_sort(middle, last, depth + 1);
  left.wait();
}

// ---------------------------------------------------------------------------
// Trees and file systems.

// A directory-size walk: a thread per subdirectory, all the way down.
std::uintmax_t dir_size(const fs::path &dir) {
  std::vector<std::future<std::uintmax_t>> subdirs;
  std::uintmax_t total = 0;
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.is_directory())
      subdirs.push_back(std::async(std::launch::async, dir_size, entry.path()));
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'dir_size' spawns a call to itself through 'std::async'
    else if (entry.is_regular_file())
      total += entry.file_size();
  }
  for (auto &s : subdirs)
    total += s.get();
  return total;
}

// Not flagged: only the first levels of the directory tree get a thread.
std::uintmax_t dir_size_limited(const fs::path &dir, int level) {
  std::vector<std::future<std::uintmax_t>> subdirs;
  std::uintmax_t total = 0;
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && level < 2)
      subdirs.push_back(std::async(std::launch::async, dir_size_limited,
                                   entry.path(), level + 1));
    else if (entry.is_directory())
      total += dir_size_limited(entry.path(), level + 1);
    else if (entry.is_regular_file())
      total += entry.file_size();
  }
  for (auto &s : subdirs)
    total += s.get();
  return total;
}

struct Node {
  int weight = 0;
  std::size_t subtree_size = 1;
  std::vector<std::unique_ptr<Node>> children;
};

// A scene-graph update with a task_group per node.
void update(Node &node) {
  tbb::task_group tasks;
  for (auto &child : node.children)
    tasks.run([&child] { update(*child); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'update' spawns a call to itself through 'tbb::task_group::run'
  node.weight += 1;
  tasks.wait();
}

void update_serial(Node &node);

// Not flagged: small subtrees are updated serially.
void update_grained(Node &node) {
  if (node.subtree_size < 512) {
    update_serial(node);
    return;
  }
  tbb::task_group tasks;
  for (auto &child : node.children)
    tasks.run([&child] { update_grained(*child); });
  node.weight += 1;
  tasks.wait();
}

// ---------------------------------------------------------------------------
// Executors: Asio (standalone and Boost), Qt.

// A crawler posting a task per link found, through a class.
class Crawler {
public:
  explicit Crawler(asio::thread_pool &pool) : pool_(pool) {}
  void visit(std::string url) {
    for (std::string &link : links_of(url))
      asio::post(pool_, [this, link] { visit(link); });
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'visit' spawns a call to itself through 'asio::post'
  }

private:
  std::vector<std::string> links_of(const std::string &url);
  asio::thread_pool &pool_;
};

// A directory walk posting a task per subdirectory.
void scan(asio::thread_pool &pool, const fs::path &dir) {
  for (const auto &entry : fs::directory_iterator(dir))
    if (entry.is_directory())
      asio::post(pool, [&pool, p = entry.path()] { scan(pool, p); });
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'scan' spawns a call to itself through 'asio::post'
}

// Not flagged: a retry loop re-posts itself as its last act.
class Reconnector {
public:
  explicit Reconnector(asio::io_context &io) : io_(io) {}
  void attempt() {
    if (try_connect())
      return;
    ++attempts_;
    asio::post(io_, [this] { attempt(); });
  }

private:
  bool try_connect();
  asio::io_context &io_;
  int attempts_ = 0;
};

// Not flagged: a coroutine reader that spawns its successor, then returns.
asio::awaitable<void> read_chunks(std::shared_ptr<std::vector<char>> data,
                                  std::size_t offset) {
  auto ex = co_await asio::this_coro::executor;
  if (offset < data->size())
    asio::co_spawn(ex, read_chunks(data, offset + 4096), asio::detached);
}

// A session that spawns a handler coroutine for every message kind, each of
// which spawns for its sub-messages.
asio::awaitable<void> handle(std::vector<int> message) {
  auto ex = co_await asio::this_coro::executor;
  for (int part : message)
    if (part > 0)
      asio::co_spawn(ex, handle(std::vector<int>(part, part - 1)),
                     asio::detached);
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'handle' spawns a call to itself through 'asio::co_spawn'
}

struct Tile {
  int x, y, w, h;
};
void render_tile(const Tile &t);

// A Qt renderer splitting tiles in four, down to single pixels.
void render(const Tile &t) {
  if (t.w <= 1 && t.h <= 1) {
    render_tile(t);
    return;
  }
  const int hw = t.w / 2, hh = t.h / 2;
  std::vector<QFuture<void>> quads;
  for (const Tile &q :
       {Tile{t.x, t.y, hw, hh}, Tile{t.x + hw, t.y, t.w - hw, hh},
        Tile{t.x, t.y + hh, hw, t.h - hh},
        Tile{t.x + hw, t.y + hh, t.w - hw, t.h - hh}})
    quads.push_back(QtConcurrent::run(render, q));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'render' spawns a call to itself through 'QtConcurrent::run'
  for (auto &f : quads)
    f.waitForFinished();
}

// Not flagged: tiles below 64x64 pixels are rendered serially.
constexpr int kMinTile = 64;
void render_grained(const Tile &t) {
  if (t.w <= kMinTile || t.h <= kMinTile) {
    render_tile(t);
    return;
  }
  const int hw = t.w / 2;
  auto left = QtConcurrent::run(render_grained, Tile{t.x, t.y, hw, t.h});
  render_grained(Tile{t.x + hw, t.y, t.w - hw, t.h});
  left.waitForFinished();
}
