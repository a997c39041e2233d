//===-- Drains.cpp - whether an iteration waits for the tasks it started --===//

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
      Vocabulary::isPassThrough(calleeOf(Call)))
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
  return Var && Var->hasLocalStorage() && waitsOnDestruction(Var->getType()) &&
         !llvm::is_contained(H.MovedFrom, Holder) &&
         isWithin(Var->getLocation(), Body, Ctx);
}

} // namespace

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
