//===-- tree_walk_scoped.cpp - the tree walk on a task_scope --------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The fix: the top levels of the tree are walked in parallel, each level's
// children spawned into a taskbound::task_scope (at most 8 alive; its join()
// runs waiting tasks instead of blocking a thread), and below a cut-off depth
// every subtree is summed serially, so each task has real work to do.
// Alternatively, taskbound::parallel_for_each over the root's children.
//
// taskbound-tidy reports nothing here.

#include "tree.hpp"

#include <taskbound/parallel_for_each.hpp>
#include <taskbound/task_scope.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <vector>

// Below this depth a subtree is summed serially (2^(12 - 4) = 256 nodes each).
constexpr int kParallelDepth = 4;

long sum_scoped(const Node &node, int depth) {
  if (depth >= kParallelDepth)
    return sum_serial(node);
  std::vector<long> parts(node.children.size());
  taskbound::task_scope scope(/*max_in_flight=*/8);
  for (std::size_t i = 0; i < node.children.size(); ++i)
    scope.spawn([&, i] { parts[i] = sum_scoped(*node.children[i], depth + 1); });
  scope.join();
  long total = node.value;
  for (long part : parts)
    total += part;
  return total;
}

// The root's subtrees in chunks on the default pool.
long sum_chunked(const Node &root) {
  std::atomic<long> total{root.value};
  taskbound::parallel_for_each(root.children, [&](const std::unique_ptr<Node> &child) {
    total += sum_serial(*child);
  });
  return total;
}

template <typename Walk> void time_walk(const char *name, Walk walk, const Node &root) {
  const auto start = std::chrono::steady_clock::now();
  const long total = walk(root);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  std::printf("%-10s sum %ld in %lld us\n", name, total, static_cast<long long>(us.count()));
}

int main() {
  long next = 1;
  const auto root = make_tree(/*fan_out=*/2, /*depth=*/12, next); // 8191 nodes
  time_walk("serial", sum_serial, *root);
  time_walk("scoped", [](const Node &n) { return sum_scoped(n, 0); }, *root);
  time_walk("chunked", sum_chunked, *root);
}
