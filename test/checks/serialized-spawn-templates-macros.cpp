//===-- serialized-spawn-templates-macros.cpp - templates, macros ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Templates are reported once, at the template; macros at their expansion in
// user code; system headers never; project headers with --header-filter.
// RUN: %check_tidy %s taskbound-serialized-spawn --header-filter='^$' \
// RUN:   -- -std=c++20 -I %inputs/user -isystem %inputs/system
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-HEADER %s taskbound-serialized-spawn \
// RUN:   --header-filter='serialized_helpers' -- -std=c++20 -I %inputs/user -isystem %inputs/system

#include "serialized_helpers.h"
#include <vendor/serialized_lib.h>

#include <future>
#include <thread>
#include <vector>

void work(int x);
int compute(int x);

// Reported once at the template, although it is instantiated twice.
template <typename T> T sum_one_by_one(const std::vector<T> &xs) {
  T total = 0;
  for (const T &x : xs) {
    auto f = std::async(std::launch::async, compute, static_cast<int>(x));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread that this iteration waits for before doing any other work, so the tasks run one at a time; call the function directly, or start all the tasks and wait once with a bound ('taskbound::parallel_map') [taskbound-serialized-spawn]
    total += f.get();
  }
  return total;
}
template int sum_one_by_one<int>(const std::vector<int> &);
template long sum_one_by_one<long>(const std::vector<long> &);

// A member template of a class template.
template <typename T> struct Runner {
  template <typename Range> void run(const Range &r) {
    for (const auto &x : r)
      std::jthread(work, x);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the 'std::jthread' is discarded
  }
};
void use_runner(const std::vector<int> &xs) { Runner<int>().run(xs); }

// Not reported: a template never instantiated is not compiled code.
template <typename T> void never_used(const std::vector<T> &xs) {
  for (const T &x : xs) {
    std::thread t(work, x);
    t.join();
  }
}

// A macro of this file, expanded here: reported at the expansion.
#define JOIN_EACH(range)                                                       \
  for (int x_ : range) {                                                       \
    std::thread t_(work, x_);                                                  \
    t_.join();                                                                 \
  }

void local_macro(const std::vector<int> &xs) {
  JOIN_EACH(xs);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a thread that this iteration waits for
}

// Macros from a project header and from a system header, expanded here.
void header_macros(const std::vector<int> &xs) {
  RUN_EACH_JOINED(xs, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a thread that this iteration waits for
  VENDOR_RUN_EACH_JOINED(xs, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a thread that this iteration waits for
}

// A spawn passed as a macro argument: reported at the expansion.
#define DISCARD(call) (void)(call)
void macro_argument(const std::vector<int> &xs) {
  for (int x : xs)
    DISCARD(std::async(std::launch::async, work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the future returned by 'std::async' is discarded
}

// Not reported: the loop, the spawn and the wait are in a system header.
void system_function(const std::vector<int> &xs) {
  vendor::run_each(xs, work);
  vendor::notify_async(work, 1);
}

// Not reported here: the loop is in the project header (see CHECK-HEADER).
void header_function(const std::vector<int> &xs) {
  run_each_in_header(xs, work);
}

// CHECK-HEADER: serialized_helpers.h:17:17: warning: 'std::thread' starts a thread that this iteration waits for
