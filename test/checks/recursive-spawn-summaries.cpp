//===-- recursive-spawn-summaries.cpp - through spawn summaries -----------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-recursive-spawn through spawn summaries: a function that calls a
// helper of this translation unit which spawns, and what the helper spawns
// runs the function again.
// RUN: %check_tidy %s taskbound-recursive-spawn -- -std=c++20
//
// SummaryDepth=0 turns summaries off: the helpers are plain calls then.
// RUN: %check_tidy --check-prefixes=NONE %s taskbound-recursive-spawn \
// RUN:   -config="{CheckOptions: {SummaryDepth: 0}}" -- -std=c++20
// NONE-NOT: warning:

#include <future>
#include <thread>
#include <utility>
#include <vector>

struct Node {
  int value = 0;
  std::vector<Node *> children;
};

// A helper that starts a detached thread on the callable it is given.
template <typename F> void spawn_detached(F &&f) {
  std::thread(std::forward<F>(f)).detach();
}

void visit(Node *n);

// The lambda handed to the helper calls the function again.
void walk_detached(Node *n) {
  n->value += 1;
  for (Node *c : n->children)
    spawn_detached([c] { walk_detached(c); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'walk_detached' spawns a call to itself through 'spawn_detached' with no sequential cut-off, so the number of tasks grows with the input; below a size threshold do the work serially, or spawn into a 'taskbound::task_scope', whose 'join()' runs waiting tasks instead of blocking a thread [taskbound-recursive-spawn]
  // CHECK-MESSAGES: :[[@LINE-2]]:26: note: recursive call spawned here
}

// A helper that writes the spawn of the recursive function itself.
void walk_named(Node *n);
void spawn_walk(Node *c) { std::thread(walk_named, c).detach(); }

void walk_named(Node *n) {
  for (Node *c : n->children)
    spawn_walk(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'walk_named' spawns a call to itself through 'spawn_walk'
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: recursive call spawned here
}

// A helper whose own lambda calls the recursive function.
void count_tree(const Node *n, long *out);
void count_later(const Node *c, long *out) {
  std::thread([c, out] { count_tree(c, out); }).detach();
}

void count_tree(const Node *n, long *out) {
  *out += 1;
  for (const Node *c : n->children)
    count_later(c, out);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'count_tree' spawns a call to itself through 'count_later'
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: recursive call spawned here
}

// Not flagged: the same helper, with a depth cut-off before it: past the
// depth the walk goes on serially.
void walk_serial(Node *n);
void walk_cut(Node *n, int depth, int max_depth) {
  if (depth > max_depth) {
    walk_serial(n);
    return;
  }
  for (Node *c : n->children)
    spawn_detached([=] { walk_cut(c, depth + 1, max_depth); });
}

// Not flagged: the helper spawns a different function, not the caller.
void log_node(Node *n);
void spawn_log(Node *n) { std::thread(log_node, n).detach(); }
void walk_logging(Node *n) {
  spawn_log(n);
  for (Node *c : n->children)
    walk_logging(c); // a plain recursive call: no task per call
}

// Not flagged: the helper only runs the callable on the caller's thread,
// so it is not a spawn and has no summary.
template <typename F> void run_here(F &&f) { std::forward<F>(f)(); }
void walk_inline(Node *n) {
  for (Node *c : n->children)
    run_here([c] { walk_inline(c); });
}
