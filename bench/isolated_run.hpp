//===-- isolated_run.hpp - forked benchmark runs ----------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Runs one benchmark case in a forked child so its peak RSS is its own (W5, W8) and a
// deadlock shows up as a timeout instead of a hung binary (W7).
#pragma once

#include <cstdint>    // std::int64_t
#include <functional> // std::function

namespace bench {

struct isolated_result {
  bool finished = false;         ///< false: killed after the timeout, or crashed
  bool crashed = false;          ///< died by itself (signal, exception, non-zero exit)
  double seconds = 0;            ///< wall time of `fn` inside the child
  std::int64_t rss_start_kb = 0; ///< resident set when `fn` started
  std::int64_t peak_rss_kb = 0;  ///< VmHWM after `fn`, with the peak reset at its start
};

/// Forks; the child resets its RSS peak, runs `fn`, and sends back time and peak RSS.
/// The parent kills the child after `timeout_s` seconds.
isolated_result run_isolated(const std::function<void()>& fn, double timeout_s);

/// Called by `fn` inside the child: the reported time starts here instead of at `fn`'s
/// start (after a warm-up: threads started, the forked pages touched, allocator primed) ...
void isolated_clock_start();
/// ... and ends here instead of at `fn`'s return (before destructors that join threads).
void isolated_clock_stop();

} // namespace bench
