//===-- recursive-spawn-executors.cpp - executors and coroutines ----------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-recursive-spawn through executors and coroutines: TBB's
// task_group, Asio's post and co_spawn (the real headers), Qt's
// QtConcurrent::run (a stand-in), and taskbound's own task_scope.
// RUN: %check_tidy %s taskbound-recursive-spawn -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system \
// RUN:   -I %src_root/runtime/include

#include <asio.hpp>
#include <oneapi/tbb/task_group.h>

#include <QtConcurrent>

#include <taskbound/task_scope.hpp>

#include <algorithm>
#include <vector>

struct Node {
  int value = 0;
  std::vector<Node *> children;
};

// --- TBB ---------------------------------------------------------------------

// The textbook task_group fib: two runs, no cut-off. One warning, at the
// first run.
int tbb_fib(int n) {
  if (n < 2)
    return n;
  int x = 0, y = 0;
  tbb::task_group g;
  g.run([&] { x = tbb_fib(n - 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'tbb_fib' spawns a call to itself through 'tbb::task_group::run' with no sequential cut-off, so the number of tasks grows with the input; below a size threshold do the work serially, or spawn into a 'taskbound::task_scope', whose 'join()' runs waiting tasks instead of blocking a thread [taskbound-recursive-spawn]
  // CHECK-MESSAGES: :[[@LINE-2]]:19: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: this base case stops only trivial problems; a cut-off does small problems serially
  g.run([&] { y = tbb_fib(n - 2); });
  g.wait();
  return x + y;
}

int serial_fib(int n) {
  return n < 2 ? n : serial_fib(n - 1) + serial_fib(n - 2);
}

// Not flagged: the same with the cut-off the TBB documentation recommends.
constexpr int CutOff = 16;
int tbb_fib_cutoff(int n) {
  if (n < CutOff)
    return serial_fib(n);
  int x = 0, y = 0;
  tbb::task_group g;
  g.run([&] { x = tbb_fib_cutoff(n - 1); });
  g.run([&] { y = tbb_fib_cutoff(n - 2); });
  g.wait();
  return x + y;
}

// A function object that runs copies of itself.
struct FibTask {
  int n;
  long *sum;
  void operator()() const {
    if (n < 2) {
      *sum = n;
      return;
    }
    long x = 0, y = 0;
    tbb::task_group g;
    g.run(FibTask{n - 1, &x});
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'operator()' spawns a call to itself through 'tbb::task_group::run'
    // CHECK-MESSAGES: :[[@LINE-2]]:18: note: recursive call spawned here
    g.run(FibTask{n - 2, &y});
    g.wait();
    *sum = x + y;
  }
};

// A tree walk on a task_group passed down.
void tbb_walk(tbb::task_group &g, Node *node) {
  for (Node *child : node->children)
    g.run([&g, child] { tbb_walk(g, child); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb_walk' spawns a call to itself through 'tbb::task_group::run'
  // CHECK-MESSAGES: :[[@LINE-2]]:25: note: recursive call spawned here
}

// --- Asio --------------------------------------------------------------------

// A coroutine per node of the tree.
asio::awaitable<void> crawl(Node *node) {
  auto ex = co_await asio::this_coro::executor;
  for (Node *child : node->children)
    asio::co_spawn(ex, crawl(child), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'crawl' spawns a call to itself through 'asio::co_spawn'
  // CHECK-MESSAGES: :[[@LINE-2]]:24: note: recursive call spawned here
}

// Awaiting each child coroutine does not cut the tree off either.
asio::awaitable<int> count(Node *node) {
  auto ex = co_await asio::this_coro::executor;
  int total = 1;
  for (Node *child : node->children)
    total += co_await asio::co_spawn(ex, count(child), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'count' spawns a call to itself through 'asio::co_spawn'
  co_return total;
}

// Not flagged: co_await of the child coroutine itself spawns nothing.
asio::awaitable<int> count_inline(Node *node) {
  int total = 1;
  for (Node *child : node->children)
    total += co_await count_inline(child);
  co_return total;
}

// Fan-out through asio::post: one half posted, the other done here.
void split_post(asio::thread_pool &pool, int lo, int hi) {
  if (hi - lo < 2)
    return;
  const int mid = lo + (hi - lo) / 2;
  asio::post(pool, [&pool, lo, mid] { split_post(pool, lo, mid); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'split_post' spawns a call to itself through 'asio::post'
  // CHECK-MESSAGES: :[[@LINE-2]]:39: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: this base case stops
  split_post(pool, mid, hi);
}

void process_range(int lo, int hi);

// Not flagged: the same with a grain: small ranges are processed here.
void split_post_grain(asio::thread_pool &pool, int lo, int hi, int grain) {
  if (hi - lo <= grain) {
    process_range(lo, hi);
    return;
  }
  const int mid = lo + (hi - lo) / 2;
  asio::post(pool, [=, &pool] { split_post_grain(pool, lo, mid, grain); });
  split_post_grain(pool, mid, hi, grain);
}

// Not flagged: an asynchronous loop re-posts itself as its last act; one
// task is pending at a time.
class Ticker {
public:
  explicit Ticker(asio::io_context &io) : io_(io) {}
  void tick() {
    ++ticks_;
    if (ticks_ < 1000)
      asio::post(io_, [this] { tick(); });
  }

private:
  asio::io_context &io_;
  int ticks_ = 0;
};

// Not flagged: a coroutine that spawns its successor as its last act.
asio::awaitable<void> relay(int hops) {
  auto ex = co_await asio::this_coro::executor;
  if (hops > 0)
    asio::co_spawn(ex, relay(hops - 1), asio::detached);
}

// A re-post that is not the last thing done: the work after it overlaps the
// next call, and the next, so tasks pile up.
void reprocess(asio::thread_pool &pool, Node *node) {
  if (node->children.empty())
    return;
  asio::post(pool, [&pool, node] { reprocess(pool, node->children.front()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'reprocess' spawns a call to itself through 'asio::post'
  process_range(0, node->value);
}

// --- Qt ----------------------------------------------------------------------

int qt_depth(Node *node) {
  std::vector<QFuture<int>> parts;
  for (Node *child : node->children)
    parts.push_back(QtConcurrent::run(qt_depth, child));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'qt_depth' spawns a call to itself through 'QtConcurrent::run'
  int deepest = 0;
  for (auto &part : parts)
    deepest = std::max(deepest, part.result());
  return deepest + 1;
}

// --- taskbound::task_scope ---------------------------------------------------

// Not flagged: task_scope bounds the live tasks and its join() runs queued
// tasks instead of blocking a thread per level (this is the check's advice).
long scope_sum(const Node *node) {
  long total = node->value;
  std::vector<long> parts(node->children.size());
  taskbound::task_scope scope(16);
  for (std::size_t i = 0; i < node->children.size(); ++i)
    scope.spawn([&, i] { parts[i] = scope_sum(node->children[i]); });
  scope.join();
  for (long p : parts)
    total += p;
  return total;
}
