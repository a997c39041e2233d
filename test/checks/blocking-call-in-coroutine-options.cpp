//===-- blocking-call-in-coroutine-options.cpp - options ------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// taskbound-blocking-call-in-coroutine's options, each in its own RUN line.
// Each warning below has its own FileCheck prefix; a RUN line lists the
// warnings it expects, and any other warning fails it.
//
// Defaults: asio::awaitable coroutines; the built-in blocking calls.
// RUN: %check_tidy --check-prefixes=SLEEP %s taskbound-blocking-call-in-coroutine \
// RUN:   -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system
//
// CoroutineTypes adds coroutine types: a class template, and an alias.
// RUN: %check_tidy --check-prefixes=SLEEP,CPPCORO,ALIAS %s taskbound-blocking-call-in-coroutine \
// RUN:   -config="{CheckOptions: {taskbound-blocking-call-in-coroutine.CoroutineTypes: 'cppcoro::task;::app::Job'}}" \
// RUN:   -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system
//
// BlockingFunctions adds blocking calls: a method of a class (and classes
// derived from it), and a free function; a call of one that is handed a
// completion handler is its asynchronous overload.
// RUN: %check_tidy --check-prefixes=SLEEP,LOCK,QUERY %s taskbound-blocking-call-in-coroutine \
// RUN:   -config="{CheckOptions: {taskbound-blocking-call-in-coroutine.BlockingFunctions: '::std::mutex::lock;db::query'}}" \
// RUN:   -- -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE -isystem %inputs/system
//
// -dump-config shows every option with its value.
// RUN: %taskbound_tidy -checks='-*,taskbound-blocking-call-in-coroutine' -dump-config \
// RUN:   -config="{CheckOptions: {taskbound-blocking-call-in-coroutine.CoroutineTypes: '::cppcoro::task'}}" -- \
// RUN:   | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: taskbound-blocking-call-in-coroutine.CoroutineTypes: '::cppcoro::task'
// DUMP-DAG: taskbound-blocking-call-in-coroutine.BlockingFunctions: ''
// DUMP-DAG: taskbound-blocking-call-in-coroutine.SpawnFunctions: ''

#include <asio.hpp>
#include <cppcoro/task.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

using namespace std::chrono_literals;

asio::awaitable<void> nap() {
  std::this_thread::sleep_for(1ms);
  // SLEEP: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running this coroutine and stalls every other task on its event loop; co_await 'asio::steady_timer::async_wait' instead [taskbound-blocking-call-in-coroutine]
  co_return;
}

cppcoro::task<int> compute() {
  std::this_thread::sleep_for(1ms);
  // CPPCORO: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running this coroutine and stalls every other task on its event loop; co_await your coroutine library's asynchronous form of it instead (with Asio: co_await 'asio::steady_timer::async_wait') [taskbound-blocking-call-in-coroutine]
  // CPPCORO: :[[@LINE-3]]:20: note: 'compute' is a coroutine returning 'cppcoro::task<int>'
  co_return 1;
}

namespace app {
template <typename T> using Job = cppcoro::task<T>;
}
app::Job<int> aliased() {
  std::this_thread::sleep_for(1ms);
  // ALIAS: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread
  co_return 2;
}

struct Cache {
  std::mutex mutex;
  std::string value;
};
struct TimedMutex : std::mutex {};

asio::awaitable<std::string> read_cache(Cache &cache, TimedMutex &other) {
  cache.mutex.lock();
  // LOCK: :[[@LINE-1]]:3: warning: 'std::mutex::lock' blocks the thread running this coroutine and stalls every other task on its event loop; co_await an asynchronous form of it instead
  other.lock();
  // LOCK: :[[@LINE-1]]:3: warning: 'std::mutex::lock' blocks the thread
  std::string v = cache.value;
  cache.mutex.unlock();
  other.unlock();
  co_return v;
}

namespace db {
std::string query(const std::string &sql);
void query(const std::string &sql, std::function<void(std::string)> on_done);
} // namespace db

asio::awaitable<void> report() {
  std::string rows = db::query("select 1");
  // QUERY: :[[@LINE-1]]:22: warning: 'db::query' blocks the thread
  db::query("select 2", [](std::string) {});
  co_return;
}
