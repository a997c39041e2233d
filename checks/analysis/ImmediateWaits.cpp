//===-- ImmediateWaits.cpp - tasks waited for at once ---------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A task is waited for at once when nothing but tiny work runs between its
// start and the wait: the wait is in the same statement and nothing beside
// it runs in between, or in the next statement that does real work, or the
// handle is a future or jthread that is destroyed right away.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <functional>

namespace clang::tidy::taskbound::analysis {

namespace {

/// Where a task's handle is kept: `f`, `tids[i]`, or the last element of a
/// container it was pushed onto (`futs.back()`).
struct HandleRef {
  const ValueDecl *Holder = nullptr;
  const Expr *Index = nullptr; ///< `tids[i]`
  bool Back = false;           ///< pushed or emplaced at the back
};

/// `v[i]` as base and index, for a built-in or an overloaded subscript.
bool subscript(const Expr *E, const Expr *&Base, const Expr *&Index) {
  E = ignoreTransparent(E);
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
    Base = Sub->getBase(), Index = Sub->getIdx();
    return true;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
    Base = Op->getArg(0), Index = Op->getArg(1);
    return true;
  }
  return false;
}

/// A handle written to the place \p E names (a variable, a member, an
/// element by index).
HandleRef handleAt(const Expr *E) {
  const Expr *Base = nullptr, *Index = nullptr;
  if (subscript(E, Base, Index))
    return {rootDecl(Base), Index, false};
  E = ignoreTransparent(E);
  if (isa<DeclRefExpr, MemberExpr>(E))
    return {rootDecl(E), nullptr, false};
  return {};
}

bool sameIndex(const Expr *A, const Expr *B, ASTContext &Ctx) {
  if (sameDecl(A, B))
    return true;
  const auto CA = constantValue(A, Ctx), CB = constantValue(B, Ctx);
  return CA && CB && llvm::APSInt::isSameValue(*CA, *CB);
}

/// Whether \p E names the handle \p H: `f`, `std::move(f)`, `tids[i]`,
/// `futs.back()`.
bool namesHandle(const Expr *E, const HandleRef &H, ASTContext &Ctx) {
  if (!E || !H.Holder)
    return false;
  E = ignoreTransparent(E);
  if (const auto *Move = dyn_cast<CallExpr>(E);
      Move && Move->getNumArgs() == 1 &&
      Vocabulary::isPassThrough(calleeOf(Move)))
    E = ignoreTransparent(Move->getArg(0));
  if (H.Back) {
    const auto *Back = dyn_cast<CXXMemberCallExpr>(E);
    return Back && methodName(Back) == "back" &&
           rootDecl(Back->getImplicitObjectArgument()) == H.Holder;
  }
  const Expr *Base = nullptr, *Index = nullptr;
  if (subscript(E, Base, Index))
    return H.Index && rootDecl(Base) == H.Holder &&
           sameIndex(Index, H.Index, Ctx);
  return !H.Index && isa<DeclRefExpr, MemberExpr>(E) && rootDecl(E) == H.Holder;
}

/// The expression that waits for the handle \p H, if \p S is one:
/// `f.get()`, `t.join()`, `co_await std::move(t)`, `pthread_join(t, 0)`.
bool waitsFor(const Stmt *S, const HandleRef &H, ASTContext &Ctx) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
    return Vocabulary::isWaitMethod(methodName(Member)) &&
           namesHandle(Member->getImplicitObjectArgument(), H, Ctx);
  if (const auto *Await = dyn_cast<CoawaitExpr>(S))
    return namesHandle(Await->getOperand(), H, Ctx);
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Vocabulary::isJoinFunction(calleeOf(Call)) &&
           Call->getNumArgs() > 0 && namesHandle(Call->getArg(0), H, Ctx);
  return false;
}

/// The full expression \p E is part of: the outermost expression above it.
const Expr *fullExpression(const Expr *E, const ParentMap &PM) {
  while (const auto *Up = dyn_cast_or_null<Expr>(PM.getParent(E)))
    E = Up;
  return E;
}

/// Finds the path from \p Root down to \p Target through children().
bool pathTo(const Stmt *Root, const Stmt *Target,
            llvm::SmallPtrSetImpl<const Stmt *> &Path) {
  if (!Root)
    return false;
  if (Root == Target || llvm::any_of(Root->children(), [&](const Stmt *C) {
        return pathTo(C, Target, Path);
      })) {
    Path.insert(Root);
    return true;
  }
  return false;
}

/// Whether, in the full expression \p Top, nothing but tiny work can run
/// beside \p Wait: every other part is either an enclosing expression (it
/// runs after the wait), inside the wait (the spawn and its arguments), or
/// tiny.
bool onlyTheWaitRuns(const Stmt *Top, const Stmt *Wait, ASTContext &Ctx) {
  llvm::SmallPtrSet<const Stmt *, 16> Enclosing;
  if (!pathTo(Top, Wait, Enclosing))
    return false;
  std::function<bool(const Stmt *)> Check = [&](const Stmt *S) {
    if (!S || S == Wait)
      return true;
    if (!Enclosing.contains(S))
      return isTinyWork(S, Ctx);
    return llvm::all_of(S->children(), Check);
  };
  return Check(Top);
}

/// The expressions a statement evaluates first, in order, when it is one
/// whose first work may be a wait: an expression, a declaration's
/// initialisers, a return value, a condition.
llvm::SmallVector<const Stmt *, 2> headOf(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 2> Head;
  const auto Add = [&](const Stmt *Part) {
    if (Part)
      Head.push_back(Part);
  };
  if (isa<Expr>(S)) {
    Add(S);
  } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        Add(Var->getInit());
  } else if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
    Add(Return->getRetValue());
  } else if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
    Add(Return->getOperand());
  } else if (const auto *If = dyn_cast<IfStmt>(S); If && !If->getInit()) {
    Add(If->getCond());
  } else if (const auto *Switch = dyn_cast<SwitchStmt>(S);
             Switch && !Switch->getInit()) {
    Add(Switch->getCond());
  }
  return Head;
}

/// The first wait for \p H in \p Root, outside lambdas.
const Stmt *findWait(const Stmt *Root, const HandleRef &H, ASTContext &Ctx) {
  const Stmt *Found = nullptr;
  forEachStmt(Root, [&](const Stmt *S) {
    if (waitsFor(S, H, Ctx))
      Found = S;
    return !Found;
  });
  return Found;
}

/// Whether statement \p S starts with the wait for \p H, nothing else
/// first; returns the wait.
const Stmt *startsWithWait(const Stmt *S, const HandleRef &H, ASTContext &Ctx) {
  for (const Stmt *Part : headOf(S)) {
    if (const Stmt *Wait = findWait(Part, H, Ctx))
      return onlyTheWaitRuns(Part, Wait, Ctx) ? Wait : nullptr;
    if (!isTinyWork(Part, Ctx))
      return nullptr;
  }
  return nullptr;
}

/// Whether the value of \p E is dropped at the end of its statement: an
/// expression statement, or a cast to void.
bool isDiscarded(const Expr *E, const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *Parent = opaqueParent(E, PM, Child);
  if (const auto *Cast = dyn_cast_or_null<ExplicitCastExpr>(Parent))
    return Cast->getType()->isVoidType();
  if (!Parent || isa<Expr, DeclStmt, ReturnStmt, CoreturnStmt>(Parent))
    return false;
  // A condition's value is used.
  if (const auto *If = dyn_cast<IfStmt>(Parent))
    return Child != If->getCond();
  if (const auto *While = dyn_cast<WhileStmt>(Parent))
    return Child != While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Parent))
    return Child != Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Parent))
    return Child != For->getCond();
  if (const auto *Switch = dyn_cast<SwitchStmt>(Parent))
    return Child != Switch->getCond();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent))
    return Child == Range->getBody();
  return true;
}

/// Whether destroying the handle \p S returns waits for the task: the
/// future of std::async (or boost::async), or a jthread. Not a std::thread,
/// which terminates, nor the future of a pool's submit, which does not wait.
bool destructorWaits(const Spawn &S, QualType Handle) {
  const auto *RD = Handle.getNonReferenceType()->getAsCXXRecordDecl();
  const bool FromAsync = S.Api->HasLaunchPolicy;
  const bool ThreadObject = S.Api->Shape == ApiShape::Class;
  return (FromAsync || ThreadObject) && RD &&
         waitsOnDestruction(Handle, FromAsync) && !Vocabulary::mustBeJoined(RD);
}

/// The wait applied to the spawn's own value: `std::async(f).get()`,
/// `co_await co_spawn(ex, job(), use_awaitable)`.
const Stmt *waitOnValue(const Expr *Spawn, const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *Parent = opaqueParent(Spawn, PM, Child);
  if (isa_and_nonnull<MemberExpr>(Parent))
    Parent = PM.getParent(Parent);
  if (const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
      Member && Vocabulary::isWaitMethod(methodName(Member)) &&
      ignoreTransparent(Member->getImplicitObjectArgument()) ==
          ignoreTransparent(Spawn))
    return Member;
  // The parent map may name the await_transform call clang builds around a
  // co_await's operand as its parent: look further up.
  for (const Stmt *Up = PM.getParent(Spawn); isa_and_nonnull<Expr>(Up);
       Up = PM.getParent(Up))
    if (const auto *Await = dyn_cast<CoawaitExpr>(Up))
      return ignoreTransparent(Await->getOperand()) == ignoreTransparent(Spawn)
                 ? Await
                 : nullptr;
  return nullptr;
}

/// Where the row keeps the handle of \p S: an out-parameter, the container
/// a thread is emplaced into, the variable or element the result is stored
/// in, or the executor that holds the task.
HandleRef handleOf(const Spawn &S, const ParentMap &PM) {
  if (const Expr *Out = handleHolderOf(S)) { // pthread_create(&t, ...)
    if (const auto *Addr = dyn_cast<UnaryOperator>(Out->IgnoreParenImpCasts());
        Addr && Addr->getOpcode() == UO_AddrOf)
      return handleAt(Addr->getSubExpr());
    return {};
  }
  const auto PushedOnto = [](const CXXMemberCallExpr *Call) -> HandleRef {
    const llvm::StringRef Name = methodName(Call);
    if (Name != "push_back" && Name != "emplace_back")
      return {};
    return {rootDecl(Call->getImplicitObjectArgument()), nullptr, true};
  };
  if (S.Api->Shape != ApiShape::Function) // threads.emplace_back(f, x)
    if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(S.E))
      return PushedOnto(Emplace);
  if (S.Api->Handle.Kind == Place::Result) {
    const Stmt *Child = nullptr;
    const Stmt *Parent = opaqueParent(S.E, PM, Child);
    if (const auto *Decls = dyn_cast_or_null<DeclStmt>(Parent)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->getInit() == Child)
          return {Var, nullptr, false};
    } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
               Op && Op->getOperator() == OO_Equal && Op->getArg(1) == Child) {
      return handleAt(Op->getArg(0));
    } else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
               Assign && Assign->getOpcode() == BO_Assign) {
      return handleAt(Assign->getLHS());
    } else if (const auto *Push = dyn_cast_or_null<CXXMemberCallExpr>(Parent)) {
      return PushedOnto(Push);
    }
    return {};
  }
  if (S.Api->HeldByExecutor) // group.run(f); group.wait();
    if (const Expr *Executor = executorOf(S))
      return handleAt(Executor);
  return {};
}

SourceLocation waitLocation(const Stmt *Wait) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait))
    return Member->getExprLoc(); // the method's name
  return Wait->getBeginLoc();
}

/// The statement of a block that \p Top (a full expression) belongs to.
const Stmt *statementOf(const Expr *Top, const ParentMap &PM) {
  const Stmt *Parent = PM.getParent(Top);
  return isa_and_nonnull<DeclStmt>(Parent) ? Parent : Top;
}

/// After the spawn's statement \p Statement in its block: the first
/// statement that does real work must start with the wait; if none does,
/// a future or jthread declared by \p Statement is destroyed at the brace.
ImmediateWait waitAfter(const Spawn &S, const Stmt *Statement,
                        const HandleRef &H, const ParentMap &PM,
                        ASTContext &Ctx) {
  ImmediateWait W;
  const auto *Block = dyn_cast_or_null<CompoundStmt>(PM.getParent(Statement));
  if (!Block)
    return W;
  const auto *It = llvm::find(Block->body(), Statement);
  if (It == Block->body_end())
    return W;
  for (++It; It != Block->body_end(); ++It) {
    if (const Stmt *Wait = startsWithWait(*It, H, Ctx)) {
      W.Kind = ImmediateWait::NextStatement;
      W.WaitLoc = waitLocation(Wait);
      return W;
    }
    if (!isTinyWork(*It, Ctx))
      return W;
  }
  const auto *Var = dyn_cast<VarDecl>(H.Holder);
  const auto *Decls = dyn_cast<DeclStmt>(Statement);
  if (Var && Decls && llvm::is_contained(Decls->decls(), Var) &&
      Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
      destructorWaits(S, Var->getType())) {
    W.Kind = ImmediateWait::EndOfScope;
    W.WaitLoc = Block->getRBracLoc();
    W.Holder = Var;
  }
  return W;
}

} // namespace

ImmediateWait immediateWait(const Spawn &S, const FunctionDecl &FD,
                            ParentMaps &Maps, ASTContext &Ctx) {
  ImmediateWait W;
  if (!startsWork(S))
    return W;
  const ParentMap &PM = Maps.of(&FD);
  // Only a value that is the handle can wait when it is dropped (not
  // pthread_create's error code, nor emplace_back's reference).
  if (S.Api->Handle.Kind == Place::Result && S.E->isPRValue() &&
      destructorWaits(S, S.E->getType()) && isDiscarded(S.E, PM)) {
    W.Kind = ImmediateWait::Discarded;
    return W;
  }
  const Expr *Top = fullExpression(S.E, PM);
  if (const Stmt *Wait = waitOnValue(S.E, PM)) {
    if (onlyTheWaitRuns(Top, Wait, Ctx)) {
      W.Kind = ImmediateWait::SameStatement;
      W.WaitLoc = waitLocation(Wait);
    }
    return W;
  }
  const HandleRef H = handleOf(S, PM);
  if (!H.Holder)
    return W;
  return waitAfter(S, statementOf(Top, PM), H, PM, Ctx);
}

bool startsEarlierInIteration(const Expr *Earlier, const Expr *Later,
                              const LoopContext &Loop, ASTContext &Ctx) {
  return isWithin(Earlier, Loop.Body, Ctx) && isBefore(Earlier, Later, Ctx);
}

bool startsWork(const Spawn &S) {
  if (S.Api->Kind != SpawnKind::Task)
    return true;
  const Expr *Callable = callableOf(S);
  if (!Callable)
    return false;
  const QualType T = Callable->getType().getNonReferenceType();
  if (T->isFunctionType() || T->isFunctionPointerType() ||
      T->isMemberFunctionPointerType())
    return true;
  // A lambda or function object has a call operator; a completion token
  // (use_awaitable, a yield_context) has none.
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  const DeclarationName Call =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return !RD->lookup(Call).empty();
}

} // namespace clang::tidy::taskbound::analysis
