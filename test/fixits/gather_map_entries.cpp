//===-- gather_map_entries.cpp - futures over map entries -----------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// One task per entry of a std::map, the entry taken apart with a structured
// binding; the results are printed in the map's order.

#include <cstdio>
#include <future>
#include <map>
#include <string>
#include <vector>

namespace {

std::string describe(const std::string &item, int count) {
  return item + " x" + std::to_string(count) + (count > 40 ? " (bulk)" : "");
}

} // namespace

int main() {
  std::map<std::string, int> stock;
  for (int i = 0; i < 120; ++i)
    stock["item-" + std::to_string(1000 + i * 7)] = (i * 37) % 50;

  std::vector<std::future<std::string>> lines;
  for (const auto &[item, count] : stock)
    lines.emplace_back(std::async(std::launch::async, describe, item, count));

  std::size_t bulk = 0;
  std::string last;
  for (auto &line : lines) {
    const std::string text = line.get();
    bulk += text.find("bulk") != std::string::npos;
    last = text;
  }
  std::printf("%zu lines, %zu bulk, last: %s\n", lines.size(), bulk,
              last.c_str());
}
