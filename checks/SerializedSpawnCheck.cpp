//===-- SerializedSpawnCheck.cpp - taskbound-serialized-spawn -------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "SerializedSpawnCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

namespace {

/// One spawn of a function, with what the check needs to know about it.
struct Judged {
  analysis::Spawn S;
  llvm::SmallVector<analysis::LoopContext, 4> Loops;
  analysis::ImmediateWait W;
};

/// Whether a task that \p J's iteration started earlier may still run when
/// \p J starts: then \p J's task overlaps it (`a = async(f); b = async(g);
/// b.get(); a.get();`) and is not serialized.
bool overlapsEarlierTask(const Judged &J, llvm::ArrayRef<Judged> All,
                         ASTContext &Ctx) {
  return llvm::any_of(All, [&](const Judged &Other) {
    return &Other != &J && Other.W.Kind == analysis::ImmediateWait::None &&
           analysis::startsEarlierInIteration(Other.S.E, J.S.E, J.Loops.front(),
                                              Ctx);
  });
}

} // namespace

SerializedSpawnCheck::SerializedSpawnCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : TaskboundCheck(Name, Context) {}

void SerializedSpawnCheck::onStartOfTranslationUnit() {
  TaskboundCheck::onStartOfTranslationUnit();
  Reported.clear();
}

void SerializedSpawnCheck::registerMatchers(MatchFinder *Finder) {
  // The translation unit, once: check() walks the user code's functions.
  Finder->addMatcher(translationUnitDecl(), this);
}

void SerializedSpawnCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
    if (analysis::hasOwnBody(Function))
      checkFunction(Function, Ctx);
  });
}

void SerializedSpawnCheck::checkFunction(const FunctionDecl &Function,
                                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::SmallVector<Judged, 4> All;
  for (const analysis::Spawn &S : Finder.spawnsIn(Function, Ctx))
    All.push_back(
        {S, analysis::enclosingLoops(S.E, &Function, Finder.parents()),
         analysis::immediateWait(S, Function, Finder.parents(), Ctx)});
  for (const Judged &J : All) {
    const SourceLocation Loc = SM.getExpansionLoc(J.S.E->getBeginLoc());
    if (J.W.Kind == analysis::ImmediateWait::None || Loc.isInvalid() ||
        SM.isInSystemHeader(Loc) || Reported.contains(Loc))
      continue;
    const bool Discarded = J.W.Kind == analysis::ImmediateWait::Discarded;
    // Outside loops, only the discarded future: its blocking destructor is
    // a bug (the caller meant fire and forget), where a single task waited
    // for at once is merely slower than a call.
    const bool Future = J.S.Api->Shape == analysis::ApiShape::Function;
    if (J.Loops.empty() ? !(Discarded && Future)
                        : !Discarded && overlapsEarlierTask(J, All, Ctx))
      continue;
    report(J.S, J.W, J.Loops.empty() ? nullptr : &J.Loops.front(), Loc, SM);
  }
}

void SerializedSpawnCheck::report(const analysis::Spawn &S,
                                  const analysis::ImmediateWait &W,
                                  const analysis::LoopContext *Loop,
                                  SourceLocation Loc, const SourceManager &SM) {
  Reported.insert(Loc);
  const std::string Name = ("'" + S.Api->Display + "'").str();
  const bool Future = S.Api->Shape == analysis::ApiShape::Function;
  if (W.Kind == analysis::ImmediateWait::Discarded && !Loop) {
    diag(Loc, "the future returned by %0 is discarded, so its destructor "
              "waits for the task at the end of the statement and nothing "
              "runs alongside it; call the function directly, or keep the "
              "future and wait for it after the work it should overlap")
        << Name;
    return;
  }
  if (W.Kind == analysis::ImmediateWait::Discarded)
    diag(Loc, "%select{the %1|the future returned by %1}0 is discarded, so "
              "its destructor waits for the task at the end of the statement "
              "and the tasks run one at a time; call the function directly, "
              "or start all the tasks and wait once with a bound "
              "('taskbound::parallel_map')")
        << Future << Name;
  else
    diag(Loc, "%0 starts a %select{thread|task|coroutine|task}1 that this "
              "iteration waits for before doing any other work, so the tasks "
              "run one at a time; call the function directly, or start all "
              "the tasks and wait once with a bound "
              "('taskbound::parallel_map')")
        << Name << static_cast<unsigned>(S.Api->Kind);

  if (W.Kind == analysis::ImmediateWait::EndOfScope)
    diag(SM.getExpansionLoc(W.WaitLoc),
         "%0 is destroyed here and waits for the task", DiagnosticIDs::Note)
        << W.Holder;
  else if (W.WaitLoc.isValid())
    diag(SM.getExpansionLoc(W.WaitLoc),
         "waited for here, with no other work since it started",
         DiagnosticIDs::Note);
  diag(SM.getExpansionLoc(Loop->Loop->getBeginLoc()),
       "each iteration of this loop waits for the task it started",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::taskbound
