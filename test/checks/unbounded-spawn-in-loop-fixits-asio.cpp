//===-- unbounded-spawn-in-loop-fixits-asio.cpp - co_spawn rewrites -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The coroutine rewrite: a detached co_spawn per element of a range becomes
// one co_spawn of taskbound::asio::for_each_bounded, for standalone asio
// (first RUN) and Boost.Asio (second RUN, <taskbound/boost_asio.hpp>), and
// with FixMaxInFlight (third RUN). Each fixed file compiles with -Wall
// -Wextra -Werror. The cases at the end keep their advice and get no fix.
// RUN: %check_tidy --fix --fixes-prefixes=CHECK-FIXES,CHECK-STD --compile-fixed %clangxx \
// RUN:   --fixed-without-warnings %s taskbound-unbounded-spawn-in-loop -- -std=c++20 \
// RUN:   -I%runtime_include -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// RUN: %check_tidy --fix --fixes-prefixes=CHECK-FIXES,CHECK-BOOST --compile-fixed %clangxx \
// RUN:   --fixed-without-warnings %s taskbound-unbounded-spawn-in-loop -- -std=c++20 \
// RUN:   -I%runtime_include -DUSE_BOOST -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE
// RUN: %check_tidy --fix --fixes-prefixes=CHECK-BOUND %s taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.FixMaxInFlight: 8}}" \
// RUN:   -- -std=c++20 -I%runtime_include -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE

#include <utility> // Boost 1.74's awaitable.hpp uses std::move without it

#ifdef USE_BOOST
#include <boost/asio.hpp>
namespace net = boost::asio;
// CHECK-BOOST: #include <taskbound/boost_asio.hpp>
#else
#include <asio.hpp>
namespace net = asio;
// CHECK-STD: #include <taskbound/asio.hpp>
#endif

#include <string>
#include <vector>

net::awaitable<void> fetch(std::string url, std::vector<int> &sizes) {
  sizes[url.size() % sizes.size()] += 1;
  co_return;
}
net::awaitable<void> tick() { co_return; }

// The element is passed on: the lambda takes it as the loop declared it.
void crawl(const std::vector<std::string> &seed) {
  net::io_context io;
  std::vector<std::string> urls(seed);
  std::vector<int> sizes(16);
  for (const auto &url : urls)
    net::co_spawn(io, fetch(url, sizes), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: '{{(boost::)?}}asio::co_spawn' starts a new coroutine on each iteration of this loop with no bound on how many are alive at once; run them through 'taskbound::asio::for_each_bounded' [taskbound-unbounded-spawn-in-loop]
  io.run();
}
// CHECK-FIXES: std::vector<int> sizes(16);
// CHECK-FIXES-NEXT: net::co_spawn(io, taskbound::asio::for_each_bounded(io.get_executor(), urls, [&](const auto &url) { return fetch(url, sizes); }), net::detached);
// CHECK-FIXES: io.run();
// CHECK-BOUND: net::co_spawn(io, taskbound::asio::for_each_bounded(io.get_executor(), urls, [&](const auto &url) { return fetch(url, sizes); }, 8), net::detached);

// An executor rather than a context, and a coroutine that does not take the
// element: the lambda takes it as `auto &&`.
void ticks(int n) {
  net::io_context io;
  auto ex = io.get_executor();
  std::vector<int> slots(static_cast<std::size_t>(n));
  for (int slot : slots)
    net::co_spawn(ex, tick(), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: '{{(boost::)?}}asio::co_spawn' starts a new coroutine on each iteration of this loop with no bound on how many are alive at once; run them through 'taskbound::asio::for_each_bounded' [taskbound-unbounded-spawn-in-loop]
  io.run();
}
// CHECK-FIXES: net::co_spawn(ex, taskbound::asio::for_each_bounded(ex, slots, [&](auto &&) { return tick(); }), net::detached);

// No fix: the range is a parameter, which for_each_bounded would have to
// outlive, and nothing here shows it lives until the coroutines end.
void fromParameter(net::io_context &io, const std::vector<std::string> &urls,
                   std::vector<int> &sizes) {
  for (const auto &url : urls)
    net::co_spawn(io, fetch(url, sizes), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: '{{(boost::)?}}asio::co_spawn' starts a new coroutine on each iteration of this loop with no bound on how many are alive at once; run them through 'taskbound::asio::for_each_bounded' or a 'taskbound::task_scope' [taskbound-unbounded-spawn-in-loop]
}
// CHECK-FIXES: void fromParameter(
// CHECK-FIXES: for (const auto &url : urls)
// CHECK-FIXES-NEXT: net::co_spawn(io, fetch(url, sizes), net::detached);

// No fix: the range is changed after the loop, before the event loop runs
// the coroutines that still read it.
void touchedBeforeRun() {
  net::io_context io;
  std::vector<std::string> urls{"a", "bb"};
  std::vector<int> sizes(4);
  for (const auto &url : urls)
    net::co_spawn(io, fetch(url, sizes), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: '{{(boost::)?}}asio::co_spawn' starts a new coroutine on each iteration of this loop with no bound on how many are alive at once; run them through 'taskbound::asio::for_each_bounded' or a 'taskbound::task_scope' [taskbound-unbounded-spawn-in-loop]
  urls.clear();
  io.run();
}
// CHECK-FIXES: for (const auto &url : urls)
// CHECK-FIXES-NEXT: net::co_spawn(io, fetch(url, sizes), net::detached);
// CHECK-FIXES: urls.clear();

// No fix: a completion handler other than detached is called once per
// coroutine; one co_spawn would call it once.
void withHandler() {
  net::io_context io;
  std::vector<std::string> urls{"a", "bb"};
  std::vector<int> sizes(4);
  int done = 0;
  for (const auto &url : urls)
    net::co_spawn(io, fetch(url, sizes),
                  [&done](std::exception_ptr) { ++done; });
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: '{{(boost::)?}}asio::co_spawn' starts a new coroutine on each iteration of this loop with no bound on how many are alive at once; run them through 'taskbound::asio::for_each_bounded' or a 'taskbound::task_scope' [taskbound-unbounded-spawn-in-loop]
  io.run();
}
// CHECK-FIXES: net::co_spawn(io, fetch(url, sizes),
// CHECK-FIXES-NEXT: [&done](std::exception_ptr) { ++done; });
