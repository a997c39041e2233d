//===-- gather_lambda_by_reference.cpp - futures of a lambda that refers --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// A lambda capturing shared data by reference and the index by value, with
// the default launch policy; the futures are drained by index.

#include <cstddef>
#include <cstdio>
#include <future>
#include <vector>

int main() {
  std::vector<double> weights;
  for (int i = 0; i < 600; ++i)
    weights.push_back(0.5 + (i % 11) * 0.25);
  const double scale = 1.5;

  std::vector<std::future<double>> parts;
  for (std::size_t i = 0; i < weights.size(); ++i)
    parts.push_back(
        std::async([&weights, scale, i] { return weights[i] * scale; }));

  double total = 0;
  for (std::size_t i = 0; i < parts.size(); ++i)
    total += parts[i].get() * static_cast<double>(i % 3);
  std::printf("weighted total: %.2f\n", total);
}
