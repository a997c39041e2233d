//===-- crawl_bounded.cpp - the crawler, bounded and non-blocking ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The fix: the coroutine waits with an asynchronous timer, so the io_context
// serves other fetches meanwhile, and taskbound::asio::for_each_bounded runs
// at most 16 fetches at once instead of one coroutine per URL up front.
//
// taskbound-tidy reports nothing here.

#include "fake_web.hpp"

#include <taskbound/asio.hpp>

#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

struct Crawl {
  std::size_t pages = 0;
  std::size_t bytes = 0;
};

// "Fetch" a page: wait for the server without blocking the thread.
asio::awaitable<void> fetch(const std::string &url, Crawl &crawl) {
  asio::steady_timer server(co_await asio::this_coro::executor);
  server.expires_after(fake_web::latency(url));
  co_await server.async_wait(asio::use_awaitable);
  const std::string page = fake_web::body(url);
  ++crawl.pages;
  crawl.bytes += page.size();
}

asio::awaitable<void> crawl_all(const std::vector<std::string> &urls,
                                Crawl &crawl) {
  auto ex = co_await asio::this_coro::executor;
  co_await taskbound::asio::for_each_bounded(
      ex, urls, [&](const std::string &url) { return fetch(url, crawl); },
      /*max_in_flight=*/16);
}

int main() {
  const std::vector<std::string> urls = fake_web::urls(300);
  asio::io_context io;
  Crawl crawl;
  const auto start = std::chrono::steady_clock::now();
  asio::co_spawn(io, crawl_all(urls, crawl), asio::detached);
  io.run();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::printf("fetched %zu pages, %zu bytes in %lld ms\n", crawl.pages,
              crawl.bytes, static_cast<long long>(ms.count()));
}
