//===-- SpawnedCall.cpp - the call a spawn makes, written as code ---------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `std::async(policy, f, a, b)` and `std::thread(f, a, b)` call f(a, b) with
// copies of a and b. A rewrite writes that call as code: directly, where
// the arguments are still alive and unchanged (parallel_map's callable), or
// in a lambda that captures the copies (task_scope::spawn).
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"
#include "analysis/ASTHelpers.h"
#include "analysis/Internal.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::taskbound::fixits {

using analysis::ignoreTransparent;

namespace {

/// What the call's text starts with, and which function it calls.
struct Callee {
  std::string Prefix;                 ///< `f`, `this->m`, `p->m`, `[x] {...}`
  const FunctionDecl *Decl = nullptr; ///< its parameters are checked
  unsigned FirstArg = 0; ///< 1 when the first argument is the object
};

/// A member function pointer's object: `this` or a pointer variable.
std::optional<std::string> objectPrefix(const Expr *Object,
                                        const CXXMethodDecl *Method) {
  Object = Object ? ignoreTransparent(Object) : nullptr;
  if (isa_and_nonnull<CXXThisExpr>(Object))
    return "this->" + Method->getNameAsString();
  if (const auto *Var = analysis::referencedVar(Object);
      Var && Var->getType()->isPointerType())
    return Var->getNameAsString() + "->" + Method->getNameAsString();
  return std::nullopt;
}

/// A function object variable whose call operator is const: calling the
/// variable does what calling std::async's copy of it does.
const CXXMethodDecl *constCallOperator(const VarDecl *Var) {
  const auto *RD = Var->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  const CXXMethodDecl *Found = nullptr;
  for (const CXXMethodDecl *MD : RD->methods())
    if (MD->getOverloadedOperator() == OO_Call) {
      if (Found || !MD->isConst())
        return nullptr; // overloaded, or it may change the object
      Found = MD;
    }
  return Found;
}

std::optional<Callee> calleeOf(const SpawnedCall &C, const ASTContext &Ctx) {
  const Expr *F = ignoreTransparent(C.Callable);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(F)) {
    std::optional<std::string> Text = textOf(Lambda, Ctx);
    if (!Text)
      return std::nullopt;
    return Callee{*Text, Lambda->getCallOperator(), 0};
  }
  const auto *AddrOf = dyn_cast<UnaryOperator>(F);
  if (AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    F = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(F);
  if (!Ref)
    return std::nullopt;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Ref->getDecl());
      Method && !Method->isStatic()) {
    std::optional<std::string> Prefix =
        objectPrefix(C.Args.empty() ? nullptr : C.Args.front(), Method);
    if (!Prefix)
      return std::nullopt;
    return Callee{*Prefix, Method, 1};
  }
  if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl())) {
    std::optional<std::string> Text = textOf(Ref, Ctx);
    if (!Text)
      return std::nullopt;
    return Callee{*Text, Function, 0};
  }
  if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
    if (const CXXMethodDecl *Op = constCallOperator(Var))
      return Callee{Var->getNameAsString(), Op, 0};
  return std::nullopt;
}

/// Whether an object of class \p RD can be copied.
bool copyable(const CXXRecordDecl *RD) {
  if (!RD->hasDefinition())
    return false;
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor())
      return !Ctor->isDeleted();
  return !RD->hasUserDeclaredMoveConstructor() &&
         !RD->hasUserDeclaredMoveAssignment() &&
         !RD->defaultedCopyConstructorIsDeleted();
}

/// Whether parameter \p I of \p FD binds an lvalue argument the way it binds
/// the rvalue copy std::async and std::thread pass: not a plain `T&&`, and
/// not a by-value class that cannot be copied.
bool acceptsLvalue(const FunctionDecl *FD, unsigned I) {
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
      Pattern && I < Pattern->getNumParams()) {
    const QualType T = Pattern->getParamDecl(I)->getType();
    if (const auto *Ref = T->getAs<RValueReferenceType>();
        Ref && Ref->getPointeeType()->getAs<TemplateTypeParmType>() &&
        !Ref->getPointeeType().hasQualifiers())
      return true; // a forwarding reference
  }
  const QualType T = FD->getParamDecl(I)->getType();
  if (T->isRValueReferenceType())
    return false;
  const auto *RD = T->isReferenceType() ? nullptr : T->getAsCXXRecordDecl();
  return !RD || copyable(RD);
}

bool acceptsLvalues(const Callee &F, std::size_t NumArgs) {
  if (!F.Decl)
    return false;
  for (unsigned I = 0; I < NumArgs && I < F.Decl->getNumParams(); ++I)
    if (!acceptsLvalue(F.Decl, I))
      return false;
  return true;
}

/// Whether the call's result must be used ([[nodiscard]]).
bool mustUseResult(const FunctionDecl *FD) {
  if (!FD || FD->getReturnType()->isVoidType())
    return false;
  if (FD->hasAttr<WarnUnusedResultAttr>())
    return true;
  const auto *RD = FD->getReturnType()->getAsCXXRecordDecl();
  return RD && RD->hasAttr<WarnUnusedResultAttr>();
}

/// `v` for `std::ref(v)` and `std::cref(v)`, else null.
const Expr *referenceWrapped(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(ignoreTransparent(E));
  return Call && Call->getNumArgs() == 1 &&
                 analysis::hasQualifiedName(analysis::calleeOf(Call),
                                            {"::std::ref", "::std::cref"})
             ? Call->getArg(0)
             : nullptr;
}

/// Whether evaluating \p E once per call, later and on another thread, gives
/// what evaluating it once per element in the loop gave: no side effects, and
/// no call but to a const member function or a constexpr function.
bool evaluatesTheSameLater(const Expr *E, ASTContext &Ctx) {
  if (E->HasSideEffects(Ctx, /*IncludePossibleEffects=*/false))
    return false;
  return !analysis::containsStmt(E, [](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    return !Callee || !(Callee->isConstexpr() || (Method && Method->isConst()));
  });
}

/// How one argument of a deferred call is captured and passed.
struct Captured {
  std::string Capture; ///< "" when nothing needs capturing
  std::string Text;
};

/// Whether \p E names only things a lambda can use without capturing them:
/// literals, enumerators, functions, constants with static storage.
bool needsNoCapture(const Expr *E) {
  return !analysis::containsStmt(E, [](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var &&
           (Var->hasLocalStorage() || !Var->getType().isConstQualified());
  });
}

std::optional<Captured> captureArgument(const Expr *Arg, ASTContext &Ctx) {
  const Expr *E = ignoreTransparent(Arg);
  if (isa<CXXThisExpr>(E))
    return Captured{"this", "this"};
  // std::ref(v): the task works on v itself.
  if (const Expr *Wrapped = referenceWrapped(E))
    if (const VarDecl *Var = analysis::referencedVar(Wrapped);
        Var && Var->hasLocalStorage())
      return Captured{"&" + Var->getNameAsString(), Var->getNameAsString()};
  if (const VarDecl *Var = analysis::referencedVar(E);
      Var && Var->hasLocalStorage())
    return Captured{Var->getNameAsString(), Var->getNameAsString()};
  if (!evaluatesTheSameLater(E, Ctx) || !needsNoCapture(E))
    return std::nullopt;
  std::optional<std::string> Text = textOf(Arg, Ctx);
  if (!Text)
    return std::nullopt;
  return Captured{"", *Text};
}

} // namespace

std::optional<SpawnedCall> spawnedCall(const analysis::Spawn &S) {
  SpawnedCall C;
  C.Callable = analysis::callableOf(S);
  if (!C.Callable)
    return std::nullopt;
  llvm::ArrayRef<const Expr *> All;
  if (const auto *Call = dyn_cast<CallExpr>(S.E))
    All = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(S.E))
    All = llvm::ArrayRef(Ctor->getArgs(), Ctor->getNumArgs());
  const auto *It = llvm::find(All, C.Callable);
  if (It == All.end())
    return std::nullopt;
  for (const Expr *Arg : llvm::ArrayRef(It + 1, All.end()))
    if (!isa<CXXDefaultArgExpr>(Arg))
      C.Args.push_back(Arg);
  return C;
}

const Expr *launchPolicyOf(const analysis::Spawn &S) {
  const auto *Call = dyn_cast<CallExpr>(S.E);
  if (!S.Api->HasLaunchPolicy || !Call || Call->getNumArgs() == 0)
    return nullptr;
  const Expr *First = Call->getArg(0);
  const auto *Enum = First->getType()->getAs<EnumType>();
  return Enum && Enum->getDecl()->getName() == "launch" ? First : nullptr;
}

namespace {

/// The enumerators a policy expression names: `async`, `async | deferred`.
void policyNames(const Expr *E, llvm::SmallVectorImpl<llvm::StringRef> &Out) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    Out.push_back(isa<EnumConstantDecl>(Ref->getDecl())
                      ? Ref->getDecl()->getName()
                      : "?");
    return;
  }
  const Expr *LHS = nullptr, *RHS = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2) {
    LHS = Op->getArg(0);
    RHS = Op->getArg(1);
  } else if (const auto *Bin = dyn_cast<BinaryOperator>(E);
             Bin && Bin->getOpcode() == BO_Or) {
    LHS = Bin->getLHS();
    RHS = Bin->getRHS();
  }
  if (!LHS) {
    Out.push_back("?");
    return;
  }
  policyNames(LHS, Out);
  policyNames(RHS, Out);
}

} // namespace

bool isThreadedAsync(const analysis::Spawn &S) {
  if (S.Via || S.Api->Name != "::std::async")
    return false;
  const Expr *Policy = launchPolicyOf(S);
  if (!Policy)
    return true;
  llvm::SmallVector<llvm::StringRef, 2> Names;
  policyNames(Policy, Names);
  return llvm::is_contained(Names, "async") &&
         llvm::all_of(Names, [](llvm::StringRef N) {
           return N == "async" || N == "deferred";
         });
}

std::optional<std::string> callText(const SpawnedCall &C, ASTContext &Ctx) {
  std::optional<Callee> F = calleeOf(C, Ctx);
  if (!F || !acceptsLvalues(*F, C.Args.size() - F->FirstArg))
    return std::nullopt;
  llvm::SmallVector<std::string, 4> Args;
  for (const Expr *Arg : llvm::ArrayRef(C.Args).drop_front(F->FirstArg)) {
    // std::ref(v) reaches a reference parameter as v itself.
    if (const Expr *Wrapped = referenceWrapped(Arg))
      Arg = Wrapped;
    std::optional<std::string> Text = textOf(Arg, Ctx);
    if (!Text || !evaluatesTheSameLater(Arg, Ctx))
      return std::nullopt;
    Args.push_back(*Text);
  }
  return F->Prefix + "(" + llvm::join(Args, ", ") + ")";
}

std::optional<std::string> deferredCallLambda(const SpawnedCall &C,
                                              ASTContext &Ctx) {
  const auto *Lambda = dyn_cast<LambdaExpr>(ignoreTransparent(C.Callable));
  if (Lambda && C.Args.empty())
    return textOf(Lambda, Ctx);
  std::optional<Callee> F = calleeOf(C, Ctx);
  if (!F || !acceptsLvalues(*F, C.Args.size() - F->FirstArg))
    return std::nullopt;
  llvm::SmallVector<std::string, 4> Captures, Args;
  for (const auto [I, Arg] : llvm::enumerate(C.Args)) {
    std::optional<Captured> A = captureArgument(Arg, Ctx);
    if (!A)
      return std::nullopt;
    if (!A->Capture.empty() && !llvm::is_contained(Captures, A->Capture))
      Captures.push_back(A->Capture);
    if (I >= F->FirstArg)
      Args.push_back(A->Text);
  }
  std::string Call = F->Prefix + "(" + llvm::join(Args, ", ") + ")";
  if (mustUseResult(F->Decl))
    Call = "static_cast<void>(" + Call + ")";
  return "[" + llvm::join(Captures, ", ") + "] { " + Call + "; }";
}

const FunctionDecl *calledFunction(const SpawnedCall &C) {
  const Expr *F = ignoreTransparent(C.Callable);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(F))
    return Lambda->getCallOperator();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(F);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    F = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(F);
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

const Stmt *calledBody(const SpawnedCall &C) {
  return analysis::callableBody(C.Callable);
}

} // namespace clang::tidy::taskbound::fixits
