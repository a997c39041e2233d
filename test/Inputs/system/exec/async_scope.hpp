//===-- async_scope.hpp - stand-in for exec::async_scope --------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Minimal stand-in for exec::async_scope.
#pragma once
namespace exec {
struct empty_sender {};
class async_scope {
public:
  template <typename S> void spawn(S &&sender) {}
  template <typename S> empty_sender spawn_future(S &&sender) { return {}; }
  empty_sender on_empty() { return {}; }
};
} // namespace exec
