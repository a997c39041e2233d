//===-- recursive-spawn.cpp - the core shapes -----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-recursive-spawn: a function that spawns a call to itself with no
// sequential cut-off. std::async, std::thread and std::jthread here; TBB and
// Asio in recursive-spawn-executors.cpp.
// RUN: %check_tidy %s taskbound-recursive-spawn -- -std=c++20

#include <algorithm>
#include <functional>
#include <future>
#include <iterator>
#include <numeric>
#include <thread>
#include <vector>

struct Node {
  int value = 0;
  Node *left = nullptr;
  Node *right = nullptr;
  std::vector<Node *> children;
};

// --- Flagged ---------------------------------------------------------------

// fib-shaped: the base case stops only at n < 2, so fib(40) starts ~10^8
// threads.
long fib(int n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::async, fib, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib' spawns a call to itself through 'std::async' with no sequential cut-off, so the number of tasks grows with the input; below a size threshold do the work serially, or spawn into a 'taskbound::task_scope', whose 'join()' runs waiting tasks instead of blocking a thread [taskbound-recursive-spawn]
  // CHECK-MESSAGES: :[[@LINE-2]]:47: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: this base case stops only trivial problems; a cut-off does small problems serially
  return fib(n - 2) + first.get();
}

// Through a lambda; the default launch policy starts a thread too.
long fib_lambda(int n) {
  if (n <= 1)
    return 1;
  auto first = std::async([n] { return fib_lambda(n - 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib_lambda' spawns a call to itself through 'std::async'
  // CHECK-MESSAGES: :[[@LINE-2]]:40: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: this base case stops
  return fib_lambda(n - 2) + first.get();
}

// A size compared with a trivial threshold is a base case, even when the
// branch calls something.
int leaf_value(int n);
int split_sum(int n) {
  if (n <= 2)
    return leaf_value(n);
  std::future<int> half = std::async(std::launch::async, split_sum, n / 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'split_sum' spawns a call to itself through 'std::async'
  // CHECK-MESSAGES: :[[@LINE-2]]:58: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: this base case stops
  return split_sum(n - n / 2) + half.get();
}

// Quicksort, a template instantiated twice: reported once, at the template.
template <typename It> void quicksort(It first, It last) {
  if (std::distance(first, last) < 2)
    return;
  auto pivot = *std::next(first, std::distance(first, last) / 2);
  It middle =
      std::partition(first, last, [&](const auto &x) { return x < pivot; });
  auto left = std::async(std::launch::async, quicksort<It>, first, middle);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'quicksort' spawns a call to itself through 'std::async'
  // CHECK-MESSAGES: :[[@LINE-2]]:46: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: this base case stops
  quicksort(middle == first ? std::next(middle) : middle, last);
  left.get();
}
template void quicksort(int *, int *);
template void quicksort(std::vector<double>::iterator,
                        std::vector<double>::iterator);

// A thread per child, all the way down the tree (no base case at all).
void visit_all(Node *node) {
  std::vector<std::thread> threads;
  for (Node *child : node->children)
    threads.emplace_back(visit_all, child);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'visit_all' spawns a call to itself through 'std::thread'
  // CHECK-MESSAGES: :[[@LINE-2]]:26: note: recursive call spawned here
  for (std::thread &t : threads)
    t.join();
}

// A member function spawned through a member pointer.
class TreeSum {
public:
  long sum(const Node *node) {
    if (!node)
      return 0;
    auto left = std::async(std::launch::async, &TreeSum::sum, this, node->left);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'sum' spawns a call to itself through 'std::async'
    // CHECK-MESSAGES: :[[@LINE-2]]:48: note: recursive call spawned here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: this base case stops
    return node->value + sum(node->right) + left.get();
  }
};

// A member function called from a lambda that captures this.
class Indexer {
public:
  void index(const Node *node) {
    std::vector<std::future<void>> pending;
    for (const Node *child : node->children)
      pending.push_back(
          std::async(std::launch::async, [this, child] { index(child); }));
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'index' spawns a call to itself through 'std::async'
    // CHECK-MESSAGES: :[[@LINE-2]]:58: note: recursive call spawned here
    for (auto &f : pending)
      f.get();
  }
};

// Through std::bind, in a std::jthread.
void walk_bound(Node *node) {
  if (node == nullptr)
    return;
  std::jthread left(std::bind(walk_bound, node->left));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'walk_bound' spawns a call to itself through 'std::jthread'
  // CHECK-MESSAGES: :[[@LINE-2]]:21: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: this base case stops
  walk_bound(node->right);
}

// A depth that is counted but never compared with anything bounds nothing.
void walk_depth(Node *node, int depth) {
  if (!node)
    return;
  std::thread right(walk_depth, node->right, depth + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'walk_depth' spawns a call to itself through 'std::thread'
  // CHECK-MESSAGES: :[[@LINE-2]]:21: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: this base case stops
  walk_depth(node->left, depth + 1);
  right.join();
}

// One spawn per call, but each waits for the next: a list of n elements
// holds n threads at once.
long list_sum(const Node *node) {
  if (!node)
    return 0;
  return node->value +
         std::async(std::launch::async, list_sum, node->right).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'list_sum' spawns a call to itself through 'std::async'
}

// In a lambda that std::for_each runs per child.
void visit_each(Node *node) {
  std::vector<std::future<void>> pending;
  std::for_each(node->children.begin(), node->children.end(), [&](Node *child) {
    pending.push_back(std::async(std::launch::async, visit_each, child));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'visit_each' spawns a call to itself through 'std::async'
  });
}

// Two spawns in one function: one warning, at the first.
long tri(int n) {
  if (n < 3)
    return 1;
  auto a = std::async(std::launch::async, tri, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'tri' spawns a call to itself through 'std::async'
  auto b = std::async(std::launch::async, tri, n - 2);
  return a.get() + b.get() + tri(n - 3);
}

// --- Not flagged -------------------------------------------------------------

long serial_fib(int n) {
  return n < 2 ? n : serial_fib(n - 1) + serial_fib(n - 2);
}

// Not flagged: below 25 the work is done by a serial version.
long fib_cutoff(int n) {
  if (n < 25)
    return serial_fib(n);
  auto first = std::async(std::launch::async, fib_cutoff, n - 1);
  return fib_cutoff(n - 2) + first.get();
}

// Not flagged: below the cut-off the function calls itself sequentially.
constexpr int kCutoff = 20;
long fib_self(int n) {
  if (n < 2)
    return n;
  if (n < kCutoff)
    return fib_self(n - 1) + fib_self(n - 2);
  auto first = std::async(std::launch::async, fib_self, n - 1);
  return fib_self(n - 2) + first.get();
}

// Not flagged: small ranges are sorted serially.
void sort_cutoff(int *first, int *last) {
  if (last - first < 10000) {
    std::sort(first, last);
    return;
  }
  int *middle =
      std::partition(first, last, [p = *first](int x) { return x < p; });
  auto left = std::async(std::launch::async, sort_cutoff, first, middle);
  sort_cutoff(middle + 1, last);
  left.wait();
}

// Not flagged: past a maximum depth the work is serial (introsort-style).
void sort_depth(int *first, int *last, int depth, int max_depth) {
  if (depth > max_depth) {
    std::sort(first, last);
    return;
  }
  int *middle = first + (last - first) / 2;
  std::nth_element(first, middle, last);
  std::thread left(sort_depth, first, middle, depth + 1, max_depth);
  sort_depth(middle, last, depth + 1, max_depth);
  left.join();
}

// Not flagged: the spawn itself is guarded by the range length.
long range_sum(const long *first, const long *last, long grain) {
  if (last - first > grain) {
    const long *middle = first + (last - first) / 2;
    auto left = std::async(std::launch::async, range_sum, first, middle, grain);
    return range_sum(middle, last, grain) + left.get();
  } else {
    return std::accumulate(first, last, 0L);
  }
}

// Not flagged: the launch policy turns deferred (serial) for small problems.
long fib_policy(int n) {
  if (n < 2)
    return n;
  auto first = std::async(n > 30 ? std::launch::async : std::launch::deferred,
                          fib_policy, n - 1);
  return fib_policy(n - 2) + first.get();
}

// Not flagged: the test is kept in a flag first.
long fib_flag(int n) {
  const bool small = n < kCutoff;
  if (small)
    return serial_fib(n);
  auto first = std::async(std::launch::async, fib_flag, n - 1);
  return fib_flag(n - 2) + first.get();
}

// Not flagged: the child decides, in the spawned lambda, whether it goes on
// recursively or serially.
void count_serial(Node *node);
void count_nodes(Node *node, int depth) {
  std::vector<std::future<void>> pending;
  for (Node *child : node->children)
    pending.push_back(std::async(std::launch::async, [=] {
      if (depth >= 3)
        count_serial(child);
      else
        count_nodes(child, depth + 1);
    }));
}

// Not flagged: a deferred std::async runs on the caller; nothing is spawned.
long fib_deferred(int n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::deferred, fib_deferred, n - 1);
  return fib_deferred(n - 2) + first.get();
}

// Not flagged: the recursion is direct; what is spawned is another function.
void log_visit(const Node *node);
void visit_logged(const Node *node) {
  if (!node)
    return;
  std::thread(log_visit, node).detach();
  visit_logged(node->left);
  visit_logged(node->right);
}

// Not flagged: a threshold passed on unchanged by every recursive call.
long sum_tree(const Node *node, int serial_below) {
  if (!node)
    return 0;
  if (node->value < serial_below)
    return node->value + sum_tree(node->left, serial_below) +
           sum_tree(node->right, serial_below);
  auto left =
      std::async(std::launch::async, sum_tree, node->left, serial_below);
  return node->value + sum_tree(node->right, serial_below) + left.get();
}

// Not flagged: a member threshold.
class Sorter {
public:
  void sort(int *first, int *last) {
    if (last - first <= grain_) {
      std::sort(first, last);
      return;
    }
    int *middle = first + (last - first) / 2;
    std::nth_element(first, middle, last);
    auto left =
        std::async(std::launch::async, [=, this] { sort(first, middle); });
    sort(middle, last);
  }

private:
  long grain_ = 4096;
};
