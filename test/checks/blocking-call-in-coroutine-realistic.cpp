//===-- blocking-call-in-coroutine-realistic.cpp - realistic code ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code shaped like what people write with Asio coroutines, for precision and
// recall: servers, clients, producers and consumers. Each coroutine either
// blocks its event loop (flagged) or does not (not flagged, with the reason).
// RUN: %check_tidy %s taskbound-blocking-call-in-coroutine -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE

#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using asio::awaitable;
using asio::co_spawn;
using asio::detached;
using asio::use_awaitable;
using asio::ip::tcp;
namespace this_coro = asio::this_coro;
using namespace std::chrono_literals;

// ---------------------------------------------------------------------------
// A chat server (the shape of Asio's own coroutine example).

class chat_room {
public:
  void deliver(const std::string &msg) {
    std::lock_guard<std::mutex> lock(mutex_);
    recent_.push_back(msg);
    if (recent_.size() > 100)
      recent_.pop_front();
  }

private:
  std::mutex mutex_;
  std::deque<std::string> recent_;
};

// Reads with co_await but answers with a synchronous write: one slow client
// stalls every other session on the loop.
awaitable<void> chat_session(tcp::socket socket, chat_room &room) {
  std::string buffer;
  for (;;) {
    std::size_t n = co_await asio::async_read_until(
        socket, asio::dynamic_buffer(buffer, 1024), "\n", use_awaitable);
    room.deliver(buffer.substr(0, n));
    asio::write(socket, asio::buffer(buffer.data(), n));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asio::write' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'asio::async_write(..., asio::use_awaitable)' instead [taskbound-blocking-call-in-coroutine]
    buffer.erase(0, n);
  }
}

// Not flagged: the whole session awaits; the room's mutex guards a short
// critical section (std::mutex::lock is not flagged by default).
awaitable<void> chat_session_async(tcp::socket socket, chat_room &room) {
  std::string buffer;
  for (;;) {
    std::size_t n = co_await asio::async_read_until(
        socket, asio::dynamic_buffer(buffer, 1024), "\n", use_awaitable);
    room.deliver(buffer.substr(0, n));
    co_await asio::async_write(socket, asio::buffer(buffer.data(), n),
                               use_awaitable);
    buffer.erase(0, n);
  }
}

// Not flagged: the listener awaits each connection and spawns a session.
awaitable<void> listener(tcp::acceptor acceptor, chat_room &room) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    co_spawn(acceptor.get_executor(),
             chat_session_async(std::move(socket), room), detached);
  }
}

// ---------------------------------------------------------------------------
// An HTTP-ish client.

// Resolves synchronously, then does everything else asynchronously: the DNS
// lookup (often tens of milliseconds) blocks the loop.
awaitable<std::string> http_get(std::string host, std::string path) {
  auto ex = co_await this_coro::executor;
  tcp::resolver resolver(ex);
  auto endpoints = resolver.resolve(host, "http");
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'asio::ip::basic_resolver::resolve' blocks the thread
  tcp::socket socket(ex);
  co_await asio::async_connect(socket, endpoints, use_awaitable);
  std::string request =
      "GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n";
  co_await asio::async_write(socket, asio::buffer(request), use_awaitable);
  std::string response;
  asio::error_code ec;
  co_await asio::async_read(socket, asio::dynamic_buffer(response),
                            asio::redirect_error(use_awaitable, ec));
  co_return response;
}

// Not flagged: the resolve awaited too.
awaitable<std::string> http_get_async(std::string host) {
  auto ex = co_await this_coro::executor;
  tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve(host, "http", use_awaitable);
  tcp::socket socket(ex);
  co_await asio::async_connect(socket, endpoints, use_awaitable);
  co_return host;
}

// Retries with a blocking back-off between attempts.
awaitable<tcp::socket> connect_with_retry(tcp::endpoint ep) {
  auto ex = co_await this_coro::executor;
  for (int attempt = 0;; ++attempt) {
    tcp::socket socket(ex);
    asio::error_code ec;
    co_await socket.async_connect(ep, asio::redirect_error(use_awaitable, ec));
    if (!ec)
      co_return socket;
    std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' blocks the thread
  }
}

// Not flagged: the same back-off on a timer.
awaitable<tcp::socket> connect_with_retry_async(tcp::endpoint ep) {
  auto ex = co_await this_coro::executor;
  asio::steady_timer backoff(ex);
  for (int attempt = 0;; ++attempt) {
    tcp::socket socket(ex);
    asio::error_code ec;
    co_await socket.async_connect(ep, asio::redirect_error(use_awaitable, ec));
    if (!ec)
      co_return socket;
    backoff.expires_after(std::chrono::milliseconds(100 << attempt));
    co_await backoff.async_wait(use_awaitable);
  }
}

// ---------------------------------------------------------------------------
// Calling into blocking code.

struct Row {
  int id;
  std::string name;
};
std::vector<Row> query_database(const std::string &sql); // a blocking client

// Runs the query on another thread, then blocks on its future.
awaitable<std::size_t> count_users() {
  auto rows =
      std::async(std::launch::async, query_database, "select * from users");
  co_return rows.get().size();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' blocks the thread
}

// Not flagged: the query runs on a thread pool and is awaited.
awaitable<std::size_t> count_users_offloaded(asio::thread_pool &db_pool) {
  auto rows = co_await co_spawn(
      db_pool,
      []() -> awaitable<std::vector<Row>> {
        co_return query_database("select * from users");
      },
      use_awaitable);
  co_return rows.size();
}

// Not flagged: the blocking work is posted to a pool, and the coroutine
// waits for the result through a channel-like timer.
awaitable<void> refresh_cache(asio::thread_pool &pool,
                              std::shared_ptr<std::vector<Row>> cache) {
  auto ex = co_await this_coro::executor;
  auto done = std::make_shared<asio::steady_timer>(
      ex, asio::steady_timer::time_point::max());
  asio::post(pool, [cache, done] {
    *cache = query_database("select * from users");
    std::this_thread::sleep_for(10ms); // rate limit on the pool thread: fine
    done->cancel();
  });
  asio::error_code ec;
  co_await done->async_wait(asio::redirect_error(use_awaitable, ec));
}

// A worker thread joined from a coroutine.
awaitable<void> compress_and_send(tcp::socket &socket, std::vector<char> data) {
  std::vector<char> out;
  std::thread compressor([&] { out = data; });
  compressor.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread::join' blocks the thread
  co_await asio::async_write(socket, asio::buffer(out), use_awaitable);
}

// ---------------------------------------------------------------------------
// Producers and consumers.

template <typename T> class blocking_queue {
public:
  void push(T v) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(std::move(v));
    }
    cv_.notify_one();
  }
  T pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return !items_.empty(); });
    T v = std::move(items_.front());
    items_.pop_front();
    return v;
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<T> items_;
};

// Waits on the queue's condition variable inline in the coroutine.
awaitable<void> consume(blocking_queue<std::string> &q, tcp::socket &out) {
  for (;;) {
    std::string msg;
    {
      std::unique_lock<std::mutex> lock(q.mutex_);
      q.cv_.wait(lock, [&] { return !q.items_.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::condition_variable::wait' blocks the thread
      msg = std::move(q.items_.front());
      q.items_.pop_front();
    }
    co_await asio::async_write(out, asio::buffer(msg), use_awaitable);
  }
}

// Not flagged (a limitation, see the docs): the wait is inside pop(), a
// function the coroutine calls; only the coroutine's own calls are judged.
awaitable<void> consume_via_pop(blocking_queue<std::string> &q,
                                tcp::socket &out) {
  for (;;) {
    std::string msg = q.pop();
    co_await asio::async_write(out, asio::buffer(msg), use_awaitable);
  }
}

// Not flagged: a future polled with a timer until it is ready.
awaitable<int> await_future(std::future<int> f) {
  asio::steady_timer poll(co_await this_coro::executor);
  while (f.wait_for(0ms) != std::future_status::ready) {
    poll.expires_after(1ms);
    co_await poll.async_wait(use_awaitable);
  }
  co_return f.get();
}

// ---------------------------------------------------------------------------
// Lambdas.

// A watchdog started as a lambda coroutine, sleeping between checks.
void start_watchdog(asio::io_context &io, std::atomic<bool> &alive) {
  co_spawn(
      io,
      [&alive]() -> awaitable<void> {
        while (alive) {
          ::sleep(1);
          // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'sleep' blocks the thread
        }
        co_return;
      },
      detached);
}

// Not flagged: a lambda started on its own thread may sleep.
void start_ticker(std::atomic<bool> &alive) {
  std::thread([&alive] {
    while (alive)
      std::this_thread::sleep_for(1s);
  }).detach();
}

// Not flagged: the awaitable operators race a read against a timer.
awaitable<std::optional<std::size_t>>
read_with_timeout(tcp::socket &socket, std::vector<char> &buf) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(socket.get_executor(), 5s);
  auto result =
      co_await (socket.async_read_some(asio::buffer(buf), use_awaitable) ||
                timer.async_wait(use_awaitable));
  if (result.index() == 0)
    co_return std::get<0>(result);
  co_return std::nullopt;
}
