//===-- unbounded-spawn-in-loop-templates-macros.cpp - templates, macros --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Templates are reported once, at the template; macros at their expansion in
// user code; system headers never; project headers with --header-filter.
// (clang-tidy 21+ shows all non-system headers by default; say "none" here.)
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop --header-filter='^$' \
// RUN:   -- -std=c++20 -I %inputs/user -isystem %inputs/system
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-HEADER %s taskbound-unbounded-spawn-in-loop \
// RUN:   --header-filter='spawn_helpers' -- -std=c++20 -I %inputs/user -isystem %inputs/system

#include "spawn_helpers.h"
#include <vendor/spawning_lib.h>

#include <future>
#include <thread>
#include <vector>

void work(int x);
int compute(int x);

// Reported once at the template, although it is instantiated twice.
template <typename T> void spawn_all(const std::vector<T> &xs) {
  std::vector<std::future<int>> futs;
  for (const T &x : xs)
    futs.push_back(
        std::async(std::launch::async, compute, static_cast<int>(x)));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::async' starts a new thread
  for (auto &f : futs)
    f.get();
}
template void spawn_all<int>(const std::vector<int> &);
template void spawn_all<long>(const std::vector<long> &);

// Not flagged: the template's fan-out is a small template argument.
template <int N> void fan_out() {
  std::vector<std::thread> threads;
  for (int i = 0; i < N; ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}
template void fan_out<4>();

// Flagged only through the instantiation whose fan-out is too large; still
// one warning, at the template.
template <int N> void fan_out_big() {
  std::vector<std::thread> threads;
  for (int i = 0; i < N; ++i)
    threads.emplace_back(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
  for (auto &t : threads)
    t.join();
}
template void fan_out_big<2>();
template void fan_out_big<1000>();

// A member template of a class template.
template <typename T> struct Dispatcher {
  template <typename Range> void dispatch(const Range &r) {
    for (const auto &x : r)
      std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
  }
};
void use_dispatcher(const std::vector<int> &xs) {
  Dispatcher<int>().dispatch(xs);
}

// Not reported: a template that is never instantiated is not compiled code.
template <typename T> void never_used(const std::vector<T> &xs) {
  for (const T &x : xs)
    std::thread(work, x).detach();
}

// A macro of this file, expanded here: reported at the expansion.
#define START_EACH(range)                                                      \
  for (int x_ : range)                                                         \
  std::thread(work, x_).detach()

void local_macro(const std::vector<int> &xs) {
  START_EACH(xs);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a new thread
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: loop trip count is only known at run time
}

// A macro from a project header, expanded here: reported here.
void header_macro(const std::vector<int> &xs) {
  SPAWN_EACH(xs, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a new thread
}

// A macro from a system header, expanded in user code: the code is the
// user's, so it is reported at the expansion.
void system_macro(const std::vector<int> &xs) {
  VENDOR_SPAWN_EACH(xs, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a new thread
}

// Not reported: the loop and the spawn are inside a system header function.
void system_function(const std::vector<int> &xs) {
  vendor::start_all(xs, work);
}

// Not reported here: the loop is in the project header (see CHECK-HEADER).
void header_function(const std::vector<int> &xs) {
  start_all_in_header(xs, work);
}

// A spawn passed as a macro argument inside a user loop.
#define DETACH(call) (call).detach()
void macro_argument(const std::vector<int> &xs) {
  for (int x : xs)
    DETACH(std::thread(work, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
}

// check_tidy.py lists a header's findings after the test file's.
// CHECK-HEADER: spawn_helpers.h:9:5: warning: 'std::thread' starts a new thread
