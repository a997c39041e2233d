//===-- boost_asio_pages.cpp - a coroutine per page, on Boost.Asio --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --asio --tmp %t %s

// The crawler on Boost.Asio: one detached coroutine per page, each waiting on
// its own timer and writing its own slot. The fix: one co_spawn of
// for_each_bounded from <taskbound/boost_asio.hpp>.

#include <utility> // Boost 1.74's awaitable.hpp uses std::move without it

#include <boost/asio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Page {
  std::size_t slot;
  std::string path;
};

boost::asio::awaitable<void> fetch(Page page, std::vector<std::size_t> &sizes) {
  boost::asio::steady_timer latency(co_await boost::asio::this_coro::executor,
                                    std::chrono::microseconds(page.slot % 7));
  co_await latency.async_wait(boost::asio::use_awaitable);
  sizes[page.slot] = page.path.size() * 3;
}

} // namespace

int main() {
  boost::asio::io_context io;
  std::vector<Page> pages;
  for (std::size_t i = 0; i < 250; ++i)
    pages.push_back({i, "/docs/section/" + std::to_string(i * 7)});
  std::vector<std::size_t> sizes(pages.size());

  for (const Page &page : pages)
    boost::asio::co_spawn(io, fetch(page, sizes), boost::asio::detached);
  io.run();

  std::size_t bytes = 0;
  for (std::size_t s : sizes)
    bytes += s;
  std::printf("%zu pages, %zu bytes\n", pages.size(), bytes);
}
