//===-- crawl_unbounded.cpp - the crawler that blocks its event loop ------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// The anti-pattern: a coroutine per URL, all started at once, each of which
// waits for its (pretend) server with a blocking sleep. The sleep blocks the
// io_context's only thread, so the "concurrent" crawl runs one page at a
// time, and nothing limits how many coroutines are alive.
//
// taskbound-tidy reports the sleep (taskbound-blocking-call-in-coroutine)
// and the co_spawn per URL (taskbound-unbounded-spawn-in-loop).

#include "fake_web.hpp"

#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

struct Crawl {
  std::size_t pages = 0;
  std::size_t bytes = 0;
};

// "Fetch" a page: wait for the server, then count what it sent.
asio::awaitable<void> fetch(std::string url, Crawl &crawl) {
  std::this_thread::sleep_for(fake_web::latency(url));
  const std::string page = fake_web::body(url);
  ++crawl.pages;
  crawl.bytes += page.size();
  co_return;
}

int main() {
  const std::vector<std::string> urls = fake_web::urls(300);
  asio::io_context io;
  Crawl crawl;
  const auto start = std::chrono::steady_clock::now();
  for (const std::string &url : urls)
    asio::co_spawn(io, fetch(url, crawl), asio::detached);
  io.run();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::printf("fetched %zu pages, %zu bytes in %lld ms\n", crawl.pages,
              crawl.bytes, static_cast<long long>(ms.count()));
}
