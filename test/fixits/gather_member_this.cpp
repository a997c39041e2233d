//===-- gather_member_this.cpp - futures of a member function -------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// std::async with a member function pointer and `this`, inside a member
// function; the drain adds the parts up.

#include <cstdio>
#include <future>
#include <numeric>
#include <vector>

namespace {

class Scorer {
public:
  explicit Scorer(int weight) : weight_(weight) {}

  int score(int x) const { return (x * weight_) % 97; }

  long long total(const std::vector<int> &xs) const {
    std::vector<std::future<int>> parts;
    for (int x : xs)
      parts.push_back(std::async(std::launch::async, &Scorer::score, this, x));
    long long sum = 0;
    for (auto &part : parts)
      sum += part.get();
    return sum;
  }

private:
  int weight_;
};

} // namespace

int main() {
  std::vector<int> xs(500);
  std::iota(xs.begin(), xs.end(), 1);
  const Scorer scorer(31);
  std::printf("total score: %lld\n", scorer.total(xs));
}
