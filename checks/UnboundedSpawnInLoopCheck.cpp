//===-- UnboundedSpawnInLoopCheck.cpp - taskbound-unbounded-spawn-in-loop -===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "UnboundedSpawnInLoopCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

namespace {

/// The warning when an exact rewrite comes with it: the advice is the
/// rewrite, which is also what an editor titles the quick fix with (clangd
/// names a fix of several edits after the diagnostic that carries it).
StringRef messageWithRewrite(const analysis::Spawn &S,
                             fixits::RewriteKind Kind) {
  switch (Kind) {
  case fixits::RewriteKind::GatherToParallelMap:
    return "%0 starts a new thread on each iteration of this loop with no "
           "bound on how many run at once; batch the calls with "
           "'taskbound::parallel_map'";
  case fixits::RewriteKind::ThreadsToTaskScope:
    return "%0 starts a new thread on each iteration of this loop with no "
           "bound on how many run at once; spawn the tasks into a "
           "'taskbound::task_scope', which bounds them";
  case fixits::RewriteKind::CoSpawnToForEachBounded:
    return "%0 starts a new coroutine on each iteration of this loop with no "
           "bound on how many are alive at once; run them through "
           "'taskbound::asio::for_each_bounded'";
  case fixits::RewriteKind::AsyncDropIn:
    break;
  }
  (void)S;
  llvm_unreachable("the drop-in goes on a note");
}

StringRef messageFor(const analysis::Spawn &S) {
  if (S.Via && S.Via->Kind == analysis::SpawnSummary::EnqueuesUnbounded)
    return "%0 adds a task to the unbounded queue of %1 on each iteration of "
           "this loop with no bound on how many are pending at once; give the "
           "pool a bounded queue (a 'taskbound::worker_pool' with a "
           "'queue_capacity') or wait for room before each call";
  switch (S.Api->Kind) {
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
      FixMaxInFlight(readFixMaxInFlight()),
      WarningIncludes(Options.getLocalOrGlobal("IncludeStyle",
                                               utils::IncludeSorter::IS_LLVM),
                      areDiagsSelfContained()),
      NoteIncludes(WarningIncludes.getStyle(), areDiagsSelfContained()) {}

/// A positive number, or empty for the runtime's default.
std::optional<unsigned> UnboundedSpawnInLoopCheck::readFixMaxInFlight() {
  const StringRef Value = Options.get("FixMaxInFlight", "");
  unsigned N = 0;
  if (Value.trim().empty())
    return std::nullopt;
  if (!Value.trim().getAsInteger(10, N) && N > 0)
    return N;
  configurationDiag("invalid configuration value '%0' for option '%1'; "
                    "expected a positive number or nothing, using the "
                    "runtime's default")
      << Value << (getID() + ".FixMaxInFlight").str();
  return std::nullopt;
}

void UnboundedSpawnInLoopCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  TaskboundCheck::storeOptions(Opts);
  Options.store(Opts, "MaxFanOut", Bounds.MaxFanOut);
  Options.store(Opts, "FlagEventPacedSpawns",
                Bounds.FlagEventPacedSpawns ? "true" : "false");
  Options.store(Opts, "FixMaxInFlight",
                FixMaxInFlight ? std::to_string(*FixMaxInFlight) : "");
  Options.store(Opts, "IncludeStyle", WarningIncludes.getStyle());
}

void UnboundedSpawnInLoopCheck::registerPPCallbacks(const SourceManager &,
                                                    Preprocessor *PP,
                                                    Preprocessor *) {
  WarningIncludes.registerPreprocessor(PP);
  NoteIncludes.registerPreprocessor(PP);
}

void UnboundedSpawnInLoopCheck::onStartOfTranslationUnit() {
  TaskboundCheck::onStartOfTranslationUnit();
  Reported.clear();
}

void UnboundedSpawnInLoopCheck::registerMatchers(MatchFinder *Finder) {
  // The translation unit, once: check() walks the user code's functions
  // itself, so the spawn matcher is never tried on a system header's ones.
  Finder->addMatcher(translationUnitDecl(), this);
}

void UnboundedSpawnInLoopCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
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
      analysis::judgeSpawn(S, &Function, Finder.parents(), Vocab, Bounds, Ctx);
  if (J.InLoop && J.Rule == analysis::BoundRule::None)
    report(S, J, Loc, Function, Ctx);
}

void UnboundedSpawnInLoopCheck::report(const analysis::Spawn &S,
                                       const analysis::Judgement &J,
                                       SourceLocation Loc,
                                       const FunctionDecl &Function,
                                       ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  Reported.insert(Loc);
  fixits::RewriteContext RC{Ctx, Function, Finder.parents(), FixMaxInFlight};
  const std::optional<fixits::Rewrite> Exact = fixits::exactRewrite(S, J, RC);
  const std::optional<fixits::Rewrite> DropIn = fixits::asyncDropIn(S, J, RC);
  {
    auto Warning =
        diag(Loc, Exact ? messageWithRewrite(S, Exact->Kind) : messageFor(S))
        << ("'" + S.Api->Display + "'").str();
    if (S.Via && S.Via->Pool)
      Warning << ("'" + analysis::qualifiedName(S.Via->Pool).substr(2) + "'");
    if (Exact)
      addRewrite(Warning, *Exact, WarningIncludes, Loc, SM);
  }
  noteLoop(J.Loop, J.Trip, SM);
  noteSummary(S, SM);
  // The drop-in changes when work runs (a queue instead of a thread each):
  // a note, so that --fix alone never applies it.
  if (DropIn) {
    auto Note = diag(Loc,
                     "replace with 'taskbound::async', which queues the task "
                     "on a bounded pool",
                     DiagnosticIDs::Note);
    addRewrite(Note, *DropIn, NoteIncludes, Loc, SM);
  }
}

void UnboundedSpawnInLoopCheck::addRewrite(DiagnosticBuilder &Diag,
                                           const fixits::Rewrite &R,
                                           utils::IncludeInserter &Includes,
                                           SourceLocation Loc,
                                           const SourceManager &SM) {
  for (const FixItHint &Edit : R.Edits)
    Diag << Edit;
  Diag << Includes.createIncludeInsertion(SM.getFileID(Loc), R.Header);
}

/// One note per function the spawn goes through: "'start_job' starts a
/// thread with 'std::async' here", "'ThreadPool::enqueue' adds to an
/// unbounded queue here".
void UnboundedSpawnInLoopCheck::noteSummary(const analysis::Spawn &S,
                                            const SourceManager &SM) {
  for (const analysis::SpawnSummary *Via = S.Via; Via; Via = Via->Inner.Via) {
    const SourceLocation At = SM.getExpansionLoc(Via->Site->getBeginLoc());
    const std::string Name = "'" + Via->Display + "'";
    if (Via->Kind == analysis::SpawnSummary::EnqueuesUnbounded) {
      noteQueue(*Via, At, Name);
      continue;
    }
    StringRef What = "starts a task";
    switch (Via->Inner.Api->Kind) {
    case analysis::SpawnKind::Thread:
      What = "starts a thread";
      break;
    case analysis::SpawnKind::Task:
      What = "queues a task";
      break;
    case analysis::SpawnKind::Coroutine:
      What = "starts a coroutine";
      break;
    case analysis::SpawnKind::Custom:
      break;
    }
    diag(At, "%0 %1 with %2 here", DiagnosticIDs::Note)
        << Name << What << ("'" + Via->Inner.Api->Display + "'").str();
  }
}

/// A home-made pool gets no rewrite: the note names the queue that has no
/// bound, the member to replace with a bounded one.
void UnboundedSpawnInLoopCheck::noteQueue(const analysis::SpawnSummary &Via,
                                          SourceLocation At,
                                          const std::string &Name) {
  const std::string QueueName =
      Via.Queue ? analysis::qualifiedName(Via.Queue) : "";
  if (QueueName.empty()) {
    diag(At, "%0 adds to an unbounded queue here", DiagnosticIDs::Note) << Name;
    return;
  }
  diag(At, "%0 adds to an unbounded queue here: nothing limits the size of %1",
       DiagnosticIDs::Note)
      << Name << ("'" + StringRef(QueueName).substr(2) + "'").str();
}

} // namespace clang::tidy::taskbound
