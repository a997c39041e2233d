//===-- Internal.h - the pieces judgeSpawn puts together --------*- C++ -*-===//
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

/// The argument a spawn writes its handle to (`&t` of pthread_create).
const Expr *handleArgumentOf(const Spawn &S);

/// The body of the lambda, function, function object or bound function \p E
/// names, if this translation unit has it.
const Stmt *callableBody(const Expr *E);

// --- Task handles (TaskHandles.cpp) ----------------------------------------

/// Who holds the task a spawn starts, and whether it is waited for at once.
struct TaskHandle {
  bool WaitedInPlace = false; ///< `std::async(...).get()`, `co_await`, ...
  bool Detached = false;      ///< `std::thread(...).detach()`
  bool Escapes = false;       ///< passed on or returned: ownership unknown
  /// Variables, containers, groups or executors that hold the task.
  llvm::SmallVector<const ValueDecl *, 2> Holders;
  /// Holders whose task was moved on into another holder.
  llvm::SmallVector<const ValueDecl *, 1> MovedFrom;
};

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

// --- Before the spawn (BeforeSpawn.cpp) ------------------------------------

/// Whether \p Body waits for room before \p Spawn: a limiter call, or a loop
/// that waits while a count is at its limit.
bool waitsForRoomBefore(const Stmt *Body, const Stmt *Spawn,
                        const Vocabulary &V, ASTContext &Ctx);

/// Whether \p Body first awaits an external event (an accept, a receive, a
/// read) before \p Spawn, so the spawns are paced by the event source.
bool awaitsEventBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx);

// --- Workers and counts (Workers.cpp, TripCount.cpp) -----------------------

/// Whether \p Body is a long-running worker: it loops taking work from a
/// queue or until told to stop, rather than doing one item's work.
bool isLongRunningWorker(const Stmt *Body);

/// Whether \p E's value comes from a concurrency function of \p V, directly
/// or through variables (and std::min/std::max) initialised from one.
bool derivesFromConcurrency(const Expr *E, const Vocabulary &V);

/// Whether \p E names a count of workers, threads or cores (`num_threads`,
/// `pool_size`, `worker_count()`), as opposed to an amount of input.
bool namesWorkerCount(const Expr *E);

/// Whether \p E is a container's size (`v.size()`, `std::size(v)`; a
/// variable such as `n_items` is not: only calls are recognised).
bool isContainerSize(const Expr *E);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_INTERNAL_H
