//===-- gather_lambda_by_value.cpp - futures of a lambda that copies ------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// The task is a lambda that captures the element by value; the futures are
// declared a few statements before the loop, so the rewrite keeps the
// declaration (as a vector of results) and assigns the results at the loop.

#include <cstdio>
#include <future>
#include <vector>

namespace {

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

} // namespace

int main() {
  std::vector<int> xs;
  for (int i = 0; i < 400; ++i)
    xs.push_back(i % 23);

  std::vector<std::future<int>> fibs;
  std::printf("computing %zu Fibonacci numbers\n", xs.size());
  for (int x : xs)
    fibs.push_back(std::async(std::launch::async, [x] { return fib(x); }));

  long long sum = 0;
  int largest = 0;
  for (auto &f : fibs) {
    const int value = f.get();
    sum += value;
    largest = value > largest ? value : largest;
  }
  std::printf("sum %lld, largest %d\n", sum, largest);
}
