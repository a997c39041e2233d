//===-- errors.hpp - runtime exceptions -------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file errors.hpp
/// @brief The exceptions the runtime throws when work cannot be accepted.
#pragma once

#include <stdexcept> // std::runtime_error
#include <string>    // std::string

namespace taskbound {

/// @brief Thrown when work is handed to a queue or pool that was closed or shut down.
class closed_error : public std::runtime_error {
public:
  /// @brief Builds the error; @p what says what was closed.
  explicit closed_error(const std::string& what) : std::runtime_error(what) {}
};

/// @brief Thrown when a pool with `when_full::reject` is full and refuses a task.
class rejected_error : public std::runtime_error {
public:
  /// @brief Builds the error; @p what says what was full.
  explicit rejected_error(const std::string& what) : std::runtime_error(what) {}
};

} // namespace taskbound
