//===-- TaskAnalysis.cpp - task handles, waits, workers ----- ===//
//
// Part of the spawn analysis; the interface is in SpawnAnalysis.h.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "SpawnAnalysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace clang::tidy::taskbound::analysis {

// --- Task handles ----------------------------------------------------------

namespace {

// Calls that return only once the task is finished. wait_for, wait_until and
// try_join_for are left out: with a short timeout they only poll.
const llvm::StringRef WaitMethods[] = {
    "join",        "get",      "wait",         "wait_idle",
    "waitForDone", "join_all", "run_and_wait", "sync_wait"};
const llvm::StringRef InsertMethods[] = {
    "push_back", "push_front", "emplace_back", "emplace_front", "emplace",
    "insert",    "push",       "try_emplace",  "emplace_hint",  "add"};

bool isWaitCall(const Stmt *S) {
  llvm::StringRef Name = methodName(S);
  return !Name.empty() && llvm::is_contained(WaitMethods, Name);
}

/// Adds to \p H the containers a holder variable is moved into:
/// `futs.push_back(std::move(f))`.
void followMoves(TaskHandle &H, const Stmt *FunctionBody) {
  for (unsigned I = 0; I < H.Holders.size(); ++I) {
    const ValueDecl *Holder = H.Holders[I];
    forEachStmt(FunctionBody, [&](const Stmt *S) {
      const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
      if (!Call || !llvm::is_contained(InsertMethods, methodName(Call)))
        return true;
      for (const Expr *Arg : Call->arguments()) {
        const auto *Move = dyn_cast<CallExpr>(ignoreTransparent(Arg));
        if (Move && Move->getNumArgs() == 1 &&
            nameIn(calleeOf(Move), {"::std::move"}) &&
            rootDecl(Move->getArg(0)) == Holder)
          if (const ValueDecl *Container =
                  rootDecl(Call->getImplicitObjectArgument())) {
            if (!llvm::is_contained(H.MovedFrom, Holder))
              H.MovedFrom.push_back(Holder);
            if (!llvm::is_contained(H.Holders, Container))
              H.Holders.push_back(Container);
          }
      }
      return true;
    });
  }
}

} // namespace

TaskHandle findTaskHandle(const Expr *Spawn, SpawnKind Kind,
                          const Stmt *FunctionBody, const ParentMap &PM) {
  TaskHandle H;
  // Spawn calls whose task lives in an object named in the call.
  if (const auto *Call = dyn_cast<CallExpr>(Spawn)) {
    const NamedDecl *Callee = calleeOf(Call);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      // task_group::run, create_thread, threads.emplace_back(f, x)
      if (const ValueDecl *Object =
              rootDecl(Member->getImplicitObjectArgument()))
        H.Holders.push_back(Object);
    } else if (nameIn(Callee, {"::pthread_create"}) && Call->getNumArgs() > 0) {
      if (const ValueDecl *Tid = rootDecl(Call->getArg(0)))
        H.Holders.push_back(Tid);
    } else if (Kind == SpawnKind::Task && Call->getNumArgs() > 1) {
      // asio::post(pool, f): the executor, which can be joined
      if (const ValueDecl *Executor = rootDecl(Call->getArg(0)))
        H.Holders.push_back(Executor);
    }
  }

  // `co_await asio::co_spawn(ex, job(), use_awaitable)`. The operand of a
  // co_await is shared with the await_transform call clang builds, so the
  // parent map may name that call as its parent: look for the co_await
  // among the enclosing expressions.
  for (const Stmt *Up = PM.getParent(Spawn); isa_and_nonnull<Expr>(Up);
       Up = PM.getParent(Up))
    if (isa<CoawaitExpr, CoyieldExpr>(Up)) {
      H.WaitedInPlace = true;
      return H;
    }

  const Stmt *Child = nullptr;
  const Stmt *Parent = opaqueParent(Spawn, PM, Child);
  if (isa_and_nonnull<MemberExpr>(Parent)) // `std::async(...).get()`
    Parent = PM.getParent(Parent);
  const auto *ChildExpr = dyn_cast_or_null<Expr>(Child);
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
  if (!Parent) {
    // The function's own body: nothing holds the task.
  } else if (const auto *Decls = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->getInit() == Child)
        H.Holders.push_back(Var);
  } else if (Member && ignoreTransparent(Member->getImplicitObjectArgument()) ==
                           ignoreTransparent(Spawn)) {
    llvm::StringRef Name = methodName(Member);
    if (Name == "detach")
      H.Detached = true;
    else if (llvm::is_contained(WaitMethods, Name))
      H.WaitedInPlace = true;
    else
      H.Escapes = true;
  } else if (Member && llvm::is_contained(InsertMethods, methodName(Member))) {
    if (const ValueDecl *Container =
            rootDecl(Member->getImplicitObjectArgument()))
      H.Holders.push_back(Container);
    else
      H.Escapes = true;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
             Op && Op->getOperator() == OO_Equal) {
    if (const ValueDecl *Target = rootDecl(Op->getArg(0)))
      H.Holders.push_back(Target);
  } else if (const auto *Assign = dyn_cast<BinaryOperator>(Parent);
             Assign && Assign->getOpcode() == BO_Assign) {
    if (const ValueDecl *Target = rootDecl(Assign->getLHS()))
      H.Holders.push_back(Target);
  } else if (isa<CoawaitExpr, CoyieldExpr>(Parent)) {
    H.WaitedInPlace = true;
  } else if (isa<CallExpr, ReturnStmt, CXXConstructExpr, InitListExpr,
                 CoreturnStmt>(Parent)) {
    H.Escapes = true;
  } else if (!isa<Expr>(Parent)) {
    // A discarded result: std::async's future and std::jthread wait for the
    // task in their destructors, at the end of the full expression.
    if (ChildExpr && ChildExpr->isPRValue() &&
        waitsOnDestruction(ChildExpr->getType()) &&
        !isThreadRecord(ChildExpr->getType(),
                        {"::std::thread", "::boost::thread"}))
      H.WaitedInPlace = true;
  }
  if (FunctionBody)
    followMoves(H, FunctionBody);
  return H;
}

namespace {

/// Whether a wait found at \p Wait inside \p Body happens on every iteration,
/// or under a condition that looks like a batch flush.
bool isFlushCondition(const Stmt *Wait, const Stmt *Body,
                      const ValueDecl *Holder, const ParentMap &PM) {
  const Stmt *Node = Wait;
  while (true) {
    const Stmt *Parent = PM.getParent(Node);
    if (!Parent)
      return false; // not inside the body after all
    if (Parent == Body)
      return true; // unconditional
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      Cond = Node != If->getCond() ? If->getCond() : nullptr;
    else if (const auto *While = dyn_cast<WhileStmt>(Parent))
      Cond = While->getCond();
    if (Cond) {
      // `if (futs.size() >= N)`, `if (i % N == 0)`, `if (++n == kBatch)`.
      return containsStmt(Cond, [&](const Stmt *S) {
        if (const auto *Bin = dyn_cast<BinaryOperator>(S))
          return Bin->isComparisonOp() || Bin->getOpcode() == BO_Rem;
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
          return Op->isComparisonOp();
        if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
          return Ref->getDecl() == Holder;
        return false;
      });
    }
    Node = Parent;
  }
}

} // namespace

bool drainedWithin(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
                   const ParentMap &PM, ASTContext &Ctx) {
  if (H.WaitedInPlace)
    return true;
  if (H.Detached || H.Escapes || H.Holders.empty())
    return false;

  for (const ValueDecl *Holder : H.Holders) {
    // Elements of the holder, named by range-for loop variables.
    llvm::SmallPtrSet<const ValueDecl *, 4> Aliases;
    Aliases.insert(Holder);
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
        if (rootDecl(Range->getRangeInit()) == Holder)
          Aliases.insert(Range->getLoopVariable());
      return true;
    });
    const auto IsHolder = [&](const Expr *E) {
      const ValueDecl *Root = rootDecl(E);
      return Root && Aliases.contains(Root);
    };

    bool Detached = false;
    const Stmt *Wait = nullptr;
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
        if (!IsHolder(Member->getImplicitObjectArgument()))
          return true;
        if (methodName(Member) == "detach") {
          Detached = true;
          return false;
        }
        if (isWaitCall(Member))
          Wait = Wait ? Wait : Member;
        return true;
      }
      if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
        if (IsHolder(Await->getOperand()))
          Wait = Wait ? Wait : Await;
        return true;
      }
      // The holder handed to a function: wait_all(futs), pthread_join(tid),
      // std::for_each(ts.begin(), ts.end(), join).
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (Call == Spawn || isa<CXXOperatorCallExpr>(Call) ||
            hasQualifiedName(calleeOf(Call), {"::std::move", "::std::forward",
                                              "::std::ref", "::std::cref"}))
          return true;
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
          if (llvm::is_contained(InsertMethods, methodName(Member)))
            return true;
        for (const Expr *Arg : Call->arguments()) {
          const Expr *A = ignoreTransparent(Arg);
          if (const auto *Observer = dyn_cast<CXXMemberCallExpr>(A)) {
            llvm::StringRef Name = methodName(Observer);
            if (Name != "begin" && Name != "cbegin" && Name != "data")
              continue; // `log(futs.size())` waits for nothing
          }
          if (IsHolder(A)) {
            Wait = Wait ? Wait : Call;
            break;
          }
        }
      }
      return true;
    });
    if (Detached)
      return false;
    if (Wait && isFlushCondition(Wait, Body, Holder, PM))
      return true;

    // A holder declared in the body is destroyed at the end of every
    // iteration; futures of std::async and jthreads wait for their task then.
    if (const auto *Var = dyn_cast<VarDecl>(Holder);
        Var && Var->hasLocalStorage() && waitsOnDestruction(Var->getType()) &&
        !llvm::is_contained(H.MovedFrom, Holder) &&
        isWithin(Var->getLocation(), Body, Ctx))
      return true;
  }
  return false;
}

// --- What happens before the spawn ----------------------------------------

bool waitsForRoomBefore(const Stmt *Body, const Stmt *Spawn,
                        llvm::ArrayRef<llvm::StringRef> Limiters,
                        ASTContext &Ctx) {
  static const llvm::StringRef WaitingCalls[] = {
      "wait",        "wait_for", "wait_until", "yield",       "sleep_for",
      "sleep_until", "get",      "join",       "pop",         "pop_front",
      "acquire",     "poll",     "run_one",    "try_join_for"};
  return containsStmt(Body, [&](const Stmt *S) {
    if (!isBefore(S, Spawn, Ctx) || isWithin(Spawn, S, Ctx))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return nameIn(calleeOf(Call), Limiters);
    // `while (in_flight >= kMax) cv.wait(lock);` and the sliding window
    // `while (futs.size() >= N) { futs.front().get(); futs.pop_front(); }`.
    const Expr *Cond = nullptr;
    if (const auto *While = dyn_cast<WhileStmt>(S))
      Cond = While->getCond();
    else if (const auto *Do = dyn_cast<DoStmt>(S))
      Cond = Do->getCond();
    else if (const auto *If = dyn_cast<IfStmt>(S))
      Cond = If->getCond();
    if (!Cond)
      return false;
    const bool AtLimit = containsStmt(Cond, [](const Stmt *C) {
      BinaryOperatorKind Op;
      if (const auto *Bin = dyn_cast<BinaryOperator>(C))
        Op = Bin->getOpcode();
      else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(C);
               Call && Call->isComparisonOp())
        Op = BinaryOperator::getOverloadedOpcode(Call->getOperator());
      else
        return false;
      return Op == BO_GE || Op == BO_GT || Op == BO_EQ;
    });
    return AtLimit && containsStmt(S, [](const Stmt *C) {
             const auto *Call = dyn_cast<CallExpr>(C);
             return Call &&
                    llvm::is_contained(WaitingCalls, plainCalleeName(Call));
           });
  });
}

bool awaitsEventBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx) {
  const auto IsEventCall = [](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return false;
    const std::string Name = plainCalleeName(Call).lower();
    return llvm::StringRef(Name).contains("accept") ||
           llvm::StringRef(Name).contains("receive") ||
           llvm::StringRef(Name).contains("recv") ||
           llvm::StringRef(Name).contains("read");
  };
  return containsStmt(Body, [&](const Stmt *S) {
    if (!isBefore(S, Spawn, Ctx))
      return false;
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      return containsStmt(Await->getOperand(), IsEventCall);
    // Stackful coroutines: `acceptor.async_accept(socket, yield)`.
    if (IsEventCall(S))
      return llvm::any_of(cast<CallExpr>(S)->arguments(), [](const Expr *Arg) {
        const auto *RD =
            Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
        return RD && RD->getName().contains("yield_context");
      });
    return false;
  });
}

// --- The spawned callable --------------------------------------------------

namespace {

const Stmt *callableBody(const Expr *E, int Depth) {
  if (!E || Depth > 3)
    return nullptr;
  E = ignoreTransparent(E);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return Lambda->getBody();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return callableBody(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return FD->getBody();
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return callableBody(Var->getInit(), Depth + 1);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::bind(&Pool::run, this) or a coroutine call `session(socket)`.
    const NamedDecl *Callee = calleeOf(Call);
    if (nameIn(Callee, {"::std::bind", "::boost::bind", "::std::bind_front"}) &&
        Call->getNumArgs() > 0)
      return callableBody(Call->getArg(0), Depth + 1);
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

} // namespace

const Stmt *spawnedBody(const Expr *Spawn) {
  llvm::ArrayRef<const Expr *> Args;
  llvm::SmallVector<const Expr *, 4> Storage;
  if (const auto *Call = dyn_cast<CallExpr>(Spawn))
    Storage.assign(Call->arg_begin(), Call->arg_end());
  else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(Spawn))
    Storage.assign(Ctor->arg_begin(), Ctor->arg_end());
  else if (const auto *New = dyn_cast<CXXNewExpr>(Spawn))
    if (const auto *Init =
            dyn_cast_or_null<CXXConstructExpr>(New->getConstructExpr()))
      Storage.assign(Init->arg_begin(), Init->arg_end());
  Args = Storage;
  for (const Expr *Arg : Args)
    if (const Stmt *Body = callableBody(Arg, 0))
      return Body;
  return nullptr;
}

bool isLongRunningWorker(const Stmt *Body) {
  static const llvm::StringRef TakesWork[] = {"pop",
                                              "try_pop",
                                              "wait_dequeue",
                                              "try_dequeue",
                                              "dequeue",
                                              "take",
                                              "receive",
                                              "async_receive",
                                              "recv",
                                              "get",
                                              "wait",
                                              "wait_for",
                                              "stop_requested",
                                              "fetch_add",
                                              "fetch_sub",
                                              "load",
                                              "next",
                                              "run",
                                              "run_one",
                                              "poll"};
  const auto RunsUntilStopped = [&](const Expr *Cond) {
    if (!Cond)
      return true; // for (;;)
    if (const auto *Lit =
            dyn_cast<CXXBoolLiteralExpr>(Cond->IgnoreParenImpCasts()))
      return Lit->getValue();
    if (const auto *Int = dyn_cast<IntegerLiteral>(Cond->IgnoreParenImpCasts()))
      return Int->getValue() != 0;
    return containsStmt(Cond, [&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S))
        return llvm::is_contained(TakesWork, plainCalleeName(Call));
      const ValueDecl *D = nullptr;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        D = Ref->getDecl();
      else if (const auto *Member = dyn_cast<MemberExpr>(S))
        D = Member->getMemberDecl();
      if (!D)
        return false;
      QualType T = D->getType().getNonReferenceType();
      if (T->isBooleanType())
        return true;
      const auto *RD = T->getAsCXXRecordDecl();
      return RD && (nameIn(RD, {"::std::atomic", "::std::atomic_flag",
                                "::std::stop_token"}));
    });
  };
  return containsStmt(Body, [&](const Stmt *S) {
    if (const auto *While = dyn_cast<WhileStmt>(S))
      return RunsUntilStopped(While->getCond()) ||
             While->getConditionVariable() != nullptr;
    if (const auto *Do = dyn_cast<DoStmt>(S))
      return RunsUntilStopped(Do->getCond());
    if (const auto *For = dyn_cast<ForStmt>(S))
      return !For->getInc() && RunsUntilStopped(For->getCond());
    return false;
  });
}

} // namespace clang::tidy::taskbound::analysis
