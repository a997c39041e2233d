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
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  /// StartsTask: a variable of an enclosing function that holds the task,
  /// when the function is a lambda that captured it by reference (or calls
  /// one that did): `[&group] { group.run(f); }` keeps its task in `group`
  /// where the lambda was written.
  const ValueDecl *HeldIn = nullptr;
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
  /// Whether a result computed since \p Mark (an index into Cuts) read a
  /// call back into a function that is still being worked on as "no
  /// summary": it is provisional, right only inside the current walk.
  bool provisionalSince(std::size_t Mark) const;
  /// Forgets the provisional results once the outermost walk is done.
  void endWalk();

  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Spawn, 4>> Spawns;
  /// Functions whose spawns are being collected, or that are being
  /// summarised: a call back into one of them (recursion) is not followed,
  /// whichever function the walk began at.
  llvm::SmallPtrSet<const FunctionDecl *, 8> Collecting;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Summarising;
  /// The functions at which recursion was cut, in order.
  llvm::SmallVector<const FunctionDecl *, 8> Cuts;
  /// Null for a function that was looked at and does not spawn.
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<SpawnSummary>> Summaries;
  /// Results that depended on a cut at a function still in progress
  /// (`count_tree` calls `count_later`, which spawns a lambda calling
  /// `count_tree`: while `count_tree` is collected, `count_later` sees no
  /// summary for it). They serve the rest of the walk and are dropped at
  /// its end, so a later walk computes them in full.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Spawn, 4>>
      ProvisionalSpawns;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<SpawnSummary>>
      ProvisionalSummaries;
  std::vector<std::unique_ptr<SpawnSummary>> Retired;
  llvm::DenseMap<const CXXRecordDecl *, llvm::SmallVector<const FieldDecl *, 2>>
      PoppedQueues;
};

/// The per-translation-unit analysis the taskbound checks of one clang-tidy
/// context share, so that the work every check needs is done once per TU:
/// the list of user functions (a walk over all the TU's declarations) and,
/// per vocabulary and SummaryDepth, a SpawnFinder with its spawns, summaries
/// and parent maps. Checks configured alike (the usual case: the options are
/// read per check, then globally) share one finder; a check given its own
/// SpawnFunctions gets its own.
class SharedAnalysis {
public:
  /// The analysis shared by the checks created with \p Owner (their
  /// ClangTidyContext); it lives as long as one of them holds it. clangd
  /// builds ASTs on several threads, each with its own context.
  static std::shared_ptr<SharedAnalysis> sharedBy(const void *Owner);
  ~SharedAnalysis();

  /// The functions of \p Ctx's translation unit forEachUserFunction visits,
  /// collected on first use.
  llvm::ArrayRef<const FunctionDecl *> userFunctions(ASTContext &Ctx);
  /// The finder for checks with these options; the same object for the
  /// lifetime of this analysis, with its own copy of the vocabulary.
  SpawnFinder &spawnFinder(const VocabularyOptions &Options,
                           unsigned SummaryDepth);
  /// Forgets the translation unit: at its end (to free the memory early)
  /// and at the start of the next (should an end not have come).
  void clear();

private:
  struct FinderEntry;
  const ASTContext *Collected = nullptr;
  std::vector<const FunctionDecl *> Functions;
  /// Keyed by the options written out (see spawnFinder).
  std::map<std::string, std::unique_ptr<FinderEntry>> Finders;
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
  EventPaced = 8,          ///< a coroutine or task per awaited event
  CapsLiveTasks = 9,       ///< the loop compares the live tasks with a limit
  LeavesLoop = 10,         ///< the iteration that spawns leaves the loop
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

// --- How many tasks the loops start (Repetitions.cpp) ----------------------

/// How many times the loops around a spawn run it, all together.
struct Repetitions {
  enum Kinds : std::uint8_t {
    Constant,  ///< every loop runs a constant number of times; Count is the
               ///< product (saturated)
    PerWorker, ///< one per core or per worker (`hardware_concurrency()`,
               ///< `num_threads`), in loops of constant counts otherwise
    Runtime,   ///< a loop's trip count is only known at run time
  } Kind = Runtime;
  std::uint64_t Count = 0;
  /// The loop a note names: the innermost loop with a run-time count, else
  /// the innermost loop.
  const LoopContext *Loop = nullptr;
  TripCount Trip; ///< that loop's own trip count
};

/// How many times \p Loops, innermost first, run \p Spawn: a loop whose
/// iteration leaves it after the spawn (rule 10) or whose one-shot guard lets
/// the spawn run once (rule 9) runs it once, as unbounded-spawn-in-loop
/// judges them.
Repetitions repetitionsOf(llvm::ArrayRef<LoopContext> Loops, const Stmt *Spawn,
                          const Vocabulary &V, ASTContext &Ctx);

// --- Tiny work (TinyWork.cpp) ----------------------------------------------

/// What judging a task body found.
struct TinyBody {
  /// No loop, no allocation, no throw, no co_await, at most MaxStatements
  /// statements, and only calls to tiny functions: those of the vocabulary's
  /// tiny lists, and visible functions of user code that are tiny themselves.
  bool Tiny = false;
  unsigned Statements = 0;
  /// The calls the body makes, each named once, in the order first seen.
  llvm::SmallVector<std::string, 4> Calls;
};

/// Judges the body of a task (a lambda's, a function's, a coroutine's).
TinyBody judgeTinyBody(const Stmt *Body, unsigned MaxStatements,
                       ASTContext &Ctx);

/// Whether \p S does no real work: it loops nowhere and calls only tiny
/// functions (any number of statements).
bool isTinyWork(const Stmt *S, ASTContext &Ctx);

// --- Waiting at once (ImmediateWaits.cpp) ----------------------------------

/// How the task a spawn starts is waited for before anything else runs.
struct ImmediateWait {
  enum Kinds : std::uint8_t {
    None,          ///< other work runs first, or nothing waits at once
    Discarded,     ///< a discarded std::async future or jthread: its
                   ///< destructor waits at the end of the statement
    SameStatement, ///< `std::async(f).get()`, `co_await co_spawn(...)`
    NextStatement, ///< `auto f = std::async(f); f.get();`
    EndOfScope,    ///< a future or jthread that goes out of scope at once
  } Kind = None;
  /// Where the wait happens: the waiting call or co_await, or the closing
  /// brace of the scope; invalid for Discarded.
  SourceLocation WaitLoc;
  /// For EndOfScope: the variable whose destructor waits.
  const VarDecl *Holder = nullptr;
};

/// Whether the task \p S (in the body of \p FD) is waited for before any
/// other work: nothing but tiny work runs between its start and the wait.
ImmediateWait immediateWait(const Spawn &S, const FunctionDecl &FD,
                            ParentMaps &Maps, ASTContext &Ctx);

/// Whether \p Earlier runs before \p Later in the same iteration of \p Loop
/// (its body, nested loops included).
bool startsEarlierInIteration(const Expr *Earlier, const Expr *Later,
                              const LoopContext &Loop, ASTContext &Ctx);

/// Whether \p S runs a function or a coroutine, rather than only moving the
/// caller to another executor (`co_await asio::post(ex, use_awaitable)`).
bool startsWork(const Spawn &S);
// --- Recursion (Recursion.cpp, CutOff.cpp) ---------------------------------

/// The function a spawn runs, when it names one: `fib` in
/// `std::async(fib, n - 1)`, `walk` in `co_spawn(ex, walk(c), detached)`,
/// `Tree::visit` in `std::thread(&Tree::visit, this, c)` or in a
/// `std::bind` of it, a function object's call operator. Null for a lambda
/// (its body is spawnedBody()). "Which function does this spawn run" is
/// answered here and nowhere else.
const FunctionDecl *spawnedFunction(const Spawn &S);

/// The key under which spawned and named functions are compared: the
/// canonical declaration of \p F, or of the template it instantiates.
const FunctionDecl *functionKey(const FunctionDecl *F);

/// The functions \p F's body names (lambdas included), as functionKey()s:
/// what a spawn in \p F can reach through a helper that names them.
llvm::SmallPtrSet<const FunctionDecl *, 8>
functionsNamedIn(const FunctionDecl &F);

/// How often \p F's body names \p F itself (calls, references, lambdas
/// included; a function object's call operator also counts constructions
/// of its class): 0 for a function that is not recursive.
unsigned selfReferences(const FunctionDecl &F);

/// The call of \p F that \p S runs (in \p F's body): the spawn's callable
/// when it names \p F, else the first call of \p F in the body of the lambda
/// it spawns. Null when the spawn does not run \p F.
const Expr *recursiveCallIn(const Spawn &S, const FunctionDecl &F);

/// What stops a recursive spawn from splitting problems down to nothing.
struct CutOff {
  /// The branch that does small problems serially (`if (n < 25) return
  /// serial(n);`), or the condition that guards the spawn itself
  /// (`if (hi - lo > grain)`); null if there is none.
  const Stmt *Guard = nullptr;
  /// The nearest early return before the recursion that is only a base case
  /// (`if (n < 2) return n;`), for the note; null if there is none.
  const Stmt *BaseCase = nullptr;
};

/// The cut-off on the way down from the top of \p F to the recursive call
/// \p Call: a threshold test whose serial side does work, before or around
/// the call, the lambda it is in, and its spawn.
CutOff cutOffOf(const Expr *Call, const FunctionDecl &F, const ParentMap &PM);

/// Whether \p S is the tail re-post of an asynchronous loop: the one
/// recursive call in \p F, in no loop, not waited for, and the last thing
/// \p F does (`asio::post(ex, [this] { step(); });`). At most one such task
/// is pending at a time, so it is not recursive fan-out.
bool isContinuation(const Spawn &S, const FunctionDecl &F, ParentMaps &Maps,
                    ASTContext &Ctx);

// --- Coroutines (Coroutines.cpp, BlockingCalls.cpp) ------------------------

/// A coroutine that runs on an event loop, and what says so.
struct EventLoopCoroutine {
  enum Kinds : std::uint8_t {
    Asio,      ///< returns asio::awaitable
    BoostAsio, ///< returns boost::asio::awaitable
    Listed,    ///< returns a type of CoroutineTypes
    Stackful,  ///< takes an asio or boost::asio yield_context
    BoostStackful,
  } Kind = Asio;
  /// The awaitable type returned, or the yield_context parameter's type.
  QualType Type;
};

/// Whether \p FD is a coroutine that runs on an event loop: a coroutine
/// (co_await, co_yield or co_return in its body) returning asio's or
/// Boost.Asio's awaitable or a type in \p CoroutineTypes (fully qualified
/// names; an alias counts by its own name too), or a stackful coroutine
/// taking a yield_context.
std::optional<EventLoopCoroutine>
eventLoopCoroutine(const FunctionDecl &FD,
                   llvm::ArrayRef<std::string> CoroutineTypes);

/// Calls \p Callback on every call a coroutine's body makes itself: its own
/// statements and the lambdas it runs in place (called at once, or by a
/// per-element algorithm), not lambdas handed elsewhere to run.
void forEachCallRunInPlace(const Stmt *Body,
                           llvm::function_ref<void(const CallExpr &)> Callback);

/// A call that blocks its thread.
struct BlockingCall {
  const BlockingApi *Api = nullptr;
  std::string Display; ///< "std::future::get", "asio::basic_socket::wait"
};

/// The blocking calls taskbound knows (Vocabulary::blockingFunctions() and
/// Asio's synchronous operations) plus the user's BlockingFunctions.
class BlockingCalls {
public:
  explicit BlockingCalls(llvm::ArrayRef<std::string> Extra);
  /// Whether \p Call blocks: a listed function, or a listed method called on
  /// an object of the listed class (or a class derived from it), with no
  /// completion token among its arguments.
  std::optional<BlockingCall> match(const CallExpr &Call) const;

private:
  std::optional<BlockingCall> matchMethod(const CXXMemberCallExpr &Call,
                                          llvm::StringRef Method) const;
  llvm::StringMap<BlockingApi> Functions; ///< qualified name -> row
  llvm::StringMap<bool> CFunctions;       ///< built-in POSIX names
  llvm::StringMap<BlockingApi> AsioOps;   ///< method name -> row
  llvm::StringMap<bool> AsioObjects;
  static const BlockingApi UserApi;
};

/// Whether the get() or wait() \p Call on a future comes after a readiness
/// poll of the same future in \p Body (`wait_for(0s)`), so does not block.
bool isPolledFirst(const CXXMemberCallExpr &Call, const Stmt *Body,
                   ASTContext &Ctx);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_ANALYSIS_H
