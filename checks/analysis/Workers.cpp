//===-- Workers.cpp - the callable a spawn runs, and what a worker is -----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::taskbound::analysis {

namespace {

const Stmt *callableBodyAt(const Expr *E, int Depth) {
  if (!E || Depth > 3)
    return nullptr;
  E = ignoreTransparent(E);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return Lambda->getBody();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return callableBodyAt(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return FD->getBody();
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return callableBodyAt(Var->getInit(), Depth + 1);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::bind(&Pool::run, this) or a coroutine call `session(socket)`.
    const NamedDecl *Callee = calleeOf(Call);
    if (Vocabulary::isBinder(Callee) && Call->getNumArgs() > 0)
      return callableBodyAt(Call->getArg(0), Depth + 1);
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Callee))
      return FD->getBody();
    return nullptr;
  }
  // A function object: its call operator.
  if (const auto *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl())
    if (RD->hasDefinition())
      for (const CXXMethodDecl *MD : RD->methods())
        if (MD->getOverloadedOperator() == OO_Call && MD->getBody())
          return MD->getBody();
  return nullptr;
}

/// Whether a value named in a loop condition is a stop flag: a bool, an
/// atomic, a stop token.
bool isStopFlag(const ValueDecl *D) {
  const QualType T = D->getType().getNonReferenceType();
  if (T->isBooleanType())
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && Vocabulary::isStopFlagType(RD);
}

/// Whether \p Arg passes an object for the callee to fill: an lvalue bound
/// to a non-const reference parameter, or the address of one.
bool isOutArgument(const Expr *Arg, const ParmVarDecl *Param) {
  if (const auto *Unary = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts()))
    if (Unary->getOpcode() == UO_AddrOf)
      return true;
  if (!Param)
    return false;
  const QualType T = Param->getType();
  return T->isLValueReferenceType() &&
         !T.getNonReferenceType().isConstQualified();
}

/// A call that takes the next item: it fills an out-argument
/// (`queue.pop(item)`, `channel.read(work_item)`).
bool fillsAnItem(const CallExpr *Call) {
  const auto *FD = Call->getDirectCallee();
  for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
    const ParmVarDecl *Param =
        FD && I < FD->getNumParams() ? FD->getParamDecl(I) : nullptr;
    if (isOutArgument(Call->getArg(I), Param))
      return true;
  }
  return false;
}

/// `(i = next.fetch_add(1))`: an item claimed from a call.
bool isClaim(const Expr *E) {
  const auto *Assign = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  return Assign && Assign->getOpcode() == BO_Assign &&
         isa<CallExpr>(Assign->getRHS()->IgnoreParenImpCasts());
}

/// Whether \p E, used as a loop condition's truth value, asks whether work
/// goes on: a call of no arguments tested as it is (`!queue.closed()`,
/// `io.run_one()`, `st.stop_requested()`), or an item claimed by assignment
/// (`(i = next.fetch_add(1)) < n`, `(job = q.pop())`), through `!`, `&&`,
/// `||` and comparisons.
bool asksForWork(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    return Unary->getOpcode() == UO_LNot && asksForWork(Unary->getSubExpr());
  if (const auto *Bin = dyn_cast<BinaryOperator>(E)) {
    if (Bin->getOpcode() == BO_Assign)
      return isClaim(Bin);
    if (Bin->isLogicalOp())
      return asksForWork(Bin->getLHS()) || asksForWork(Bin->getRHS());
    // `(i = next.fetch_add(1)) < n`; a count compared with a bound is not.
    if (Bin->isComparisonOp())
      return isClaim(Bin->getLHS()) || isClaim(Bin->getRHS());
    return false;
  }
  if (isa<CXXOperatorCallExpr>(E))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getNumArgs() == 0;
  return false;
}

/// Whether a loop with condition \p Cond runs until it is told to stop or
/// runs out of work, by its shape: `for (;;)`, `while (true)`,
/// `while (!stop_)`, `while (queue.pop(item))`, `while (!q.closed())`.
bool runsUntilStopped(const Expr *Cond) {
  if (!Cond)
    return true; // for (;;)
  if (const auto *Lit =
          dyn_cast<CXXBoolLiteralExpr>(Cond->IgnoreParenImpCasts()))
    return Lit->getValue();
  if (const auto *Int = dyn_cast<IntegerLiteral>(Cond->IgnoreParenImpCasts()))
    return Int->getValue() != 0;
  if (asksForWork(Cond))
    return true;
  return containsStmt(Cond, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return fillsAnItem(Call);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      return isStopFlag(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(S))
      return isStopFlag(Member->getMemberDecl());
    return false;
  });
}

} // namespace

const Stmt *callableBody(const Expr *E) { return callableBodyAt(E, 0); }

namespace {

/// Whether \p Body has a loop that runs until stopped (see above).
bool loopsUntilStopped(const Stmt *Body) {
  return containsStmt(Body, [&](const Stmt *S) {
    if (const auto *While = dyn_cast<WhileStmt>(S))
      return runsUntilStopped(While->getCond()) ||
             While->getConditionVariable() != nullptr;
    if (const auto *Do = dyn_cast<DoStmt>(S))
      return runsUntilStopped(Do->getCond());
    if (const auto *For = dyn_cast<ForStmt>(S))
      return !For->getInc() && runsUntilStopped(For->getCond());
    return false;
  });
}

/// Whether \p Body runs an event loop (`[&ioc] { ioc.run(); }`): the loop
/// is inside the library, and serves handlers until it is stopped.
bool runsEventLoop(const Stmt *Body) {
  return containsStmt(Body, [](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    return Call && Vocabulary::isEventLoopRun(Call->getMethodDecl());
  });
}

} // namespace

bool isLongRunningWorker(const Stmt *Body, ASTContext &Ctx, unsigned Depth) {
  if (!Body)
    return false;
  if (loopsUntilStopped(Body) || runsEventLoop(Body))
    return true;
  if (Depth == 0)
    return false;
  // `[this] { run(); }`: the loop is in a function the worker calls.
  const SourceManager &SM = Ctx.getSourceManager();
  return containsStmt(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    return Def && Def->getBody() &&
           !SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())) &&
           isLongRunningWorker(Def->getBody(), Ctx, Depth - 1);
  });
}

} // namespace clang::tidy::taskbound::analysis
