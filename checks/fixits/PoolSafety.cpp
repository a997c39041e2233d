//===-- PoolSafety.cpp - whether a task can move onto a bounded pool ------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A thread per task never makes one task wait for another to start; a
// bounded pool does: with N workers, the N+1st task starts only when one of
// the first N ends. So a task that waits for another task (a barrier over
// all of them, a condition variable another task notifies, a future another
// task fulfils) can deadlock on the pool where it could not before, and so
// can a task that needs a mutex the spawning thread holds while it spawns
// or waits. A task that keeps state per thread (thread_local) sees it
// shared with other tasks on a pool. Such a task gets no rewrite.
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"
#include "analysis/ASTHelpers.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::taskbound::fixits {

using analysis::Vocabulary;

namespace {

/// How many calls away from the task's body its callees are read.
constexpr unsigned FollowDepth = 3;

/// The class of \p E's object, through pointers and references.
const CXXRecordDecl *objectClass(const Expr *E) {
  QualType T = E->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

bool isMutex(const Expr *E) {
  const CXXRecordDecl *RD = objectClass(E);
  return RD && RD->getIdentifier() &&
         llvm::StringRef(RD->getName()).lower().find("mutex") !=
             std::string::npos;
}

/// What a task does that matters on a bounded pool, read from its body and
/// the project functions it calls.
class TaskReader : public RecursiveASTVisitor<TaskReader> {
public:
  TaskReader(ASTContext &Ctx, llvm::SmallPtrSetImpl<const Decl *> &Seen)
      : Ctx(Ctx), Seen(Seen) {}

  bool Unsafe = false;
  llvm::SmallVector<const ValueDecl *, 2> Mutexes;
  bool LocksUnknownMutex = false;

  /// Reads \p Body, the body of a task or of a function it calls.
  void read(const Stmt *Body, unsigned Depth) {
    const Stmt *SavedBody = Current;
    const unsigned SavedDepth = this->Depth;
    Current = Body;
    this->Depth = Depth;
    TraverseStmt(const_cast<Stmt *>(Body));
    Current = SavedBody;
    this->Depth = SavedDepth;
  }

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->getTLSKind() != VarDecl::TLS_None)
      Unsafe = true; // per-thread state, shared by the tasks of a worker
    return !Unsafe;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    const CXXRecordDecl *RD = Construct->getConstructor()->getParent();
    if (Vocabulary::isLockType(RD))
      for (const Expr *Arg : Construct->arguments())
        if (isMutex(Arg))
          addMutex(Arg);
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const Expr *Object = Call->getImplicitObjectArgument();
    const llvm::StringRef Method = analysis::methodName(Call);
    if (!Object)
      return true;
    if (Vocabulary::isMutexLockMethod(Method) && isMutex(Object))
      addMutex(Object);
    const CXXRecordDecl *RD = objectClass(Object);
    if (RD && Vocabulary::isRendezvousType(RD) &&
        Vocabulary::isRendezvousWait(Method) && !waitsForOwnTask(Object, RD))
      Unsafe = true;
    return !Unsafe;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    if (Vocabulary::isRendezvousFunction(Callee)) {
      Unsafe = true;
      return false;
    }
    follow(Callee);
    return !Unsafe;
  }

  bool VisitWhileStmt(WhileStmt *S) { return spins(S->getCond()); }
  bool VisitDoStmt(DoStmt *S) { return spins(S->getCond()); }
  bool VisitForStmt(ForStmt *S) { return spins(S->getCond()); }

private:
  bool isLocal(const ValueDecl *D) const {
    return D && analysis::isWithin(D->getLocation(), Current, Ctx);
  }

  /// A future or thread the task itself started and now waits for: the
  /// nested spawn-and-wait that cannot wait for a task queued behind it.
  bool waitsForOwnTask(const Expr *Object, const CXXRecordDecl *RD) const {
    return (Vocabulary::isFuture(RD) || Vocabulary::waitsOnDestruction(RD)) &&
           isLocal(analysis::rootDecl(Object));
  }

  void addMutex(const Expr *E) {
    const ValueDecl *D = analysis::rootDecl(E);
    if (!D || isa<ParmVarDecl>(D))
      LocksUnknownMutex = true; // a mutex passed in: any the spawner holds
    else if (!isLocal(D) && !llvm::is_contained(Mutexes, D))
      Mutexes.push_back(D);
  }

  /// A loop that waits on an atomic or volatile another thread sets.
  bool spins(const Expr *Cond) {
    if (Cond && analysis::containsStmt(Cond, [&](const Stmt *S) {
          const auto *Ref = dyn_cast<DeclRefExpr>(S);
          const ValueDecl *D = Ref ? Ref->getDecl() : nullptr;
          if (const auto *Member = dyn_cast<MemberExpr>(S))
            D = Member->getMemberDecl();
          if (!D || isLocal(D))
            return false;
          const CXXRecordDecl *RD = D->getType()->getAsCXXRecordDecl();
          return D->getType().isVolatileQualified() ||
                 (RD && Vocabulary::isStopFlagType(RD));
        }))
      Unsafe = true;
    return !Unsafe;
  }

  /// Reads a project function the task calls; one the translation unit only
  /// declares may do anything, and so does one too many calls away.
  void follow(const FunctionDecl *Callee) {
    const SourceManager &SM = Ctx.getSourceManager();
    if (SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
      return;
    const FunctionDecl *Def = Callee->getDefinition();
    if (!Def || !Def->getBody() || Depth == 0) {
      Unsafe = true;
      return;
    }
    if (Seen.insert(Def).second)
      read(Def->getBody(), Depth - 1);
  }

  ASTContext &Ctx;
  llvm::SmallPtrSetImpl<const Decl *> &Seen;
  const Stmt *Current = nullptr;
  unsigned Depth = 0;
};

/// Whether the block that declares \p Decls also contains \p Point.
bool blockCovers(const DeclStmt *Decls, const Stmt *Point, const Stmt *Body,
                 ASTContext &Ctx) {
  return analysis::containsStmt(Body, [&](const Stmt *S) {
    const auto *Block = dyn_cast<CompoundStmt>(S);
    return Block && llvm::is_contained(Block->body(), Decls) &&
           analysis::isWithin(Point, Block, Ctx);
  });
}

/// Whether the spawning function holds a lock on \p Mutex (on any mutex when
/// null) at \p Point: a lock object declared before it in a block around it,
/// or a `lock()` call anywhere.
bool holdsLockAt(const Stmt *Point, const ValueDecl *Mutex,
                 const FunctionDecl &Spawner, ASTContext &Ctx) {
  const auto Locks = [&](const Expr *E) {
    return isMutex(E) && (!Mutex || analysis::rootDecl(E) == Mutex);
  };
  return analysis::containsStmt(Spawner.getBody(), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      return Vocabulary::isMutexLockMethod(analysis::methodName(Call)) &&
             Locks(Call->getImplicitObjectArgument());
    const auto *Decls = dyn_cast<DeclStmt>(S);
    if (!Decls || !analysis::isBefore(Decls, Point, Ctx))
      return false;
    for (const Decl *D : Decls->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      const Expr *Value = Var ? Var->getInit() : nullptr;
      const auto *Init =
          Value ? dyn_cast<CXXConstructExpr>(Value->IgnoreImplicit()) : nullptr;
      if (Init && Vocabulary::isLockType(Init->getConstructor()->getParent()) &&
          llvm::any_of(Init->arguments(), Locks) &&
          blockCovers(Decls, Point, Spawner.getBody(), Ctx))
        return true;
    }
    return false;
  });
}

} // namespace

bool runsOnBoundedPool(const Stmt *Task, llvm::ArrayRef<const Stmt *> Points,
                       const FunctionDecl &Spawner, ASTContext &Ctx) {
  if (!Task)
    return false; // the translation unit does not show what the task does
  llvm::SmallPtrSet<const Decl *, 8> Seen;
  TaskReader Reader(Ctx, Seen);
  Reader.read(Task, FollowDepth);
  if (Reader.Unsafe)
    return false;
  return llvm::none_of(Points, [&](const Stmt *Point) {
    if (Reader.LocksUnknownMutex)
      return holdsLockAt(Point, nullptr, Spawner, Ctx);
    return llvm::any_of(Reader.Mutexes, [&](const ValueDecl *Mutex) {
      return holdsLockAt(Point, Mutex, Spawner, Ctx);
    });
  });
}

} // namespace clang::tidy::taskbound::fixits
