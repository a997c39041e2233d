//===-- SpawnApi.h - one descriptor per API that starts a task --*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Everything the checks know about an API that starts a thread, a task or a
// coroutine is one row of the table in SpawnApi.cpp: its name, what the
// messages call it, what it starts, and where in a call the executor, the
// task handle and the callable are. The analysis reads positions from the
// row; it never guesses them from the shape of a call.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_ANALYSIS_SPAWNAPI_H
#define TASKBOUND_CHECKS_ANALYSIS_SPAWNAPI_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace clang::tidy::taskbound::analysis {

/// What a spawn starts; it decides the wording of the diagnostic.
enum class SpawnKind : std::uint8_t {
  Thread,    ///< a new OS thread (std::thread, std::async, pthread_create)
  Task,      ///< a task on an executor's unbounded queue (asio::post, TBB)
  Coroutine, ///< a new coroutine (asio::co_spawn, asio::spawn)
  Custom,    ///< a user-listed spawn function or class
};

/// Where one part of a spawn call is.
struct Place {
  enum Kinds : std::uint8_t {
    None,     ///< not in the call
    Object,   ///< the object a member function is called on
    Argument, ///< the argument at Index (see SpawnApi for how indices count)
    Result,   ///< the value of the call (the object, for a class)
    // For user-listed names, whose signature taskbound does not know:
    ObjectOrFirstArg, ///< the object of a member call, else the first of
                      ///< two or more arguments
    FirstBody,        ///< the first argument whose body is visible
  } Kind = None;
  std::uint8_t Index = 0;

  static constexpr Place none() { return {None, 0}; }
  static constexpr Place object() { return {Object, 0}; }
  static constexpr Place arg(std::uint8_t I) { return {Argument, I}; }
  static constexpr Place result() { return {Result, 0}; }
  static constexpr Place objectOrFirstArg() { return {ObjectOrFirstArg, 0}; }
  static constexpr Place firstBody() { return {FirstBody, 0}; }
};

/// How the API is reached in code.
enum class ApiShape : std::uint8_t {
  Function,       ///< a free or member function: `std::async(f)`, `g.run(f)`
  CallableObject, ///< a variable called like a function: `start_detached(s)`
  Class,          ///< constructing an object starts it: `std::thread t(f)`
  FunctionOrClass ///< a user-listed name: whichever it turns out to be
};

/// One API that starts a task.
///
/// Argument indices count from the first argument of the call (of the
/// constructor, for a class), after two adjustments: a leading launch policy
/// (`std::async(std::launch::async, f)`, when HasLaunchPolicy) is skipped,
/// and an executor argument that the call leaves out (`asio::post(f)` next to
/// `asio::post(ex, f)`) moves the later indices down by one.
struct SpawnApi {
  llvm::StringRef Name;    ///< fully qualified, as hasAnyName() takes it
  llvm::StringRef Display; ///< what the diagnostic calls it
  SpawnKind Kind;
  ApiShape Shape;
  Place Executor; ///< where the executor is (None: a new thread, no executor)
  Place Handle;   ///< where the handle of the new task is, if anywhere
  Place Callable; ///< where the function that runs as the task is
  /// Waiting on the executor waits for the task (`group.wait()`,
  /// `pool.join()`), so the executor holds it as a handle would.
  bool HeldByExecutor;
  bool HasLaunchPolicy; ///< an optional leading policy can make it deferred
};

/// The APIs taskbound knows without configuration, one row each.
llvm::ArrayRef<SpawnApi> builtinSpawnApis();

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_SPAWNAPI_H
