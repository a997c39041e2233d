//===-- rewrites.cpp - one spawn per rewrite, for the quick-fix test ------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include <future>
// No taskbound include: the first quick fix adds it, and the later ones must
// not add it again (check_lsp.py compares them with taskbound-tidy's fixes).
#include <thread>
#include <vector>

// Task bodies with a loop, so that taskbound-tiny-task has nothing to say and
// each spawn has one diagnostic: the one whose quick fix is tested.
int square(int x) {
  int sum = 0;
  for (int i = 0; i < x; ++i)
    sum += x;
  return sum;
}
void touch(std::vector<int> &out, int i) {
  for (int k = 0; k <= i; ++k)
    out[i] += k;
}

int gather(const std::vector<int> &xs) {
  std::vector<std::future<int>> futs;
  for (int x : xs)
    futs.push_back(std::async(std::launch::async, square, x));
  int sum = 0;
  for (auto &f : futs)
    sum += f.get();
  return sum;
}

void threads(int n) {
  std::vector<int> out(n);
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i)
    workers.emplace_back(touch, std::ref(out), i);
  for (auto &t : workers)
    t.join();
}

void dropIn(std::vector<int> &out) {
  std::vector<std::future<void>> jobs;
  for (int i = 0; i < int(out.size()); ++i)
    jobs.push_back(std::async(std::launch::async, touch, std::ref(out), i));
  for (auto &j : jobs)
    j.wait();
}
