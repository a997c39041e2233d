//===-- unbounded-spawn-in-loop-event-paced.cpp - rule 8, handlers --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Rule 8 for a task (a handler) per external event, and for stackless
// coroutines (asio::coroutine, the `reenter`/`yield` macros of Beast's
// stackless servers), with standalone asio and with Boost.Asio 1.74 (the
// real headers; they do not compile in one translation unit).
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// RUN: %check_tidy --check-prefixes=CHECK-MESSAGES,CHECK-PACED %s \
// RUN:   taskbound-unbounded-spawn-in-loop \
// RUN:   -config="{CheckOptions: {taskbound-unbounded-spawn-in-loop.FlagEventPacedSpawns: true}}" \
// RUN:   -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20 \
// RUN:   -DUSE_BOOST -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE \
// RUN:   -Wno-deprecated-declarations

#include <utility>

#ifdef USE_BOOST
#include <boost/asio.hpp>
namespace net = boost::asio;
using error_code = boost::system::error_code;
#else
#include <asio.hpp>
namespace net = asio;
using error_code = std::error_code;
#endif

#include <memory>
#include <thread>
#include <vector>

using tcp = net::ip::tcp;

void serve(tcp::socket &socket);

// A session starts by queueing its first handler, as Beast's do.
struct session : std::enable_shared_from_this<session> {
  explicit session(tcp::socket socket) : socket_(std::move(socket)) {}
  void run() {
    net::dispatch(socket_.get_executor(),
                  [self = shared_from_this()] { serve(self->socket_); });
  }
  tcp::socket socket_;
};

// Not flagged by default: a handler queued per connection accepted by a
// C++20 coroutine, paced by the clients like a coroutine per connection.
net::awaitable<void> accept_then_post(tcp::acceptor &acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(net::use_awaitable);
    std::make_shared<session>(std::move(socket))->run();
    // CHECK-PACED: :[[@LINE-1]]:5: warning: 'session::run' queues a new task on each iteration of this loop with no bound on how many are pending at once
  }
}

// Flagged: an OS thread per accepted connection (C++ Core Guidelines CP.41),
// however the accept is awaited.
net::awaitable<void> accept_then_thread(tcp::acceptor &acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(net::use_awaitable);
    std::thread([s = std::move(socket)]() mutable { serve(s); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread on each iteration of this loop
  }
}

#ifdef USE_BOOST
#include <boost/asio/yield.hpp>
#else
#include <asio/yield.hpp>
#endif

// Not flagged by default: Beast's stackless listener. `yield` starts the
// accept and returns; its handler re-enters the loop after the yield, so each
// iteration waits for a connection as `co_await` would.
struct listener : net::coroutine, std::enable_shared_from_this<listener> {
  explicit listener(net::io_context &io) : acceptor_(io), socket_(io) {}

  void loop(error_code ec = {}) {
    reenter(*this) {
      for (;;) {
        yield acceptor_.async_accept(
            socket_,
            [self = shared_from_this()](error_code e) { self->loop(e); });
        if (!ec)
          std::make_shared<session>(std::move(socket_))->run();
        // CHECK-PACED: :[[@LINE-1]]:11: warning: 'session::run' queues a new task on each iteration of this loop
      }
    }
  }

  tcp::acceptor acceptor_;
  tcp::socket socket_;
};

// Flagged: the same listener starting a detached thread per connection.
struct thread_listener : net::coroutine,
                         std::enable_shared_from_this<thread_listener> {
  explicit thread_listener(net::io_context &io) : acceptor_(io), socket_(io) {}

  void loop(error_code ec = {}) {
    reenter(*this) {
      for (;;) {
        yield acceptor_.async_accept(
            socket_,
            [self = shared_from_this()](error_code e) { self->loop(e); });
        if (!ec)
          std::thread([s = std::move(socket_)]() mutable {
            serve(s);
          }).detach();
        // CHECK-MESSAGES: :[[@LINE-3]]:11: warning: 'std::thread' starts a new thread on each iteration of this loop
      }
    }
  }

  tcp::acceptor acceptor_;
  tcp::socket socket_;
};

// Flagged: a timer is not an external event. The loop queues a task per
// element of the list, one per tick, however long the list is.
struct ticker : net::coroutine, std::enable_shared_from_this<ticker> {
  ticker(net::io_context &io, std::vector<int> items)
      : timer_(io), items_(std::move(items)) {}

  void loop(error_code = {}) {
    reenter(*this) {
      for (i_ = 0; i_ < items_.size(); ++i_) {
        yield timer_.async_wait(
            [self = shared_from_this()](error_code e) { self->loop(e); });
        net::post(timer_.get_executor(), [x = items_[i_]] { (void)x; });
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: '{{(boost::)?}}asio::post' queues a new task on each iteration of this loop
      }
    }
  }

  net::steady_timer timer_;
  std::vector<int> items_;
  std::size_t i_ = 0;
};

// Flagged: the accept is yielded in a loop after this one; the loop that
// queues the tasks waits for nothing.
struct late_accept : net::coroutine, std::enable_shared_from_this<late_accept> {
  explicit late_accept(net::io_context &io) : acceptor_(io), socket_(io) {}

  void loop(const std::vector<int> &xs, error_code = {}) {
    reenter(*this) {
      for (int x : xs)
        net::post(acceptor_.get_executor(), [x] { (void)x; });
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: '{{(boost::)?}}asio::post' queues a new task on each iteration of this loop
      for (;;)
        yield acceptor_.async_accept(socket_, [](error_code) {});
    }
  }

  tcp::acceptor acceptor_;
  tcp::socket socket_;
};

#ifdef USE_BOOST
#include <boost/asio/unyield.hpp>
#else
#include <asio/unyield.hpp>
#endif
