//===-- blocking-call-in-coroutine-templates-macros.cpp - templates -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-blocking-call-in-coroutine: templates are reported once, at the
// template; macros at their expansion in user code; system headers never;
// project headers with --header-filter.
// RUN: %check_tidy %s taskbound-blocking-call-in-coroutine --header-filter='^$' \
// RUN:   -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -I %inputs/user -isystem %inputs/system
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-HEADER %s taskbound-blocking-call-in-coroutine \
// RUN:   --header-filter='coro_helpers' -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE \
// RUN:   -I %inputs/user -isystem %inputs/system

#include "coro_helpers.h"
#include <vendor/recursive_lib.h>

#include <asio.hpp>

#include <chrono>
#include <future>
#include <thread>

using namespace std::chrono_literals;

// A coroutine template instantiated twice: one warning.
template <typename T> asio::awaitable<T> get_later(std::future<T> f) {
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' blocks the thread running this coroutine
  // CHECK-MESSAGES: :[[@LINE-3]]:42: note: 'get_later' is a coroutine returning 'asio::awaitable<{{int|double}}>'
}
template asio::awaitable<int> get_later(std::future<int>);
template asio::awaitable<double> get_later(std::future<double>);

// A member coroutine of a class template.
template <typename Clock> struct Pacer {
  asio::awaitable<void> pace() {
    std::this_thread::sleep_until(Clock::now() + 1s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_until' blocks the thread
    co_return;
  }
};
template struct Pacer<std::chrono::steady_clock>;
template struct Pacer<std::chrono::system_clock>;

// Not reported: a template that is never instantiated is not compiled code.
template <typename T> asio::awaitable<void> never_used(T t) {
  std::this_thread::sleep_for(t);
  co_return;
}

// A macro of this file, expanded here: reported at the expansion.
#define PAUSE() std::this_thread::sleep_for(10ms)
asio::awaitable<void> local_macro() {
  PAUSE();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread
  co_return;
}

// Macros from a project header and from a system header, expanded here.
asio::awaitable<void> header_macros() {
  NAP_MS(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread
  VENDOR_NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread
  co_return;
}

// Not reported: vendor::nap is in a system header; header_nap is in a
// project header (see CHECK-HEADER).
asio::awaitable<void> use_headers() {
  vendor::nap();
  co_await header_nap();
}

// check_tidy.py lists a header's findings after the test file's.
// CHECK-HEADER: coro_helpers.h:17:3: warning: 'std::this_thread::sleep_for' blocks the thread running this coroutine
// CHECK-HEADER: coro_helpers.h:16:30: note: 'header_nap' is a coroutine returning 'asio::awaitable<void>'
