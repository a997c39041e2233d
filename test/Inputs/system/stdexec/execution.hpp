//===-- execution.hpp - stand-in for stdexec --------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Minimal stand-in for stdexec: start_detached is a customisation-point object.
#pragma once
namespace stdexec {
struct just_sender {};
inline just_sender just() { return {}; }
template <typename S, typename F> just_sender then(S, F) { return {}; }
struct start_detached_t {
  template <typename S> void operator()(S &&sender) const {}
};
inline constexpr start_detached_t start_detached{};
} // namespace stdexec
