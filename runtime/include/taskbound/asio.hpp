//===-- asio.hpp - Asio adapter ---------------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file asio.hpp
/// @brief taskbound::asio::for_each_bounded: run a coroutine per element of a range with at
/// most N of them alive, for standalone Asio (>= 1.22) or Boost.Asio (>= 1.74).
///
/// Standalone asio is used by default; define TASKBOUND_ASIO_BOOST before including this
/// header to use Boost.Asio. With clang and standalone asio 1.22, also define
/// ASIO_HAS_CO_AWAIT and ASIO_HAS_STD_COROUTINE (asio does not detect clang's coroutines).
#pragma once

#include <cstddef>     // std::size_t
#include <memory>      // std::shared_ptr, std::make_shared, std::unique_ptr
#include <mutex>       // std::mutex, std::lock_guard, std::unique_lock
#include <ranges>      // std::ranges::begin, std::ranges::end, std::ranges::input_range
#include <stdexcept>   // std::invalid_argument
#include <thread>      // std::thread::hardware_concurrency
#include <type_traits> // std::decay_t
#include <utility>     // std::move (Boost 1.74's awaitable.hpp needs <utility> before it)

#include <taskbound/detail/first_error.hpp> // first_error

#if defined(TASKBOUND_ASIO_BOOST)
#include <boost/asio/async_result.hpp>  // boost::asio::async_initiate
#include <boost/asio/awaitable.hpp>     // boost::asio::awaitable
#include <boost/asio/co_spawn.hpp>      // boost::asio::co_spawn
#include <boost/asio/detached.hpp>      // boost::asio::detached
#include <boost/asio/post.hpp>          // boost::asio::post
#include <boost/asio/use_awaitable.hpp> // boost::asio::use_awaitable
#else
#include <asio/async_result.hpp>  // asio::async_initiate
#include <asio/awaitable.hpp>     // asio::awaitable
#include <asio/co_spawn.hpp>      // asio::co_spawn
#include <asio/detached.hpp>      // asio::detached
#include <asio/post.hpp>          // asio::post
#include <asio/use_awaitable.hpp> // asio::use_awaitable
#endif

namespace taskbound::asio {

#if defined(TASKBOUND_ASIO_BOOST)
namespace net = ::boost::asio;
#else
namespace net = ::asio;
#endif

namespace detail {

// A move-only `void()` handler, type-erased (the awaitable's completion handler is move-only).
class erased_handler {
public:
  erased_handler() = default;
  template <class Handler>
  explicit erased_handler(Handler&& h) : impl_(new model<std::decay_t<Handler>>(std::forward<Handler>(h))) {}
  explicit operator bool() const noexcept { return impl_ != nullptr; }
  void operator()() {
    auto impl = std::move(impl_);
    impl->call();
  }

private:
  struct concept_base {
    virtual ~concept_base() = default;
    virtual void call() = 0;
  };
  template <class Handler>
  struct model final : concept_base {
    explicit model(Handler&& h) : handler(std::move(h)) {}
    explicit model(const Handler& h) : handler(h) {}
    void call() override { std::move(handler)(); }
    Handler handler;
  };
  std::unique_ptr<concept_base> impl_;
};

// Shared by the runner coroutines and the awaiting coroutine.
template <class Iterator, class Fn>
struct bounded_run {
  bounded_run(Iterator first, Iterator last, Fn fn, std::size_t runners)
      : next(first), end(last), body(std::move(fn)), running(runners) {}

  std::mutex mutex;
  Iterator next;
  Iterator end;
  using iterator_type = Iterator;
  Fn body;
  std::size_t running;                    // runner coroutines not finished
  ::taskbound::detail::first_error error; // once set, no more elements are handed out
  erased_handler on_finished;             // resumes the awaiting coroutine

  bool take(Iterator& out) {
    std::lock_guard lock(mutex);
    if (error.has_error() || next == end) return false;
    out = next;
    ++next;
    return true;
  }
  void finish_one() {
    erased_handler resume;
    {
      std::lock_guard lock(mutex);
      if (--running == 0) resume = std::move(on_finished);
    }
    if (resume) resume();
  }
};

// One runner: takes elements until none is left. The state is a by-value parameter, so it
// lives in the coroutine frame.
template <class Run>
net::awaitable<void> run_elements(std::shared_ptr<Run> st) {
  typename Run::iterator_type it{};
  while (st->take(it)) {
    try {
      co_await st->body(*it);
    } catch (...) {
      st->error.record_current();
    }
  }
  st->finish_one();
}

} // namespace detail

/// @brief Awaits `co_await fn(x)` for every element x of @p range, running at most
/// @p max_in_flight of these coroutines at once on @p executor.
///
/// Replaces `for (auto& x : xs) co_spawn(ex, fn(x), detached);`, which starts every
/// coroutine at once with no limit and no way to see it finish or fail. Here a fixed set of
/// min(max_in_flight, size) runner coroutines take elements one by one; the returned
/// awaitable completes when every element is done. The first exception thrown by a
/// coroutine stops handing out elements and is rethrown once the running ones finished.
/// @p range must outlive the await (it does when passed in the co_await expression).
/// @throws std::invalid_argument (when awaited) if @p max_in_flight is 0.
template <class Executor, std::ranges::forward_range Range, class CoroFn>
net::awaitable<void> for_each_bounded(Executor executor, Range&& range, CoroFn coro_fn,
                                      std::size_t max_in_flight) {
  if (max_in_flight == 0)
    throw std::invalid_argument("taskbound::asio::for_each_bounded: max_in_flight must be at least 1");
  using iterator = std::ranges::iterator_t<Range>;
  using run_type = detail::bounded_run<iterator, CoroFn>;
  auto first = std::ranges::begin(range);
  auto last = std::ranges::next(first, std::ranges::end(range));
  const auto size = static_cast<std::size_t>(std::ranges::distance(first, last));
  if (size == 0) co_return;
  const std::size_t runners = max_in_flight < size ? max_in_flight : size;
  auto st = std::make_shared<run_type>(first, last, std::move(coro_fn), runners);
  for (std::size_t i = 0; i < runners; ++i) net::co_spawn(executor, detail::run_elements(st), net::detached);
  // Sleep until the last runner finishes; it posts our continuation to our executor.
  // The initiation is a named object capturing a plain pointer (st keeps the state alive):
  // g++ 12 can destroy a lambda temporary inside a co_await expression twice.
  run_type* const run = st.get();
  const auto initiation = [run](auto handler) {
    auto resume = [h = std::move(handler)]() mutable {
      auto ex = net::get_associated_executor(h);
      net::post(ex, std::move(h));
    };
    std::unique_lock lock(run->mutex);
    if (run->running == 0) {
      lock.unlock();
      resume();
    } else {
      run->on_finished = detail::erased_handler(std::move(resume));
    }
  };
  co_await net::async_initiate<decltype(net::use_awaitable), void()>(initiation, net::use_awaitable);
  st->error.rethrow_if_any();
}

/// @brief for_each_bounded with at most hardware_concurrency() coroutines alive (1 if that is
/// unknown): what the taskbound fix-its write when their FixMaxInFlight option is not set.
/// Coroutines that mostly wait for I/O can afford a larger bound; pass one that suits the
/// service they talk to.
template <class Executor, std::ranges::forward_range Range, class CoroFn>
net::awaitable<void> for_each_bounded(Executor executor, Range&& range, CoroFn coro_fn) {
  const unsigned cores = std::thread::hardware_concurrency();
  return for_each_bounded(std::move(executor), std::forward<Range>(range), std::move(coro_fn),
                          cores == 0 ? 1u : cores);
}

} // namespace taskbound::asio
