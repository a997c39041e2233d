//===-- TripCount.cpp - how many times a loop body runs -------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <functional>

namespace clang::tidy::taskbound::analysis {

bool derivesFromConcurrency(const Expr *E, const Vocabulary &V) {
  llvm::SmallPtrSet<const Decl *, 8> Seen;
  std::function<bool(const Stmt *, int)> Walk = [&](const Stmt *S,
                                                    int Depth) -> bool {
    return containsStmt(S, [&](const Stmt *Node) {
      if (const auto *Call = dyn_cast<CallExpr>(Node)) {
        if (V.isConcurrencyFunction(calleeOf(Call)))
          return true;
        // A function of the TU whose every `return` gives the concurrency
        // (oneTBB's utils::get_platform_max_threads()).
        const auto *Callee = dyn_cast_or_null<FunctionDecl>(calleeOf(Call));
        const FunctionDecl *Def = nullptr;
        if (Depth >= 4 || !Callee || !Callee->hasBody(Def) ||
            !Seen.insert(Def).second)
          return false;
        bool Returns = false;
        const bool All = forEachStmt(Def->getBody(), [&](const Stmt *S) {
          const auto *Return = dyn_cast<ReturnStmt>(S);
          if (!Return)
            return true;
          Returns = true;
          return Return->getRetValue() &&
                 Walk(Return->getRetValue(), Depth + 1);
        });
        return All && Returns;
      }
      if (Depth >= 4)
        return false;
      const Expr *Init = nullptr;
      const Decl *D = nullptr;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Node)) {
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          D = Var, Init = Var->getInit();
      } else if (const auto *Member = dyn_cast<MemberExpr>(Node)) {
        if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
          D = Field, Init = Field->getInClassInitializer();
      }
      return Init && Seen.insert(D).second && Walk(Init, Depth + 1);
    });
  };
  return E && Walk(E, 0);
}

bool namesWorkerCount(const Expr *E) {
  return containsStmt(E, [&](const Stmt *S) {
    const NamedDecl *D = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      D = Ref->getDecl();
    else if (const auto *Member = dyn_cast<MemberExpr>(S))
      D = Member->getMemberDecl();
    return D && D->getIdentifier() &&
           Vocabulary::namesWorkerCount(D->getName());
  });
}

bool isContainerSize(const Expr *E) {
  return containsStmt(E, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    return Call && Vocabulary::isSizeCall(plainCalleeName(Call));
  });
}

std::optional<CountingShape> countingShape(const ForStmt *For,
                                           ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond || !Cond->isComparisonOp() ||
      !Cond->getLHS()->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  CountingShape Shape;
  Shape.Op = Cond->getOpcode();
  const VarDecl *Var = referencedVar(Cond->getLHS());
  Shape.Bound = Cond->getRHS();
  if (!Var) {
    Var = referencedVar(Cond->getRHS());
    Shape.Bound = Cond->getLHS();
    Shape.Op = BinaryOperator::reverseComparisonOp(Shape.Op);
  }
  if (!Var)
    return std::nullopt;
  Shape.Var = Var;

  if (const auto *Decls = dyn_cast_or_null<DeclStmt>(For->getInit())) {
    if (Decls->isSingleDecl() && Decls->getSingleDecl() == Var)
      Shape.Start = Var->getInit();
  } else if (const auto *Assign =
                 dyn_cast_or_null<BinaryOperator>(For->getInit())) {
    if (Assign->getOpcode() == BO_Assign &&
        referencedVar(Assign->getLHS()) == Var)
      Shape.Start = Assign->getRHS();
  }

  if (const Stmt *Inc = For->getInc()) {
    if (const auto *Unary =
            dyn_cast<UnaryOperator>(cast<Expr>(Inc)->IgnoreParenImpCasts())) {
      if (referencedVar(Unary->getSubExpr()) == Var)
        Shape.Step = Unary->isIncrementOp() ? 1 : -1;
    } else if (const auto *Compound = dyn_cast<CompoundAssignOperator>(Inc)) {
      if (referencedVar(Compound->getLHS()) == Var)
        if (auto Step = constantValue(Compound->getRHS(), Ctx))
          Shape.Step = Compound->getOpcode() == BO_AddAssign
                           ? Step->getExtValue()
                           : -Step->getExtValue();
    }
  }
  return Shape;
}

namespace {

/// The number of iterations of a counting loop with constant ends.
std::optional<std::uint64_t> iterations(llvm::APSInt Start, llvm::APSInt Bound,
                                        BinaryOperatorKind Op,
                                        std::int64_t Step) {
  if (Step == 0)
    return std::nullopt;
  const std::int64_t S = Start.getExtValue(), B = Bound.getExtValue();
  const bool Up = Step > 0;
  std::int64_t Span;
  switch (Op) {
  case BO_LT:
    Span = B - S;
    break;
  case BO_LE:
    Span = B - S + 1;
    break;
  case BO_GT:
    Span = S - B;
    break;
  case BO_GE:
    Span = S - B + 1;
    break;
  case BO_NE:
    Span = Up ? B - S : S - B;
    break;
  default:
    return std::nullopt;
  }
  // A loop that counts away from its bound runs until overflow: not a count.
  if ((Op == BO_LT || Op == BO_LE) && !Up)
    return std::nullopt;
  if ((Op == BO_GT || Op == BO_GE) && Up)
    return std::nullopt;
  const std::int64_t Magnitude = Up ? Step : -Step;
  if (Span <= 0)
    return 0;
  return static_cast<std::uint64_t>((Span + Magnitude - 1) / Magnitude);
}

/// The size of a range whose size is in its type or spelling: a C array, a
/// std::array, an initializer list, std::views::iota(a, b).
std::optional<std::uint64_t> constantRangeSize(const Expr *E, QualType T,
                                               ASTContext &Ctx) {
  if (const auto *Array = Ctx.getAsConstantArrayType(T))
    return Array->getSize().getZExtValue();
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(E))
    if (const auto *Init =
            dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit()))
      return Init->getNumInits();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec)
    return std::nullopt;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (hasQualifiedName(Spec, {"::std::array"}) && Args.size() == 2 &&
      Args[1].getKind() == TemplateArgument::Integral)
    return Args[1].getAsIntegral().getZExtValue();
  return std::nullopt;
}

/// Trip count of `for (auto x : R)` or an algorithm over R.
TripCount rangeTripCount(const Expr *Range, const Vocabulary &V,
                         ASTContext &Ctx) {
  TripCount TC;
  if (!Range)
    return TC;
  const Expr *E = ignoreTransparent(Range);
  QualType T = E->getType().getNonReferenceType().getCanonicalType();
  if (std::optional<std::uint64_t> Size = constantRangeSize(E, T, Ctx)) {
    TC.Kind = TripCount::Constant;
    TC.Count = *Size;
    return TC;
  }
  // std::views::iota(a, b): counts from a to b.
  const auto *RD = T->getAsCXXRecordDecl();
  const auto *Call = dyn_cast<CallExpr>(E);
  if (RD && hasQualifiedName(RD, {"::std::ranges::iota_view"}) && Call &&
      Call->getNumArgs() == 2) {
    TC.Counting = true;
    TC.Bound = Call->getArg(1);
    auto Lo = constantValue(Call->getArg(0), Ctx);
    auto Hi = constantValue(Call->getArg(1), Ctx);
    if (Lo && Hi) {
      TC.Kind = TripCount::Constant;
      TC.Count = *iterations(*Lo, *Hi, BO_LT, 1);
      return TC;
    }
  }
  if (isThreadRecord(elementType(T), V)) {
    TC.WalksThreadSlots = true;
    TC.Bound = E;
  }
  if (derivesFromConcurrency(E, V))
    TC.Kind = TripCount::Concurrency;
  return TC;
}

/// The range an algorithm call walks: `v` in for_each(v.begin(), v.end(), f)
/// or ranges::for_each(v, f); the count of a _n algorithm.
TripCount algorithmTripCount(const CallExpr *Call, const Vocabulary &V,
                             ASTContext &Ctx) {
  TripCount TC;
  llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
  if (isa<CXXOperatorCallExpr>(Call) && !Args.empty())
    Args.erase(Args.begin()); // the niebloid object itself
  // A leading execution policy is not part of the range.
  if (!Args.empty())
    if (const auto *RD =
            Args.front()->getType().getNonReferenceType()->getAsCXXRecordDecl())
      if (RD->getName().contains("execution_policy") ||
          RD->getName().ends_with("_policy"))
        Args.erase(Args.begin());
  if (Args.empty())
    return TC;
  const NamedDecl *Callee = calleeOf(Call);
  const bool CountForm = Callee && Callee->getName().ends_with("_n");
  if (CountForm && Args.size() >= 2) {
    TC.Counting = true;
    TC.Bound = Args[1];
    if (auto N = constantValue(Args[1], Ctx)) {
      TC.Kind = TripCount::Constant;
      TC.Count = N->getZExtValue();
    } else if (derivesFromConcurrency(Args[1], V)) {
      TC.Kind = TripCount::Concurrency;
    }
    return TC;
  }
  const Expr *First = ignoreTransparent(Args[0]);
  if (const auto *Begin = dyn_cast<CXXMemberCallExpr>(First)) {
    if (methodName(Begin) == "begin" || methodName(Begin) == "cbegin")
      return rangeTripCount(Begin->getImplicitObjectArgument(), V, Ctx);
  } else if (const auto *Free = dyn_cast<CallExpr>(First)) {
    if (hasQualifiedName(calleeOf(Free), {"::std::begin", "::std::cbegin"}) &&
        Free->getNumArgs() == 1)
      return rangeTripCount(Free->getArg(0), V, Ctx);
  } else if (First->getType()->isPointerType()) {
    return TC; // pointer pairs: run time
  }
  // ranges:: algorithms take the range itself.
  if (!First->getType()->isPointerType() && Callee &&
      qualifiedName(Callee).find("::ranges::") != std::string::npos)
    return rangeTripCount(Args[0], V, Ctx);
  return TC;
}

/// The size of the C array a pointer expression points into: `slots`,
/// `slots + 2`, `&slots[1]`.
std::optional<std::uint64_t> arrayPointedInto(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Bin = dyn_cast<BinaryOperator>(E); Bin && Bin->isAdditiveOp())
    return arrayPointedInto(Bin->getLHS()->getType()->isPointerType()
                                ? Bin->getLHS()
                                : Bin->getRHS(),
                            Ctx);
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    if (const auto *Element =
            dyn_cast<ArraySubscriptExpr>(AddrOf->getSubExpr()->IgnoreParens()))
      return arrayPointedInto(Element->getBase(), Ctx);
  if (!isa<DeclRefExpr, MemberExpr>(E))
    return std::nullopt;
  if (const auto *Array = Ctx.getAsConstantArrayType(E->getType()))
    return Array->getSize().getZExtValue();
  return std::nullopt;
}

/// Whether each iteration steps \p Ptr by one, and nothing else moves it:
/// one `++p`/`--p` (also inside `*--p`), in the loop's increment or in a
/// statement of the body that runs every time, and no `continue` that could
/// skip it.
bool steppedEachIteration(const VarDecl *Ptr, const Stmt *Body,
                          const Expr *Inc) {
  unsigned Steps = 0, Writes = 0;
  const auto Count = [&](const Stmt *Root) {
    forEachStmt(Root, [&](const Stmt *S) {
      if (const auto *Unary = dyn_cast<UnaryOperator>(S);
          Unary && Unary->isIncrementDecrementOp() &&
          referencedVar(Unary->getSubExpr()) == Ptr)
        ++Steps;
      else if (const auto *Assign = dyn_cast<BinaryOperator>(S);
               Assign && Assign->isAssignmentOp() &&
               referencedVar(Assign->getLHS()) == Ptr)
        ++Writes;
      return true;
    });
  };
  Count(Body);
  Count(Inc);
  if (Steps != 1 || Writes != 0)
    return false;
  const auto StepsPtr = [&](const Stmt *S) {
    return containsStmt(S, [&](const Stmt *Node) {
      const auto *Unary = dyn_cast<UnaryOperator>(Node);
      return Unary && Unary->isIncrementDecrementOp() &&
             referencedVar(Unary->getSubExpr()) == Ptr;
    });
  };
  if (Inc && StepsPtr(Inc))
    return true;
  if (containsStmt(Body, [](const Stmt *S) { return isa<ContinueStmt>(S); }))
    return false;
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
  if (!Block)
    return Body && isa<Expr>(Body) && StepsPtr(Body);
  return llvm::any_of(Block->body(), [&](const Stmt *S) {
    return isa<Expr, DeclStmt>(S) && StepsPtr(S);
  });
}

/// `while (w > wakee) { worker *x = *--w; ... }` over `worker *wakee[2]`:
/// a pointer compared with a C array of N elements and stepped by one each
/// iteration cannot leave the array, so the loop runs at most N times
/// (oneTBB's private_server::wake_some).
std::optional<std::uint64_t> arrayWalkCount(const Expr *Cond, const Stmt *Body,
                                            const Expr *Inc, ASTContext &Ctx) {
  const auto *Cmp = dyn_cast_or_null<BinaryOperator>(
      Cond ? Cond->IgnoreParenImpCasts() : nullptr);
  if (!Cmp || !Cmp->isComparisonOp())
    return std::nullopt;
  for (auto [Walker, Array] : {std::pair(Cmp->getLHS(), Cmp->getRHS()),
                               std::pair(Cmp->getRHS(), Cmp->getLHS())}) {
    const VarDecl *Ptr = referencedVar(Walker);
    if (!Ptr || !Ptr->getType()->isPointerType())
      continue;
    if (std::optional<std::uint64_t> N = arrayPointedInto(Array, Ctx);
        N && steppedEachIteration(Ptr, Body, Inc))
      return N;
  }
  return std::nullopt;
}

/// Trip count of `for (i = a; i < b; i += s)`.
TripCount forTripCount(const ForStmt *For, const Vocabulary &V,
                       ASTContext &Ctx) {
  TripCount TC;
  std::optional<CountingShape> Shape = countingShape(For, Ctx);
  if (!Shape) {
    if (auto N = arrayWalkCount(For->getCond(), For->getBody(), For->getInc(),
                                Ctx)) {
      TC.Kind = TripCount::Constant;
      TC.Count = *N;
    } else if (For->getCond() && derivesFromConcurrency(For->getCond(), V)) {
      TC.Kind = TripCount::Concurrency;
    }
    return TC;
  }
  TC.Counting = true;
  TC.Bound = Shape->Bound;
  auto Start = constantValue(Shape->Start, Ctx);
  auto Bound = constantValue(Shape->Bound, Ctx);
  if (Start && Bound) {
    if (auto N = iterations(*Start, *Bound, Shape->Op, Shape->Step)) {
      TC.Kind = TripCount::Constant;
      TC.Count = *N;
      return TC;
    }
  }
  // `for (i = begin; i < begin + K; ++i)`: K iterations, whatever begin is.
  if (const auto *Sum =
          dyn_cast<BinaryOperator>(Shape->Bound->IgnoreParenImpCasts());
      Sum && Sum->getOpcode() == BO_Add && Shape->Start && Shape->Step > 0) {
    for (auto [Base, Width] : {std::pair(Sum->getLHS(), Sum->getRHS()),
                               std::pair(Sum->getRHS(), Sum->getLHS())}) {
      auto K = constantValue(Width, Ctx);
      if (K && sameDecl(Base, Shape->Start)) {
        TC.Kind = TripCount::Constant;
        TC.Count = (K->getZExtValue() + Shape->Step - 1) / Shape->Step;
        return TC;
      }
    }
  }
  if (derivesFromConcurrency(Shape->Bound, V))
    TC.Kind = TripCount::Concurrency;
  return TC;
}

} // namespace

TripCount tripCount(const LoopContext &L, const Vocabulary &V,
                    ASTContext &Ctx) {
  if (const auto *Call = dyn_cast<CallExpr>(L.Loop))
    return algorithmTripCount(Call, V, Ctx);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(L.Loop))
    return rangeTripCount(Range->getRangeInit(), V, Ctx);
  if (const auto *For = dyn_cast<ForStmt>(L.Loop))
    return forTripCount(For, V, Ctx);
  // while and do loops have no count, unless they walk a C array; they may
  // still be bounded by the machine's concurrency.
  TripCount TC;
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(L.Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(L.Loop))
    Cond = Do->getCond();
  // `do { ... } while (false)`: a macro's block (doctest's CHECK_THROWS),
  // run once.
  if (const auto Value = Cond ? constantValue(Cond, Ctx) : std::nullopt;
      Value && Value->isZero()) {
    TC.Kind = TripCount::Constant;
    TC.Count = isa<DoStmt>(L.Loop) ? 1 : 0;
  } else if (auto N = arrayWalkCount(Cond, L.Body, /*Inc=*/nullptr, Ctx)) {
    TC.Kind = TripCount::Constant;
    TC.Count = *N;
  } else if (Cond && derivesFromConcurrency(Cond, V)) {
    TC.Kind = TripCount::Concurrency;
  }
  return TC;
}

} // namespace clang::tidy::taskbound::analysis
