//===-- tree_walk_spawning.cpp - a tree walk spawning per child -----------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The anti-pattern: a tree walk that spawns a task per child, recursively,
// down to the leaves. Each task adds one number: far less work than starting
// it costs. With std::async that is a thread per node (8191 here, most of
// them blocked in get() at once); with TBB a task per node.
//
// taskbound-tidy reports both walks (taskbound-recursive-spawn: no
// sequential cut-off) and the spawn per child (taskbound-unbounded-spawn-in-
// loop); taskbound-tiny-task reports the tiny bodies too.

#include "tree.hpp"

#include <oneapi/tbb/task_group.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <vector>

long sum_async(const Node &node) {
  std::vector<std::future<long>> parts;
  for (const auto &child : node.children)
    parts.push_back(std::async(std::launch::async, sum_async, std::cref(*child)));
  long total = node.value;
  for (auto &part : parts)
    total += part.get();
  return total;
}

long sum_tbb(const Node &node) {
  std::vector<long> parts(node.children.size());
  tbb::task_group group;
  for (std::size_t i = 0; i < node.children.size(); ++i)
    group.run([&, i] { parts[i] = sum_tbb(*node.children[i]); });
  group.wait();
  long total = node.value;
  for (long part : parts)
    total += part;
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
  time_walk("std::async", sum_async, *root);
  time_walk("tbb", sum_tbb, *root);
}
