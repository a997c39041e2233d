//===-- asio_word_count.cpp - coroutines on an executor, by value ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --asio --tmp %t %s

// A coroutine per document on an executor taken from the context, each
// taking its document by value and counting words into its own slot.

#include <asio.hpp>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Document {
  std::size_t id;
  std::string text;
};

asio::awaitable<void> count_words(Document doc,
                                  std::vector<std::size_t> &counts) {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  std::istringstream in(doc.text);
  std::size_t words = 0;
  for (std::string w; in >> w;)
    ++words;
  counts[doc.id] = words;
}

} // namespace

int main() {
  asio::io_context io;
  auto ex = io.get_executor();
  std::vector<Document> docs;
  for (std::size_t i = 0; i < 200; ++i)
    docs.push_back({i, std::string(i % 9 + 1, 'x') + " lorem ipsum dolor" +
                           std::string(i % 4, ' ') + " sit"});
  std::vector<std::size_t> counts(docs.size());

  for (const Document &doc : docs)
    asio::co_spawn(ex, count_words(doc, counts), asio::detached);
  io.run();

  std::size_t total = 0;
  for (std::size_t c : counts)
    total += c;
  std::printf("%zu documents, %zu words\n", docs.size(), total);
}
