//===-- RecursiveSpawnCheck.cpp - taskbound-recursive-spawn ---------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "RecursiveSpawnCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

RecursiveSpawnCheck::RecursiveSpawnCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : TaskboundCheck(Name, Context) {}

void RecursiveSpawnCheck::onStartOfTranslationUnit() {
  TaskboundCheck::onStartOfTranslationUnit();
  Reported.clear();
}

void RecursiveSpawnCheck::registerMatchers(MatchFinder *Finder) {
  // The translation unit, once: check() walks the user code's functions.
  Finder->addMatcher(translationUnitDecl(), this);
}

void RecursiveSpawnCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  // Which functions each body names, once: only a function that names
  // itself, or calls a helper that names it and spawns (a summary), can
  // spawn itself, and that test is much cheaper than looking for spawns.
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallPtrSet<const FunctionDecl *, 8>>
      Names;
  llvm::SmallVector<const FunctionDecl *, 64> Functions;
  forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
    if (!analysis::hasOwnBody(Function))
      return;
    Functions.push_back(&Function);
    auto &Set = Names[analysis::functionKey(&Function)];
    for (const FunctionDecl *Named : analysis::functionsNamedIn(Function))
      Set.insert(Named);
  });
  const auto MayRecurse = [&](const FunctionDecl &Function) {
    const FunctionDecl *Key = analysis::functionKey(&Function);
    const auto &Own = Names[Key];
    if (Own.contains(Key))
      return true;
    const auto *MD = dyn_cast<CXXMethodDecl>(&Function);
    if (MD && MD->getOverloadedOperator() == OO_Call &&
        analysis::selfReferences(Function) > 0)
      return true; // a function object that constructs its own class
    if (SummaryDepth == 0)
      return false;
    return llvm::any_of(Own, [&](const FunctionDecl *Helper) {
      auto It = Names.find(Helper);
      return It != Names.end() && It->second.contains(Key);
    });
  };
  for (const FunctionDecl *Function : Functions) {
    if (!MayRecurse(*Function))
      continue;
    for (const analysis::Spawn &S : Finder.spawnsIn(*Function, Ctx))
      if (checkSpawn(S, *Function, Ctx))
        break; // one warning per function
  }
}

bool RecursiveSpawnCheck::checkSpawn(const analysis::Spawn &S,
                                     const FunctionDecl &Function,
                                     ASTContext &Ctx) {
  const Expr *Call = analysis::recursiveCallIn(S, Function);
  if (!Call)
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  // A macro is reported where it is expanded; a template once.
  const SourceLocation Loc = SM.getExpansionLoc(S.E->getBeginLoc());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return false;
  if (Reported.contains(Loc))
    return true;
  const analysis::CutOff C =
      analysis::cutOffOf(Call, Function, Finder.parents().of(&Function));
  if (C.Guard || analysis::isContinuation(S, Function, Finder.parents(), Ctx))
    return false;
  report(S, Function, Call, C, Loc, SM);
  return true;
}

void RecursiveSpawnCheck::report(const analysis::Spawn &S,
                                 const FunctionDecl &Function,
                                 const Expr *RecursiveCall,
                                 const analysis::CutOff &C, SourceLocation Loc,
                                 const SourceManager &SM) {
  Reported.insert(Loc);
  // A template is named as written, without the instantiation's arguments.
  const FunctionDecl *Pattern = Function.getTemplateInstantiationPattern();
  diag(Loc, "%0 spawns a call to itself through %1 with no sequential "
            "cut-off, so the number of tasks grows with the input; below a "
            "size threshold do the work serially, or spawn into a "
            "'taskbound::task_scope', whose 'join()' runs waiting tasks "
            "instead of blocking a thread")
      << (Pattern ? Pattern : &Function) << ("'" + S.Api->Display + "'").str();
  diag(SM.getExpansionLoc(RecursiveCall->getBeginLoc()),
       "recursive call spawned here", DiagnosticIDs::Note);
  if (C.BaseCase)
    diag(SM.getExpansionLoc(C.BaseCase->getBeginLoc()),
         "this base case stops only trivial problems; a cut-off does small "
         "problems serially",
         DiagnosticIDs::Note);
}

} // namespace clang::tidy::taskbound
