//===-- asio_crawler.cpp - a coroutine per URL, detached ------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --asio --tmp %t %s

// The crawler: one detached coroutine per URL, all started at once. A timer
// stands in for the network. The fix: one co_spawn of for_each_bounded.

#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

asio::awaitable<void> fetch(std::string url,
                            std::map<std::string, std::size_t> &sizes) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer latency(ex, std::chrono::microseconds(url.size() % 5));
  co_await latency.async_wait(asio::use_awaitable);
  sizes[url] = url.size() * 512;
}

} // namespace

int main() {
  asio::io_context io;
  std::vector<std::string> urls;
  for (int i = 0; i < 300; ++i)
    urls.push_back("https://example.org/page/" + std::to_string(i));
  std::map<std::string, std::size_t> sizes;

  for (const auto &url : urls)
    asio::co_spawn(io, fetch(url, sizes), asio::detached);
  io.run();

  std::size_t bytes = 0;
  for (const auto &[url, size] : sizes)
    bytes += size;
  std::printf("%zu pages, %zu bytes\n", sizes.size(), bytes);
}
