//===-- Analysis.h - what the taskbound checks use --------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The public face of the analysis: find the spawns in a function, the loops
// that run them, how often those loops run, who holds each task, and which
// bound rule (numbered as on docs/checks/unbounded-spawn-in-loop.md) keeps
// the number of live tasks bounded. Everything else in checks/analysis/ is
// internal to it.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_ANALYSIS_ANALYSIS_H
#define TASKBOUND_CHECKS_ANALYSIS_ANALYSIS_H

#include "SpawnApi.h"
#include "Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace clang::tidy::taskbound::analysis {

// --- Functions -------------------------------------------------------------

/// Calls \p Callback on every function declaration of the translation unit
/// (template instantiations and lambda call operators included), except
/// those inside a namespace-scope declaration of a system header.
void forEachUserFunction(
    ASTContext &Ctx, llvm::function_ref<void(const FunctionDecl &)> Callback);

/// Whether \p FD's body is judged on its own: a definition that is not a
/// template pattern (templates are judged through their instantiations) and
/// not a lambda's call operator (judged with the function the lambda is
/// written in), except an instantiated generic lambda.
bool hasOwnBody(const FunctionDecl &FD);

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

// --- Spawns ----------------------------------------------------------------

struct SpawnSummary;

/// A call or construction that starts a task, and its row.
struct Spawn {
  const Expr *E = nullptr;       ///< call, construction, emplace, factory
  const SpawnApi *Api = nullptr; ///< never null
  /// For a call of a function that spawns (a summary): what it does.
  const SpawnSummary *Via = nullptr;
};

/// What a call of a function defined in this translation unit does, when
/// each call is a spawn site: the function starts a task that outlives the
/// call, or (a member function of a home-made pool) adds a callable to an
/// unbounded queue that the class's own worker threads pop.
struct SpawnSummary {
  SpawnSummary() = default;
  SpawnSummary(const SpawnSummary &) = delete; // Api points into Name, Display
  SpawnSummary &operator=(const SpawnSummary &) = delete;

  enum Kinds { StartsTask, EnqueuesUnbounded } Kind = StartsTask;
  /// How a call of the function reads: its name, what it starts, where the
  /// executor, the handle and the callable are at the call site.
  SpawnApi Api{};
  /// The spawn (StartsTask) or the push onto the queue (EnqueuesUnbounded)
  /// inside the function: where the note points.
  const Stmt *Site = nullptr;
  /// StartsTask: the spawn inside the function, itself maybe a summary.
  Spawn Inner;
  /// The task's body when the function writes it (a lambda it spawns), as
  /// opposed to one it is given as an argument.
  const Stmt *TaskBody = nullptr;
  /// EnqueuesUnbounded: the pool's class, and the member queue it pushes
  /// onto.
  const CXXRecordDecl *Pool = nullptr;
  const ValueDecl *Queue = nullptr;
  /// 1 when the spawn is written in the function, n + 1 when it is a call
  /// of a function whose summary has level n.
  unsigned Level = 1;
  std::string Name, Display; ///< storage for Api.Name and Api.Display
};

/// Finds the spawns in a function's body: calls of spawn functions and
/// callable objects, constructions of thread classes (directly, with `new`,
/// `std::make_unique`, or `emplace_back` into a container of them), and
/// calls of functions whose summary says they spawn, up to SummaryDepth
/// calls away. Deferred `std::async` calls are not spawns. Holds the
/// per-translation-unit state of the analysis: the spawns and summary of
/// each function (each computed once), and the parent maps; clear() it at
/// the start of each translation unit.
class SpawnFinder {
public:
  SpawnFinder(const Vocabulary &V, unsigned SummaryDepth);
  ~SpawnFinder();
  llvm::SmallVector<Spawn, 4> spawnsIn(const FunctionDecl &FD, ASTContext &Ctx);
  /// What a call of \p FD starts, or null; computed once per function.
  const SpawnSummary *summaryOf(const FunctionDecl &FD, ASTContext &Ctx);
  /// The member queues of \p Pool that worker threads it starts itself pop;
  /// computed once per class.
  llvm::SmallVector<const FieldDecl *, 2>
  queuesPoppedByOwnWorkers(const CXXRecordDecl &Pool, ASTContext &Ctx);
  ParentMaps &parents() { return Maps; }
  const Vocabulary &vocabulary() const { return Vocab; }
  unsigned summaryDepth() const { return SummaryDepth; }
  void clear();

private:
  llvm::SmallVector<Spawn, 4> builtinSpawnsIn(const FunctionDecl &FD,
                                              ASTContext &Ctx) const;
  void addSummarisedCalls(const FunctionDecl &FD, ASTContext &Ctx,
                          llvm::SmallVectorImpl<Spawn> &Found);

  const Vocabulary &Vocab;
  const unsigned SummaryDepth;
  ast_matchers::DeclarationMatcher Matcher;
  ParentMaps Maps;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Spawn, 4>> Spawns;
  /// Functions whose spawns are being collected: a call back into one of
  /// them (recursion) is not followed, whichever function the walk began at.
  llvm::SmallPtrSet<const FunctionDecl *, 8> Collecting;
  /// Null for a function that was looked at and does not spawn; a function
  /// being summarised (recursion) is in the map with null until it is done.
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<SpawnSummary>> Summaries;
  llvm::DenseMap<const CXXRecordDecl *, llvm::SmallVector<const FieldDecl *, 2>>
      PoppedQueues;
};

/// Builds the summary of \p FD from its spawns (Summaries.cpp); null when a
/// call of it starts nothing that outlives the call.
std::unique_ptr<SpawnSummary> summarise(const FunctionDecl &FD,
                                        SpawnFinder &Finder, ASTContext &Ctx);

/// The executor a spawn submits to (`pool` in `asio::post(pool, f)`).
const Expr *executorOf(const Spawn &S);
/// The callable a spawn runs, as written (`f` in `std::async(policy, f, x)`).
const Expr *callableOf(const Spawn &S);
/// The body of the function, lambda or coroutine \p S starts, if this
/// translation unit has it.
const Stmt *spawnedBody(const Spawn &S);

// --- Loops -----------------------------------------------------------------

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

TripCount tripCount(const LoopContext &L, const Vocabulary &V, ASTContext &Ctx);

// --- Bound rules -----------------------------------------------------------

/// What keeps the tasks a loop starts bounded, numbered as the rules on
/// docs/checks/unbounded-spawn-in-loop.md.
enum class BoundRule : std::uint8_t {
  None = 0,                ///< nothing: the spawn is unbounded
  SmallConstantFanOut = 1, ///< a constant trip count of at most MaxFanOut
  MachineConcurrency = 2,  ///< hardware_concurrency() and the like
  WaitsForRoom = 3,        ///< a semaphore, bounded queue or window
  FinishesOwnTask = 4,     ///< each iteration waits for its task
  BatchFlush = 5,          ///< the tasks are waited for in batches
  BoundedExecutor = 6,     ///< the executor's queue is bounded
  StartsWorkers = 7,       ///< a pool starting its fixed set of workers
  EventPaced = 8,          ///< a coroutine per awaited external event
  CapsLiveTasks = 9,       ///< the loop compares the live tasks with a limit
};

struct BoundOptions {
  unsigned MaxFanOut = 64;
  bool FlagEventPacedSpawns = false;
};

/// The verdict on one spawn.
struct Judgement {
  /// The spawn runs in no loop: it is not judged at all.
  bool InLoop = false;
  BoundRule Rule = BoundRule::None;
  /// For an unbounded spawn: the loop that repeats it, and its trip count.
  LoopContext Loop;
  TripCount Trip;
};

/// Which bound rule holds for \p S in \p FD, walking its loops outwards: a
/// loop bounded by rule 1 or 2 may sit in a loop that repeats it unbounded.
Judgement judgeSpawn(const Spawn &S, const FunctionDecl *FD, ParentMaps &Maps,
                     const Vocabulary &V, const BoundOptions &Options,
                     ASTContext &Ctx);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_ANALYSIS_H
