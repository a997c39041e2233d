//===-- asio_server.cpp - check-overhead input: Asio server ---------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Check-overhead input: an Asio coroutine server and a thread_pool fan-out (heavy: all of asio).
#include <asio.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace server {

asio::awaitable<void> echo(asio::ip::tcp::socket socket) {
  char data[1024];
  for (;;) {
    const std::size_t n = co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
  }
}

// One coroutine per accepted connection: paced by the clients.
asio::awaitable<void> listen(asio::ip::tcp::acceptor acceptor) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), asio::detached);
  }
}

// One post per input line: unbounded.
std::uint64_t checksum_all(asio::thread_pool& pool, const std::vector<std::string>& lines) {
  std::vector<std::uint64_t> sums(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    asio::post(pool, [&sums, &lines, i] {
      std::uint64_t h = 1469598103934665603ull;
      for (char c : lines[i]) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      sums[i] = h;
    });
  }
  pool.join();
  std::uint64_t total = 0;
  for (auto s : sums) total ^= s;
  return total;
}

// A coroutine per request, spawned from a loop over a container.
void fan_out(asio::io_context& ctx, const std::vector<int>& requests) {
  for (int r : requests) {
    asio::co_spawn(
        ctx,
        [r]() -> asio::awaitable<void> {
          asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(r));
          co_await t.async_wait(asio::use_awaitable);
        },
        asio::detached);
  }
  ctx.run();
}

} // namespace server

int main() {
  asio::io_context ctx;
  asio::ip::tcp::acceptor acceptor(ctx, {asio::ip::tcp::v4(), 0});
  asio::co_spawn(ctx, server::listen(std::move(acceptor)), asio::detached);
  asio::thread_pool pool(2);
  std::vector<std::string> lines(100, "hello");
  return static_cast<int>(server::checksum_all(pool, lines) & 1);
}
