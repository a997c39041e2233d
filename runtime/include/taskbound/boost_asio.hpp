//===-- boost_asio.hpp - Asio adapter for Boost.Asio ------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file boost_asio.hpp
/// @brief taskbound::asio::for_each_bounded on Boost.Asio (>= 1.74): <taskbound/asio.hpp>
/// with TASKBOUND_ASIO_BOOST defined, so that code (and the checks' fix-its) can ask for
/// the Boost flavour with one include. A translation unit uses one flavour: this header, or
/// <taskbound/asio.hpp> without TASKBOUND_ASIO_BOOST, not both.
#pragma once

#ifndef TASKBOUND_ASIO_BOOST
#define TASKBOUND_ASIO_BOOST
#endif
#include <taskbound/asio.hpp> // taskbound::asio::for_each_bounded, on boost::asio
