//===-- UnboundedSpawnInLoopCheck.cpp - taskbound-unbounded-spawn-in-loop -===//

#include "UnboundedSpawnInLoopCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

namespace {

StringRef messageFor(analysis::SpawnKind Kind) {
  switch (Kind) {
  case analysis::SpawnKind::Thread:
    return "%0 starts a new thread on each iteration of this loop with no "
           "bound on how many run at once; batch the work with "
           "'taskbound::parallel_for_each' or submit it to a "
           "'taskbound::worker_pool'";
  case analysis::SpawnKind::Task:
    return "%0 queues a new task on each iteration of this loop with no "
           "bound on how many are pending at once; batch the work with "
           "'taskbound::parallel_for_each' or submit it to a "
           "'taskbound::worker_pool' with a bounded queue";
  case analysis::SpawnKind::Coroutine:
    return "%0 starts a new coroutine on each iteration of this loop with no "
           "bound on how many are alive at once; run them through "
           "'taskbound::asio::for_each_bounded' or a 'taskbound::task_scope'";
  case analysis::SpawnKind::Custom:
    break;
  }
  return "%0 starts a new task on each iteration of this loop with no bound "
         "on how many run at once; batch the work with "
         "'taskbound::parallel_for_each' or submit it to a "
         "'taskbound::worker_pool'";
}

} // namespace

UnboundedSpawnInLoopCheck::UnboundedSpawnInLoopCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : TaskboundCheck(Name, Context),
      Bounds{Options.get("MaxFanOut", 64U),
             readBool("FlagEventPacedSpawns", false)},
      Finder(Vocab) {}

void UnboundedSpawnInLoopCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  TaskboundCheck::storeOptions(Opts);
  Options.store(Opts, "MaxFanOut", Bounds.MaxFanOut);
  Options.store(Opts, "FlagEventPacedSpawns",
                Bounds.FlagEventPacedSpawns ? "true" : "false");
}

void UnboundedSpawnInLoopCheck::onStartOfTranslationUnit() {
  Reported.clear();
  Parents.clear();
}

void UnboundedSpawnInLoopCheck::registerMatchers(MatchFinder *Finder) {
  // The translation unit, once: check() walks the user code's functions
  // itself, so the spawn matcher is never tried on a system header's ones.
  Finder->addMatcher(translationUnitDecl(), this);
}

void UnboundedSpawnInLoopCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  analysis::forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
    if (!analysis::hasOwnBody(Function))
      return;
    for (const analysis::Spawn &S : Finder.spawnsIn(Function, Ctx))
      checkSpawn(S, Function, Ctx);
  });
}

void UnboundedSpawnInLoopCheck::checkSpawn(const analysis::Spawn &S,
                                           const FunctionDecl &Function,
                                           ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // A macro expanded in user code is reported where it is expanded; a
  // template once, at the template, whatever the instantiation.
  const SourceLocation Loc = SM.getExpansionLoc(S.E->getBeginLoc());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc) || Reported.contains(Loc))
    return;
  const analysis::Judgement J =
      analysis::judgeSpawn(S, &Function, Parents, Vocab, Bounds, Ctx);
  if (J.InLoop && J.Rule == analysis::BoundRule::None)
    report(S, J, Loc, SM);
}

void UnboundedSpawnInLoopCheck::report(const analysis::Spawn &S,
                                       const analysis::Judgement &J,
                                       SourceLocation Loc,
                                       const SourceManager &SM) {
  Reported.insert(Loc);
  diag(Loc, messageFor(S.Api->Kind)) << ("'" + S.Api->Display + "'").str();
  noteLoop(J.Loop, J.Trip, SM);
}

} // namespace clang::tidy::taskbound
