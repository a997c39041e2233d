//===-- recursive-spawn-templates-macros.cpp - templates, macros ----------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-recursive-spawn: templates are reported once, at the template;
// macros at their expansion in user code; system headers never; project
// headers with --header-filter.
// RUN: %check_tidy %s taskbound-recursive-spawn --header-filter='^$' \
// RUN:   -- -std=c++20 -I %inputs/user -isystem %inputs/system
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-HEADER %s taskbound-recursive-spawn \
// RUN:   --header-filter='recursive_helpers' -- -std=c++20 -I %inputs/user -isystem %inputs/system

#include "recursive_helpers.h"
#include <vendor/recursive_lib.h>

#include <algorithm>
#include <future>
#include <thread>
#include <vector>

// A member function of a class template, instantiated twice: one warning.
template <typename T> struct Tree {
  T value{};
  std::vector<Tree *> kids;
  T total() const {
    std::vector<std::future<T>> parts;
    for (const Tree *kid : kids)
      parts.push_back(std::async(std::launch::async, &Tree::total, kid));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'total' spawns a call to itself through 'std::async'
    // CHECK-MESSAGES: :[[@LINE-2]]:54: note: recursive call spawned here
    T sum = value;
    for (auto &p : parts)
      sum += p.get();
    return sum;
  }
};
template struct Tree<int>;
template struct Tree<double>;

// A cut-off that is a template argument: the instantiation with a trivial
// threshold is flagged, at the template; the other is not.
template <int Cut> long fib_t(int n) {
  if (n < Cut)
    return n;
  auto first = std::async(std::launch::async, fib_t<Cut>, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib_t' spawns a call to itself through 'std::async'
  // CHECK-MESSAGES: :[[@LINE-2]]:47: note: recursive call spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: this base case stops
  return fib_t<Cut>(n - 2) + first.get();
}
long serial(int n);
template <int Cut> long fib_c(int n) {
  if (n < Cut)
    return serial(n);
  auto first = std::async(std::launch::async, fib_c<Cut>, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib_c' spawns a call to itself through 'std::async'
  return fib_c<Cut>(n - 2) + first.get();
}
long use_templates() { return fib_t<2>(30) + fib_c<20>(30) + fib_c<2>(30); }

// Not flagged: a cut-off whose threshold is the template argument, large in
// every instantiation.
template <int Grain> void sort_t(int *first, int *last) {
  if (last - first < Grain) {
    std::sort(first, last);
    return;
  }
  int *middle = first + (last - first) / 2;
  std::nth_element(first, middle, last);
  std::thread left(sort_t<Grain>, first, middle);
  sort_t<Grain>(middle, last);
  left.join();
}
template void sort_t<4096>(int *, int *);

// Not reported: a template that is never instantiated is not compiled code.
template <typename T> T never_used(T n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::async, never_used<T>, n - 1);
  return never_used<T>(n - 2) + first.get();
}

// A macro of this file, expanded here: reported at the expansion.
#define ASYNC_SELF(fn, arg) std::async(std::launch::async, fn, arg)
long fib_macro(int n) {
  if (n < 2)
    return n;
  auto first = ASYNC_SELF(fib_macro, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib_macro' spawns a call to itself through 'std::async'
  // CHECK-MESSAGES: :[[@LINE-2]]:16: note: recursive call spawned here
  return fib_macro(n - 2) + first.get();
}

// A macro from a project header, expanded here: reported here.
long fib_header_macro(int n) {
  if (n < 2)
    return n;
  auto first = SPAWN_SELF(fib_header_macro, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib_header_macro' spawns a call to itself through 'std::async'
  return fib_header_macro(n - 2) + first.get();
}

// A macro from a system header, expanded in user code: reported here.
long fib_vendor_macro(int n) {
  if (n < 2)
    return n;
  auto first = VENDOR_SPAWN_SELF(fib_vendor_macro, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'fib_vendor_macro' spawns a call to itself through 'std::async'
  return fib_vendor_macro(n - 2) + first.get();
}

// Not reported: vendor::par_fib is in a system header; header_fib is in a
// project header (see CHECK-HEADER).
long use_headers() { return vendor::par_fib(20) + header_fib(20); }

// check_tidy.py lists a header's findings after the test file's.
// CHECK-HEADER: recursive_helpers.h:17:16: warning: 'header_fib' spawns a call to itself through 'std::async'
// CHECK-HEADER: recursive_helpers.h:17:47: note: recursive call spawned here
// CHECK-HEADER: recursive_helpers.h:15:3: note: this base case stops
