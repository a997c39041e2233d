//===-- worker_pool.hpp - taskbound::worker_pool ----------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file worker_pool.hpp
/// @brief taskbound::worker_pool: a fixed set of worker threads fed by a bounded queue.
#pragma once

#include <algorithm>   // std::max
#include <atomic>      // std::atomic
#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint64_t
#include <exception>   // std::exception_ptr, std::current_exception, std::rethrow_exception
#include <functional>  // std::invoke
#include <future>      // std::promise, std::future
#include <memory>      // std::unique_ptr
#include <mutex>       // std::mutex, std::lock_guard
#include <stdexcept>   // std::invalid_argument, std::logic_error
#include <string>      // std::string, std::to_string
#include <thread>      // std::thread
#include <tuple>       // std::tuple, std::apply
#include <type_traits> // std::decay_t, std::invoke_result_t, std::in_place_type
#include <utility>     // std::move, std::forward, std::pair
#include <vector>      // std::vector

#include <taskbound/detail/config.hpp>       // cache_line, spin_until
#include <taskbound/detail/event_gate.hpp>   // event_gate, wait_until
#include <taskbound/detail/first_error.hpp>  // first_error
#include <taskbound/detail/idle_workers.hpp> // idle_workers
#include <taskbound/detail/inline_task.hpp>  // inline_task
#include <taskbound/detail/mpmc_ring.hpp>    // mpmc_ring
#include <taskbound/errors.hpp>              // closed_error, rejected_error

namespace taskbound {

/// @brief What post() and submit() do when the pool's queue is full.
enum class when_full {
  block,       ///< wait for room (a task posting into its own full pool runs the task instead)
  caller_runs, ///< run the task on the posting thread (backpressure without waiting)
  reject       ///< throw rejected_error and count it in pool_stats::rejected
};

/// @brief Construction options of a worker_pool; 0 means "pick a default".
struct pool_options {
  /// @brief Worker threads; 0 = std::thread::hardware_concurrency() (at least 1).
  std::size_t workers = 0;
  /// @brief Tasks that may wait in the queue; 0 = 256 per worker.
  std::size_t queue_capacity = 0;
  /// @brief Policy when the queue is full.
  when_full on_full = when_full::block;
};

/// @brief A snapshot of a pool's counters (see docs/runtime.md for how to tune with them).
struct pool_stats {
  /// @brief Tasks accepted: queued, or run on the caller because the queue was full.
  std::uint64_t submitted = 0;
  /// @brief Tasks that returned normally.
  std::uint64_t completed = 0;
  /// @brief Tasks that threw (a submit()ted task's exception goes to its future).
  std::uint64_t failed = 0;
  /// @brief Tasks refused by when_full::reject.
  std::uint64_t rejected = 0;
  /// @brief Tasks waiting in the queue now.
  std::size_t queue_depth = 0;
  /// @brief Most tasks seen waiting at once (sampled every 16 posts; exact when it filled).
  std::size_t queue_high_water = 0;
  /// @brief Tasks running right now, on workers or on callers (caller_runs / nested posts).
  std::size_t in_flight = 0;
};

namespace detail {

/// @brief The pool whose worker is the current thread, if any.
inline thread_local const void* current_pool = nullptr;

/// @brief The index of the current thread among current_pool's workers.
inline thread_local std::size_t current_worker = 0;

struct pool_access;

/// @brief Thrown by submit()'s wrapper after it stored the exception in the promise:
/// the worker counts a failure without reporting it to wait_idle().
struct routed_failure {};

} // namespace detail

/// @brief N worker threads serving one bounded lock-free queue of tasks.
///
/// post() hands a task over with one CAS and no allocation for callables up to 40 bytes;
/// workers spin briefly, then sleep, and a producer makes a wake-up syscall only when a
/// worker is asleep. Every accepted task runs exactly once; the destructor drains the queue.
class worker_pool {
public:
  /// @brief Starts the workers.
  /// @throws std::invalid_argument if @p options.on_full is not a when_full value.
  explicit worker_pool(pool_options options = {})
      : on_full_(checked_policy(options.on_full)), workers_(worker_count(options.workers)),
        outside_spin_(workers_ >= std::thread::hardware_concurrency() ? detail::short_spin_limit
                                                                      : detail::spin_limit),
        ring_(options.queue_capacity != 0 ? options.queue_capacity : 256 * workers_),
        counters_(new worker_counters[workers_]), idle_(workers_) {
    threads_.reserve(workers_);
    try {
      for (std::size_t i = 0; i < workers_; ++i) threads_.emplace_back([this, i] { run_worker(i); });
    } catch (...) {
      shutdown();
      throw;
    }
  }

  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  /// @brief Drains the queue and joins the workers (as shutdown()); an exception no
  /// wait_idle() collected is dropped.
  ~worker_pool() { shutdown(); }

  /// @brief Queues @p f to run on a worker; no future, no allocation for small callables.
  /// If the queue is full, applies the pool's when_full policy; a worker posting into its
  /// own full pool runs @p f itself (unless the policy is reject). An exception thrown by
  /// @p f is counted in stats().failed and the first one is rethrown by wait_idle().
  /// @throws closed_error after shutdown(); rejected_error under when_full::reject.
  template <class F>
  void post(F&& f) {
    using fn_type = std::decay_t<F>;
    static_assert(std::is_invocable_v<fn_type&>, "post() needs a callable taking no arguments");
    if constexpr (std::is_nothrow_constructible_v<detail::inline_task, std::in_place_type_t<fn_type>, F&&>) {
      // Fast path: built straight into the ring cell, only once a cell is claimed.
      std::size_t pos = 0;
      if (ring_.try_emplace(pos, std::in_place_type<fn_type>, std::forward<F>(f)) == detail::push_status::ok)
        return posted(pos);
      post_slow(std::forward<F>(f));
    } else {
      // May throw while built (heap fallback, throwing copy): build it before claiming a cell.
      detail::inline_task task(std::in_place_type<fn_type>, std::forward<F>(f));
      post_slow(std::move(task));
    }
  }

  /// @brief Queues `f(args...)` and returns a future for its result or exception.
  /// Arguments are copied or moved, as std::async does. Same queueing rules as post().
  /// @throws closed_error after shutdown(); rejected_error under when_full::reject.
  template <class F, class... Args>
  [[nodiscard]] auto submit(F&& f, Args&&... args)
      -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
    auto [task, future] = promised(std::forward<F>(f), std::forward<Args>(args)...);
    post(std::move(task));
    return std::move(future);
  }

  /// @brief Waits until every accepted task has finished, then rethrows the first exception
  /// a posted task threw since the last wait_idle() (and forgets it).
  /// @throws std::logic_error if called from a task of this pool (it would wait for itself).
  void wait_idle() {
    if (detail::current_pool == this)
      throw std::logic_error("taskbound::worker_pool: wait_idle() called from one of the pool's own tasks");
    detail::wait_until(idle_gate_, [this] { return idle(); }, outside_spin_);
    error_.rethrow_if_any();
  }

  /// @brief Stops accepting tasks, runs every task already queued, joins the workers.
  /// Idempotent. Later post()/submit() throw closed_error.
  /// @throws std::logic_error if called from a task of this pool.
  void shutdown() {
    if (detail::current_pool == this)
      throw std::logic_error("taskbound::worker_pool: shutdown() called from one of the pool's own tasks");
    std::lock_guard lock(shutdown_mutex_);
    ring_.close();
    idle_.wake_all();
    space_gate_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    idle_gate_.notify_all();
  }

  /// @brief Number of worker threads.
  [[nodiscard]] std::size_t size() const noexcept { return workers_; }

  /// @brief Capacity of the task queue.
  [[nodiscard]] std::size_t queue_capacity() const noexcept { return ring_.capacity(); }

  /// @brief The policy applied when the queue is full.
  [[nodiscard]] when_full policy() const noexcept { return on_full_; }

  /// @brief True once shutdown() has begun.
  [[nodiscard]] bool closed() const noexcept { return ring_.closed(); }

  /// @brief True if the calling thread is one of this pool's workers.
  [[nodiscard]] bool is_worker_thread() const noexcept { return detail::current_pool == this; }

  /// @brief A snapshot of the counters; cheap (sums per-worker counters), never blocks.
  [[nodiscard]] pool_stats stats() const noexcept {
    pool_stats s;
    std::uint64_t finished = 0;
    std::size_t busy = 0;
    for (std::size_t i = 0; i < workers_; ++i) {
      finished += counters_[i].finished.load(std::memory_order_seq_cst);
      s.failed += counters_[i].failed.load(std::memory_order_relaxed);
      busy += counters_[i].busy.load(std::memory_order_relaxed);
    }
    const std::uint64_t caller_finished = caller_finished_.load(std::memory_order_seq_cst);
    finished += caller_finished;
    s.failed += caller_failed_.load(std::memory_order_relaxed);
    // Pushed before popped: the depth is never over-counted past the capacity.
    const std::size_t pushed = ring_.pushed();
    const std::size_t popped = ring_.popped();
    const std::uint64_t caller_started = caller_started_.load(std::memory_order_seq_cst);
    s.submitted = pushed + caller_started;
    s.completed = finished >= s.failed ? finished - s.failed : 0;
    s.rejected = rejected_.load(std::memory_order_relaxed);
    s.queue_depth = pushed > popped ? pushed - popped : 0;
    s.in_flight = busy + static_cast<std::size_t>(caller_started - caller_finished);
    s.queue_high_water = std::max(high_water_.load(std::memory_order_relaxed), s.queue_depth);
    return s;
  }

  /// @brief On a worker of this pool, runs one queued task on the calling thread (as the
  /// worker loop would: counted in stats(), a posted task's exception kept for wait_idle()).
  /// Lets a task that waits for other tasks of the pool help instead of blocking a worker.
  /// @return false, running nothing, if the queue is empty or the caller is not one of
  /// this pool's workers. No allocation.
  bool try_run_one() noexcept {
    if (detail::current_pool != this) return false;
    detail::inline_task task;
    if (!pop(task)) return false;
    worker_counters& mine = counters_[detail::current_worker];
    // The caller's own task is running, so `busy` is 1 already and stays 1.
    run_task_body(task, mine);
    count_finished(mine);
    return true;
  }

private:
  friend struct detail::pool_access;

  struct alignas(detail::cache_line) worker_counters {
    std::atomic<std::uint64_t> finished{0}; // completed + failed; written by its worker only
    std::atomic<std::uint64_t> failed{0};
    std::atomic<std::uint32_t> busy{0}; // 1 while running a task (for stats().in_flight)
  };

  // Waits until @p ready() holds (for task_scope::join, through detail::pool_access). On a
  // worker of this pool it runs queued tasks meanwhile (try_run_one()) and sleeps on @p gate only
  // while the queue is empty, so a task waiting for tasks still queued behind it cannot
  // deadlock the pool; elsewhere it spins, then sleeps on @p gate. Whoever makes ready()
  // true must wake @p gate's sleepers (see detail::wait_until for the protocol).
  template <class Gate, class Ready>
  void help_until(Gate& gate, Ready&& ready) {
    if (detail::current_pool != this) return detail::wait_until(gate, ready, outside_spin_);
    for (;;) {
      if (ready()) return;
      if (try_run_one()) continue;
      // Nothing queued: what ready() waits for runs on other threads, or gets queued later.
      if (detail::spin_until([&] { return ready() || !ring_.empty(); })) continue;
      const auto key = gate.prepare_wait();
      if (ready() || !ring_.empty()) {
        gate.cancel_wait();
        continue;
      }
      gate.commit_wait(key);
    }
  }

  // Queues @p f only if that needs neither waiting nor running it here (for the parallel
  // algorithms' helpers, through detail::pool_access); false if the queue was full or closed.
  template <class F>
  bool try_post(F&& f) {
    std::size_t pos = 0;
    if (ring_.try_emplace(pos, std::in_place_type<std::decay_t<F>>, std::forward<F>(f)) !=
        detail::push_status::ok)
      return false;
    posted(pos);
    return true;
  }

  // A task computing `f(args...)` into a promise (arguments decay-copied, as std::async
  // does), and the promise's future. The task throws routed_failure after it stored an
  // exception: whoever runs it counts a failure without reporting it to wait_idle().
  template <class F, class... Args>
  static auto promised(F&& f, Args&&... args) {
    using result_type = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
    std::promise<result_type> promise;
    auto future = promise.get_future();
    auto task = [promise = std::move(promise), fn = std::decay_t<F>(std::forward<F>(f)),
                 bound = std::tuple<std::decay_t<Args>...>(std::forward<Args>(args)...)]() mutable {
      try {
        if constexpr (std::is_void_v<result_type>) {
          std::apply(std::move(fn), std::move(bound));
          promise.set_value();
        } else {
          promise.set_value(std::apply(std::move(fn), std::move(bound)));
        }
      } catch (...) {
        promise.set_exception(std::current_exception());
        throw detail::routed_failure{};
      }
    };
    return std::pair(std::move(task), std::move(future));
  }

  // submit(), but runs `f(args...)` on the calling thread at once (counted in stats() as a
  // task run on its caller) and returns the ready future (for async() on a worker).
  template <class F, class... Args>
  auto call_here(F&& f, Args&&... args) {
    if (ring_.closed())
      throw closed_error("taskbound::worker_pool: post after shutdown: the pool is shut down");
    auto [task, future] = promised(std::forward<F>(f), std::forward<Args>(args)...);
    run_on_caller(task);
    return std::move(future);
  }

  static when_full checked_policy(when_full p) {
    if (p != when_full::block && p != when_full::caller_runs && p != when_full::reject)
      throw std::invalid_argument("taskbound::worker_pool: on_full is not a when_full value");
    return p;
  }

  static std::size_t worker_count(std::size_t requested) {
    if (requested != 0) return requested;
    return std::max<std::size_t>(1, std::thread::hardware_concurrency());
  }

  // A sleeper is woken only when no worker spins (see detail::idle_workers). Several posts
  // may count on the same spinning worker: pop() passes the wake-up on when it leaves tasks
  // behind.
  void posted(std::size_t pos) {
    if (idle_.nobody_polls()) idle_.wake_one(pos);
    if ((pos & 15) == 0) {
      const std::size_t popped = ring_.popped();
      if (pos + 1 > popped) raise_high_water(pos + 1 - popped);
    }
  }

  // A blocked producer waits until the queue is half empty, not for one free cell: one
  // wake-up per half queue instead of one per task.
  std::size_t low_mark() const noexcept { return ring_.capacity() / 2; }
  bool below_low_mark() const noexcept {
    const std::size_t pushed = ring_.pushed();
    const std::size_t popped = ring_.popped();
    return pushed <= popped || pushed - popped <= low_mark();
  }

  void raise_high_water(std::size_t depth) noexcept {
    std::size_t seen = high_water_.load(std::memory_order_relaxed);
    while (depth > seen && !high_water_.compare_exchange_weak(seen, depth, std::memory_order_relaxed)) {
    }
  }

  // First try failed (or was not made). `f` is consumed only by a successful emplace or
  // by running it on the caller.
  template <class F>
  void post_slow(F&& f) {
    for (;;) {
      std::size_t pos = 0;
      detail::push_status status;
      if constexpr (std::is_same_v<std::decay_t<F>, detail::inline_task>)
        status = ring_.try_emplace(pos, std::move(f));
      else
        status = ring_.try_emplace(pos, std::in_place_type<std::decay_t<F>>, std::forward<F>(f));
      if (status == detail::push_status::ok) return posted(pos);
      if (status == detail::push_status::closed)
        throw closed_error("taskbound::worker_pool: post after shutdown: the pool is shut down");
      raise_high_water(ring_.capacity());
      if (on_full_ == when_full::reject) {
        rejected_.fetch_add(1, std::memory_order_relaxed);
        throw rejected_error("taskbound::worker_pool: queue is full (capacity " +
                             std::to_string(ring_.capacity()) + "), task rejected");
      }
      if (on_full_ == when_full::caller_runs || detail::current_pool == this) {
        if constexpr (std::is_same_v<std::decay_t<F>, detail::inline_task>) {
          return run_on_caller(f);
        } else {
          std::decay_t<F> own(std::forward<F>(f)); // run a copy, as a worker would
          return run_on_caller(own);
        }
      }
      detail::wait_until(space_gate_, [this] { return below_low_mark() || ring_.closed(); });
    }
  }

  template <class F>
  void run_on_caller(F& f) {
    caller_started_.fetch_add(1, std::memory_order_seq_cst);
    try {
      std::invoke(f);
    } catch (const detail::routed_failure&) {
      caller_failed_.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
      caller_failed_.fetch_add(1, std::memory_order_relaxed);
      error_.record_current();
    }
    caller_finished_.fetch_add(1, std::memory_order_seq_cst);
    idle_gate_.notify_all();
  }

  // True if every accepted task has finished. Reads the finished counts before the
  // accepted counts, so a true result means the pool was idle at some instant.
  bool idle() const noexcept {
    std::uint64_t finished = caller_finished_.load(std::memory_order_seq_cst);
    for (std::size_t i = 0; i < workers_; ++i)
      finished += counters_[i].finished.load(std::memory_order_seq_cst);
    const std::uint64_t accepted = caller_started_.load(std::memory_order_seq_cst) + ring_.pushed();
    return finished == accepted;
  }

  void run_task(detail::inline_task& task, worker_counters& mine) noexcept {
    mine.busy.store(1, std::memory_order_relaxed);
    run_task_body(task, mine);
    mine.busy.store(0, std::memory_order_relaxed);
    count_finished(mine);
  }

  // Written by the worker owning @p mine only (also for tasks it runs nested, in try_run_one()).
  // Release: a wait_idle() that reads this count also sees what the task wrote (a plain
  // store on x86). Relaxed let wait_idle() return on a count without the task's writes
  // ordered before it (ThreadSanitizer: WorkerPoolSingle.NestedPostIntoFullQueue...).
  static void count_finished(worker_counters& mine) noexcept {
    mine.finished.store(mine.finished.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

  // Runs and destroys @p task on the worker that owns @p mine, counting a failure.
  void run_task_body(detail::inline_task& task, worker_counters& mine) noexcept {
    try {
      task();
    } catch (const detail::routed_failure&) {
      mine.failed.store(mine.failed.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    } catch (...) {
      mine.failed.store(mine.failed.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      error_.record_current();
    }
    task.reset();
  }

  bool pop(detail::inline_task& task) {
    if (!ring_.try_pop([&task](detail::inline_task&& t) noexcept { task = std::move(t); })) return false;
    // Posts that saw a spinning worker woke nobody; that worker takes one task. If more are
    // left and nobody else spins, pass the wake-up on (the queue never waits on sleepers).
    if (idle_.nobody_polls() && !ring_.empty()) idle_.wake_one(ring_.popped());
    if (space_gate_.has_waiters() && below_low_mark()) space_gate_.notify_all();
    return true;
  }

  void run_worker(std::size_t index) {
    detail::current_pool = this;
    detail::current_worker = index;
    worker_counters& mine = counters_[index];
    detail::inline_task task;
    for (;;) {
      if (pop(task)) {
        run_task(task, mine);
        while (pop(task)) run_task(task, mine);
        // Going idle: republish the finished count with seq_cst so a wait_idle() that
        // registered before this store sees it, or is seen and woken here.
        mine.finished.store(mine.finished.load(std::memory_order_relaxed), std::memory_order_seq_cst);
        idle_gate_.notify_all();
      }
      idle_.wait_for_work(index, [this] { return !ring_.empty() || ring_.closed(); });
      if (ring_.drained()) return;
    }
  }

  const when_full on_full_;
  const std::size_t workers_;
  const unsigned outside_spin_; // spin budget of a thread outside the pool waiting for its tasks to finish
  detail::mpmc_ring<detail::inline_task> ring_;
  std::unique_ptr<worker_counters[]> counters_;
  std::vector<std::thread> threads_;

  detail::idle_workers idle_;                                 // where idle workers spin and sleep; wakes them
  alignas(detail::cache_line) detail::event_gate space_gate_; // producers sleep here when full
  alignas(detail::cache_line) detail::event_gate idle_gate_;  // wait_idle() sleeps here

  alignas(detail::cache_line) std::atomic<std::size_t> high_water_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> caller_started_{0};
  std::atomic<std::uint64_t> caller_finished_{0};
  std::atomic<std::uint64_t> caller_failed_{0};

  detail::first_error error_; // of posted tasks, for wait_idle()
  std::mutex shutdown_mutex_;
};

namespace detail {

/// @brief Internal: the worker_pool operations that the runtime's own primitives build on and
/// that are not part of the pool's API (a user reaching them has to name detail::).
struct pool_access {
  /// @brief worker_pool::help_until: waits for @p ready(), running queued tasks meanwhile on
  /// a worker of @p pool (task_scope::join).
  template <class Gate, class Ready>
  static void help_until(worker_pool& pool, Gate& gate, Ready&& ready) {
    pool.help_until(gate, std::forward<Ready>(ready));
  }
  /// @brief worker_pool::try_post: queues @p f unless the queue is full or closed (the
  /// parallel algorithms' helpers). @return false if @p f was not queued.
  template <class F>
  [[nodiscard]] static bool try_post(worker_pool& pool, F&& f) {
    return pool.try_post(std::forward<F>(f));
  }
  /// @brief worker_pool::call_here: submit(), but the call runs on the calling thread now and
  /// the returned future is ready (async() on a worker of @p pool).
  /// @throws closed_error after shutdown().
  template <class F, class... Args>
  [[nodiscard]] static auto call_here(worker_pool& pool, F&& f, Args&&... args) {
    return pool.call_here(std::forward<F>(f), std::forward<Args>(args)...);
  }
};

} // namespace detail

} // namespace taskbound
