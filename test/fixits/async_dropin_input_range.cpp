//===-- async_dropin_input_range.cpp - futures over an input range --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Futures over the words of a stream: an input range that parallel_map
// cannot walk twice, so no gather; the drop-in applies.

#include <cstdio>
#include <future>
#include <ranges>
#include <sstream>
#include <string>
#include <vector>

namespace {

int vowels(std::string word) {
  int n = 0;
  for (char c : word)
    n += c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  return n;
}

} // namespace

int main() {
  std::string text;
  for (int i = 0; i < 300; ++i)
    text += (i % 2 ? "education " : "rhythm ");
  std::istringstream in(text);

  std::vector<std::future<int>> counts;
  for (const std::string &word : std::views::istream<std::string>(in))
    counts.push_back(std::async(std::launch::async, vowels, word));

  int total = 0;
  for (auto &c : counts)
    total += c.get();
  std::printf("%zu words, %d vowels\n", counts.size(), total);
}
