//===-- ASTHelpers.h - small AST helpers of the analysis --------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal to checks/analysis: callees, transparent nodes, source order,
// constants, walking one body. The checks use Analysis.h.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_ANALYSIS_ASTHELPERS_H
#define TASKBOUND_CHECKS_ANALYSIS_ASTHELPERS_H

#include "Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace clang::tidy::taskbound::analysis {

/// The function or callable object a call goes to: `f` in `f(x)`, the
/// variable `std::ranges::for_each` in `std::ranges::for_each(v, g)`.
const NamedDecl *calleeOf(const CallExpr *Call);

/// The method name of a member call, "" for anything else.
llvm::StringRef methodName(const Stmt *S);

/// A call's function or callable object's plain (unqualified) name.
llvm::StringRef plainCalleeName(const CallExpr *Call);

/// \p E without casts, temporaries, cleanups, functional casts and
/// copy/move constructions around it.
const Expr *ignoreTransparent(const Expr *E);

/// Whether \p Parent only passes its child's value on unchanged.
bool isTransparent(const Stmt *Parent);

/// The first parent of \p Node that is not transparent; \p Child receives
/// the node just below it.
const Stmt *opaqueParent(const Stmt *Node, const ParentMap &PM,
                         const Stmt *&Child);

/// Source-range containment and order, through macro expansions.
bool isWithin(SourceLocation Loc, const Stmt *Outer, ASTContext &Ctx);
bool isWithin(const Stmt *Inner, const Stmt *Outer, ASTContext &Ctx);
bool isBefore(const Stmt *A, const Stmt *B, ASTContext &Ctx);

/// Whether \p T (through references) is a class \p V knows starts a thread.
bool isThreadRecord(QualType T, const Vocabulary &V);

/// The element type of a container type (its first template argument).
QualType elementType(QualType T);

/// Whether destroying a \p T waits for the task it holds (std::async's
/// future, std::jthread, a joined std::thread, containers of them).
/// \p FutureBlocks: the futures come from std::async, whose destructor waits.
bool waitsOnDestruction(QualType T, bool FutureBlocks);

/// \p E's value as an integer constant, if it has one.
std::optional<llvm::APSInt> constantValue(const Expr *E, ASTContext &Ctx);

/// Whether \p A and \p B name the same declaration.
bool sameDecl(const Expr *A, const Expr *B);

/// The variable \p E names, if it is a plain variable reference.
const VarDecl *referencedVar(const Expr *E);

/// The variable, field or parameter an expression is rooted in
/// (`v`, `this->v_`, `v[i]`, `v.at(i)`, `&v[i]`, `v.get_executor()`).
const ValueDecl *rootDecl(const Expr *E);

/// Calls \p Callback on the statements below \p Root in source order,
/// skipping lambdas (they run elsewhere or later) but not the bodies of
/// nested loops, until it returns false. Returns false if the walk was
/// stopped. One non-template walk for every caller: a RecursiveASTVisitor
/// instantiated per callback type cost a minute of compile time per file.
bool forEachStmt(const Stmt *Root,
                 llvm::function_ref<bool(const Stmt *)> Callback);

/// Whether a statement forEachStmt visits satisfies \p P.
bool containsStmt(const Stmt *Root, llvm::function_ref<bool(const Stmt *)> P);

} // namespace clang::tidy::taskbound::analysis

#endif // TASKBOUND_CHECKS_ANALYSIS_ASTHELPERS_H
