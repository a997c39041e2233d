//===-- futures_pipeline.cpp - check-overhead input: futures --------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Check-overhead input: std::async / std::thread / promise code over containers.
#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace pipeline {

struct record {
  std::string key;
  std::vector<double> values;
};

double score(const record& r) {
  return std::accumulate(r.values.begin(), r.values.end(), 0.0) / (r.values.empty() ? 1 : r.values.size());
}

// The flagged gather shape.
std::vector<double> score_all(const std::vector<record>& rs) {
  std::vector<std::future<double>> futs;
  for (const auto& r : rs) futs.push_back(std::async(std::launch::async, score, std::cref(r)));
  std::vector<double> out;
  for (auto& f : futs) out.push_back(f.get());
  return out;
}

// Bounded by the machine.
std::vector<double> score_chunked(const std::vector<record>& rs) {
  const unsigned n = std::max(1u, std::thread::hardware_concurrency());
  std::vector<double> out(rs.size());
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < n; ++t)
    ts.emplace_back([&, t] {
      for (std::size_t i = t; i < rs.size(); i += n) out[i] = score(rs[i]);
    });
  for (auto& t : ts) t.join();
  return out;
}

// Batch flush inside the loop.
std::map<std::string, double> score_batched(const std::vector<record>& rs) {
  std::map<std::string, double> m;
  std::vector<std::pair<std::string, std::future<double>>> batch;
  for (const auto& r : rs) {
    batch.emplace_back(r.key, std::async(std::launch::async, score, std::cref(r)));
    if (batch.size() >= 16) {
      for (auto& [k, f] : batch) m[k] = f.get();
      batch.clear();
    }
  }
  for (auto& [k, f] : batch) m[k] = f.get();
  return m;
}

// A thread per item with a promise each.
std::vector<int> lengths(const std::vector<std::string>& words) {
  std::vector<std::promise<int>> ps(words.size());
  std::vector<std::future<int>> fs;
  for (auto& p : ps) fs.push_back(p.get_future());
  std::vector<std::thread> ts;
  for (std::size_t i = 0; i < words.size(); ++i)
    ts.emplace_back([&ps, &words, i] { ps[i].set_value(static_cast<int>(words[i].size())); });
  for (auto& t : ts) t.join();
  std::vector<int> out;
  for (auto& f : fs) out.push_back(f.get());
  return out;
}

} // namespace pipeline

int main() {
  std::vector<pipeline::record> rs(10, {"k", {1.0, 2.0}});
  return static_cast<int>(pipeline::score_all(rs).size() + pipeline::score_chunked(rs).size() +
                          pipeline::score_batched(rs).size() + pipeline::lengths({"a", "bb"}).size()) & 1;
}
