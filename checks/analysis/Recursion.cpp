//===-- Recursion.cpp - whether a spawn runs the function it is in --------===//
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
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// The class whose call operator \p F is, if it is one (not a lambda's).
const CXXRecordDecl *functionObjectClass(const FunctionDecl &F) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&F);
  if (!MD || MD->getOverloadedOperator() != OO_Call ||
      MD->getParent()->isLambda())
    return nullptr;
  return MD->getParent();
}

/// The call operator of a function object's class, if defined here.
const FunctionDecl *callOperatorOf(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->isLambda())
    return nullptr;
  for (const CXXMethodDecl *MD : RD->methods())
    if (MD->getOverloadedOperator() == OO_Call)
      return MD;
  return nullptr;
}

/// Counts the references to one function in a body, lambdas included.
class SelfReferenceCounter : public RecursiveASTVisitor<SelfReferenceCounter> {
public:
  explicit SelfReferenceCounter(const FunctionDecl &F)
      : F(F), Class(functionObjectClass(F)) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    Count += sameFunction(dyn_cast<FunctionDecl>(Ref->getDecl()), &F);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    Count += sameFunction(dyn_cast<FunctionDecl>(Member->getMemberDecl()), &F);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    Count += Class && Ctor && !Ctor->isCopyOrMoveConstructor() &&
             Ctor->getParent()->getCanonicalDecl() == Class->getCanonicalDecl();
    return true;
  }
  bool VisitInitListExpr(InitListExpr *Init) { // FibTask{n - 1, &x}
    const auto *RD = Init->getType()->getAsCXXRecordDecl();
    Count += Class && RD && RD->getCanonicalDecl() == Class->getCanonicalDecl();
    return true;
  }
  unsigned Count = 0;

private:
  const FunctionDecl &F;
  const CXXRecordDecl *Class;
};

/// The lambda \p E passes, also through a type-erasing wrapper built
/// around it (`std::function<void()>` constructed from a lambda).
const LambdaExpr *lambdaIn(const Expr *E) {
  E = ignoreTransparent(E);
  if (const auto *Wrap = dyn_cast_or_null<CXXConstructExpr>(E);
      Wrap && Wrap->getNumArgs() == 1)
    E = ignoreTransparent(Wrap->getArg(0));
  return dyn_cast_or_null<LambdaExpr>(E);
}

/// The callable a spawn runs, through a type-erasing wrapper built around
/// it (`std::function<void()>` constructed from a lambda, for a spawn
/// function that takes one).
const Expr *unwrappedCallable(const Spawn &S) {
  const Expr *Callable = ignoreTransparent(callableOf(S));
  if (const auto *Wrap = dyn_cast_or_null<CXXConstructExpr>(Callable);
      Wrap && Wrap->getNumArgs() == 1) {
    const Expr *Inner = ignoreTransparent(Wrap->getArg(0));
    if (isa<LambdaExpr>(Inner) || functionNamedBy(Inner))
      return Inner;
  }
  return Callable;
}

/// The first call of \p F in \p Body, outside nested lambdas.
const Expr *firstCallOf(const FunctionDecl &F, const Stmt *Body) {
  const Expr *Found = nullptr;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && sameFunction(Call->getDirectCallee(), &F))
      Found = Call;
    return !Found;
  });
  return Found;
}

/// Whether nothing but a `return` (of a value computed without a call)
/// follows \p S up to the end of the function, or of the lambda it is in.
bool isLastThingDone(const Stmt *S, const ParentMap &PM) {
  const auto Trivial = [](const Stmt *After) {
    if (isa<NullStmt>(After))
      return true;
    return isa<ReturnStmt, CoreturnStmt>(After) &&
           !containsStmt(After, [](const Stmt *C) { return isa<CallExpr>(C); });
  };
  for (const Stmt *Child = S, *Parent = PM.getParent(S); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    if (isa<LambdaExpr>(Parent))
      return true; // the lambda runs later, as the continuation
    const auto *Block = dyn_cast<CompoundStmt>(Parent);
    if (!Block)
      continue;
    const auto *After = llvm::find(Block->body(), Child);
    if (After != Block->body_end() &&
        !std::all_of(std::next(After), Block->body_end(), Trivial))
      return false;
  }
  return true;
}

} // namespace

/// Whether \p A and \p B are one function, or instantiations of one
/// template (`quicksort<It>` spawning `quicksort<It>`).
bool sameFunction(const FunctionDecl *A, const FunctionDecl *B) {
  if (!A || !B)
    return false;
  if (A->getCanonicalDecl() == B->getCanonicalDecl())
    return true;
  const FunctionDecl *PA = A->getTemplateInstantiationPattern();
  const FunctionDecl *PB = B->getTemplateInstantiationPattern();
  return (PA || PB) &&
         (PA ? PA : A)->getCanonicalDecl() == (PB ? PB : B)->getCanonicalDecl();
}

/// The function \p E names: `fib`, `&Tree::visit`, `this->walk`.
const FunctionDecl *functionNamedBy(const Expr *E) {
  E = ignoreTransparent(E);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return dyn_cast<FunctionDecl>(Member->getMemberDecl());
  return nullptr;
}

const FunctionDecl *spawnedFunction(const Spawn &S) {
  const Expr *Callable = unwrappedCallable(S);
  // A call of a function that spawns what it writes itself
  // (`void spawn_walk(Node *c) { std::thread(walk, c).detach(); }`).
  if (!Callable && S.Via && S.Via->Kind == SpawnSummary::StartsTask)
    return spawnedFunction(S.Via->Inner);
  if (!Callable)
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(Callable)) {
    // std::bind(&Tree::visit, this, c), or a coroutine called for its
    // awaitable: co_spawn(ex, walk(c), detached).
    if (Vocabulary::isBinder(calleeOf(Call)) && Call->getNumArgs() > 0)
      return functionNamedBy(Call->getArg(0));
    return Call->getDirectCallee();
  }
  if (const FunctionDecl *Named = functionNamedBy(Callable))
    return Named;
  return callOperatorOf(Callable->getType());
}

const FunctionDecl *functionKey(const FunctionDecl *F) {
  if (!F)
    return nullptr;
  if (const FunctionDecl *Pattern = F->getTemplateInstantiationPattern())
    F = Pattern;
  return F->getCanonicalDecl();
}

llvm::SmallPtrSet<const FunctionDecl *, 8>
functionsNamedIn(const FunctionDecl &F) {
  // Lambdas included: `spawn([=] { walk(c); })` names walk.
  class Collector : public RecursiveASTVisitor<Collector> {
  public:
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) { return add(Ref->getDecl()); }
    bool VisitMemberExpr(MemberExpr *M) { return add(M->getMemberDecl()); }
    llvm::SmallPtrSet<const FunctionDecl *, 8> Named;

  private:
    bool add(const ValueDecl *D) {
      if (const FunctionDecl *Key =
              functionKey(dyn_cast_or_null<FunctionDecl>(D)))
        Named.insert(Key);
      return true;
    }
  } C;
  C.TraverseStmt(F.getBody());
  return std::move(C.Named);
}

unsigned selfReferences(const FunctionDecl &F) {
  SelfReferenceCounter Counter(F);
  Counter.TraverseStmt(F.getBody());
  return Counter.Count;
}

const Expr *recursiveCallIn(const Spawn &S, const FunctionDecl &F) {
  const Expr *Callable = unwrappedCallable(S);
  if (const FunctionDecl *Runs = spawnedFunction(S)) {
    if (!sameFunction(Runs, &F))
      return nullptr;
    // Through a summary the helper names F: the call of the helper is it.
    return Callable ? Callable : S.E;
  }
  if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(Callable))
    return firstCallOf(F, Lambda->getBody());
  // A callable the row does not place (a user-listed spawn function taking
  // a std::function), or a helper that runs a lambda handed to it inside
  // its own task (`spawn_logged([=] { walk(c); })`): a lambda argument.
  if (const auto *Call = dyn_cast<CallExpr>(S.E); Call && (!Callable || S.Via))
    for (const Expr *Arg : Call->arguments())
      if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(lambdaIn(Arg)))
        if (const Expr *Recursive = firstCallOf(F, Lambda->getBody()))
          return Recursive;
  // A helper that spawns a lambda it writes itself, which calls F
  // (`void spawn_walk(Node *c) { std::thread([c] { walk(c); }).detach(); }`):
  // the call of the helper is the recursive call.
  if (S.Via && S.Via->Kind == SpawnSummary::StartsTask &&
      recursiveCallIn(S.Via->Inner, F))
    return S.E;
  return nullptr;
}

bool isContinuation(const Spawn &S, const FunctionDecl &F, ParentMaps &Maps,
                    ASTContext &Ctx) {
  if (selfReferences(F) != 1 || !enclosingLoops(S.E, &F, Maps).empty())
    return false;
  const ParentMap &PM = Maps.of(&F);
  const TaskHandle H = findTaskHandle(S, F.getBody(), PM);
  return drainIn(F.getBody(), S.E, H, PM, Ctx) == Drain::None &&
         isLastThingDone(S.E, PM);
}

} // namespace clang::tidy::taskbound::analysis
