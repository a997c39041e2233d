//===-- Drains.cpp - whether an iteration waits for the tasks it started --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::taskbound::analysis {

namespace {

using Aliases = llvm::SmallPtrSet<const ValueDecl *, 4>;

/// The holder and the range-for variables that name its elements in \p Body.
Aliases aliasesOf(const ValueDecl *Holder, const Stmt *Body) {
  Aliases Names;
  Names.insert(Holder);
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
      if (rootDecl(Range->getRangeInit()) == Holder)
        Names.insert(Range->getLoopVariable());
    return true;
  });
  return Names;
}

/// What \p Body does with a holder: its first wait, and whether it lets
/// the task go.
struct HolderUse {
  const Stmt *FirstWait = nullptr;
  bool Detached = false;
};

/// Whether \p Call hands a holder to a function that may wait for it:
/// `wait_all(futs)`, `pthread_join(tid, 0)`, `for_each(ts.begin(), ...)`.
bool handsOver(const CallExpr *Call, const Aliases &Names) {
  if (isa<CXXOperatorCallExpr>(Call) ||
      Vocabulary::isPassThrough(calleeOf(Call)) ||
      Vocabulary::isElementAccess(calleeOf(Call)))
    return false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    if (Vocabulary::isInsertMethod(methodName(Member)))
      return false;
  return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
    const Expr *A = ignoreTransparent(Arg);
    if (const auto *Observer = dyn_cast<CXXMemberCallExpr>(A)) {
      const llvm::StringRef Name = methodName(Observer);
      if (Name != "begin" && Name != "cbegin" && Name != "data")
        return false; // `log(futs.size())` waits for nothing
    }
    const ValueDecl *Root = rootDecl(A);
    return Root && Names.contains(Root);
  });
}

HolderUse useOf(const ValueDecl *Holder, const Stmt *Body, const Stmt *Spawn) {
  const Aliases Names = aliasesOf(Holder, Body);
  const auto IsHolder = [&](const Expr *E) {
    const ValueDecl *Root = rootDecl(E);
    return Root && Names.contains(Root);
  };
  HolderUse Use;
  const auto Waits = [&](const Stmt *S) {
    if (!Use.FirstWait)
      Use.FirstWait = S;
  };
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
      if (!IsHolder(Member->getImplicitObjectArgument()))
        return true;
      Use.Detached = Vocabulary::isDetachMethod(methodName(Member));
      if (Vocabulary::isWaitMethod(methodName(Member)))
        Waits(Member);
      return !Use.Detached;
    }
    if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
      if (IsHolder(Await->getOperand()))
        Waits(Await);
      return true;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || Call == Spawn || !handsOver(Call, Names))
      return true;
    Use.Detached = Vocabulary::isDetachFunction(calleeOf(Call));
    if (!Use.Detached)
      Waits(Call);
    return !Use.Detached;
  });
  return Use;
}

enum class WaitCondition { Unconditional, Batch, Other };

/// Whether a wait at \p Wait inside \p Body happens on every iteration, or
/// under a condition that looks like a batch flush: `if (futs.size() >= N)`,
/// `if (i % N == 0)`, `if (++n == kBatch)`.
WaitCondition conditionOf(const Stmt *Wait, const Stmt *Body,
                          const ValueDecl *Holder, const ParentMap &PM) {
  for (const Stmt *Node = Wait;;) {
    const Stmt *Parent = PM.getParent(Node);
    if (!Parent)
      return WaitCondition::Other; // not inside the body after all
    if (Parent == Body)
      return WaitCondition::Unconditional;
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      Cond = Node != If->getCond() ? If->getCond() : nullptr;
    else if (const auto *While = dyn_cast<WhileStmt>(Parent))
      Cond = While->getCond();
    if (Cond) {
      const bool Batch = containsStmt(Cond, [&](const Stmt *S) {
        if (const auto *Bin = dyn_cast<BinaryOperator>(S))
          return Bin->isComparisonOp() || Bin->getOpcode() == BO_Rem;
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
          return Op->isComparisonOp();
        if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
          return Ref->getDecl() == Holder;
        return false;
      });
      return Batch ? WaitCondition::Batch : WaitCondition::Other;
    }
    Node = Parent;
  }
}

/// A holder declared in the body is destroyed at the end of every
/// iteration; futures of std::async and jthreads wait for their task then.
bool destroyedEachIteration(const ValueDecl *Holder, const TaskHandle &H,
                            const Stmt *Body, ASTContext &Ctx) {
  const auto *Var = dyn_cast<VarDecl>(Holder);
  return Var && Var->hasLocalStorage() &&
         waitsOnDestruction(Var->getType(), H.FutureBlocks) &&
         !llvm::is_contained(H.MovedFrom, Holder) &&
         isWithin(Var->getLocation(), Body, Ctx);
}

/// Whether \p Task writes \p D: assigns it, counts it up or down, or stores
/// into it (`done = true`, `++finished`, `done.store(true)`), also in a
/// function it calls, up to \p Depth calls away.
bool writes(const Stmt *Task, const ValueDecl *D, unsigned Depth = 2) {
  return containsStmt(Task, [&](const Stmt *S) {
    if (const auto *Bin = dyn_cast<BinaryOperator>(S))
      return Bin->isAssignmentOp() && rootDecl(Bin->getLHS()) == D;
    if (const auto *Unary = dyn_cast<UnaryOperator>(S))
      return Unary->isIncrementDecrementOp() &&
             rootDecl(Unary->getSubExpr()) == D;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
      return Op->getNumArgs() > 0 && rootDecl(Op->getArg(0)) == D &&
             (Op->isAssignmentOp() || Op->getOperator() == OO_PlusPlus ||
              Op->getOperator() == OO_MinusMinus);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
        Member && rootDecl(Member->getImplicitObjectArgument()) == D)
      return Vocabulary::isAtomicWrite(methodName(Member));
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    return Depth > 0 && Def && Def->getBody() &&
           writes(Def->getBody(), D, Depth - 1);
  });
}

/// Whether \p Loop, a statement of \p Body, runs on every iteration.
bool unconditionalIn(const Stmt *Loop, const Stmt *Body, const ParentMap &PM) {
  for (const Stmt *Node = PM.getParent(Loop); Node; Node = PM.getParent(Node)) {
    if (Node == Body)
      return true;
    if (!isa<CompoundStmt>(Node))
      return false;
  }
  return false;
}

/// The objects a function object's construction binds to its fields:
/// `Runner(wait)`, with `Runner(wait_context &w) : myWait(w) {}`, binds
/// `myWait` to `wait`. Each pair is (field, object).
using Bindings =
    llvm::SmallVector<std::pair<const ValueDecl *, const ValueDecl *>, 2>;
Bindings bindingsOf(const Expr *Callable) {
  Bindings Bound;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(ignoreTransparent(Callable));
  const CXXConstructorDecl *Ctor =
      Construct ? Construct->getConstructor() : nullptr;
  if (const FunctionDecl *Def = Ctor ? Ctor->getDefinition() : nullptr)
    Ctor = cast<CXXConstructorDecl>(Def);
  if (!Ctor)
    return Bound;
  for (const CXXCtorInitializer *Init : Ctor->inits()) {
    const auto *Param =
        Init->isMemberInitializer()
            ? dyn_cast_or_null<ParmVarDecl>(rootDecl(Init->getInit()))
            : nullptr;
    const unsigned Index = Param ? Param->getFunctionScopeIndex() : 0;
    if (Param && Index < Construct->getNumArgs())
      if (const ValueDecl *Object = rootDecl(Construct->getArg(Index)))
        Bound.emplace_back(Init->getMember(), Object);
  }
  return Bound;
}

/// The names of \p Object inside a function object built by \p Callable:
/// the object itself (a lambda's capture) and the fields bound to it.
Aliases namesIn(const Expr *Callable, const ValueDecl *Object) {
  Aliases Names;
  Names.insert(Object);
  for (const auto &[Field, Bound] : bindingsOf(Callable))
    if (Bound == Object)
      Names.insert(Field);
  return Names;
}

/// The object \p S waits on itself: `done.wait()` or
/// `barrier.arrive_and_wait()` with no argument, or a free function named
/// `wait` given it first (oneTBB's `d1::wait(wait_context, ctx)`). A
/// condition variable's wait takes a lock and does not count.
const ValueDecl *objectWaitedBy(const Stmt *S) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const llvm::StringRef Name = methodName(Member);
    return Member->getNumArgs() == 0 &&
                   (Name == "wait" || Name == "arrive_and_wait")
               ? rootDecl(Member->getImplicitObjectArgument())
               : nullptr;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  return Call && !isa<CXXOperatorCallExpr>(Call) && Call->getNumArgs() > 0 &&
                 plainCalleeName(Call) == "wait"
             ? rootDecl(Call->getArg(0))
             : nullptr;
}

/// The object \p S waits on: itself, or in a callable that \p S runs in
/// place, a variable the callable captured (`std::invoke([&] {
/// done.wait(); })`) or the object a function object's field is bound to
/// (`arena.execute(Waiter(wait))`, whose call operator waits on the field
/// its constructor binds to `wait`).
const ValueDecl *waitedObject(const Stmt *S) {
  if (const ValueDecl *Object = objectWaitedBy(S))
    return Object;
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || !Vocabulary::runsInPlace(calleeOf(Call)))
    return nullptr;
  for (const Expr *Arg : Call->arguments()) {
    const Stmt *Body = callableBody(Arg);
    if (!Body)
      continue;
    const Bindings Fields = bindingsOf(Arg);
    const ValueDecl *Object = nullptr;
    containsStmt(Body, [&](const Stmt *W) {
      const ValueDecl *D = objectWaitedBy(W);
      if (!D)
        return false;
      if (!isa<FieldDecl>(D)) { // a captured variable
        Object = D;
        return true;
      }
      for (const auto &[Field, To] : Fields)
        if (Field == D)
          Object = To;
      return Object != nullptr;
    });
    if (Object)
      return Object;
  }
  return nullptr;
}

/// Whether \p Body, after \p S and on every run, waits on an object the
/// task calls too: a latch each task counts down, a barrier every task
/// reaches (oneTBB's SpinBarrier), a completion counter the task releases
/// and a function object run in place waits on (oneTBB's wait_context).
bool waitsAtRendezvous(const Stmt *Body, const Spawn &S, const Stmt *Task,
                       const ParentMap &PM, ASTContext &Ctx) {
  return containsStmt(Body, [&](const Stmt *W) {
    if (!isa<CallExpr>(W) || !isBefore(S.E, W, Ctx))
      return false;
    const ValueDecl *Object = waitedObject(W);
    if (!Object)
      return false;
    const Stmt *Top = nullptr; // the wait with its transparent wrappers
    opaqueParent(W, PM, Top);
    const Aliases Names = namesIn(callableOf(S), Object);
    return unconditionalIn(Top, Body, PM) &&
           containsStmt(Task, [&](const Stmt *T) {
             const auto *Call = dyn_cast<CXXMemberCallExpr>(T);
             const ValueDecl *D =
                 Call ? rootDecl(Call->getImplicitObjectArgument()) : nullptr;
             return D && Names.contains(D);
           });
  });
}

} // namespace

bool waitsForCompletionSignal(const Stmt *Body, const Spawn &S,
                              const Stmt *Task, const ParentMap &PM,
                              ASTContext &Ctx) {
  if (!Task)
    return false;
  if (waitsAtRendezvous(Body, S, Task, PM, Ctx))
    return true;
  return containsStmt(Body, [&](const Stmt *Loop) {
    const Expr *Cond = nullptr;
    if (const auto *While = dyn_cast<WhileStmt>(Loop))
      Cond = While->getCond();
    else if (const auto *Do = dyn_cast<DoStmt>(Loop))
      Cond = Do->getCond();
    if (!Cond || !isBefore(S.E, Loop, Ctx) || !unconditionalIn(Loop, Body, PM))
      return false;
    return containsStmt(Cond, [&](const Stmt *C) {
      const auto *E = dyn_cast<Expr>(C);
      const ValueDecl *D =
          isa_and_nonnull<DeclRefExpr, MemberExpr>(E) ? rootDecl(E) : nullptr;
      return D && writes(Task, D);
    });
  });
}

Drain drainIn(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
              const ParentMap &PM, ASTContext &Ctx) {
  if (H.WaitedInPlace)
    return Drain::EachIteration;
  if (H.Detached || H.Escapes)
    return Drain::None;
  for (const ValueDecl *Holder : H.Holders) {
    const HolderUse Use = useOf(Holder, Body, Spawn);
    if (Use.Detached)
      return Drain::None;
    if (Use.FirstWait) {
      const WaitCondition When = conditionOf(Use.FirstWait, Body, Holder, PM);
      if (When == WaitCondition::Unconditional)
        return Drain::EachIteration;
      if (When == WaitCondition::Batch)
        return Drain::InBatches;
    }
    if (destroyedEachIteration(Holder, H, Body, Ctx))
      return Drain::EachIteration;
  }
  return Drain::None;
}

} // namespace clang::tidy::taskbound::analysis
