//===-- detached_latch.cpp - detached threads counted down on a latch -----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Detached threads that count a std::latch down; main waits on the latch.

#include <cstdio>
#include <latch>
#include <string>
#include <thread>
#include <vector>

int main() {
  constexpr int kJobs = 250;
  std::vector<std::size_t> lengths(kJobs);
  std::latch finished(kJobs);
  for (int i = 0; i < kJobs; ++i)
    std::thread([&lengths, &finished, i] {
      lengths[static_cast<std::size_t>(i)] = std::to_string(i * 7919).size();
      finished.count_down();
    }).detach();
  finished.wait();

  std::size_t total = 0;
  for (std::size_t n : lengths)
    total += n;
  std::printf("%zu digits in all\n", total);
}
