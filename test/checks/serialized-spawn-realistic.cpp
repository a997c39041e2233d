//===-- serialized-spawn-realistic.cpp - realistic code -------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code shaped like what people write, for precision and recall: each
// function starts a task and waits for it, and either gets no concurrency
// from it (flagged) or overlaps it with other work (not flagged, with the
// reason). std, standalone Asio and TBB are the real headers.
// RUN: %check_tidy %s taskbound-serialized-spawn -- -std=c++20 \
// RUN:   -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE

#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <oneapi/tbb/task_group.h>

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct Record {
  std::string key;
  int value = 0;
};

Record parse_line(const std::string &line);
std::string fetch(const std::string &url);
void send_metric(const std::string &name, double value);
void handle_client(int fd);
int accept_client(int listen_fd);
void render(const Record &r);
void run_benchmark();
std::string read_chunk(int i);
void process_chunk(const std::string &chunk);
asio::awaitable<std::string> download(std::string url);

// Parsing each line on its own thread, one at a time.
std::vector<Record> parse_all(const std::vector<std::string> &lines) {
  std::vector<Record> out;
  for (const auto &line : lines) {
    auto f = std::async(std::launch::async, parse_line, line);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::async' starts a thread that this iteration waits for
    out.push_back(f.get());
  }
  return out;
}

// Fire and forget, except that the future's destructor waits.
void report_latency(double ms) {
  std::async(std::launch::async, send_metric, "latency_ms", ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the future returned by 'std::async' is discarded
}

// A thread per client, joined before the next accept: one client at a time.
void serve(int listen_fd) {
  for (;;) {
    const int fd = accept_client(listen_fd);
    if (fd < 0)
      break;
    std::thread worker(handle_client, fd);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a thread that this iteration waits for
    worker.join();
  }
}

// Not flagged: a timeout on each request; the wait_for poll is the point.
std::vector<std::optional<std::string>>
fetch_with_timeout(const std::vector<std::string> &urls) {
  std::vector<std::optional<std::string>> out;
  for (const auto &url : urls) {
    auto f = std::async(std::launch::async, fetch, url);
    if (f.wait_for(std::chrono::seconds(2)) == std::future_status::ready)
      out.emplace_back(f.get());
    else
      out.emplace_back(std::nullopt);
  }
  return out;
}

// Not flagged: double buffering; the next chunk is read while this one is
// processed.
void pipeline(int chunks) {
  std::string current = read_chunk(0);
  for (int i = 1; i <= chunks; ++i) {
    auto next = std::async(std::launch::async, read_chunk, i);
    process_chunk(current);
    current = next.get();
  }
  process_chunk(current);
}

// Benchmark runs, each on a fresh thread joined at once.
void bench(int runs) {
  for (int run = 0; run < runs; ++run) {
    std::thread t(run_benchmark);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a thread that this iteration waits for
    t.join();
  }
}

// Not flagged: a single thread for a bigger stack or another name, outside
// any loop.
void run_isolated() {
  std::thread t(run_benchmark);
  t.join();
}

// Not flagged: all records rendered at once, joined afterwards.
void render_all(const std::vector<Record> &records) {
  std::vector<std::thread> threads;
  for (const auto &r : records)
    threads.emplace_back(render, std::cref(r));
  for (auto &t : threads)
    t.join();
}

// Each value computed with std::async and used at once, in a while loop.
int sum_until(const std::vector<std::string> &lines, int limit) {
  int sum = 0;
  std::size_t i = 0;
  while (sum < limit && i < lines.size()) {
    sum += std::async(std::launch::async, parse_line, lines[i]).get().value;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::async' starts a thread that this iteration waits for
    ++i;
  }
  return sum;
}

// Not flagged: the iteration renders the previous record while parsing the
// next one.
void parse_and_render(const std::vector<std::string> &lines) {
  Record previous;
  for (const auto &line : lines) {
    auto f = std::async(std::launch::async, parse_line, line);
    render(previous);
    previous = f.get();
  }
}

// TBB: a task group per item, waited for at once.
void render_each(const std::vector<Record> &records) {
  tbb::task_group g;
  for (const auto &r : records) {
    g.run([&r] { render(r); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tbb::task_group::run' starts a task that this iteration waits for
    g.wait();
  }
}

// Asio: a coroutine per URL, each awaited before the next starts.
asio::awaitable<std::vector<std::string>>
download_all(const std::vector<std::string> &urls) {
  auto ex = co_await asio::this_coro::executor;
  std::vector<std::string> pages;
  for (const auto &url : urls)
    pages.push_back(
        co_await asio::co_spawn(ex, download(url), asio::use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'asio::co_spawn' starts a coroutine that this iteration waits for
  co_return pages;
}

// Not flagged: the coroutines run detached, concurrently.
asio::awaitable<void> prefetch_all(const std::vector<std::string> &urls) {
  auto ex = co_await asio::this_coro::executor;
  for (const auto &url : urls)
    asio::co_spawn(ex, download(url), asio::detached);
  co_return;
}
