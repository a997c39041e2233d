//===-- TaskboundCheck.cpp - what every taskbound check shares ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "TaskboundCheck.h"

#include "clang-tidy/utils/OptionsUtils.h"

namespace clang::tidy::taskbound {

namespace {

analysis::VocabularyOptions
readVocabularyOptions(const ClangTidyCheck::OptionsView &Options) {
  const auto List = [&](StringRef Name) {
    return utils::options::parseStringList(Options.getLocalOrGlobal(Name, ""));
  };
  return {List("SpawnFunctions"), List("IgnoredSpawnFunctions"),
          List("ConcurrencyLimitFunctions"), List("LimiterFunctions"),
          List("BoundedExecutors")};
}

} // namespace

TaskboundCheck::TaskboundCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      VocabOptions(readVocabularyOptions(Options)),
      SummaryDepth(Options.getLocalOrGlobal("SummaryDepth", 3U)),
      Shared(analysis::SharedAnalysis::sharedBy(Context)),
      Finder(Shared->spawnFinder(VocabOptions, SummaryDepth)),
      Vocab(Finder.vocabulary()) {}

void TaskboundCheck::onStartOfTranslationUnit() { Shared->clear(); }

void TaskboundCheck::onEndOfTranslationUnit() { Shared->clear(); }

void TaskboundCheck::forEachUserFunction(
    ASTContext &Ctx, llvm::function_ref<void(const FunctionDecl &)> Callback) {
  for (const FunctionDecl *FD : Shared->userFunctions(Ctx))
    Callback(*FD);
}

void TaskboundCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  using utils::options::serializeStringList;
  Options.store(Opts, "SpawnFunctions",
                serializeStringList(VocabOptions.SpawnFunctions));
  Options.store(Opts, "IgnoredSpawnFunctions",
                serializeStringList(VocabOptions.IgnoredSpawnFunctions));
  Options.store(Opts, "ConcurrencyLimitFunctions",
                serializeStringList(VocabOptions.ConcurrencyLimitFunctions));
  Options.store(Opts, "LimiterFunctions",
                serializeStringList(VocabOptions.LimiterFunctions));
  Options.store(Opts, "BoundedExecutors",
                serializeStringList(VocabOptions.BoundedExecutors));
  Options.store(Opts, "SummaryDepth", SummaryDepth);
}

// OptionsView::get<bool> is an explicit specialization whose mangled name
// differs between GCC and Clang, so a module built with GCC cannot link it
// from a Clang-built clang-tidy: the value is read as a string.
bool TaskboundCheck::readBool(StringRef Name, bool Default) {
  const StringRef Value = Options.get(Name, Default ? "true" : "false");
  const std::string Lower = Value.lower();
  if (Lower == "true" || Lower == "1")
    return true;
  if (Lower == "false" || Lower == "0")
    return false;
  configurationDiag("invalid configuration value '%0' for option '%1'; "
                    "expected a bool, using '%2'")
      << Value << (getID() + "." + Name).str() << (Default ? "true" : "false");
  return Default;
}

void TaskboundCheck::noteLoop(const analysis::LoopContext &Loop,
                              const analysis::TripCount &Trip,
                              const SourceManager &SM) {
  const SourceLocation LoopLoc = SM.getExpansionLoc(Loop.Loop->getBeginLoc());
  const bool Constant = Trip.Kind == analysis::TripCount::Constant;
  const auto Count = static_cast<unsigned>(Trip.Count);
  if (Loop.Algorithm) {
    const std::string Algorithm =
        "'" + analysis::qualifiedName(Loop.Algorithm).substr(2) + "'";
    if (Constant)
      diag(LoopLoc, "%0 calls the lambda %1 times", DiagnosticIDs::Note)
          << Algorithm << Count;
    else
      diag(LoopLoc,
           "%0 calls the lambda once per element; the element count is only "
           "known at run time",
           DiagnosticIDs::Note)
          << Algorithm;
  } else if (Constant) {
    diag(LoopLoc, "loop runs %0 times", DiagnosticIDs::Note) << Count;
  } else {
    diag(LoopLoc, "loop trip count is only known at run time",
         DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::taskbound
