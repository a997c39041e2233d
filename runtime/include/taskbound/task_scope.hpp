//===-- task_scope.hpp - taskbound::task_scope ------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file task_scope.hpp
/// @brief taskbound::task_scope: structured fire-and-forget with a limit on live tasks.
#pragma once

#include <atomic>      // std::atomic
#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint32_t
#include <functional>  // std::invoke
#include <stdexcept>   // std::invalid_argument
#include <type_traits> // std::decay_t
#include <utility>     // std::forward

#include <taskbound/default_pool.hpp>       // default_pool
#include <taskbound/detail/event_gate.hpp>  // wait_until
#include <taskbound/detail/first_error.hpp> // first_error
#include <taskbound/detail/live_count.hpp>  // live_count
#include <taskbound/worker_pool.hpp>        // worker_pool

namespace taskbound {

/// @brief Runs spawned tasks on a pool with at most max_in_flight of them alive, and waits
/// for all of them before it is destroyed.
///
/// Replaces the fire-and-forget shapes (`std::thread(...).detach()` per item,
/// `co_spawn(..., detached)` per item): spawn() waits for a free slot when max_in_flight
/// tasks are alive, so memory and threads stay bounded; join() waits for all and rethrows
/// the first exception. When spawn() is called at the limit from a task (on a worker of the
/// scope's own pool, or taken over by a join()) it runs the new task inline instead of
/// waiting. join() (or the destructor) first runs the newest task itself if no worker has
/// started it yet, and on a worker it runs queued tasks of the pool while it waits: nested
/// scopes (a task that spawns and joins, recursively) never park a worker on tasks queued
/// behind it, and a join rarely waits for a hand-off at all.
class task_scope {
public:
  /// @brief A scope allowing @p max_in_flight live tasks on @p pool (default_pool() if null).
  /// Limits above 2^31 - 1 are treated as 2^31 - 1.
  /// @throws std::invalid_argument if @p max_in_flight is 0.
  explicit task_scope(std::size_t max_in_flight, worker_pool* pool = nullptr)
      : max_(clamped(checked(max_in_flight))), pool_(pool != nullptr ? pool : &default_pool()) {}

  /// @brief A scope on default_pool() allowing as many live tasks as that pool has workers
  /// (the machine's concurrency, or $TASKBOUND_WORKERS): what the taskbound fix-its write
  /// when their FixMaxInFlight option is not set.
  task_scope() : task_scope(default_pool().size()) {}

  task_scope(const task_scope&) = delete;
  task_scope& operator=(const task_scope&) = delete;

  /// @brief Waits for every spawned task; an exception join() did not collect is dropped.
  ~task_scope() { wait_all(); }

  /// @brief Starts @p f on the pool, first waiting while max_in_flight tasks are alive.
  /// An exception thrown by @p f is kept for join().
  /// @throws closed_error / rejected_error from the pool (the task is then not started);
  /// std::bad_alloc if the task cannot be allocated.
  template <class F>
  void spawn(F&& f) {
    using fn_type = std::decay_t<F>;
    while (!alive_.try_acquire(max_)) {
      if (pool_->is_worker_thread() || helping_depth > 0) {
        fn_type own(std::forward<F>(f));
        run_guarded(own);
        return;
      }
      detail::wait_until(alive_, [this] { return alive_.count() < max_; });
    }
    task_node* node = nullptr;
    try {
      node = new node_of<fn_type>(this, std::forward<F>(f));
    } catch (...) {
      alive_.release();
      throw;
    }
    try {
      pool_->post([node]() noexcept {
        if (node->claim()) node->run_and_finish();
        node->unref();
      });
    } catch (...) {
      node->unref(); // the pool's reference: the task never reached the queue
      node->unref(); // the scope's reference, not published yet
      alive_.release();
      throw;
    }
    // The newest task is the one least likely to have started: join() runs it here if
    // no worker has taken it by then.
    if (task_node* older = newest_.exchange(node, std::memory_order_acq_rel)) older->unref();
  }

  /// @brief Waits until every spawned task has finished, then rethrows the first exception
  /// one of them threw since the last join() (and forgets it). A task no worker has started
  /// yet may run on the calling thread; on a worker of the scope's pool, join() also runs
  /// other queued tasks of that pool while it waits.
  void join() {
    wait_all();
    error_.rethrow_if_any();
  }

  /// @brief The limit on live tasks.
  [[nodiscard]] std::size_t max_in_flight() const noexcept { return max_; }

  /// @brief Tasks spawned and not finished yet (a snapshot).
  [[nodiscard]] std::size_t in_flight() const noexcept { return alive_.count(); }

private:
  // A spawned task, shared by the pool's queue entry and the scope's newest_ slot: whichever
  // claims it first runs it; the last of the two references frees it. The scope itself
  // outlives every run (join waits for the count), but not every queue entry: an entry whose
  // task join() ran touches only the node.
  class task_node {
  public:
    bool claim() noexcept { return !claimed_.exchange(true, std::memory_order_acq_rel); }
    void run_and_finish() noexcept {
      task_scope* scope = scope_;
      invoke_(this, *scope);
      scope->alive_.release(); // last touch of the scope: its owner may be gone after this
    }
    void unref() noexcept {
      if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy_(this);
    }

  protected:
    using invoke_fn = void (*)(task_node*, task_scope&) noexcept;
    using destroy_fn = void (*)(task_node*) noexcept;
    task_node(task_scope* scope, invoke_fn invoke, destroy_fn destroy) noexcept
        : scope_(scope), invoke_(invoke), destroy_(destroy) {}
    ~task_node() = default;

  private:
    std::atomic<std::uint32_t> refs_{2};
    std::atomic<bool> claimed_{false};
    task_scope* scope_;
    invoke_fn invoke_;
    destroy_fn destroy_;
  };

  template <class Fn>
  class node_of final : public task_node {
  public:
    template <class F>
    node_of(task_scope* scope, F&& f) : task_node(scope, &invoke, &destroy), fn_(std::forward<F>(f)) {}

  private:
    static void invoke(task_node* self, task_scope& scope) noexcept {
      scope.run_guarded(static_cast<node_of*>(self)->fn_);
    }
    static void destroy(task_node* self) noexcept { delete static_cast<node_of*>(self); }
    Fn fn_;
  };

  static std::size_t checked(std::size_t max_in_flight) {
    if (max_in_flight == 0)
      throw std::invalid_argument("taskbound::task_scope: max_in_flight must be at least 1");
    return max_in_flight;
  }
  static std::uint32_t clamped(std::size_t max_in_flight) noexcept {
    return max_in_flight < detail::live_count::max_count ? static_cast<std::uint32_t>(max_in_flight)
                                                         : detail::live_count::max_count;
  }

  template <class Fn>
  void run_guarded(Fn& fn) noexcept {
    try {
      std::invoke(fn);
    } catch (...) {
      error_.record_current();
    }
  }

  void wait_all() noexcept {
    // Help first: the newest task, if nobody started it, runs here without any hand-off.
    if (task_node* node = newest_.exchange(nullptr, std::memory_order_acq_rel)) {
      if (node->claim()) {
        // It runs as on a worker: at the limit, its own spawns run inline, not wait.
        ++helping_depth;
        node->run_and_finish();
        --helping_depth;
      }
      node->unref();
    }
    detail::pool_access::help_until(*pool_, alive_, [this] { return alive_.count() == 0; });
    // A task spawned concurrently by one of this scope's tasks may have been published
    // after the exchange above; every task has finished now, so only the reference is left.
    if (task_node* node = newest_.exchange(nullptr, std::memory_order_acq_rel)) node->unref();
  }

  // > 0 while this thread runs a task that a join() took over (see wait_all()).
  static inline thread_local unsigned helping_depth = 0;

  const std::uint32_t max_;
  worker_pool* const pool_;
  detail::live_count alive_;
  std::atomic<task_node*> newest_{nullptr};
  detail::first_error error_;
};

} // namespace taskbound
