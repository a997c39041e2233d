//===-- HomemadePools.cpp - a home-made pool's unbounded queue ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The thread pool copied into thousands of projects: N workers popping
// std::function<void()> from a std::queue, and an enqueue(f, args...) that
// pushes onto it and notifies a condition variable. Nothing bounds the
// queue, so calling enqueue once per input element is the same problem as
// asio::post per element. Found by what the class does, whatever its names.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// Whether a queue's element type holds a callable: std::function, a
/// packaged_task, a lambda or function object, a function pointer, a
/// pointer to one, or a struct with such a field.
bool isCallableType(QualType T, int Depth = 0) {
  if (T.isNull() || Depth > 2)
    return false;
  T = T.getNonReferenceType();
  if (T->isFunctionPointerType())
    return true;
  if (T->isPointerType())
    return isCallableType(T->getPointeeType(), Depth + 1);
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (Vocabulary::isCallableWrapper(RD))
    return true;
  if (Vocabulary::isSmartPointer(RD))
    return isCallableType(elementType(T), Depth + 1);
  if (!RD->hasDefinition())
    return false;
  for (const CXXMethodDecl *MD : RD->methods())
    if (MD->getOverloadedOperator() == OO_Call ||
        (MD->isVirtual() && MD->getIdentifier() && MD->getName() == "run"))
      return true;
  return Depth == 0 && llvm::any_of(RD->fields(), [&](const FieldDecl *F) {
           return isCallableType(F->getType(), Depth + 1);
         });
}

/// Whether \p Body takes elements out of \p Queue.
bool pops(const Stmt *Body, const FieldDecl *Queue) {
  return containsStmt(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    return Call && Vocabulary::isPopMethod(methodName(Call)) &&
           rootDecl(Call->getImplicitObjectArgument()) == Queue;
  });
}

/// Whether \p Body, or a member function of \p Pool it calls, pops \p Queue.
bool popsDirectlyOrInMember(const Stmt *Body, const FieldDecl *Queue,
                            const CXXRecordDecl &Pool) {
  if (pops(Body, Queue))
    return true;
  return containsStmt(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
    const FunctionDecl *Def = MD ? MD->getDefinition() : nullptr;
    return Def && MD->getParent() == &Pool && pops(Def->getBody(), Queue);
  });
}

/// The member containers of callables that \p Pool declares.
llvm::SmallVector<const FieldDecl *, 2>
callableQueues(const CXXRecordDecl &Pool) {
  llvm::SmallVector<const FieldDecl *, 2> Queues;
  for (const FieldDecl *Field : Pool.fields())
    if (isCallableType(elementType(Field->getType())))
      Queues.push_back(Field);
  return Queues;
}

/// Whether \p M, before \p Push, waits for room or refuses a full queue:
/// a limiter or a wait while at a limit, or a comparison that involves the
/// queue (`if (tasks_.size() >= max_) return false;`) or sets one member
/// against another (`if (pending_ >= limit_) throw ...;`).
bool boundsQueue(const Stmt *Body, const Stmt *Push, const FieldDecl *Queue,
                 const Vocabulary &V, ASTContext &Ctx) {
  if (waitsForRoomBefore(Body, Push, V, Ctx))
    return true;
  const auto Mentions = [](const Expr *E, auto &&Pred) {
    return containsStmt(E, [&](const Stmt *S) {
      const auto *Ref = dyn_cast<Expr>(S);
      const ValueDecl *D = Ref ? rootDecl(Ref) : nullptr;
      return D && Pred(D);
    });
  };
  const auto IsQueue = [&](const ValueDecl *D) { return D == Queue; };
  const auto IsMember = [](const ValueDecl *D) {
    return isa<FieldDecl>(D) && !D->getType()->isBooleanType();
  };
  return containsStmt(Body, [&](const Stmt *S) {
    const auto *Bin = dyn_cast<BinaryOperator>(S);
    if (!Bin || !Bin->isComparisonOp() || !isBefore(Bin, Push, Ctx))
      return false;
    return Mentions(Bin, IsQueue) || (Mentions(Bin->getLHS(), IsMember) &&
                                      Mentions(Bin->getRHS(), IsMember));
  });
}

/// The push of a callable onto one of \p M's class's queues that the class's
/// own workers pop, unbounded; null if \p M has none.
const CXXMemberCallExpr *unboundedPush(const CXXMethodDecl &M,
                                       SpawnFinder &Finder, ASTContext &Ctx) {
  const CXXRecordDecl &Pool = *M.getParent();
  const llvm::SmallVector<const FieldDecl *, 2> Popped =
      Finder.queuesPoppedByOwnWorkers(Pool, Ctx);
  if (Popped.empty())
    return nullptr;
  const CXXMemberCallExpr *Found = nullptr;
  forEachStmt(M.getBody(), [&](const Stmt *S) {
    const auto *Push = dyn_cast<CXXMemberCallExpr>(S);
    if (!Push || !Vocabulary::isInsertMethod(methodName(Push)))
      return true;
    const auto *Queue = dyn_cast_or_null<FieldDecl>(
        rootDecl(Push->getImplicitObjectArgument()));
    if (Queue && llvm::is_contained(Popped, Queue) &&
        !boundsQueue(M.getBody(), Push, Queue, Finder.vocabulary(), Ctx))
      Found = Push;
    return !Found;
  });
  return Found;
}

} // namespace

llvm::SmallVector<const FieldDecl *, 2>
findQueuesPoppedByOwnWorkers(const CXXRecordDecl &Pool, SpawnFinder &Finder,
                             ASTContext &Ctx) {
  const llvm::SmallVector<const FieldDecl *, 2> Queues = callableQueues(Pool);
  llvm::SmallVector<const FieldDecl *, 2> Popped;
  if (Queues.empty())
    return Popped;
  for (const CXXMethodDecl *Method : Pool.methods()) {
    const FunctionDecl *Def = Method->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    for (const Spawn &S : Finder.spawnsIn(*Def, Ctx)) {
      const Stmt *Worker = spawnedBody(S);
      if (!Worker)
        continue;
      for (const FieldDecl *Queue : Queues)
        if (!llvm::is_contained(Popped, Queue) &&
            popsDirectlyOrInMember(Worker, Queue, Pool))
          Popped.push_back(Queue);
    }
  }
  return Popped;
}

std::unique_ptr<SpawnSummary>
enqueueSummary(const CXXMethodDecl &M, SpawnFinder &Finder, ASTContext &Ctx) {
  if (M.isStatic() || !M.getBody())
    return nullptr;
  const CXXMemberCallExpr *Push = unboundedPush(M, Finder, Ctx);
  if (!Push)
    return nullptr;
  auto Summary = std::make_unique<SpawnSummary>();
  Summary->Kind = SpawnSummary::EnqueuesUnbounded;
  Summary->Site = Push;
  Summary->Pool = M.getParent();
  Summary->Queue = rootDecl(Push->getImplicitObjectArgument());
  Summary->Name = qualifiedName(&M);
  Summary->Display = displayName(M);
  const Place Handle =
      M.getReturnType()->isVoidType() ? Place::none() : Place::result();
  Summary->Api = {Summary->Name,
                  Summary->Display,
                  SpawnKind::Task,
                  ApiShape::Function,
                  Place::object(),
                  Handle,
                  Place::firstBody(),
                  /*HeldByExecutor=*/true,
                  /*HasLaunchPolicy=*/false};
  return Summary;
}

} // namespace clang::tidy::taskbound::analysis
