//===-- HolderUses.cpp - how a function uses a container of task handles --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The gather and the thread vector are rewritten only when the function
// does nothing with the container but declare it, reserve room, fill it in
// one loop and walk it once afterwards, calling get() or join() on each
// element: then the container's whole life is what the rewrite replaces.
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"
#include "analysis/ASTHelpers.h"
#include "analysis/Internal.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::fixits {

using analysis::ignoreTransparent;
using analysis::methodName;

namespace {

/// Every reference to one variable in a function, lambdas included.
class References : public RecursiveASTVisitor<References> {
public:
  explicit References(const ValueDecl *D) : D(D) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == D)
      Found.push_back(Ref);
    return true;
  }
  const ValueDecl *D;
  llvm::SmallVector<const DeclRefExpr *, 8> Found;
};

llvm::SmallVector<const DeclRefExpr *, 8> referencesTo(const ValueDecl *D,
                                                       const Stmt *Body) {
  References R(D);
  R.TraverseStmt(const_cast<Stmt *>(Body));
  return R.Found;
}

} // namespace

bool refersTo(const Stmt *S, const ValueDecl *D) {
  return !referencesTo(D, S).empty();
}

namespace {

/// The member call whose object \p Ref is (`v.size()`), or null.
const CXXMemberCallExpr *memberCallOn(const DeclRefExpr *Ref,
                                      const ParentMap &PM) {
  const Stmt *Child = Ref;
  const Stmt *Parent = PM.getParent(Ref);
  while (isa_and_nonnull<ImplicitCastExpr, ParenExpr, MemberExpr>(Parent)) {
    Child = Parent;
    Parent = PM.getParent(Parent);
  }
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
  return Call && isa<MemberExpr>(Child) ? Call : nullptr;
}

bool isHolderType(const VarDecl *V) {
  const auto *RD = V->getType()->getAsCXXRecordDecl();
  return V->hasLocalStorage() && !isa<ParmVarDecl>(V) &&
         !V->getType()->isReferenceType() &&
         analysis::hasQualifiedName(RD, {"::std::vector"});
}

/// The DeclStmt that declares \p V alone, default-constructed.
const DeclStmt *declarationOf(const VarDecl *V, const ParentMap &PM) {
  if (!V->getInit())
    return nullptr;
  const auto *Decls = dyn_cast_or_null<DeclStmt>(PM.getParent(V->getInit()));
  if (!Decls || !Decls->isSingleDecl())
    return nullptr;
  const auto *Init = dyn_cast<CXXConstructExpr>(V->getInit()->IgnoreImplicit());
  return Init && Init->getNumArgs() == 0 ? Decls : nullptr;
}

/// The calls named \p Wait on \p Element in \p Body, if those (and
/// `joinable()`) are its only uses.
bool collectWaits(const VarDecl *Element, const Stmt *Body,
                  llvm::StringRef Wait, const ParentMap &PM, HolderUses &U) {
  for (const DeclRefExpr *Ref : referencesTo(Element, Body)) {
    const CXXMemberCallExpr *Call = memberCallOn(Ref, PM);
    const llvm::StringRef Name = Call ? methodName(Call) : "";
    if (Name == Wait)
      U.Waits.push_back(Call);
    else if (Name != "joinable")
      return false;
  }
  return !U.Waits.empty();
}

/// `for (auto &f : v) use(f.get());`
bool readRangeDrain(const CXXForRangeStmt *For, llvm::StringRef Wait,
                    const ParentMap &PM, HolderUses &U) {
  if (analysis::referencedVar(For->getRangeInit()) != U.Holder ||
      !referencesTo(U.Holder, For->getBody()).empty())
    return false;
  U.Element = For->getLoopVariable();
  return collectWaits(U.Element, For->getBody(), Wait, PM, U);
}

/// `for (std::size_t i = 0; i < v.size(); ++i) use(v[i].get());`
bool readIndexDrain(const ForStmt *For, llvm::StringRef Wait,
                    const ParentMap &PM, HolderUses &U, ASTContext &Ctx) {
  const auto Shape = analysis::countingShape(For, Ctx);
  const auto *Size =
      Shape ? dyn_cast<CXXMemberCallExpr>(ignoreTransparent(Shape->Bound))
            : nullptr;
  const auto Start =
      Shape ? analysis::constantValue(Shape->Start, Ctx) : std::nullopt;
  if (!Size || methodName(Size) != "size" || !Start || *Start != 0 ||
      Shape->Step != 1 || Shape->Op != BO_LT ||
      analysis::referencedVar(Size->getImplicitObjectArgument()) != U.Holder)
    return false;
  for (const DeclRefExpr *Ref : referencesTo(U.Holder, For->getBody())) {
    const auto *Index =
        dyn_cast_or_null<CXXOperatorCallExpr>(PM.getParent(Ref));
    if (!Index)
      Index = dyn_cast_or_null<CXXOperatorCallExpr>(
          PM.getParent(PM.getParent(Ref)));
    if (!Index || Index->getOperator() != OO_Subscript ||
        analysis::referencedVar(Index->getArg(1)) != Shape->Var)
      return false;
    const auto *Call =
        dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(PM.getParent(Index)));
    if (!Call || methodName(Call) != Wait ||
        ignoreTransparent(Call->getImplicitObjectArgument()) != Index)
      return false;
    U.Waits.push_back(Call);
  }
  // The counter must not change in the body: each element is read once.
  return !U.Waits.empty() &&
         llvm::all_of(referencesTo(Shape->Var, For->getBody()),
                      [&](const DeclRefExpr *Ref) {
                        return !isa<UnaryOperator, BinaryOperator>(
                            PM.getParent(Ref));
                      });
}

bool readDrain(const Stmt *Loop, llvm::StringRef Wait, const ParentMap &PM,
               HolderUses &U, ASTContext &Ctx) {
  U.Drain = Loop;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return readRangeDrain(Range, Wait, PM, U);
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return readIndexDrain(For, Wait, PM, U, Ctx);
  return false;
}

/// Whether reference \p Ref is one the rewrite accounts for.
bool accountedFor(const DeclRefExpr *Ref, const Expr *Insert,
                  const HolderUses &U, const ParentMap &PM, ASTContext &Ctx) {
  const CXXMemberCallExpr *Call = memberCallOn(Ref, PM);
  if (Call && Call == Insert)
    return true;
  if (U.Drain && analysis::isWithin(Ref, U.Drain, Ctx))
    return true; // readDrain() checked every use inside
  if (Call && llvm::is_contained(U.Reserves, Call))
    return true;
  const llvm::StringRef Name = Call ? methodName(Call) : "";
  return Name == "size" || Name == "empty";
}

} // namespace

const VarDecl *holderOf(const analysis::Spawn &S, const ParentMap &PM,
                        const CXXMemberCallExpr *&Insert) {
  Insert = dyn_cast<CXXMemberCallExpr>(S.E);
  if (!Insert || !analysis::Vocabulary::isEmplaceMethod(methodName(Insert))) {
    const Stmt *Child = nullptr;
    Insert = dyn_cast_or_null<CXXMemberCallExpr>(
        analysis::opaqueParent(S.E, PM, Child));
  }
  if (!Insert || !analysis::Vocabulary::isInsertMethod(methodName(Insert)))
    return nullptr;
  const VarDecl *Holder =
      analysis::referencedVar(Insert->getImplicitObjectArgument());
  return Holder && isHolderType(Holder) ? Holder : nullptr;
}

std::optional<HolderUses> holderUses(const VarDecl *Holder, const Stmt *Fill,
                                     const Expr *Insert,
                                     llvm::StringRef WaitMethod,
                                     RewriteContext &RC) {
  const ParentMap &PM = RC.Maps.of(&RC.Function);
  HolderUses U;
  U.Holder = Holder;
  U.Declaration = declarationOf(Holder, PM);
  const CompoundStmt *Block = blockOf(Fill, PM);
  if (!U.Declaration || !Block)
    return std::nullopt;
  const auto Refs = referencesTo(Holder, RC.Function.getBody());
  for (const DeclRefExpr *Ref : Refs)
    if (const CXXMemberCallExpr *Call = memberCallOn(Ref, PM);
        Call && methodName(Call) == "reserve" && blockOf(Call, PM) &&
        analysis::isBefore(Call, Fill, RC.Ctx))
      U.Reserves.push_back(Call);
  // The drain: the first statement after the loop that names the holder
  // other than through size() or empty().
  for (const Stmt *Next : statementsAfter(Block, Fill)) {
    const bool Uses = llvm::any_of(Refs, [&](const DeclRefExpr *Ref) {
      const CXXMemberCallExpr *Call = memberCallOn(Ref, PM);
      const llvm::StringRef Name = Call ? methodName(Call) : "";
      return analysis::isWithin(Ref, Next, RC.Ctx) && Name != "size" &&
             Name != "empty";
    });
    if (Uses) {
      if (!readDrain(Next, WaitMethod, PM, U, RC.Ctx))
        return std::nullopt;
      break;
    }
  }
  if (!llvm::all_of(Refs, [&](const DeclRefExpr *Ref) {
        return accountedFor(Ref, Insert, U, PM, RC.Ctx);
      }))
    return std::nullopt;
  return U;
}

} // namespace clang::tidy::taskbound::fixits
