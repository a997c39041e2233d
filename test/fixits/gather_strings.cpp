//===-- gather_strings.cpp - futures over strings, range loop -------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Futures of std::string over a vector of words; the drain concatenates the
// results in input order, which the output shows.

#include <cctype>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

namespace {

std::string shout(const std::string &word) {
  std::string loud = word;
  for (char &c : loud)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return loud + "!";
}

} // namespace

int main() {
  std::vector<std::string> words;
  for (int i = 0; i < 300; ++i)
    words.push_back("word" + std::to_string(i));

  std::vector<std::future<std::string>> pending;
  for (const auto &word : words)
    pending.push_back(std::async(std::launch::async, shout, word));

  std::string all;
  for (auto &p : pending)
    all += p.get();
  std::printf("%zu characters: %s...%s\n", all.size(),
              all.substr(0, 24).c_str(), all.substr(all.size() - 16).c_str());
}
