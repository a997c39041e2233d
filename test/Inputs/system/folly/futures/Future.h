//===-- Future.h - stand-in for folly::via ----------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Minimal stand-in for folly::via.
#pragma once
namespace folly {
class Executor {};
template <typename T> class Future {
public:
  T get() && { return T(); }
};
template <typename F> auto via(Executor *ex, F &&f) -> Future<decltype(f())> {
  return {};
}
} // namespace folly
