//===-- TinyWork.cpp - is a task body tiny --------------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A body is tiny when everything it does is visible and costs a few
// instructions: no loop, no allocation, no throw, no suspension, and every
// call either to a function of the vocabulary's tiny lists or to a function
// of user code that is itself tiny. A call whose target cannot be seen (only
// declared, virtual, through a pointer or std::function) is never tiny, and
// library code is never looked into: only what the lists name is trusted.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// How deep calls into user functions are followed.
constexpr int MaxCallDepth = 3;

/// The statements of a body as a reader counts them: each statement of a
/// block, and each branch of an `if` that is not a block.
unsigned statementsIn(const Stmt *S) {
  unsigned Count = 0;
  forEachStmt(S, [&](const Stmt *Node) {
    if (const auto *Block = dyn_cast<CompoundStmt>(Node)) {
      for (const Stmt *Child : Block->body())
        Count += !isa<CompoundStmt, NullStmt>(Child);
    } else if (const auto *If = dyn_cast<IfStmt>(Node)) {
      for (const Stmt *Branch : {If->getThen(), If->getElse()})
        Count += Branch && !isa<CompoundStmt, NullStmt>(Branch);
    }
    return true;
  });
  return Count;
}

/// The name a note shows for a call judged tiny.
std::string displayName(const FunctionDecl *FD, const CXXRecordDecl *Class) {
  std::string Name = Class ? qualifiedName(Class) + "::" + FD->getNameAsString()
                           : qualifiedName(FD);
  if (Name.empty())
    Name = FD->getNameAsString();
  return llvm::StringRef(Name).starts_with("::") ? Name.substr(2) : Name;
}

/// A function's body as written: a coroutine's without the code clang adds
/// around it (promise, initial and final suspend).
const Stmt *userBody(const FunctionDecl *FD) {
  const Stmt *Body = FD->getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coroutine->getBody();
  return Body;
}

/// The class of the object a member function is called on, as written.
const CXXRecordDecl *objectClass(const CallExpr *Call) {
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
           Op && Op->getNumArgs() > 0 &&
           isa_and_nonnull<CXXMethodDecl>(Op->getCalleeDecl()))
    Object = Op->getArg(0);
  if (!Object)
    return nullptr;
  QualType T = Object->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (T->isPointerType() && isa<CXXMemberCallExpr>(Call))
    T = T->getPointeeType(); // `p->fetch_add(1)`
  return T->getAsCXXRecordDecl();
}

/// Whether a call through \p MD may reach an override the TU does not show.
bool dispatchesVirtually(const CallExpr *Call, const CXXMethodDecl *MD) {
  if (!MD || !MD->isVirtual() || MD->hasAttr<FinalAttr>() ||
      MD->getParent()->hasAttr<FinalAttr>())
    return false;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const auto *Callee =
      Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens())
             : nullptr;
  return !(Callee && Callee->hasQualifier()); // `Base::f()` is not virtual
}

class TinyJudge {
public:
  TinyJudge(unsigned MaxStatements, const SourceManager &SM)
      : MaxStatements(MaxStatements), SM(SM) {}

  /// Whether \p Body is tiny; fills Calls with the calls it makes.
  bool body(const Stmt *Body, int Depth) {
    if (!Body || statementsIn(Body) > MaxStatements)
      return false;
    return !containsStmt(Body, [&](const Stmt *S) { return !node(S, Depth); });
  }

  llvm::SmallVector<std::string, 4> Calls;

private:
  bool node(const Stmt *S, int Depth) {
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, GotoStmt,
            IndirectGotoStmt, CXXNewExpr, CXXDeleteExpr, CXXThrowExpr,
            CoawaitExpr, DependentCoawaitExpr, CoyieldExpr, AsmStmt>(S))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return call(Call, Depth);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      return Construct->getConstructor()->isTrivial() ||
             function(Construct->getConstructor(), nullptr, Depth);
    return true;
  }

  bool call(const CallExpr *Call, int Depth) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
    if (!FD)
      return false; // a function pointer, a std::function, ...
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    // Before builtins: `::sqrt` is a library builtin too.
    if (!MD && Vocabulary::isTinyFunction(FD))
      return note(displayName(FD, nullptr));
    if (FD->getBuiltinID())
      return Vocabulary::isTinyBuiltin(FD->getName());
    if (dispatchesVirtually(Call, MD))
      return false;
    const CXXRecordDecl *Class = MD ? objectClass(Call) : nullptr;
    if (Class && Vocabulary::isTinyMethod(Class, MD))
      return note(displayName(FD, Class));
    return function(FD, Call, Depth);
  }

  /// A function of user code whose definition the TU has, itself tiny.
  bool function(const FunctionDecl *FD, const CallExpr *Call, int Depth) {
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def || Depth >= MaxCallDepth || !Active.insert(Def).second)
      return false; // unknown, too deep, or recursive (a loop in disguise)
    const bool Tiny =
        !SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())) &&
        initializersTiny(Def, Depth) && body(userBody(Def), Depth + 1);
    Active.erase(Def);
    // Lambdas called in place and constructors are not worth naming.
    if (Tiny && Call && !isa<CXXConstructorDecl>(FD) &&
        !(isa<CXXMethodDecl>(FD) &&
          cast<CXXMethodDecl>(FD)->getParent()->isLambda()))
      note(displayName(FD, nullptr));
    return Tiny;
  }

  /// A constructor's member initialisers run before its body.
  bool initializersTiny(const FunctionDecl *Def, int Depth) {
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def);
    if (!Ctor)
      return true;
    return llvm::all_of(Ctor->inits(), [&](const CXXCtorInitializer *Init) {
      return !containsStmt(Init->getInit(),
                           [&](const Stmt *S) { return !node(S, Depth + 1); });
    });
  }

  bool note(std::string Name) {
    if (!llvm::is_contained(Calls, Name))
      Calls.push_back(std::move(Name));
    return true;
  }

  const unsigned MaxStatements;
  const SourceManager &SM;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Active;
};

} // namespace

TinyBody judgeTinyBody(const Stmt *Body, unsigned MaxStatements,
                       ASTContext &Ctx) {
  TinyBody Result;
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coroutine->getBody();
  const SourceManager &SM = Ctx.getSourceManager();
  // A library's body is not judged: only the tiny lists speak for it.
  if (!Body || SM.isInSystemHeader(SM.getExpansionLoc(Body->getBeginLoc())))
    return Result;
  TinyJudge Judge(MaxStatements, SM);
  Result.Statements = statementsIn(Body);
  Result.Tiny = Judge.body(Body, 0);
  Result.Calls = std::move(Judge.Calls);
  return Result;
}

bool isTinyWork(const Stmt *S, ASTContext &Ctx) {
  // One statement of any size, as long as it loops nowhere and calls only
  // tiny functions.
  TinyJudge Judge(~0U, Ctx.getSourceManager());
  return Judge.body(S, 0);
}

} // namespace clang::tidy::taskbound::analysis
