//===-- Internal.h - the pieces judgeSpawn puts together --------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal to checks/analysis: who holds a task, whether an iteration waits
// for it, what an iteration does before it spawns, what a worker looks like,
// and where a count comes from. The checks use Analysis.h.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_ANALYSIS_INTERNAL_H
#define TASKBOUND_CHECKS_ANALYSIS_INTERNAL_H

#include "Analysis.h"

namespace clang::tidy::taskbound::analysis {

// --- Spawn calls (SpawnSites.cpp, Workers.cpp) -----------------------------

/// The expression that holds a spawn's handle when the handle is not the
/// call's result: the out-argument (`&t` of pthread_create), or the object a
/// summarised member function keeps the task in.
const Expr *handleHolderOf(const Spawn &S);

/// The body of the lambda, function, function object or bound function \p E
/// names, if this translation unit has it.
const Stmt *callableBody(const Expr *E);

// --- Task handles (TaskHandles.cpp) ----------------------------------------

/// Who holds the task a spawn starts, and whether it is waited for at once.
struct TaskHandle {
  bool WaitedInPlace = false; ///< `std::async(...).get()`, `co_await`, ...
  bool Detached = false;      ///< `std::thread(...).detach()`
  bool Escapes = false;       ///< passed on or returned: ownership unknown
  bool Returned = false;      ///< the spawning function returns it
  /// The handle is a future whose destructor waits (std::async's).
  bool FutureBlocks = false;
  /// Variables, containers, groups or executors that hold the task.
  llvm::SmallVector<const ValueDecl *, 2> Holders;
  /// Holders whose task was moved on into another holder.
  llvm::SmallVector<const ValueDecl *, 1> MovedFrom;
};

/// Whether the future \p S returns waits for the task in its destructor:
/// std::async's does, a packaged_task's or a promise's does not.
bool futureBlocks(const Spawn &S);

/// Reads the holders the spawn's row names in the call (an out-parameter,
/// the executor, the container emplaced into), then where the call's result
/// goes when the row says the result is the handle.
TaskHandle findTaskHandle(const Spawn &S, const Stmt *FunctionBody,
                          const ParentMap &PM);

// --- Waiting for tasks (Drains.cpp) ----------------------------------------

enum class Drain {
  None,          ///< the tasks outlive the iteration
  EachIteration, ///< each iteration waits for its own task (rule 4)
  InBatches,     ///< the tasks are waited for under a batch condition (rule 5)
};

/// How the tasks \p H holds are waited for within \p Body.
Drain drainIn(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
              const ParentMap &PM, ASTContext &Ctx);

/// Whether \p Body, after \p Spawn and on every iteration, waits until the
/// task \p Task signals it: `while (!done) yield();` on a flag or counter
/// the task writes, or `done.wait()` on a latch or barrier the task calls
/// too (`done.count_down()`, `barrier.wait()`), also through the fields of
/// the spawned function object and of one a call runs in place.
bool waitsForCompletionSignal(const Stmt *Body, const Spawn &S,
                              const Stmt *Task, const ParentMap &PM,
                              ASTContext &Ctx);

// --- Before the spawn (BeforeSpawn.cpp) ------------------------------------

/// Whether \p Body waits for room before \p Spawn: a limiter call, or a loop
/// that waits while a count is at its limit.
bool waitsForRoomBefore(const Stmt *Body, const Stmt *Spawn,
                        const Vocabulary &V, ASTContext &Ctx);

/// Whether \p Body first awaits an external event (an accept, a receive, a
/// read) before \p Spawn, so the spawns are paced by the event source.
bool awaitsEventBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx);

/// Rule 9: whether loop \p L caps how many of its tasks are alive: its
/// condition, or an `if` that breaks out before the spawn or guards it,
/// compares the size of a container holding the tasks, or a counter the task
/// body \p Task lowers, with a limit.
bool capsLiveTasks(const LoopContext &L, const Stmt *Spawn, const TaskHandle &H,
                   const Stmt *Task, ASTContext &Ctx);

/// Rule 10: how the iteration of \p L that runs \p Spawn ends, when every
/// path from the spawn leaves: a `return`, `co_return` or `throw` after it
/// (Function: no enclosing loop repeats it either), or a `break` out of \p L
/// (Loop). None when the iteration may go on, or the loop is an algorithm's
/// lambda (a `return` there ends only one call).
enum class LoopExit { None, Loop, Function };
LoopExit exitAfterSpawn(const LoopContext &L, const Stmt *Spawn);

/// Whether a guard in \p Body lets \p Spawn run once while the guard's
/// state lives: an `if (!flag)` whose block raises the flag, an
/// `if (count == N)` whose block moves the counter past N (nothing else
/// lowering or setting it), or an early `return` while a flag raised before
/// the spawn is up. The flag or counter must outlive \p Body.
bool oneShotGuard(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx);

/// Whether \p Body, before \p Spawn, leaves once the live tasks reach a
/// limit (`if (count >= limit) return;`), or spawns only below it, or a
/// oneShotGuard lets it run once.
bool guardedByCap(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
                  const Stmt *Task, ASTContext &Ctx);

/// Rule 6: whether \p S submits to an executor whose queue is bounded.
bool submitsToBoundedExecutor(const Spawn &S, const Vocabulary &V);

// --- Summaries (Summaries.cpp, HomemadePools.cpp) --------------------------

/// The summary of \p M when it is a home-made pool's unbounded enqueue: it
/// pushes a callable onto a member container that its class's own worker
/// threads pop, without waiting for room or refusing when full.
std::unique_ptr<SpawnSummary>
enqueueSummary(const CXXMethodDecl &M, SpawnFinder &Finder, ASTContext &Ctx);

/// The member queues of \p Pool that the worker threads \p Pool starts pop
/// (uncached; SpawnFinder::queuesPoppedByOwnWorkers caches it).
llvm::SmallVector<const FieldDecl *, 2>
findQueuesPoppedByOwnWorkers(const CXXRecordDecl &Pool, SpawnFinder &Finder,
                             ASTContext &Ctx);

/// Names \p FD as a message does: "ns::Class::method".
std::string displayName(const FunctionDecl &FD);

// --- Workers and counts (Workers.cpp, TripCount.cpp) -----------------------

/// Whether \p Body is a long-running worker: it loops taking work from a
/// queue or until told to stop, rather than doing one item's work; the loop
/// may be in a function it calls, up to \p Depth calls away.
bool isLongRunningWorker(const Stmt *Body, ASTContext &Ctx, unsigned Depth = 2);

/// Whether \p E's value comes from a concurrency function of \p V, directly,
/// through variables (and std::min/std::max) initialised from one, or through
/// a call of a function of the TU whose every `return` gives such a value.
bool derivesFromConcurrency(const Expr *E, const Vocabulary &V);

/// Whether \p E names a count of workers, threads or cores (`num_threads`,
/// `pool_size`, `worker_count()`), as opposed to an amount of input.
bool namesWorkerCount(const Expr *E);

/// A counting loop, `for (i = Start; i OP Bound; i += Step)`.
struct CountingShape {
  const VarDecl *Var = nullptr; ///< the counter
  const Expr *Start = nullptr;  ///< null when the loop does not set it
  const Expr *Bound = nullptr;
  BinaryOperatorKind Op = BO_LT; ///< as `Var OP Bound` reads
  std::int64_t Step = 0;         ///< signed; 0 when unknown
};

/// Reads a counting loop's parts; nothing when \p For does not compare a
/// counter variable with a bound.
std::optional<CountingShape> countingShape(const ForStmt *For, ASTContext &Ctx);

/// Whether \p E is a container's size (`v.size()`, `std::size(v)`; a
/// variable such as `n_items` is not: only calls are recognised).
bool isContainerSize(const Expr *E);

// --- Recursion (Recursion.cpp) --------------------------------------------

/// Whether \p A and \p B are one function, or instantiations of one
/// template (`quicksort<It>` spawning `quicksort<It>`).
bool sameFunction(const FunctionDecl *A, const FunctionDecl *B);

/// The function \p E names: `fib`, `&Tree::visit`, `this->walk`.
const FunctionDecl *functionNamedBy(const Expr *E);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_INTERNAL_H
