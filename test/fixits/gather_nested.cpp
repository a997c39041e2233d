//===-- gather_nested.cpp - a task that itself gathers --------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// A tree summed with one std::async per child, and every task does the same
// for its own children: nested gathers. Both levels become parallel_map,
// which nests without deadlock (the caller runs what no helper took).

#include <cstdio>
#include <functional>
#include <future>
#include <vector>

namespace {

struct Node {
  int value = 0;
  std::vector<Node> children;
};

Node build(int depth, int seed) {
  Node n;
  n.value = seed % 100;
  if (depth > 0)
    for (int i = 0; i < 6; ++i)
      n.children.push_back(build(depth - 1, seed * 7 + i));
  return n;
}

long long sum_tree(const Node &n) {
  std::vector<std::future<long long>> kids;
  for (const Node &child : n.children)
    kids.push_back(std::async(std::launch::async, sum_tree, std::cref(child)));
  long long sum = n.value;
  for (auto &kid : kids)
    sum += kid.get();
  return sum;
}

} // namespace

int main() {
  const Node root = build(3, 1);
  std::printf("tree sum: %lld\n", sum_tree(root));
}
