//===-- regex_scan.cpp - check-overhead input: regex scan -----------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Check-overhead input: <regex> log scanning with a thread per file and async per line.
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace scan {

const std::regex& pattern() {
  static const std::regex re(R"((\d{4})-(\d{2})-(\d{2})\s+(ERROR|WARN)\s+\[([a-z_]+)\]\s+(.*))");
  return re;
}

std::map<std::string, int> count_file(const std::string& path) {
  std::map<std::string, int> counts;
  std::ifstream in(path);
  std::string line;
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_match(line, m, pattern())) ++counts[m[5].str()];
  return counts;
}

// One thread per file: unbounded.
std::map<std::string, int> count_files(const std::vector<std::string>& paths) {
  std::map<std::string, int> total;
  std::mutex mu;
  std::vector<std::thread> ts;
  for (const auto& p : paths)
    ts.emplace_back([&, p] {
      auto c = count_file(p);
      std::lock_guard lock(mu);
      for (auto& [k, v] : c) total[k] += v;
    });
  for (auto& t : ts) t.join();
  return total;
}

// Each iteration waits for its own task: not unbounded.
int serial_matches(const std::vector<std::string>& lines) {
  int n = 0;
  for (const auto& l : lines) {
    auto f = std::async(std::launch::async, [&l] { return std::regex_search(l, pattern()); });
    n += f.get() ? 1 : 0;
  }
  return n;
}

std::string redact(const std::string& s) {
  static const std::regex email(R"([\w.+-]+@[\w-]+\.[\w.]+)");
  return std::regex_replace(s, email, "<email>");
}

} // namespace scan

int main(int argc, char** argv) {
  std::vector<std::string> paths(argv + 1, argv + argc);
  for (auto& [k, v] : scan::count_files(paths)) std::cout << k << ' ' << v << '\n';
  std::cout << scan::serial_matches({"2024-01-01 ERROR [io] x"}) << scan::redact("a@b.c") << '\n';
}
