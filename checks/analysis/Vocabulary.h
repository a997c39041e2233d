//===-- Vocabulary.h - the names every taskbound check knows ----*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One object holds every list of names the analysis matches against: the
// spawn APIs (the descriptor table, less IgnoredSpawnFunctions, plus
// SpawnFunctions), and the words for waiting, limiting, detaching, taking
// work, and so on. The fixed lists are in Vocabulary.cpp next to the
// descriptor table; the ones users extend are built once per check from its
// options (see TaskboundCheck).
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_ANALYSIS_VOCABULARY_H
#define TASKBOUND_CHECKS_ANALYSIS_VOCABULARY_H

#include "SpawnApi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <deque>
#include <string>
#include <vector>

namespace clang {
class NamedDecl;
class CXXRecordDecl;
class CXXMethodDecl;
} // namespace clang

namespace clang::tidy::taskbound::analysis {

/// The option values a vocabulary is built from: `;`-separated qualified
/// names, as the user wrote them.
struct VocabularyOptions {
  std::vector<llvm::StringRef> SpawnFunctions;
  std::vector<llvm::StringRef> IgnoredSpawnFunctions;
  std::vector<llvm::StringRef> ConcurrencyLimitFunctions;
  std::vector<llvm::StringRef> LimiterFunctions;
  std::vector<llvm::StringRef> BoundedExecutors;
};

/// A call that blocks its thread, and what a coroutine should co_await
/// instead (the advice of the diagnostic, written for standalone asio).
struct BlockingApi {
  llvm::StringRef Name;
  llvm::StringRef Advice;
};

class Vocabulary {
public:
  explicit Vocabulary(const VocabularyOptions &Options);
  Vocabulary(const Vocabulary &) = delete;
  Vocabulary &operator=(const Vocabulary &) = delete;

  // --- Spawn APIs (built in, plus SpawnFunctions, less the ignored) -------

  /// The row for \p D (a function, callable object or class), or null.
  const SpawnApi *spawnApi(const NamedDecl *D) const;
  /// Functions that start a task, for hasAnyName().
  llvm::ArrayRef<llvm::StringRef> spawnFunctionNames() const {
    return FunctionNames;
  }
  /// Variables called like functions that start a task.
  llvm::ArrayRef<llvm::StringRef> spawnObjectNames() const {
    return ObjectNames;
  }
  /// Classes whose construction starts a thread or task.
  llvm::ArrayRef<llvm::StringRef> threadClassNames() const {
    return ClassNames;
  }
  bool isThreadClass(const NamedDecl *D) const;

  // --- Lists users extend --------------------------------------------------

  /// Functions whose result is the machine's concurrency (rule 2).
  bool isConcurrencyFunction(const NamedDecl *D) const;
  llvm::ArrayRef<llvm::StringRef> concurrencyFunctions() const {
    return ConcurrencyNames;
  }
  /// Calls that make an iteration wait for room (rule 3).
  bool isLimiter(const NamedDecl *D) const;
  /// Executors whose queue is bounded: taskbound's own, or listed (rule 6).
  bool isBoundedExecutor(const CXXRecordDecl *RD) const;

  // --- Fixed lists ---------------------------------------------------------

  /// Methods that return once the task (or all of an executor's) finished.
  /// wait_for, wait_until and try_join_for are polls and are not here.
  static bool isWaitMethod(llvm::StringRef Name);
  /// Methods and functions that let a task run on with nothing holding it.
  static bool isDetachMethod(llvm::StringRef Name);
  static bool isDetachFunction(const NamedDecl *D);
  /// Methods that put an element into a container.
  static bool isInsertMethod(llvm::StringRef Name);
  /// Methods that construct a container's element in place.
  static bool isEmplaceMethod(llvm::StringRef Name);
  static llvm::ArrayRef<llvm::StringRef> emplaceMethods();
  /// Functions that only pass their argument on (std::move, std::ref).
  static bool isPassThrough(const NamedDecl *D);
  /// Functions that return a part of their argument (std::get).
  static bool isElementAccess(const NamedDecl *D);
  /// Members a coroutine awaits to take a slot from a limiter of any type
  /// (`co_await gate.acquire()`): acquire, async_acquire, try_acquire*.
  static bool isAwaitedAcquire(llvm::StringRef Name);
  /// Calls that block in a loop that waits while a count is at its limit.
  static bool isWaitingCall(llvm::StringRef Name);
  /// Words of calls that wait for an outside event (accept, receive, read).
  static bool namesExternalEvent(llvm::StringRef Name);
  /// Words in a name that counts workers, threads or cores.
  static bool namesWorkerCount(llvm::StringRef Name);
  /// Calls that give a container's size.
  static bool isSizeCall(llvm::StringRef Name);
  /// Thread types whose destructor waits for the task they hold (or must be
  /// joined before it runs).
  static bool waitsOnDestruction(const NamedDecl *D);
  /// Futures: their destructor waits only for a task std::async started.
  static bool isFuture(const NamedDecl *D);
  /// Thread types that must be joined or detached before they are destroyed
  /// (std::terminate otherwise).
  static bool mustBeJoined(const NamedDecl *D);
  /// Types a worker loop polls to know when to stop.
  static bool isStopFlagType(const NamedDecl *D);
  /// Standard algorithms that call their function argument per element.
  static bool isPerElementAlgorithm(const NamedDecl *D);
  /// Atomic members that write the value (`store`, `fetch_add`, ...).
  static bool isAtomicWrite(llvm::StringRef Name);
  /// Methods that take an element out of a container (a worker's pop).
  static bool isPopMethod(llvm::StringRef Name);
  /// Types that hold a callable (std::function, std::packaged_task).
  static bool isCallableWrapper(const NamedDecl *D);
  /// Smart pointers: what they point to is what they hold.
  static bool isSmartPointer(const NamedDecl *D);
  /// Factories whose template argument is the class they construct.
  static llvm::ArrayRef<llvm::StringRef> objectFactories();
  /// Functions that bind a callable: its body is their first argument's.
  static bool isBinder(const NamedDecl *D);
  /// Calls that return only after their callable argument has run:
  /// std::invoke, tbb::task_arena::execute, tbb::this_task_arena::isolate.
  static bool runsInPlace(const NamedDecl *D);

  // --- What a bounded pool cannot run (the fix-its ask) --------------------

  /// Types whose waiting members return only once another thread acts
  /// (condition variables, latches, barriers, semaphores, atomics, futures,
  /// threads, bounded queues).
  static bool isRendezvousType(const NamedDecl *D);
  /// The members of a rendezvous type that wait (wait, acquire, get, join,
  /// push and pop on a bounded queue, ...).
  static bool isRendezvousWait(llvm::StringRef Name);
  /// Functions that wait for another thread (pthread_join, sem_wait, ...).
  static bool isRendezvousFunction(const NamedDecl *D);
  /// Lock objects: they hold the mutex they are constructed with.
  static bool isLockType(const NamedDecl *D);
  /// Members that lock a mutex and may wait for it.
  static bool isMutexLockMethod(llvm::StringRef Name);
  /// Members that tell a waiting thread a task finished (fetch_add,
  /// count_down, release, notify_one, set_value, ...).
  static bool isCompletionSignal(llvm::StringRef Name);
  // --- Tiny work (taskbound-tiny-task) -------------------------------------

  /// Free functions whose call costs a few instructions: <cmath> and integer
  /// arithmetic, std::min/max/clamp, std::move/forward, std::get, the atomic
  /// free functions, <bit>.
  static bool isTinyFunction(const NamedDecl *D);
  /// Whether \p Method called on an object of class \p Class costs a few
  /// instructions: an atomic operation other than wait/notify, element access
  /// on a standard container, string view or smart pointer, an iterator step.
  /// \p Class is the object's class as written (`std::atomic`, not the
  /// library's base class that declares the method).
  static bool isTinyMethod(const CXXRecordDecl *Class,
                           const CXXMethodDecl *Method);
  /// Compiler builtins that compile to a few instructions (`__atomic_*`,
  /// `__builtin_expect`, bit counts); not `__builtin_memcpy` and the like.
  static bool isTinyBuiltin(llvm::StringRef Name);

  // --- Waiting at once (taskbound-serialized-spawn) ------------------------

  /// Functions that wait for the task whose handle they are given:
  /// `pthread_join(tid, nullptr)`.
  static bool isJoinFunction(const NamedDecl *D);
  // --- Recursion (taskbound-recursive-spawn) -------------------------------

  /// Words in the name of a value that a problem's size or depth is
  /// compared with to stop splitting it (`cutoff`, `grain`, `max_depth`).
  static bool namesThreshold(llvm::StringRef Name);
  /// Words in the name of a predicate that tells whether a problem is worth
  /// splitting (`range.is_divisible()`, `is_small(r)`).
  static bool namesSplitTest(llvm::StringRef Name);
  /// Words in the name of a budget the recursion spends (`depth`, `level`,
  /// `threads_left`): compared with any constant, it bounds the spawning.
  static bool namesRecursionBudget(llvm::StringRef Name);

  // --- Coroutines (taskbound-blocking-call-in-coroutine) -------------------

  /// Coroutine types that run on an event loop: asio's awaitable (the
  /// CoroutineTypes option adds more).
  static llvm::ArrayRef<llvm::StringRef> eventLoopCoroutineTypes();
  /// The context a stackful coroutine is handed (asio's yield_context).
  static bool isStackfulCoroutineContext(const NamedDecl *D);
  /// Calls that block the calling thread, with what a coroutine awaits
  /// instead: free functions by qualified name, methods as
  /// "::Class::method" (the class of the object they are called on).
  static llvm::ArrayRef<BlockingApi> blockingFunctions();
  /// Asio's I/O objects (sockets, acceptors, resolvers, timers, streams)
  /// and their synchronous member operations (by plain name).
  static llvm::ArrayRef<llvm::StringRef> asioIoObjects();
  static llvm::ArrayRef<BlockingApi> asioSyncOperations();
  /// Futures (shared ones too), and the methods that ask whether one is
  /// ready without blocking (`wait_for(0s)`): a get() after one does not
  /// block.
  static bool isPollableFuture(const NamedDecl *D);
  static bool isReadinessPoll(llvm::StringRef Name);
  /// An event loop's run(), which serves handlers until stopped
  /// (`asio::io_context::run`): the thread calling it is a worker.
  static bool isEventLoopRun(const NamedDecl *D);
  /// Completion tokens and handler wrappers: a call taking one is the
  /// asynchronous overload.
  static bool isCompletionToken(const NamedDecl *D);

private:
  void addUserSpawnApi(llvm::StringRef QualifiedName);

  /// Storage for the names the StringRef lists point into.
  std::deque<std::string> Strings;
  std::deque<SpawnApi> UserApis;
  llvm::StringMap<const SpawnApi *> ApisByName;
  std::vector<llvm::StringRef> FunctionNames, ObjectNames, ClassNames;
  std::vector<llvm::StringRef> ConcurrencyNames, LimiterNames, BoundedNames;
};

/// Normalises a user-written name to the fully qualified form ("::a::b").
std::string qualify(llvm::StringRef Name);

/// "::ns::Class::member" for \p D, without template arguments and inline or
/// anonymous namespaces (the form hasAnyName() takes); "" for local entities.
std::string qualifiedName(const NamedDecl *D);

/// Whether \p D's qualified name is one of \p Names.
bool hasQualifiedName(const NamedDecl *D,
                      llvm::ArrayRef<llvm::StringRef> Names);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_VOCABULARY_H
