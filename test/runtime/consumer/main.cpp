//===-- main.cpp - installed-package user ---------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Uses every primitive through the installed umbrella header.
#include <taskbound/taskbound.hpp> // the runtime

#include <atomic>  // std::atomic
#include <cstdio>  // std::printf
#include <cstring> // std::strcmp
#include <vector>  // std::vector

int main() {
  static_assert(TASKBOUND_VERSION_MAJOR >= 0, "version macros are installed");
  if (std::strcmp(TASKBOUND_VERSION_STRING, EXPECTED_VERSION) != 0) {
    std::printf("header version %s differs from package version %s\n", TASKBOUND_VERSION_STRING,
                EXPECTED_VERSION);
    return 1;
  }
  std::vector<int> xs(1000);
  for (int i = 0; i < 1000; ++i) xs[static_cast<std::size_t>(i)] = i;
  std::atomic<long> sum{0};
  taskbound::worker_pool pool({2, 16});
  taskbound::parallel_for_each(pool, xs, [&](int x) { sum += x; });
  const auto squares = taskbound::parallel_map(xs, [](int x) { return x * x; });
  {
    taskbound::task_scope scope(4, &pool);
    for (int x : xs) scope.spawn([&sum, x] { sum += x; });
  }
  const int answer = taskbound::async([](int a) { return a * 2; }, 21).get();
  if (sum != 2 * 499500 || squares[999] != 998001 || answer != 42) {
    std::printf("wrong results\n");
    return 1;
  }
  std::printf("consumer ok: taskbound %s\n", TASKBOUND_VERSION_STRING);
  return 0;
}
