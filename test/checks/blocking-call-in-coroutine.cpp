//===-- blocking-call-in-coroutine.cpp - standalone asio ------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-blocking-call-in-coroutine with standalone asio 1.22 (the real
// headers): every kind of blocking call the check knows, inside coroutines
// that run on an io_context, and the asynchronous forms that are fine.
// RUN: %check_tidy %s taskbound-blocking-call-in-coroutine -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE

#include <asio.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

// --- Sleeps ------------------------------------------------------------------

awaitable<void> heartbeat(tcp::socket &socket) {
  for (;;) {
    co_await asio::async_write(socket, asio::buffer("ping\n", 5),
                               use_awaitable);
    std::this_thread::sleep_for(1s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'asio::steady_timer::async_wait' instead [taskbound-blocking-call-in-coroutine]
    // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'heartbeat' is a coroutine returning 'awaitable<void>'
  }
}

awaitable<void> wait_until_deadline(std::chrono::steady_clock::time_point t) {
  std::this_thread::sleep_until(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' blocks the thread
  co_return;
}

awaitable<void> posix_sleeps() {
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'asio::steady_timer::async_wait' instead
  usleep(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread
  co_return;
}

// Not flagged: the asynchronous sleep.
awaitable<void> heartbeat_async(tcp::socket &socket) {
  asio::steady_timer timer(socket.get_executor());
  for (;;) {
    co_await asio::async_write(socket, asio::buffer("ping\n", 5),
                               use_awaitable);
    timer.expires_after(1s);
    co_await timer.async_wait(use_awaitable);
  }
}

// --- Futures, condition variables, threads -----------------------------------

int compute(int x);

awaitable<int> wait_for_future(std::future<int> result) {
  co_return result.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' blocks the thread running this coroutine and stalls every other task on its event loop; co_await the operation itself instead (e.g. 'asio::co_spawn(..., asio::use_awaitable)')
}

awaitable<void> wait_shared(std::shared_future<void> ready) {
  ready.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::shared_future::wait' blocks the thread
  co_return;
}

// Not flagged: the future is polled first (a timer paces the polls), so
// get() returns at once.
awaitable<int> poll_future(std::future<int> result) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (result.wait_for(0s) != std::future_status::ready) {
    timer.expires_after(10ms);
    co_await timer.async_wait(use_awaitable);
  }
  co_return result.get();
}

struct Mailbox {
  std::mutex mutex;
  std::condition_variable ready;
  std::condition_variable_any any_ready;
  std::vector<std::string> messages;
};

awaitable<std::string> take(Mailbox &box) {
  std::unique_lock<std::mutex> lock(box.mutex);
  box.ready.wait(lock, [&] { return !box.messages.empty(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::condition_variable::wait' blocks the thread running this coroutine and stalls every other task on its event loop; co_await an asynchronous signal instead (e.g. 'asio::steady_timer::async_wait' on a timer the notifier cancels)
  std::string m = box.messages.back();
  box.messages.pop_back();
  co_return m;
}

awaitable<void> take_any(Mailbox &box) {
  std::unique_lock<std::mutex> lock(box.mutex);
  box.any_ready.wait_for(lock, 100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::condition_variable_any::wait_for' blocks the thread
  co_return;
}

// Not flagged: std::mutex::lock is not blocking by default (short critical
// sections are fine; BlockingFunctions can add it).
awaitable<void> append(Mailbox &box, std::string m) {
  box.mutex.lock();
  box.messages.push_back(std::move(m));
  box.mutex.unlock();
  co_return;
}

awaitable<void> run_on_thread() {
  std::thread worker([] { compute(1); });
  worker.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread::join' blocks the thread running this coroutine and stalls every other task on its event loop; co_await the work instead of joining its thread (e.g. 'asio::co_spawn(pool, ..., asio::use_awaitable)')
  co_return;
}

// --- Synchronous Asio --------------------------------------------------------

awaitable<void> echo_sync(tcp::socket socket) {
  char data[1024];
  std::size_t n = socket.read_some(asio::buffer(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'asio::basic_stream_socket::read_some' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_read_some(..., asio::use_awaitable)' instead
  asio::write(socket, asio::buffer(data, n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::write' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'asio::async_write(..., asio::use_awaitable)' instead
  co_return;
}

awaitable<void> read_request(tcp::socket &socket, std::string &request) {
  asio::error_code ec;
  asio::read_until(socket, asio::dynamic_buffer(request), "\r\n\r\n", ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::read_until' blocks the thread
  char header[4];
  asio::read(socket, asio::buffer(header));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::read' blocks the thread
  socket.send(asio::buffer(header));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_stream_socket::send' blocks the thread
  socket.receive(asio::buffer(header));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_stream_socket::receive' blocks the thread
  socket.write_some(asio::buffer(header));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_stream_socket::write_some' blocks the thread
  co_return;
}

awaitable<tcp::socket> dial(const std::string &host) {
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  auto endpoints = resolver.resolve(host, "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'asio::ip::basic_resolver::resolve' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_resolve(..., asio::use_awaitable)' instead
  tcp::socket socket(ex);
  asio::connect(socket, endpoints);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::connect' blocks the thread
  socket.connect(*endpoints.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_stream_socket::connect' blocks the thread
  socket.wait(tcp::socket::wait_write);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_stream_socket::wait' blocks the thread
  co_return socket;
}

awaitable<void> accept_one(tcp::acceptor &acceptor) {
  tcp::socket peer = acceptor.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'asio::basic_socket_acceptor::accept' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_accept(..., asio::use_awaitable)' instead
  asio::steady_timer timer(acceptor.get_executor(), 1s);
  timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_waitable_timer::wait' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_wait(asio::use_awaitable)' instead
  co_return;
}

// Not flagged: the asynchronous forms, awaited.
awaitable<void> echo_async(tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n =
        co_await socket.async_read_some(asio::buffer(data), use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n), use_awaitable);
  }
}

// --- POSIX I/O ---------------------------------------------------------------

awaitable<void> posix_io(int fd) {
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'read' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_read_some(..., asio::use_awaitable)' on an 'asio::posix::stream_descriptor' instead
  ::send(fd, buf, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'send' blocks the thread
  pollfd p{fd, POLLIN, 0};
  ::poll(&p, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'async_wait(..., asio::use_awaitable)' on the asio socket or descriptor instead
  co_return;
}

// Not flagged: the project's own function called read is not POSIX read.
namespace store {
int read(int key);
}
int read(const std::string &path);
awaitable<int> lookup(int key) {
  int a = store::read(key);
  int b = read(std::string("config"));
  co_return a + b;
}

// --- What is the coroutine's own body ----------------------------------------

// A lambda that is itself a coroutine is checked as one.
void start(asio::io_context &io) {
  asio::co_spawn(
      io,
      []() -> awaitable<void> {
        std::this_thread::sleep_for(10ms);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::this_thread::sleep_for' blocks the thread
        // CHECK-MESSAGES: :[[@LINE-3]]:7: note: this lambda is a coroutine returning 'awaitable<void>'
        co_return;
      },
      asio::detached);
}

// A lambda called in place, or by a per-element algorithm, runs in the
// coroutine.
awaitable<void> in_place(std::vector<int> ids) {
  [] { std::this_thread::sleep_for(1ms); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::this_thread::sleep_for' blocks the thread
  std::for_each(ids.begin(), ids.end(), [](int) { usleep(10); });
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: 'usleep' blocks the thread
  co_return;
}

// Not flagged: lambdas that run elsewhere (a thread pool, a new thread)
// are not the coroutine.
awaitable<void> offload(asio::thread_pool &pool) {
  asio::post(pool, [] { std::this_thread::sleep_for(1s); });
  std::thread([] { ::sleep(1); }).detach();
  auto later = [] { std::this_thread::sleep_for(1s); };
  asio::post(pool, later);
  co_return;
}

// Not flagged: a function that returns an awaitable but is no coroutine runs
// its body when called, not on the event loop.
awaitable<void> make_pause(tcp::socket &socket) {
  std::this_thread::sleep_for(1ms);
  return heartbeat_async(socket);
}

// Not flagged: an ordinary function may block.
void blocking_client(tcp::socket &socket) {
  char data[16];
  socket.read_some(asio::buffer(data));
  std::this_thread::sleep_for(1s);
}

// Not flagged: a readiness poll is no wait.
awaitable<bool> is_done(std::future<int> &result) {
  co_return result.wait_for(0s) == std::future_status::ready;
}
