//===-- tree.hpp - a tree for the tree-walk examples ------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A tree for the tree-walk examples: every node holds a number; the walk
// adds them up.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

struct Node {
  long value = 0;
  std::vector<std::unique_ptr<Node>> children;
};

/// A complete tree: \p fan_out children per node, \p depth levels below the
/// root, node values 1, 2, 3, ... in creation order.
inline std::unique_ptr<Node> make_tree(int fan_out, int depth, long &next) {
  auto node = std::make_unique<Node>();
  node->value = next++;
  if (depth > 0)
    for (int i = 0; i < fan_out; ++i)
      node->children.push_back(make_tree(fan_out, depth - 1, next));
  return node;
}

/// The serial walk: the reference result, and the fixed version's leaf work.
inline long sum_serial(const Node &node) {
  long total = node.value;
  for (const auto &child : node.children)
    total += sum_serial(*child);
  return total;
}
