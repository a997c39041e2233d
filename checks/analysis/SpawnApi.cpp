//===-- SpawnApi.cpp - the table of built-in spawning APIs ----------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One row per API. Adding an API is one row here and one lit case; see
// docs/checks/README.md, "Adding a spawn API".
//
//===----------------------------------------------------------------------===//

#include "SpawnApi.h"

namespace clang::tidy::taskbound::analysis {

namespace {

using K = SpawnKind;
using S = ApiShape;
constexpr Place None = Place::none(), Object = Place::object(),
                Result = Place::result(), Arg0 = Place::arg(0),
                Arg1 = Place::arg(1), Arg2 = Place::arg(2);
constexpr bool Held = true, NotHeld = false;
constexpr bool Policy = true, NoPolicy = false;
// clang-format off
const SpawnApi BuiltinApis[] = {
    // name, display, kind, shape,
    //   executor, handle, callable, held by executor, launch policy
    // --- New threads.
    {"::std::thread", "std::thread", K::Thread, S::Class,
       None, Result, Arg0, NotHeld, NoPolicy},
    {"::std::jthread", "std::jthread", K::Thread, S::Class,
       None, Result, Arg0, NotHeld, NoPolicy},
    {"::boost::thread", "boost::thread", K::Thread, S::Class,
       None, Result, Arg0, NotHeld, NoPolicy},
    // pthread_create(&tid, attr, start, arg): the handle is written to tid.
    {"::pthread_create", "pthread_create", K::Thread, S::Function,
       None, Arg0, Arg2, NotHeld, NoPolicy},
    {"::std::async", "std::async", K::Thread, S::Function,
       None, Result, Arg0, NotHeld, Policy},
    {"::boost::async", "boost::async", K::Thread, S::Function,
       None, Result, Arg0, NotHeld, Policy},
    // group.create_thread(f): the group joins it (join_all).
    {"::boost::thread_group::create_thread", "boost::thread_group::create_thread",
       K::Thread, S::Function, Object, Result, Arg0, Held, NoPolicy},
    // --- Tasks on executors with unbounded queues.
    // asio::post(ex, f), or asio::post(f) on the system executor.
    {"::asio::post", "asio::post", K::Task, S::Function,
       Arg0, None, Arg1, Held, NoPolicy},
    {"::asio::dispatch", "asio::dispatch", K::Task, S::Function,
       Arg0, None, Arg1, Held, NoPolicy},
    {"::asio::defer", "asio::defer", K::Task, S::Function,
       Arg0, None, Arg1, Held, NoPolicy},
    {"::boost::asio::post", "boost::asio::post", K::Task, S::Function,
       Arg0, None, Arg1, Held, NoPolicy},
    {"::boost::asio::dispatch", "boost::asio::dispatch", K::Task, S::Function,
       Arg0, None, Arg1, Held, NoPolicy},
    {"::boost::asio::defer", "boost::asio::defer", K::Task, S::Function,
       Arg0, None, Arg1, Held, NoPolicy},
    // execution::execute(ex, f): queued on ex like asio::post(ex, f).
    {"::asio::execution::execute", "asio::execution::execute", K::Task,
       S::CallableObject, Arg0, None, Arg1, Held, NoPolicy},
    {"::boost::asio::execution::execute", "boost::asio::execution::execute",
       K::Task, S::CallableObject, Arg0, None, Arg1, Held, NoPolicy},
    // group.run(f): group.wait() waits for it.
    {"::tbb::task_group::run", "tbb::task_group::run", K::Task, S::Function,
       Object, None, Arg0, Held, NoPolicy},
    {"::tbb::detail::d1::task_group::run", "tbb::task_group::run", K::Task,
       S::Function, Object, None, Arg0, Held, NoPolicy},
    {"::tbb::detail::d1::isolated_task_group::run",
       "tbb::isolated_task_group::run", K::Task, S::Function,
       Object, None, Arg0, Held, NoPolicy},
    {"::tbb::task_arena::enqueue", "tbb::task_arena::enqueue", K::Task,
       S::Function, Object, None, Arg0, Held, NoPolicy},
    {"::tbb::detail::d1::task_arena::enqueue", "tbb::task_arena::enqueue",
       K::Task, S::Function, Object, None, Arg0, Held, NoPolicy},
    // QtConcurrent::run(f, x) on the global pool; the QFuture is the handle.
    {"::QtConcurrent::run", "QtConcurrent::run", K::Task, S::Function,
       None, Result, Arg0, NotHeld, NoPolicy},
    {"::QThreadPool::start", "QThreadPool::start", K::Task, S::Function,
       Object, None, Arg0, Held, NoPolicy},
    {"::folly::via", "folly::via", K::Task, S::Function,
       Arg0, Result, Arg1, Held, NoPolicy},
    // start_detached(sender): nothing holds the work.
    {"::stdexec::start_detached", "stdexec::start_detached", K::Task,
       S::CallableObject, None, None, Arg0, NotHeld, NoPolicy},
    {"::exec::async_scope::spawn", "exec::async_scope::spawn", K::Task,
       S::Function, Object, None, Arg0, Held, NoPolicy},
    {"::exec::async_scope::spawn_future", "exec::async_scope::spawn_future",
       K::Task, S::Function, Object, Result, Arg0, Held, NoPolicy},
    // --- New coroutines: co_spawn(ex, coro(x), token).
    {"::asio::co_spawn", "asio::co_spawn", K::Coroutine, S::Function,
       Arg0, Result, Arg1, NotHeld, NoPolicy},
    {"::boost::asio::co_spawn", "boost::asio::co_spawn", K::Coroutine,
       S::Function, Arg0, Result, Arg1, NotHeld, NoPolicy},
    {"::asio::spawn", "asio::spawn", K::Coroutine, S::Function,
       Arg0, Result, Arg1, NotHeld, NoPolicy},
    {"::boost::asio::spawn", "boost::asio::spawn", K::Coroutine, S::Function,
       Arg0, Result, Arg1, NotHeld, NoPolicy},
    // --- taskbound's own pool: bounded (rule 6), but a task per element
    // still pays the hand-off (taskbound-tiny-task).
    {"::taskbound::worker_pool::post", "taskbound::worker_pool::post", K::Task,
       S::Function, Object, None, Arg0, Held, NoPolicy},
  };
// clang-format on

} // namespace

llvm::ArrayRef<SpawnApi> builtinSpawnApis() { return BuiltinApis; }

} // namespace clang::tidy::taskbound::analysis
