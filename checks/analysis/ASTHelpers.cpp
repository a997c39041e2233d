//===-- ASTHelpers.cpp - small AST helpers of the analysis ----------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace clang::tidy::taskbound::analysis {

const NamedDecl *calleeOf(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
        if (isa<VarDecl>(Ref->getDecl()))
          return Ref->getDecl();
  }
  return Call->getDirectCallee();
}

/// The method name of a member call, "" for anything else.
llvm::StringRef methodName(const Stmt *S) {
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    if (const auto *MD = Call->getMethodDecl())
      if (MD->getIdentifier())
        return MD->getName();
  return {};
}

/// Function calls' plain names, for the name-based heuristics.
llvm::StringRef plainCalleeName(const CallExpr *Call) {
  if (const NamedDecl *D = calleeOf(Call))
    if (D->getIdentifier())
      return D->getName();
  return {};
}

const Expr *ignoreTransparent(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(E);
             Ctor && Ctor->getNumArgs() == 1 && Ctor->getConstructor() &&
             (Ctor->getConstructor()->isCopyOrMoveConstructor()))
      E = Ctor->getArg(0);
    else
      return E;
  }
  return E;
}

/// Whether \p Parent only passes \p Child's value on unchanged: casts,
/// temporaries, copies and moves of the same object.
bool isTransparent(const Stmt *Parent) {
  if (const auto *E = dyn_cast_or_null<Expr>(Parent)) {
    if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr,
            OpaqueValueExpr>(E))
      return true;
    if (const auto *Ctor = dyn_cast<CXXConstructExpr>(E))
      return Ctor->getNumArgs() == 1 && Ctor->getConstructor() &&
             Ctor->getConstructor()->isCopyOrMoveConstructor();
    if (const auto *Call = dyn_cast<CallExpr>(E))
      return Call->getNumArgs() == 1 &&
             hasQualifiedName(calleeOf(Call), {"::std::move"});
  }
  return false;
}

/// The first parent of \p Node that is not transparent; \p Child receives the
/// node just below it.
const Stmt *opaqueParent(const Stmt *Node, const ParentMap &PM,
                         const Stmt *&Child) {
  Child = Node;
  while (true) {
    const Stmt *Parent = PM.getParent(Child);
    if (!isTransparent(Parent))
      return Parent;
    Child = Parent;
  }
}

bool isWithin(SourceLocation Loc, const Stmt *Outer, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Range = Outer->getSourceRange();
  return Range.isValid() && Loc.isValid() &&
         !SM.isBeforeInTranslationUnit(Loc, Range.getBegin()) &&
         !SM.isBeforeInTranslationUnit(Range.getEnd(), Loc);
}

bool isWithin(const Stmt *Inner, const Stmt *Outer, ASTContext &Ctx) {
  return isWithin(Inner->getBeginLoc(), Outer, Ctx);
}

bool isBefore(const Stmt *A, const Stmt *B, ASTContext &Ctx) {
  return Ctx.getSourceManager().isBeforeInTranslationUnit(A->getBeginLoc(),
                                                          B->getBeginLoc());
}

bool isThreadRecord(QualType T, const Vocabulary &V) {
  if (T.isNull())
    return false;
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && V.isThreadClass(RD);
}

/// The element type of a container type (its first template argument).
QualType elementType(QualType T) {
  if (T.isNull())
    return {};
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T.getNonReferenceType()->getAsCXXRecordDecl())) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type)
      return Args[0].getAsType();
  }
  return {};
}

bool waitsOnDestruction(QualType T, bool FutureBlocks) {
  if (T.isNull())
    return false;
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (Vocabulary::waitsOnDestruction(RD) ||
      (FutureBlocks && Vocabulary::isFuture(RD)))
    return true;
  QualType Element = elementType(T);
  return !Element.isNull() && waitsOnDestruction(Element, FutureBlocks);
}

std::optional<llvm::APSInt> constantValue(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Ctx))
    return Result.Val.getInt();
  return std::nullopt;
}

bool sameDecl(const Expr *A, const Expr *B) {
  const auto *RA =
      dyn_cast_or_null<DeclRefExpr>(A ? A->IgnoreParenImpCasts() : nullptr);
  const auto *RB =
      dyn_cast_or_null<DeclRefExpr>(B ? B->IgnoreParenImpCasts() : nullptr);
  return RA && RB && RA->getDecl() == RB->getDecl();
}

const VarDecl *referencedVar(const Expr *E) {
  if (const auto *Ref =
          dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

const ValueDecl *rootDecl(const Expr *E) {
  while (E) {
    E = ignoreTransparent(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl();
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      // `this->pool_` is the field; `batch.futures` is the variable.
      if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
        return Member->getMemberDecl();
      E = Member->getBase();
    } else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Sub->getBase();
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      E = Unary->getSubExpr();
    } else if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
      E = Binary->getLHS(); // `tids.data() + i`
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getNumArgs() == 0)
        return nullptr;
      E = Op->getArg(0); // `v[i]`, `*it`
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      E = Call->getImplicitObjectArgument(); // `v.at(i)`, `pool.get_executor()`
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

namespace {

class BodyVisitor : public RecursiveASTVisitor<BodyVisitor> {
public:
  explicit BodyVisitor(llvm::function_ref<bool(const Stmt *)> Callback)
      : Callback(Callback) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitStmt(Stmt *S) { return Callback(S); }

private:
  llvm::function_ref<bool(const Stmt *)> Callback;
};

} // namespace

bool forEachStmt(const Stmt *Root,
                 llvm::function_ref<bool(const Stmt *)> Callback) {
  if (!Root)
    return true;
  return BodyVisitor(Callback).TraverseStmt(const_cast<Stmt *>(Root));
}

bool containsStmt(const Stmt *Root, llvm::function_ref<bool(const Stmt *)> P) {
  bool Found = false;
  forEachStmt(Root, [&](const Stmt *S) {
    Found = P(S);
    return !Found;
  });
  return Found;
}

} // namespace clang::tidy::taskbound::analysis
