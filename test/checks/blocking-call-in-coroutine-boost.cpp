//===-- blocking-call-in-coroutine-boost.cpp - with Boost.Asio ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-blocking-call-in-coroutine with Boost.Asio 1.74 (the real
// headers; under clang its awaitable needs <utility> first and the two
// coroutine macros), and Boost.Asio's stackful coroutines (a yield_context).
// (Standalone asio and Boost.Asio do not compile in one translation unit.)
// RUN: %check_tidy %s taskbound-blocking-call-in-coroutine -- -std=c++20 \
// RUN:   -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE \
// RUN:   -Wno-deprecated-declarations

#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <thread>

#include <unistd.h>

namespace net = boost::asio;
using net::ip::tcp;
using namespace std::chrono_literals;

// The advice names boost::asio in a Boost coroutine.
net::awaitable<void> session(tcp::socket socket) {
  char data[512];
  std::size_t n = socket.read_some(net::buffer(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'boost::asio::basic_stream_socket::read_some' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_read_some(..., boost::asio::use_awaitable)' instead [taskbound-blocking-call-in-coroutine]
  // CHECK-MESSAGES: :[[@LINE-4]]:22: note: 'session' is a coroutine returning 'net::awaitable<void>'
  net::write(socket, net::buffer(data, n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::asio::write' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'boost::asio::async_write(..., boost::asio::use_awaitable)' instead
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'boost::asio::steady_timer::async_wait' instead
  co_return;
}

// Not flagged: the asynchronous forms.
net::awaitable<void> session_async(tcp::socket socket) {
  char data[512];
  net::steady_timer timer(socket.get_executor());
  for (;;) {
    std::size_t n =
        co_await socket.async_read_some(net::buffer(data), net::use_awaitable);
    co_await net::async_write(socket, net::buffer(data, n), net::use_awaitable);
    timer.expires_after(10ms);
    co_await timer.async_wait(net::use_awaitable);
  }
}

// A stackful Boost coroutine: the advice is to pass the yield_context.
void serve(tcp::socket &socket, net::yield_context yield) {
  char data[512];
  std::size_t n = socket.async_read_some(net::buffer(data), yield);
  net::deadline_timer pause(socket.get_executor());
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running this coroutine and stalls every other task on its event loop; call 'boost::asio::steady_timer::async_wait' instead
  // CHECK-MESSAGES: :[[@LINE-6]]:6: note: 'serve' is a stackful coroutine: it is handed a 'net::yield_context'
  socket.write_some(net::buffer(data, n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::asio::basic_stream_socket::write_some' blocks the thread running this coroutine and stalls every other task on its event loop; call 'async_write_some(..., yield)' instead
  pause.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::asio::basic_deadline_timer::wait' blocks the thread
}

// Not flagged: every wait of a stackful coroutine passes the yield_context.
void serve_async(tcp::socket &socket, net::yield_context yield) {
  char data[512];
  std::size_t n = socket.async_read_some(net::buffer(data), yield);
  net::async_write(socket, net::buffer(data, n), yield);
}
