//===-- SpawnAnalysis.h - where tasks are started and how long they live --===//
//
// The pieces every taskbound check needs: which calls start a task, which
// loops run a statement once per element, how many times a loop runs, and
// whether the task started in an iteration is finished within it.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_UTILS_SPAWNANALYSIS_H
#define TASKBOUND_CHECKS_UTILS_SPAWNANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::taskbound::analysis {

/// What a spawn site starts; it decides the wording of the diagnostic.
enum class SpawnKind {
  Thread,    ///< a new OS thread (std::thread, std::async, pthread_create)
  Task,      ///< a task on an executor's unbounded queue (asio::post, TBB)
  Coroutine, ///< a new coroutine (asio::co_spawn, asio::spawn)
  Custom,    ///< a user-listed spawn function
};

/// A built-in spawn site: a function, a callable object or a class whose
/// construction starts a task.
struct SpawnSite {
  llvm::StringRef Name;    ///< fully qualified, as hasAnyName() takes it
  llvm::StringRef Display; ///< what the diagnostic calls it
  SpawnKind Kind;
};

/// The spawn sites taskbound knows without configuration.
llvm::ArrayRef<SpawnSite> builtinSpawnSites();

/// Classes whose construction starts a thread (std::thread, std::jthread, ...).
llvm::ArrayRef<llvm::StringRef> builtinThreadClasses();

/// Functions whose result is the machine's concurrency.
llvm::ArrayRef<llvm::StringRef> builtinConcurrencyLimitFunctions();

/// Calls that make an iteration wait for room (semaphores, bounded queues).
llvm::ArrayRef<llvm::StringRef> builtinLimiterFunctions();

/// Standard algorithms that call their function argument once per element.
llvm::ArrayRef<llvm::StringRef> perElementAlgorithms();

/// "::ns::Class::member" for \p D, without template arguments and inline or
/// anonymous namespaces (the form hasAnyName() takes); "" for local entities.
std::string qualifiedName(const NamedDecl *D);

/// Whether \p D's qualified name is one of \p Names.
bool hasQualifiedName(const NamedDecl *D,
                      llvm::ArrayRef<llvm::StringRef> Names);

/// The function or callable object a call goes to: `f` in `f(x)`, the
/// variable `std::ranges::for_each` in `std::ranges::for_each(v, g)`.
const NamedDecl *calleeOf(const CallExpr *Call);

/// Normalises a user-written name to the fully qualified form ("::a::b").
std::string qualify(llvm::StringRef Name);

/// The kind and display name for the declaration a spawn site resolved to.
struct SpawnIdentity {
  std::string Display;
  SpawnKind Kind = SpawnKind::Custom;
};
SpawnIdentity identifySpawn(const NamedDecl *D);

/// One loop-like context around a spawn, innermost first.
struct LoopContext {
  /// A ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, or the CallExpr of a
  /// per-element algorithm whose lambda contains the spawn.
  const Stmt *Loop = nullptr;
  /// What runs once per iteration: the loop body or the lambda body.
  const Stmt *Body = nullptr;
  /// For an algorithm loop: the algorithm called.
  const NamedDecl *Algorithm = nullptr;
  /// The parent map of the function the loop is in.
  const ParentMap *Parents = nullptr;
};

/// Parent maps of single function bodies, built on first use. The checks
/// find spawns top-down from the function that contains them and walk up
/// through these maps, never through ASTContext::getParents(), which builds
/// a parent map of the whole translation unit, headers included.
class ParentMaps {
public:
  const ParentMap &of(const FunctionDecl *FD);
  /// For a lambda's call operator: the function the lambda is written in.
  static const FunctionDecl *definingFunction(const FunctionDecl *FD);
  /// For a lambda's call operator (also an instantiated generic one): the
  /// LambdaExpr in \p Outer, the function it is written in.
  const LambdaExpr *lambdaOf(const FunctionDecl *FD,
                             const FunctionDecl *&Outer);
  void clear() { Maps.clear(); }

private:
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ParentMap>> Maps;
};

/// The loops that run \p S (in the body of \p FD) once per iteration,
/// innermost first, up to the enclosing function. A lambda stops the walk
/// unless a per-element algorithm calls it; a lambda that is spawned or
/// stored is not a loop body.
llvm::SmallVector<LoopContext, 4>
enclosingLoops(const Stmt *S, const FunctionDecl *FD, ParentMaps &Maps);

/// How many times a loop body runs, as far as the code says.
struct TripCount {
  enum Kinds {
    Constant,    ///< a compile-time constant, in Count
    Concurrency, ///< bounded by the machine's concurrency
    Runtime,     ///< only known at run time
  } Kind = Runtime;
  std::uint64_t Count = 0;
  /// The expression bounding a counting loop (`n` in `i < n`), if any.
  const Expr *Bound = nullptr;
  /// The loop counts with an integer rather than walking a container.
  bool Counting = false;
  /// The loop walks a container of threads: it fills worker slots.
  bool WalksThreadSlots = false;
};

TripCount tripCount(const LoopContext &L, ASTContext &Ctx,
                    llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                    llvm::ArrayRef<llvm::StringRef> ThreadClasses);

/// Whether \p E's value comes from one of \p Functions, directly or through
/// variables (and std::min/std::max) initialised from it.
bool derivesFrom(const Expr *E, llvm::ArrayRef<llvm::StringRef> Functions);

/// Whether \p E names a count of workers, threads or cores (`num_threads`,
/// `pool_size`, `worker_count()`), as opposed to an amount of input.
bool namesWorkerCount(const Expr *E);

/// Whether \p E is a container's size (`v.size()`, `std::size(v)`, `n_items`
/// is not: only calls are recognised).
bool isContainerSize(const Expr *E);

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

TaskHandle findTaskHandle(const Expr *Spawn, SpawnKind Kind,
                          const Stmt *FunctionBody, const ParentMap &PM);

/// Whether every task \p H refers to is finished before the iteration whose
/// body is \p Body ends: it is waited for in the body (at once, or by a batch
/// flush), or its holder is declared in the body and drained when destroyed.
bool drainedWithin(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
                   const ParentMap &PM, ASTContext &Ctx);

/// Whether \p Body waits for room before \p Spawn: a call to one of
/// \p Limiters, or a loop that waits while a count is at its limit.
bool waitsForRoomBefore(const Stmt *Body, const Stmt *Spawn,
                        llvm::ArrayRef<llvm::StringRef> Limiters,
                        ASTContext &Ctx);

/// Whether \p Body first awaits an external event (an accept, a receive, a
/// read) before \p Spawn, so the spawns are paced by the event source.
bool awaitsEventBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx);

/// The body of the function, lambda or coroutine that \p Spawn starts, if it
/// is visible in this translation unit.
const Stmt *spawnedBody(const Expr *Spawn);

/// Whether \p Body is a long-running worker: it loops taking work from a
/// queue or until told to stop, rather than doing one item's work.
bool isLongRunningWorker(const Stmt *Body);

/// The variable, field or parameter an expression is rooted in
/// (`v`, `this->v_`, `v[i]`, `v.at(i)`, `&v[i]`, `v.get_executor()`).
const ValueDecl *rootDecl(const Expr *E);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_UTILS_SPAWNANALYSIS_H
