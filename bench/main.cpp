//===-- main.cpp - taskbound-bench entry point ----------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-bench entry point: calibrates the busy body once, records the machine in the
// JSON context, then runs the Google Benchmark cases registered by the w*.cpp files.
#include "bench_common.hpp"

#include <benchmark/benchmark.h> // benchmark::Initialize, benchmark::AddCustomContext

#include <algorithm> // std::sort
#include <string>    // std::to_string
#include <vector>    // std::vector

namespace bench {
namespace {

// Nanoseconds per burn() round, median of several timed runs of 200k rounds.
double measure_ns_per_round() {
  constexpr std::uint64_t rounds = 200'000;
  std::vector<double> samples;
  for (int k = 0; k < 9; ++k) {
    const std::int64_t t0 = now_ns();
    benchmark::DoNotOptimize(burn(static_cast<std::uint64_t>(k), rounds));
    samples.push_back(static_cast<double>(now_ns() - t0) / rounds);
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double ns_per_round() {
  static const double v = measure_ns_per_round();
  return v;
}

} // namespace

std::uint64_t burn_rounds_for_ns(double ns) {
  const double r = ns / ns_per_round();
  return r < 1 ? 1 : static_cast<std::uint64_t>(r + 0.5);
}

} // namespace bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("burn_ns_per_round", std::to_string(bench::ns_per_round()));
  benchmark::AddCustomContext("pool_workers", std::to_string(bench::pool_workers()));
  benchmark::AddCustomContext("w1_tasks", std::to_string(bench::w1_tasks));
  benchmark::AddCustomContext("thread_per_task_tasks", std::to_string(bench::thread_per_task_tasks));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
