//===-- fake_web.hpp - a pretend web for the crawler examples ---*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A pretend web for the crawler examples: no network, a few hundred pages
// with made-up sizes and a latency for each fetch.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace fake_web {

/// The pages to crawl: http://example.test/page/0 ... /page/N-1.
inline std::vector<std::string> urls(std::size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back("http://example.test/page/" + std::to_string(i));
  return out;
}

/// How long the pretend server takes to answer (2 to 6 ms).
inline std::chrono::milliseconds latency(const std::string &url) {
  return std::chrono::milliseconds(2 + std::hash<std::string>{}(url) % 5);
}

/// The body the pretend server sends back.
inline std::string body(const std::string &url) {
  return std::string(500 + std::hash<std::string>{}(url) % 1500, 'x');
}

} // namespace fake_web
