//===-- taskbound.hpp - umbrella header -------------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file taskbound.hpp
/// @brief Umbrella header: every bounded primitive of the taskbound runtime.
/// (The Asio adapter is separate: include <taskbound/asio.hpp> to use it.)
#pragma once

#include <taskbound/async.hpp>             // async
#include <taskbound/bounded_queue.hpp>     // bounded_queue
#include <taskbound/default_pool.hpp>      // default_pool
#include <taskbound/errors.hpp>            // closed_error, rejected_error
#include <taskbound/parallel_for_each.hpp> // parallel_for_each, parallel_for, for_each_options
#include <taskbound/parallel_map.hpp>      // parallel_map, map_options
#include <taskbound/task_scope.hpp>        // task_scope
#include <taskbound/version.hpp>           // TASKBOUND_VERSION_*
#include <taskbound/worker_pool.hpp>       // worker_pool, pool_options, pool_stats, when_full
