/// @file task_scope.hpp
/// @brief taskbound::task_scope: structured fire-and-forget with a limit on live tasks.
#pragma once

#include <atomic>      // std::atomic
#include <cstddef>     // std::size_t
#include <exception>   // std::exception_ptr, std::current_exception, std::rethrow_exception
#include <functional>  // std::invoke
#include <memory>      // std::shared_ptr, std::make_shared
#include <mutex>       // std::mutex, std::lock_guard
#include <stdexcept>   // std::invalid_argument
#include <type_traits> // std::decay_t
#include <utility>     // std::forward, std::exchange

#include <taskbound/default_pool.hpp>      // default_pool
#include <taskbound/detail/event_gate.hpp> // event_gate, wait_until
#include <taskbound/worker_pool.hpp>       // worker_pool

namespace taskbound {

/// @brief Runs spawned tasks on a pool with at most max_in_flight of them alive, and waits
/// for all of them before it is destroyed.
///
/// Replaces the fire-and-forget shapes (`std::thread(...).detach()` per item,
/// `co_spawn(..., detached)` per item): spawn() waits for a free slot when max_in_flight
/// tasks are alive, so memory and threads stay bounded; join() waits for all and rethrows
/// the first exception. When spawn() is called at the limit from a worker of the scope's own
/// pool it runs the task inline instead of waiting, and join() (or the destructor) on such a
/// worker runs queued tasks of the pool while it waits: nested scopes (a task that spawns
/// and joins, recursively) never park a worker on tasks queued behind it.
class task_scope {
public:
  /// @brief A scope allowing @p max_in_flight live tasks on @p pool (default_pool() if null).
  /// @throws std::invalid_argument if @p max_in_flight is 0.
  explicit task_scope(std::size_t max_in_flight, worker_pool* pool = nullptr)
      : max_(checked(max_in_flight)), pool_(pool != nullptr ? pool : &default_pool()),
        state_(std::make_shared<state>()) {}

  task_scope(const task_scope&) = delete;
  task_scope& operator=(const task_scope&) = delete;

  /// @brief Waits for every spawned task; an exception join() did not collect is dropped.
  ~task_scope() { wait_all(); }

  /// @brief Starts @p f on the pool, first waiting while max_in_flight tasks are alive.
  /// An exception thrown by @p f is kept for join().
  /// @throws closed_error / rejected_error from the pool (the task is then not started).
  template <class F>
  void spawn(F&& f) {
    state& st = *state_;
    for (;;) {
      std::size_t alive = st.alive.load(std::memory_order_relaxed);
      if (alive < max_) {
        if (st.alive.compare_exchange_weak(alive, alive + 1, std::memory_order_seq_cst)) break;
        continue;
      }
      if (pool_->is_worker_thread()) {
        std::decay_t<F> own(std::forward<F>(f));
        st.run(own);
        return;
      }
      detail::wait_until(st.gate, [&st, this] { return st.alive.load(std::memory_order_seq_cst) < max_; });
    }
    try {
      pool_->post([st = state_, fn = std::decay_t<F>(std::forward<F>(f))]() mutable {
        st->run(fn);
        st->finish();
      });
    } catch (...) {
      st.finish();
      throw;
    }
  }

  /// @brief Waits until every spawned task has finished, then rethrows the first exception
  /// one of them threw since the last join() (and forgets it). On a worker of the scope's
  /// pool it runs queued tasks of that pool (its own children or others) while it waits.
  void join() {
    wait_all();
    std::exception_ptr error;
    {
      std::lock_guard lock(state_->error_mutex);
      error = std::exchange(state_->error, nullptr);
    }
    if (error) std::rethrow_exception(error);
  }

  /// @brief The limit on live tasks.
  [[nodiscard]] std::size_t max_in_flight() const noexcept { return max_; }

  /// @brief Tasks spawned and not finished yet (a snapshot).
  [[nodiscard]] std::size_t in_flight() const noexcept {
    return state_->alive.load(std::memory_order_relaxed);
  }

private:
  // Shared with the queued tasks: a task may finish (and touch it) after the scope's last
  // wait returned, so it lives until the last of them lets go.
  struct state {
    std::atomic<std::size_t> alive{0};
    detail::event_gate gate; // spawners at the limit and joiners sleep here
    std::mutex error_mutex;
    std::exception_ptr error;

    template <class Fn>
    void run(Fn& fn) noexcept {
      try {
        std::invoke(fn);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
    void finish() noexcept {
      alive.fetch_sub(1, std::memory_order_seq_cst);
      gate.notify_all();
    }
  };

  static std::size_t checked(std::size_t max_in_flight) {
    if (max_in_flight == 0)
      throw std::invalid_argument("taskbound::task_scope: max_in_flight must be at least 1");
    return max_in_flight;
  }

  void wait_all() noexcept {
    state& st = *state_;
    pool_->help_until(st.gate, [&st] { return st.alive.load(std::memory_order_seq_cst) == 0; });
  }

  std::size_t max_;
  worker_pool* pool_;
  std::shared_ptr<state> state_;
};

} // namespace taskbound
