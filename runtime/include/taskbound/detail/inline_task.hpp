//===-- inline_task.hpp - small-buffer task ---------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/inline_task.hpp
/// @brief Internal: a move-only `void()` callable with small-buffer storage, so that posting
/// a small lambda allocates nothing. It fills one 64-byte ring cell with its sequence number.
#pragma once

#include <cstddef>     // std::size_t, std::max_align_t
#include <functional>  // std::invoke
#include <new>         // placement new, std::launder
#include <type_traits> // std::is_nothrow_move_constructible_v, std::in_place_type_t
#include <utility>     // std::move, std::forward

namespace taskbound::detail {

/// @brief Type-erased, move-only `void()` callable stored inline when it is small.
class inline_task {
public:
  /// @brief Bytes of inline storage: callables up to this size (and alignment 8) never allocate.
  static constexpr std::size_t buffer_size = 40;

  /// @brief True if a @p Fn is stored inline (no heap allocation).
  template <class Fn>
  static constexpr bool fits_inline =
      sizeof(Fn) <= buffer_size && alignof(Fn) <= 8 && std::is_nothrow_move_constructible_v<Fn>;

  /// @brief An empty task.
  inline_task() noexcept = default;

  /// @brief Stores a @p Fn built from @p f: inline if it fits, on the heap otherwise.
  template <class Fn, class F>
  inline_task(std::in_place_type_t<Fn>,
              F&& f) noexcept(fits_inline<Fn> && std::is_nothrow_constructible_v<Fn, F&&>) {
    if constexpr (fits_inline<Fn>) {
      ::new (static_cast<void*>(buffer_)) Fn(std::forward<F>(f));
      ops_ = &inline_ops<Fn>;
    } else {
      Fn* heap = new Fn(std::forward<F>(f));
      ::new (static_cast<void*>(buffer_)) Fn*(heap);
      ops_ = &heap_ops<Fn>;
    }
  }

  inline_task(const inline_task&) = delete;
  inline_task& operator=(const inline_task&) = delete;

  /// @brief Takes over @p other's callable; @p other becomes empty.
  inline_task(inline_task&& other) noexcept : ops_(other.ops_) {
    if (ops_ != nullptr) {
      ops_->relocate(buffer_, other.buffer_);
      other.ops_ = nullptr;
    }
  }
  /// @brief Destroys the held callable and takes over @p other's.
  inline_task& operator=(inline_task&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      if (ops_ != nullptr) {
        ops_->relocate(buffer_, other.buffer_);
        other.ops_ = nullptr;
      }
    }
    return *this;
  }
  /// @brief Destroys the held callable.
  ~inline_task() { reset(); }

  /// @brief Calls the held callable (must not be empty).
  void operator()() { ops_->invoke(buffer_); }

  /// @brief True if a callable is held.
  explicit operator bool() const noexcept { return ops_ != nullptr; }

  /// @brief Destroys the held callable; the task becomes empty.
  void reset() noexcept {
    if (ops_ != nullptr) {
      ops_->destroy(buffer_);
      ops_ = nullptr;
    }
  }

private:
  struct ops {
    void (*invoke)(void*);
    void (*relocate)(void* dst, void* src) noexcept; // move-construct dst, destroy src
    void (*destroy)(void*) noexcept;
  };

  template <class Fn>
  static Fn& inline_ref(void* p) noexcept {
    return *std::launder(static_cast<Fn*>(p));
  }
  template <class Fn>
  static Fn*& heap_ref(void* p) noexcept {
    return *std::launder(static_cast<Fn**>(p));
  }

  template <class Fn>
  static constexpr ops inline_ops{[](void* p) { std::invoke(inline_ref<Fn>(p)); },
                                  [](void* dst, void* src) noexcept {
                                    Fn& from = inline_ref<Fn>(src);
                                    ::new (dst) Fn(std::move(from));
                                    from.~Fn();
                                  },
                                  [](void* p) noexcept { inline_ref<Fn>(p).~Fn(); }};

  template <class Fn>
  static constexpr ops heap_ops{[](void* p) { std::invoke(*heap_ref<Fn>(p)); },
                                [](void* dst, void* src) noexcept { ::new (dst) Fn*(heap_ref<Fn>(src)); },
                                [](void* p) noexcept { delete heap_ref<Fn>(p); }};

  alignas(8) unsigned char buffer_[buffer_size];
  const ops* ops_ = nullptr;
};

static_assert(sizeof(inline_task) == 48, "a task and its ring sequence number fill one cache line");

} // namespace taskbound::detail
