//===-- async_dropin_void.cpp - void futures waited for: the drop-in ------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// std::async for its effect: void futures, each waited for. Nothing to
// gather, so the fix is the drop-in on its note: taskbound::async, the same
// futures from a bounded pool.

#include <cstdio>
#include <functional>
#include <future>
#include <vector>

namespace {

void record(int i, std::vector<int> &table) {
  table[static_cast<std::size_t>(i)] = (i * i) % 1009;
}

} // namespace

int main() {
  std::vector<int> table(500);
  std::vector<std::future<void>> jobs;
  for (int i = 0; i < 500; ++i)
    jobs.push_back(std::async(std::launch::async, record, i, std::ref(table)));
  for (auto &job : jobs)
    job.wait();

  long sum = 0;
  for (int v : table)
    sum += v;
  std::printf("table sum: %ld\n", sum);
}
