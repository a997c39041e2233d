//===-- TinyTaskCheck.cpp - taskbound-tiny-task ---------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "TinyTaskCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

namespace {

/// `'std::vector::operator[]', 'scale'`: the first few calls a tiny body
/// makes, for the note.
std::string listCalls(llvm::ArrayRef<std::string> Calls) {
  constexpr std::size_t Shown = 3;
  std::string List;
  for (std::size_t I = 0; I < Calls.size() && I < Shown; ++I)
    List += (I ? ", '" : "'") + Calls[I] + "'";
  if (Calls.size() > Shown)
    List += ", ...";
  return List;
}

} // namespace

TinyTaskCheck::TinyTaskCheck(StringRef Name, ClangTidyContext *Context)
    : TaskboundCheck(Name, Context),
      MinElements(Options.get("MinElements", 64U)),
      MaxStatements(Options.get("MaxStatements", 3U)) {}

void TinyTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  TaskboundCheck::storeOptions(Opts);
  Options.store(Opts, "MinElements", MinElements);
  Options.store(Opts, "MaxStatements", MaxStatements);
}

void TinyTaskCheck::onStartOfTranslationUnit() {
  TaskboundCheck::onStartOfTranslationUnit();
  Reported.clear();
}

void TinyTaskCheck::registerMatchers(MatchFinder *Finder) {
  // The translation unit, once: check() walks the user code's functions.
  Finder->addMatcher(translationUnitDecl(), this);
}

void TinyTaskCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
    if (!analysis::hasOwnBody(Function))
      return;
    for (const analysis::Spawn &S : Finder.spawnsIn(Function, Ctx))
      checkSpawn(S, Function, Ctx);
  });
}

void TinyTaskCheck::checkSpawn(const analysis::Spawn &S,
                               const FunctionDecl &Function, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const SourceLocation Loc = SM.getExpansionLoc(S.E->getBeginLoc());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc) || Reported.contains(Loc))
    return;
  const llvm::SmallVector<analysis::LoopContext, 4> Loops =
      analysis::enclosingLoops(S.E, &Function, Finder.parents());
  if (Loops.empty())
    return;
  // Bounded or not: a bounded pool fed one tiny task per element pays the
  // same per-task cost. Only few elements, or one task per core or worker,
  // make the cost small.
  const analysis::Repetitions R =
      analysis::repetitionsOf(Loops, S.E, Vocab, Ctx);
  if (R.Kind == analysis::Repetitions::PerWorker ||
      (R.Kind == analysis::Repetitions::Constant && R.Count <= MinElements))
    return;
  const Stmt *Body = analysis::spawnedBody(S);
  const analysis::TinyBody Tiny =
      analysis::judgeTinyBody(Body, MaxStatements, Ctx);
  if (Tiny.Tiny)
    report(S, Tiny, Body, R, Loc, SM);
}

void TinyTaskCheck::report(const analysis::Spawn &S,
                           const analysis::TinyBody &Tiny, const Stmt *Body,
                           const analysis::Repetitions &R, SourceLocation Loc,
                           const SourceManager &SM) {
  Reported.insert(Loc);
  diag(Loc, "%0 starts a %select{thread|task|coroutine|task}1 per element to "
            "run a tiny body, and starting it costs far more than the work; "
            "process the elements in chunks with "
            "'taskbound::parallel_for_each'")
      << ("'" + S.Api->Display + "'").str()
      << static_cast<unsigned>(S.Api->Kind);
  diag(SM.getExpansionLoc(Body->getBeginLoc()),
       "the task's body is tiny: %0 statement%s0, no loop, and "
       "%select{no call|only calls to %2}1",
       DiagnosticIDs::Note)
      << Tiny.Statements << !Tiny.Calls.empty() << listCalls(Tiny.Calls);
  if (R.Kind == analysis::Repetitions::Constant && R.Trip.Count != R.Count)
    diag(SM.getExpansionLoc(R.Loop->Loop->getBeginLoc()),
         "the loops around it run it %0 times", DiagnosticIDs::Note)
        << static_cast<unsigned>(std::min<std::uint64_t>(R.Count, ~0U));
  else
    noteLoop(*R.Loop, R.Trip, SM);
}

} // namespace clang::tidy::taskbound
