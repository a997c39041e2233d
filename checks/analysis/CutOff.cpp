//===-- CutOff.cpp - the serial cut-off of a recursive spawn --------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A cut-off is a test of the problem's size or depth against a threshold
// whose serial side does work: `if (n < 25) return serial_fib(n);`,
// `if (depth > max_depth) { std::sort(b, e); return; }`, or a spawn guarded
// by `if (hi - lo > grain)`. A base case (`if (n < 2) return n;`) is not
// one: it stops only when the problem is trivial, so the number of tasks
// still grows with the input.
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

/// A size threshold at most this is a base case: `n < 2`, `size() <= 1`,
/// `len == 0`. (A depth compared with any threshold is a cut-off.)
constexpr std::int64_t LargestTrivialThreshold = 2;

using ArgumentList = llvm::SmallVector<const Expr *, 4>;

/// The arguments \p F is called with in its own body: direct calls, and
/// calls or constructions that name \p F followed by its arguments
/// (`std::async(fib, n - 1)`, `std::thread(&Tree::walk, this, c)`).
class RecursiveArguments : public RecursiveASTVisitor<RecursiveArguments> {
public:
  explicit RecursiveArguments(const FunctionDecl &F) : F(F) {
    TraverseStmt(F.getBody());
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (sameFunction(Call->getDirectCallee(), &F)) {
      // A call operator's object is its first argument.
      const unsigned Skip = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
      Lists.emplace_back(Call->arg_begin() + Skip, Call->arg_end());
      return true;
    }
    afterName(Call->arguments());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    afterName(Construct->arguments());
    return true;
  }
  llvm::SmallVector<ArgumentList, 4> Lists;

private:
  template <typename Range> void afterName(Range Args) {
    const llvm::SmallVector<const Expr *, 8> All(Args.begin(), Args.end());
    for (size_t I = 0; I < All.size(); ++I) {
      if (!sameFunction(functionNamedBy(All[I]), &F))
        continue;
      // A member function's object comes before its arguments.
      const auto *MD = dyn_cast<CXXMethodDecl>(&F);
      const size_t First =
          std::min(All.size(), I + 1 + (MD && MD->isInstance() ? 1 : 0));
      Lists.emplace_back(All.begin() + First, All.end());
      return;
    }
  }
  const FunctionDecl &F;
};

/// What the tests below need to know about the recursion.
struct Recursion {
  const FunctionDecl &F;
  RecursiveArguments Arguments;

  /// Whether every recursive call passes \p P on as it is: a threshold
  /// (`max_depth`, `grain`), not a coordinate of the problem (`lo`, `n`).
  bool passesOn(const ParmVarDecl *P) const {
    return everyCallPasses(P, [&](const Expr *Arg) {
      return referencedVar(ignoreTransparent(Arg)) == P;
    });
  }
  /// Whether every recursive call passes a constant for \p P (a flag such
  /// as `parallel`, passed as `false`).
  bool passesConstant(const ParmVarDecl *P) const {
    return everyCallPasses(P, [&](const Expr *Arg) {
      return constantValue(ignoreTransparent(Arg), F.getASTContext())
          .has_value();
    });
  }

  template <typename Pred>
  bool everyCallPasses(const ParmVarDecl *P, Pred Passes) const {
    const unsigned Index = P->getFunctionScopeIndex();
    return !Arguments.Lists.empty() &&
           llvm::all_of(Arguments.Lists, [&](const ArgumentList &Args) {
             return Index < Args.size() && Passes(Args[Index]);
           });
  }
};

/// How strongly an operand of a comparison reads as its threshold.
enum class Strength { None, Derived, Named, Constant };

struct Operand {
  Strength How = Strength::None;
  bool Trivial = false; ///< a constant of at most LargestTrivialThreshold
};

Strength thresholdStrength(const Expr *E, const Recursion &R, unsigned Depth);

/// A variable: named as a threshold, global, passed on unchanged by every
/// recursive call, or initialised from a threshold.
Strength varStrength(const VarDecl *Var, const Recursion &R, unsigned Depth) {
  if (Var->getIdentifier() && Vocabulary::namesThreshold(Var->getName()))
    return Strength::Named;
  if (Var->hasGlobalStorage())
    return Strength::Derived;
  if (const auto *Parm = dyn_cast<ParmVarDecl>(Var))
    return Parm->getDeclContext() == &R.F && R.passesOn(Parm)
               ? Strength::Derived
               : Strength::None;
  return Var->getInit() ? thresholdStrength(Var->getInit(), R, Depth + 1)
                        : Strength::None;
}

/// A call: named as a threshold, std::min/max of one, or a getter of this
/// object or of the program (`hardware_concurrency()`), not a size.
Strength callStrength(const CallExpr *Call, const Recursion &R,
                      unsigned Depth) {
  const llvm::StringRef Name = plainCalleeName(Call);
  if (Vocabulary::namesThreshold(Name))
    return Strength::Named;
  if (Vocabulary::isSizeCall(Name))
    return Strength::None;
  if (hasQualifiedName(calleeOf(Call), {"::std::min", "::std::max"}))
    return llvm::any_of(Call->arguments(),
                        [&](const Expr *Arg) {
                          return thresholdStrength(Arg, R, Depth + 1) !=
                                 Strength::None;
                        })
               ? Strength::Derived
               : Strength::None;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const bool OnThis =
      Member && isa<CXXThisExpr>(
                    Member->getImplicitObjectArgument()->IgnoreParenImpCasts());
  return Call->getNumArgs() == 0 && (!Member || OnThis) ? Strength::Derived
                                                        : Strength::None;
}

/// How \p E reads as a threshold a problem is compared with, when it is not
/// a constant.
Strength thresholdStrength(const Expr *E, const Recursion &R, unsigned Depth) {
  if (!E || Depth > 3)
    return Strength::None;
  E = E->IgnoreParenCasts();
  if (constantValue(E, R.F.getASTContext()))
    return Strength::Constant;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return Var ? varStrength(Var, R, Depth) : Strength::None;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *D = Member->getMemberDecl();
    if (D->getIdentifier() && Vocabulary::namesThreshold(D->getName()))
      return Strength::Named;
    return isa<FieldDecl>(D) &&
                   isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())
               ? Strength::Derived
               : Strength::None;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return callStrength(Call, R, Depth);
  if (const auto *Bin = dyn_cast<BinaryOperator>(E);
      Bin && (Bin->isAdditiveOp() || Bin->isMultiplicativeOp())) {
    const Strength L = thresholdStrength(Bin->getLHS(), R, Depth + 1);
    const Strength Rt = thresholdStrength(Bin->getRHS(), R, Depth + 1);
    return L != Strength::None && Rt != Strength::None ? Strength::Derived
                                                       : Strength::None;
  }
  return Strength::None;
}

/// Whether \p E names a budget of the recursion: `depth`, `level`,
/// `threads_left`, `this->max_workers_`, `remaining_depth()`.
bool namesBudget(const Expr *E) {
  E = E->IgnoreParenCasts();
  const NamedDecl *D = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    D = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(E))
    D = Member->getMemberDecl();
  else if (const auto *Call = dyn_cast<CallExpr>(E))
    D = calleeOf(Call);
  return D && D->getIdentifier() &&
         Vocabulary::namesRecursionBudget(D->getName());
}

Operand operandOf(const Expr *E, const Recursion &R) {
  Operand O;
  O.How = thresholdStrength(E, R, 0);
  if (O.How == Strength::Constant)
    if (const auto Value =
            constantValue(E->IgnoreParenCasts(), R.F.getASTContext()))
      O.Trivial = Value->getExtValue() <= LargestTrivialThreshold;
  return O;
}

/// Whether `L Op R` compares the problem with a threshold so that the
/// serial side (taken when the comparison is \p SerialWhen) covers small
/// problems beyond a base case, or deep ones.
bool comparesWithThreshold(BinaryOperatorKind Op, const Expr *L, const Expr *R,
                           bool SerialWhen, const Recursion &Rec) {
  const Operand OL = operandOf(L, Rec), OR = operandOf(R, Rec);
  if (OL.How == Strength::None && OR.How == Strength::None)
    return false;
  // Read it as `Problem Op Threshold`.
  const bool ThresholdOnLeft = OL.How > OR.How;
  const Operand &T = ThresholdOnLeft ? OL : OR;
  // A depth or a thread budget spent by the recursion bounds the spawning
  // whatever it is compared with (`if (threads_left <= 1) serial`).
  if (namesBudget(ThresholdOnLeft ? R : L))
    return true;
  if (ThresholdOnLeft)
    Op = BinaryOperator::reverseComparisonOp(Op);
  const bool TrueWhenSmall = Op == BO_LT || Op == BO_LE;
  const bool TrueWhenLarge = Op == BO_GT || Op == BO_GE;
  // The serial side taken when the problem is large bounds the depth: any
  // threshold does. Taken when it is small, it must be more than a base case.
  const bool SerialWhenLarge = SerialWhen ? TrueWhenLarge : TrueWhenSmall;
  return SerialWhenLarge || !T.Trivial;
}

/// Whether \p Cond tests whether the problem is small (or deep), with the
/// serial side taken when \p Cond is \p SerialWhen: a comparison with a
/// threshold, a split test (`r.is_divisible()`), or a flag computed from
/// one, through `!`, `&&` and `||`.
bool testsSmallProblem(const Expr *Cond, bool SerialWhen, const Recursion &R,
                       unsigned Depth = 0) {
  if (!Cond || Depth > 3)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot)
    return testsSmallProblem(Not->getSubExpr(), !SerialWhen, R, Depth + 1);
  if (const auto *Bin = dyn_cast<BinaryOperator>(Cond)) {
    if (Bin->isLogicalOp())
      return testsSmallProblem(Bin->getLHS(), SerialWhen, R, Depth + 1) ||
             testsSmallProblem(Bin->getRHS(), SerialWhen, R, Depth + 1);
    return Bin->isComparisonOp() &&
           comparesWithThreshold(Bin->getOpcode(), Bin->getLHS(), Bin->getRHS(),
                                 SerialWhen, R);
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond);
      Op && Op->isComparisonOp() && Op->getNumArgs() == 2)
    return comparesWithThreshold(
        BinaryOperator::getOverloadedOpcode(Op->getOperator()), Op->getArg(0),
        Op->getArg(1), SerialWhen, R);
  if (const auto *Call = dyn_cast<CallExpr>(Cond))
    return Vocabulary::namesSplitTest(plainCalleeName(Call));
  // `if (parallel) spawn`, where every recursive call passes `false`: only
  // the first level spawns.
  if (const auto *Parm = dyn_cast_or_null<ParmVarDecl>(referencedVar(Cond));
      Parm && Parm->getDeclContext() == &R.F && R.passesConstant(Parm))
    return true;
  // const bool small = n < kCutoff; if (small) ...
  if (const VarDecl *Flag = referencedVar(Cond);
      Flag && Flag->hasLocalStorage() && Flag->getInit())
    return testsSmallProblem(Flag->getInit(), SerialWhen, R, Depth + 1);
  return false;
}

/// Whether \p Branch does work: a loop, or a call other than a pass-through
/// (`std::move`) or an operator (`v[i]`). A base case only returns a value.
bool doesWork(const Stmt *Branch) {
  return containsStmt(Branch, [](const Stmt *S) {
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
      return true;
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || Vocabulary::isPassThrough(calleeOf(Call)))
      return false;
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
    return !Op || Op->getOperator() == OO_Call;
  });
}

/// Whether \p Branch leaves the function (or the iteration) early.
bool exits(const Stmt *Branch) {
  return containsStmt(Branch, [](const Stmt *S) {
    return isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, ContinueStmt, BreakStmt>(
        S);
  });
}

/// `std::async(n > kCutoff ? std::launch::async : std::launch::deferred,
/// ...)`: a launch policy chosen by a threshold test, directly or through a
/// variable.
bool choosesDeferredWhenSmall(const Expr *Arg, const Recursion &R) {
  const auto *Enum = Arg->getType()->getAs<EnumType>();
  if (!Enum || Enum->getDecl()->getName() != "launch")
    return false;
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (const VarDecl *Var = referencedVar(E); Var && Var->getInit())
    E = Var->getInit()->IgnoreParenImpCasts();
  const auto *Choice = dyn_cast<ConditionalOperator>(E);
  if (!Choice)
    return false;
  const auto IsDeferred = [](const Expr *Arm) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Arm->IgnoreParenImpCasts());
    return Ref && Ref->getDecl()->getIdentifier() &&
           Ref->getDecl()->getName() == "deferred";
  };
  const bool DeferredWhenTrue = IsDeferred(Choice->getTrueExpr());
  if (!DeferredWhenTrue && !IsDeferred(Choice->getFalseExpr()))
    return false;
  return testsSmallProblem(Choice->getCond(), DeferredWhenTrue, R);
}

/// Whether \p Parent, on the way up from the recursive call through \p
/// Child, runs it only for large problems: an `if`, `?:` or `while` whose
/// other side is serial, or a spawn whose launch policy is.
bool guards(const Stmt *Parent, const Stmt *Child, const Recursion &R) {
  if (const auto *If = dyn_cast<IfStmt>(Parent)) {
    if (Child == If->getThen())
      return testsSmallProblem(If->getCond(), false, R);
    return Child == If->getElse() &&
           testsSmallProblem(If->getCond(), true, R) && doesWork(If->getThen());
  }
  if (const auto *Choice = dyn_cast<ConditionalOperator>(Parent)) {
    if (Child == Choice->getTrueExpr())
      return testsSmallProblem(Choice->getCond(), false, R);
    return Child == Choice->getFalseExpr() &&
           testsSmallProblem(Choice->getCond(), true, R) &&
           doesWork(Choice->getTrueExpr());
  }
  if (const auto *While = dyn_cast<WhileStmt>(Parent))
    return Child == While->getBody() &&
           testsSmallProblem(While->getCond(), false, R);
  if (const auto *Call = dyn_cast<CallExpr>(Parent))
    return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
      return choosesDeferredWhenSmall(Arg, R);
    });
  return false;
}

/// The early exits of \p Block before \p Child: a cut-off (returned), or
/// the nearest base case (kept in \p BaseCase if none is kept yet).
const Stmt *earlyExitsBefore(const CompoundStmt *Block, const Stmt *Child,
                             const Recursion &R, const Stmt *&BaseCase) {
  const Stmt *Nearest = nullptr;
  for (const Stmt *Before : Block->body()) {
    if (Before == Child)
      break;
    const auto *If = dyn_cast<IfStmt>(Before);
    if (!If || !exits(If->getThen()))
      continue;
    if (testsSmallProblem(If->getCond(), true, R) && doesWork(If->getThen()))
      return If;
    Nearest = If;
  }
  if (!BaseCase)
    BaseCase = Nearest;
  return nullptr;
}

} // namespace

CutOff cutOffOf(const Expr *Call, const FunctionDecl &F, const ParentMap &PM) {
  const Recursion R{F, RecursiveArguments(F)};
  CutOff Result;
  const Stmt *Child = Call;
  for (const Stmt *Parent = PM.getParent(Child); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    if (guards(Parent, Child, R)) {
      Result.Guard = Parent;
      return Result;
    }
    if (const auto *Block = dyn_cast<CompoundStmt>(Parent))
      if (const Stmt *Early =
              earlyExitsBefore(Block, Child, R, Result.BaseCase)) {
        Result.Guard = Early;
        return Result;
      }
  }
  return Result;
}

} // namespace clang::tidy::taskbound::analysis
