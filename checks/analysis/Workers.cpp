//===-- Workers.cpp - the callable a spawn runs, and what a worker is -----===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

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

/// Whether a loop with condition \p Cond runs until it is told to stop or
/// runs out of work: `for (;;)`, `while (true)`, `while (!stop_)`,
/// `while (queue.pop(item))`.
bool runsUntilStopped(const Expr *Cond) {
  if (!Cond)
    return true; // for (;;)
  if (const auto *Lit =
          dyn_cast<CXXBoolLiteralExpr>(Cond->IgnoreParenImpCasts()))
    return Lit->getValue();
  if (const auto *Int = dyn_cast<IntegerLiteral>(Cond->IgnoreParenImpCasts()))
    return Int->getValue() != 0;
  return containsStmt(Cond, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return Vocabulary::isTakeWorkCall(plainCalleeName(Call));
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      return isStopFlag(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(S))
      return isStopFlag(Member->getMemberDecl());
    return false;
  });
}

} // namespace

const Stmt *callableBody(const Expr *E) { return callableBodyAt(E, 0); }

bool isLongRunningWorker(const Stmt *Body) {
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

} // namespace clang::tidy::taskbound::analysis
