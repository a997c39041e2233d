//===-- version.hpp - version macros ----------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file version.hpp
/// @brief Version macros of the taskbound runtime.
#pragma once

/// @brief Major version: changes when the public API breaks.
#define TASKBOUND_VERSION_MAJOR 0
/// @brief Minor version: changes when features are added.
#define TASKBOUND_VERSION_MINOR 1
/// @brief Patch version: changes for fixes only.
#define TASKBOUND_VERSION_PATCH 0
/// @brief The version as one comparable number: major * 10000 + minor * 100 + patch.
#define TASKBOUND_VERSION                                                                                    \
  (TASKBOUND_VERSION_MAJOR * 10000 + TASKBOUND_VERSION_MINOR * 100 + TASKBOUND_VERSION_PATCH)
/// @brief The version as a string, "major.minor.patch".
#define TASKBOUND_VERSION_STRING "0.1.0"
