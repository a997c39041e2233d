//===-- LoopAnalysis.cpp - loops and their trip counts ----- ===//
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

// --- Loops -----------------------------------------------------------------

namespace {

/// The call that receives \p Lambda as an argument, if any.
const CallExpr *callTakingLambda(const LambdaExpr *Lambda,
                                 const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const auto *Call =
      dyn_cast_or_null<CallExpr>(opaqueParent(Lambda, PM, Child));
  if (!Call)
    return nullptr;
  return llvm::is_contained(Call->arguments(), Child) ? Call : nullptr;
}

} // namespace

const ParentMap &ParentMaps::of(const FunctionDecl *FD) {
  std::unique_ptr<ParentMap> &Map = Maps[FD];
  if (!Map)
    Map = std::make_unique<ParentMap>(FD->getBody());
  return *Map;
}

const FunctionDecl *ParentMaps::definingFunction(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || !MD->getParent()->isLambda())
    return nullptr;
  for (const DeclContext *DC = MD->getParent()->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *Outer = dyn_cast<FunctionDecl>(DC))
      return Outer->hasBody() ? Outer : nullptr;
  return nullptr;
}

const LambdaExpr *ParentMaps::lambdaOf(const FunctionDecl *FD,
                                       const FunctionDecl *&Outer) {
  Outer = definingFunction(FD);
  if (!Outer)
    return nullptr;
  // An instantiated generic lambda's body is not in the enclosing function's
  // tree; the body of the pattern it was instantiated from is.
  const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
  const Stmt *Body = (Pattern ? Pattern : FD)->getBody();
  return Body ? dyn_cast_or_null<LambdaExpr>(of(Outer).getParent(Body))
              : nullptr;
}

llvm::SmallVector<LoopContext, 4>
enclosingLoops(const Stmt *S, const FunctionDecl *FD, ParentMaps &Maps) {
  llvm::SmallVector<LoopContext, 4> Loops;
  const ParentMap *PM = &Maps.of(FD);
  const Stmt *Child = S;
  while (true) {
    const Stmt *Parent = PM->getParent(Child);
    if (!Parent) {
      // The top of a lambda's own body: go on where the lambda is written.
      const FunctionDecl *Outer = nullptr;
      const LambdaExpr *Lambda = Maps.lambdaOf(FD, Outer);
      if (!Lambda)
        break;
      FD = Outer;
      PM = &Maps.of(FD);
      Child = Lambda->getBody();
      Parent = Lambda;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Parent)) {
      if (Child != Lambda->getBody()) { // a capture's initialiser
        Child = Parent;
        continue;
      }
      const CallExpr *Call = callTakingLambda(Lambda, *PM);
      const NamedDecl *Callee = Call ? calleeOf(Call) : nullptr;
      if (!Call || !nameIn(Callee, perElementAlgorithms()))
        break; // a lambda run elsewhere, stored, or spawned: not a loop body
      Loops.push_back({Call, Lambda->getBody(), Callee, PM});
      Child = Call;
      continue;
    }
    if (const auto *For = dyn_cast<ForStmt>(Parent)) {
      if (Child == For->getBody())
        Loops.push_back({For, For->getBody(), nullptr, PM});
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent)) {
      if (Child == Range->getBody())
        Loops.push_back({Range, Range->getBody(), nullptr, PM});
    } else if (const auto *While = dyn_cast<WhileStmt>(Parent)) {
      if (Child == While->getBody())
        Loops.push_back({While, While->getBody(), nullptr, PM});
    } else if (const auto *Do = dyn_cast<DoStmt>(Parent)) {
      if (Child == Do->getBody())
        Loops.push_back({Do, Do->getBody(), nullptr, PM});
    }
    Child = Parent;
  }
  return Loops;
}

// --- Trip counts -----------------------------------------------------------

bool derivesFrom(const Expr *E, llvm::ArrayRef<llvm::StringRef> Functions) {
  llvm::SmallPtrSet<const Decl *, 8> Seen;
  std::function<bool(const Stmt *, int)> Walk = [&](const Stmt *S,
                                                    int Depth) -> bool {
    return containsStmt(S, [&](const Stmt *Node) {
      if (const auto *Call = dyn_cast<CallExpr>(Node))
        return nameIn(calleeOf(Call), Functions);
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
  static const llvm::StringRef Words[] = {
      "thread", "worker", "concurren", "parallel", "pool",    "cores",
      "ncore",  "cpu",    "nproc",     "consumer", "producer"};
  return containsStmt(E, [&](const Stmt *S) {
    const NamedDecl *D = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      D = Ref->getDecl();
    else if (const auto *Member = dyn_cast<MemberExpr>(S))
      D = Member->getMemberDecl();
    if (!D || !D->getIdentifier())
      return false;
    const std::string Name = D->getName().lower();
    return llvm::any_of(Words, [&](llvm::StringRef W) {
      return llvm::StringRef(Name).contains(W);
    });
  });
}

bool isContainerSize(const Expr *E) {
  static const llvm::StringRef Names[] = {"size",     "ssize",    "length",
                                          "distance", "capacity", "count"};
  return containsStmt(E, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    return Call && llvm::is_contained(Names, plainCalleeName(Call));
  });
}

namespace {

struct CountingShape {
  const Expr *Start = nullptr;
  const Expr *Bound = nullptr;
  BinaryOperatorKind Op = BO_LT;
  std::int64_t Step = 0; ///< signed; 0 when unknown
};

/// Reads `for (i = Start; i OP Bound; i += Step)`.
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

/// Trip count of `for (auto x : R)` or an algorithm over R.
TripCount rangeTripCount(const Expr *Range, ASTContext &Ctx,
                         llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                         llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
  TripCount TC;
  if (!Range)
    return TC;
  const Expr *E = ignoreTransparent(Range);
  QualType T = E->getType().getNonReferenceType().getCanonicalType();

  if (const auto *Array = Ctx.getAsConstantArrayType(T)) {
    TC.Kind = TripCount::Constant;
    TC.Count = Array->getSize().getZExtValue();
    return TC;
  }
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(E))
    if (const auto *Init =
            dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit())) {
      TC.Kind = TripCount::Constant;
      TC.Count = Init->getNumInits();
      return TC;
    }
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl())) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (nameIn(Spec, {"::std::array"}) && Args.size() == 2 &&
        Args[1].getKind() == TemplateArgument::Integral) {
      TC.Kind = TripCount::Constant;
      TC.Count = Args[1].getAsIntegral().getZExtValue();
      return TC;
    }
    if (nameIn(Spec, {"::std::ranges::iota_view"})) {
      // std::views::iota(a, b): counts from a to b.
      if (const auto *Call = dyn_cast<CallExpr>(E);
          Call && Call->getNumArgs() == 2) {
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
    }
  }
  if (isThreadRecord(elementType(T), ThreadClasses)) {
    TC.WalksThreadSlots = true;
    TC.Bound = E;
  }
  if (derivesFrom(E, ConcurrencyFunctions))
    TC.Kind = TripCount::Concurrency;
  return TC;
}

/// The range an algorithm call walks: `v` in for_each(v.begin(), v.end(), f)
/// or ranges::for_each(v, f); the count of a _n algorithm.
TripCount
algorithmTripCount(const CallExpr *Call, ASTContext &Ctx,
                   llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                   llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
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
    } else if (derivesFrom(Args[1], ConcurrencyFunctions)) {
      TC.Kind = TripCount::Concurrency;
    }
    return TC;
  }
  const Expr *First = ignoreTransparent(Args[0]);
  if (const auto *Begin = dyn_cast<CXXMemberCallExpr>(First)) {
    if (methodName(Begin) == "begin" || methodName(Begin) == "cbegin")
      return rangeTripCount(Begin->getImplicitObjectArgument(), Ctx,
                            ConcurrencyFunctions, ThreadClasses);
  } else if (const auto *Free = dyn_cast<CallExpr>(First)) {
    if (nameIn(calleeOf(Free), {"::std::begin", "::std::cbegin"}) &&
        Free->getNumArgs() == 1)
      return rangeTripCount(Free->getArg(0), Ctx, ConcurrencyFunctions,
                            ThreadClasses);
  } else if (First->getType()->isPointerType()) {
    return TC; // pointer pairs: run time
  }
  // ranges:: algorithms take the range itself.
  if (!First->getType()->isPointerType() && Callee &&
      qualifiedName(Callee).find("::ranges::") != std::string::npos)
    return rangeTripCount(Args[0], Ctx, ConcurrencyFunctions, ThreadClasses);
  return TC;
}

} // namespace

TripCount tripCount(const LoopContext &L, ASTContext &Ctx,
                    llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                    llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
  if (const auto *Call = dyn_cast<CallExpr>(L.Loop))
    return algorithmTripCount(Call, Ctx, ConcurrencyFunctions, ThreadClasses);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(L.Loop))
    return rangeTripCount(Range->getRangeInit(), Ctx, ConcurrencyFunctions,
                          ThreadClasses);

  TripCount TC;
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(L.Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(L.Loop))
    Cond = Do->getCond();
  if (Cond) {
    if (derivesFrom(Cond, ConcurrencyFunctions))
      TC.Kind = TripCount::Concurrency;
    return TC;
  }

  const auto *For = cast<ForStmt>(L.Loop);
  std::optional<CountingShape> Shape = countingShape(For, Ctx);
  if (!Shape) {
    if (For->getCond() && derivesFrom(For->getCond(), ConcurrencyFunctions))
      TC.Kind = TripCount::Concurrency;
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
  if (derivesFrom(Shape->Bound, ConcurrencyFunctions))
    TC.Kind = TripCount::Concurrency;
  return TC;
}
} // namespace clang::tidy::taskbound::analysis
