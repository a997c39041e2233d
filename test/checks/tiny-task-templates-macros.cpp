//===-- tiny-task-templates-macros.cpp - templates, macros, headers -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Templates are reported once, at the template; macros at their expansion in
// user code; system headers never; project headers with --header-filter.
// RUN: %check_tidy %s taskbound-tiny-task --header-filter='^$' \
// RUN:   -- -std=c++20 -I %inputs/user -isystem %inputs/system
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-HEADER %s taskbound-tiny-task \
// RUN:   --header-filter='tiny_task_helpers' -- -std=c++20 -I %inputs/user -isystem %inputs/system

#include "tiny_task_helpers.h"
#include <vendor/tiny_task_lib.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

// Reported once at the template, although it is instantiated twice.
template <typename T>
void count_all(const std::vector<T> &xs, std::atomic<T> &sum) {
  std::vector<std::thread> threads;
  for (const T &x : xs)
    threads.emplace_back([&sum, x] { sum.fetch_add(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element to run a tiny body, and starting it costs far more than the work; process the elements in chunks with 'taskbound::parallel_for_each' [taskbound-tiny-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:36: note: the task's body is tiny: 1 statement, no loop, and only calls to 'std::atomic::fetch_add'
  for (auto &t : threads)
    t.join();
}
template void count_all<int>(const std::vector<int> &, std::atomic<int> &);
template void count_all<long>(const std::vector<long> &, std::atomic<long> &);

// Tiny for one instantiation only (int's += is arithmetic, std::string's
// allocates): still one warning, at the template.
template <typename T> void append_all(std::vector<T> &out, const T &suffix) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < out.size(); ++i)
    threads.emplace_back([&out, &suffix, i] { out[i] += suffix; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
  for (auto &t : threads)
    t.join();
}
template void append_all<std::string>(std::vector<std::string> &,
                                      const std::string &);
template void append_all<int>(std::vector<int> &, const int &);

// Not reported: the only instantiation's body is not tiny.
template <typename T>
void append_strings(std::vector<T> &out, const T &suffix) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < out.size(); ++i)
    threads.emplace_back([&out, &suffix, i] { out[i] += suffix; });
  for (auto &t : threads)
    t.join();
}
template void append_strings<std::string>(std::vector<std::string> &,
                                          const std::string &);

// Not reported: the template's trip count is a small template argument.
template <int N> void fan_out(std::atomic<int> &count) {
  std::vector<std::thread> threads;
  for (int i = 0; i < N; ++i)
    threads.emplace_back([&count] { ++count; });
  for (auto &t : threads)
    t.join();
}
template void fan_out<8>(std::atomic<int> &);

// Not reported: a template never instantiated is not compiled code.
template <typename T>
void never_used(const std::vector<T> &xs, std::atomic<T> &sum) {
  for (const T &x : xs)
    std::thread([&sum, x] { sum += x; }).detach();
}

// A macro of this file, expanded here: reported at the expansion.
#define TINY_EACH(range, counter)                                              \
  for (int x_ : range)                                                         \
  std::thread([&counter, x_] { counter += x_; }).detach()

void local_macro(const std::vector<int> &xs, std::atomic<int> &count) {
  TINY_EACH(xs, count);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a thread per element
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: the task's body is tiny
}

// A macro from a project header, and one from a system header, expanded
// here: the code is the user's, so both are reported at the expansion.
void header_macros(const std::vector<int> &xs, std::atomic<int> &count) {
  COUNT_EACH(xs, count);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a thread per element
  VENDOR_COUNT_EACH(xs, count);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread' starts a thread per element
}

// A tiny body written by a macro, spawned in a user loop.
#define ADD_TO(counter, value) [&counter, value] { counter += value; }
void macro_body(const std::vector<int> &xs, std::atomic<int> &count) {
  for (int x : xs)
    std::thread(ADD_TO(count, x)).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a thread per element
}

// Not reported: the loop and the spawn are in a system header's function.
void system_function(const std::vector<int> &xs, std::atomic<int> &count) {
  vendor::count_all(xs, count);
}

// Not reported: a system header's function is never tiny, even a small one
// (only the documented lists speak for library code).
void system_callee(const std::vector<int> &xs, std::vector<int> &out) {
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.emplace_back([&out, x] { out[x] = vendor::add_one(x); });
  for (auto &t : threads)
    t.join();
}

// Not reported here: the loop is in the project header (see CHECK-HEADER).
void header_function(const std::vector<int> &xs, std::atomic<int> &count) {
  count_all_in_header(xs, count);
}

// check_tidy.py lists a header's findings after the test file's.
// CHECK-HEADER: tiny_task_helpers.h:19:5: warning: 'std::thread' starts a thread per element
