//===-- ranges_pipeline.cpp - check-overhead input: ranges ----------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Check-overhead input: C++20 ranges pipelines, algorithms with lambdas, and a jthread per chunk.
#include <algorithm>
#include <functional>
#include <iostream>
#include <numeric>
#include <ranges>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace text {

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  for (auto w : s | std::views::split(' ') | std::views::filter([](auto r) { return !std::ranges::empty(r); }))
    out.emplace_back(std::ranges::begin(w), std::ranges::end(w));
  return out;
}

std::size_t long_words(const std::vector<std::string>& ws) {
  auto lens = ws | std::views::transform(&std::string::size) | std::views::filter([](auto n) { return n > 4; });
  return static_cast<std::size_t>(std::ranges::distance(lens));
}

// A jthread per document, started from a standard algorithm: unbounded.
std::vector<std::size_t> count_all(const std::vector<std::string>& docs) {
  std::vector<std::size_t> counts(docs.size());
  std::vector<std::jthread> workers;
  std::ranges::for_each(std::views::iota(std::size_t{0}, docs.size()), [&](std::size_t i) {
    workers.emplace_back([&counts, &docs, i] { counts[i] = long_words(words(docs[i])); });
  });
  return counts;
}

// Four fixed workers: a compile-time bound.
std::size_t count_fixed(const std::vector<std::string>& docs) {
  std::vector<std::size_t> part(4);
  {
    std::vector<std::jthread> ts;
    for (int t = 0; t < 4; ++t)
      ts.emplace_back([&, t] {
        for (auto i : std::views::iota(std::size_t{0}, docs.size()) |
                          std::views::filter([t](std::size_t k) { return k % 4 == static_cast<std::size_t>(t); }))
          part[t] += long_words(words(docs[i]));
      });
  }
  return std::accumulate(part.begin(), part.end(), std::size_t{0});
}

} // namespace text

int main() {
  std::vector<std::string> docs{"alpha beta gamma delta", "epsilon zeta eta theta"};
  auto c = text::count_all(docs);
  std::cout << c.size() << ' ' << text::count_fixed(docs) << '\n';
}
