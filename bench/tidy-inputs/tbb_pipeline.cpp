//===-- tbb_pipeline.cpp - check-overhead input: oneTBB -------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Check-overhead input: oneTBB task groups, parallel algorithms and concurrent containers.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/concurrent_hash_map.h>
#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/concurrent_vector.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <string>
#include <vector>

namespace graph {

struct node {
  int id;
  std::vector<int> edges;
};

// A task_group::run per node: unbounded queue of tasks.
tbb::concurrent_vector<int> visit_all(const std::vector<node>& nodes) {
  tbb::concurrent_vector<int> seen;
  tbb::task_group g;
  for (const auto& n : nodes) g.run([&seen, &n] { seen.push_back(n.id); });
  g.wait();
  return seen;
}

// The TBB way: chunked by the library.
long degree_sum(const std::vector<node>& nodes) {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, nodes.size()), 0L,
      [&](const tbb::blocked_range<std::size_t>& r, long acc) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) acc += static_cast<long>(nodes[i].edges.size());
        return acc;
      },
      std::plus<long>());
}

// enqueue per item into an arena: unbounded.
void index_names(tbb::task_arena& arena, const std::vector<std::string>& names,
                 tbb::concurrent_hash_map<std::string, int>& index) {
  for (std::size_t i = 0; i < names.size(); ++i)
    arena.enqueue([&index, &names, i] {
      tbb::concurrent_hash_map<std::string, int>::accessor a;
      index.insert(a, names[i]);
      a->second = static_cast<int>(i);
    });
}

void drain(tbb::concurrent_queue<int>& q, std::vector<int>& out) {
  int v;
  while (q.try_pop(v)) out.push_back(v);
  tbb::parallel_for(std::size_t{0}, out.size(), [&](std::size_t i) { out[i] *= 2; });
}

} // namespace graph

int main() {
  std::vector<graph::node> nodes(8, {1, {2, 3}});
  return static_cast<int>(graph::visit_all(nodes).size() + graph::degree_sum(nodes)) & 1;
}
