//===-- RewriteParts.h - what the rewrites are built from -------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal to checks/fixits: source text and edits, the call a spawn makes,
// whether a task can run on a bounded pool, and the uses of a container of
// task handles. Each function answers one question.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_FIXITS_REWRITEPARTS_H
#define TASKBOUND_CHECKS_FIXITS_REWRITEPARTS_H

#include "Rewrites.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <string>

namespace clang::tidy::taskbound::fixits {

// --- Source text and edits (SourceEdits.cpp) -------------------------------

/// The text of \p R (a token range), or nothing when it is in a macro.
std::optional<std::string> textOf(SourceRange R, const ASTContext &Ctx);
std::optional<std::string> textOf(const Stmt *S, const ASTContext &Ctx);

/// \p S's range including the `;` that ends it.
SourceRange statementRange(const Stmt *S, const ASTContext &Ctx);

/// Replaces statement \p S (with its `;`) by \p Text.
FixItHint replaceStatement(const Stmt *S, llvm::StringRef Text,
                           const ASTContext &Ctx);

/// The text from \p Begin up to (not including) \p End, trimmed.
std::optional<std::string> textBetween(SourceLocation Begin, SourceLocation End,
                                       const ASTContext &Ctx);

/// Deletes statement \p S, and its whole line when nothing else is on it.
FixItHint removeStatement(const Stmt *S, const ASTContext &Ctx);

/// The whitespace before the first token on \p Loc's line.
std::string indentationOf(SourceLocation Loc, const ASTContext &Ctx);

/// \p Base, or `Base_2`, `Base_3`, ... when \p Function already uses that
/// name for anything it declares or refers to.
std::string freshName(llvm::StringRef Base, const FunctionDecl &Function);

/// Whether every edit is in one file, outside macros.
bool editable(llvm::ArrayRef<FixItHint> Edits, const ASTContext &Ctx);

/// `, {.max_in_flight = N}` or "" (the runtime's default).
std::string mapOptionsArgument(const RewriteContext &RC);

// --- Statements around a loop (SourceEdits.cpp) ----------------------------

/// The block \p S is a direct child of, or null.
const CompoundStmt *blockOf(const Stmt *S, const ParentMap &PM);

/// The statements of \p Block after \p S, in order.
llvm::ArrayRef<const Stmt *> statementsAfter(const CompoundStmt *Block,
                                             const Stmt *S);

/// The one statement of a loop body (`{ s; }` or `s;`), or null.
const Stmt *soleStatement(const Stmt *Body);

// --- The call a spawn makes (SpawnedCall.cpp) ------------------------------

/// The callable a spawn runs and the arguments it passes it:
/// `std::async(policy, f, a, b)`, `std::thread(f, a, b)`,
/// `threads.emplace_back(f, a, b)`.
struct SpawnedCall {
  const Expr *Callable = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
};
std::optional<SpawnedCall> spawnedCall(const analysis::Spawn &S);

/// The launch policy a std::async call is given, or null.
const Expr *launchPolicyOf(const analysis::Spawn &S);

/// Whether \p S is `std::async` with a policy that starts a thread: none,
/// `std::launch::async`, or `std::launch::async | std::launch::deferred`.
bool isThreadedAsync(const analysis::Spawn &S);

/// The call as an expression that passes the arguments as they are written
/// (lvalues): `f(a, b)`, `this->m(a)`, `[x] { ... }()`; nothing when that
/// would not compile or not do what the spawn does.
std::optional<std::string> callText(const SpawnedCall &C, ASTContext &Ctx);

/// A lambda that makes the call later with the arguments copied now, as
/// std::thread does: `[x, &y, this] { f(x, y); }`, or the spawned lambda
/// itself; nothing when a capture list cannot say it.
std::optional<std::string> deferredCallLambda(const SpawnedCall &C,
                                              ASTContext &Ctx);

/// The function the call runs (a lambda's call operator), if it is known.
const FunctionDecl *calledFunction(const SpawnedCall &C);

/// The body the call runs, if the translation unit has it.
const Stmt *calledBody(const SpawnedCall &C);

// --- Whether a task can run on a bounded pool (PoolSafety.cpp) -------------

/// Whether the work \p Task (the body a spawn runs) can move from a thread of
/// its own to a bounded pool without a deadlock the original could not have:
/// it waits for no other thread (condition variables, latches, barriers,
/// semaphores, spinning on an atomic, futures and threads it did not start
/// itself), keeps no per-thread state (thread_local), calls no function of
/// the project that the translation unit cannot show, and locks no mutex
/// that the spawning function holds at any of \p Points (where it spawns,
/// where it waits for the tasks).
bool runsOnBoundedPool(const Stmt *Task, llvm::ArrayRef<const Stmt *> Points,
                       const FunctionDecl &Spawner, ASTContext &Ctx);

// --- A container of task handles (HolderUses.cpp) --------------------------

/// How a function uses a local container of futures or threads that a loop
/// fills: everything else it does with it makes a rewrite inexact.
struct HolderUses {
  const VarDecl *Holder = nullptr;
  const DeclStmt *Declaration = nullptr;
  /// `v.reserve(n);` statements before the filling loop.
  llvm::SmallVector<const Stmt *, 1> Reserves;
  /// The first loop after the filling one that walks the container, and the
  /// member calls on each element there (`f.get()`, `t.join()`).
  const Stmt *Drain = nullptr;
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Waits;
  /// The drain loop's element variable, when it is a range-for.
  const VarDecl *Element = nullptr;
};

/// The uses of the local container \p Holder that loop \p Fill fills through
/// \p Insert: its declaration, reserves before the loop, and one drain loop
/// after it in the same block whose only uses are member calls named
/// \p WaitMethod on each element. Nothing when the function uses it in any
/// other way, except `size()` and `empty()`.
std::optional<HolderUses> holderUses(const VarDecl *Holder, const Stmt *Fill,
                                     const Expr *Insert,
                                     llvm::StringRef WaitMethod,
                                     RewriteContext &RC);

/// Whether \p S (lambdas included) refers to \p D.
bool refersTo(const Stmt *S, const ValueDecl *D);

/// The local container the spawn's handle is put into
/// (`futs.push_back(spawn)`, `threads.emplace_back(f, x)`), and that call.
const VarDecl *holderOf(const analysis::Spawn &S, const ParentMap &PM,
                        const CXXMemberCallExpr *&Insert);

} // namespace clang::tidy::taskbound::fixits

#endif // TASKBOUND_CHECKS_FIXITS_REWRITEPARTS_H
