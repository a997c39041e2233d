//===-- TaskboundCheck.h - what every taskbound check shares ----*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_TASKBOUNDCHECK_H
#define TASKBOUND_CHECKS_TASKBOUNDCHECK_H

#include "analysis/Analysis.h"
#include "analysis/Vocabulary.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::taskbound {

/// The base of every taskbound check: it reads the options that describe
/// the code base's APIs (SpawnFunctions, LimiterFunctions, ...) once, into
/// the vocabulary every analysis reads, and writes them back. Those options
/// are looked up per check first, then globally, so one `CheckOptions` entry
/// without a check prefix configures every taskbound check. SummaryDepth is
/// shared the same way.
class TaskboundCheck : public ClangTidyCheck {
protected:
  TaskboundCheck(StringRef Name, ClangTidyContext *Context);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  /// Derived checks call this first, then store their own options.
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

  /// Forget the translation unit, at its start and at its end; derived
  /// checks that override them call these first.
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

  /// Calls \p Callback on every function of user code in the TU (see
  /// analysis::forEachUserFunction), collected once for all taskbound checks.
  void
  forEachUserFunction(ASTContext &Ctx,
                      llvm::function_ref<void(const FunctionDecl &)> Callback);

  /// Reads a boolean option; a value that is not one is reported through
  /// configurationDiag() and the default is used.
  bool readBool(StringRef Name, bool Default);

  /// A note at \p Loop saying how often it runs: `loop runs 100 times`,
  /// `loop trip count is only known at run time`, or the same for the lambda
  /// of a per-element algorithm.
  void noteLoop(const analysis::LoopContext &Loop,
                const analysis::TripCount &Trip, const SourceManager &SM);

private:
  const analysis::VocabularyOptions VocabOptions;

protected:
  /// How many calls away a spawn is followed through functions that spawn
  /// (SummaryDepth; 0 turns summaries off).
  const unsigned SummaryDepth;

private:
  const std::shared_ptr<analysis::SharedAnalysis> Shared;

protected:
  /// The spawn finder of this TU, shared with every taskbound check
  /// configured alike (analysis::SharedAnalysis).
  analysis::SpawnFinder &Finder;
  /// The vocabulary built from the options, the finder's own.
  const analysis::Vocabulary &Vocab;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_TASKBOUNDCHECK_H
