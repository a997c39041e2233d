//===-- TaskboundCheck.h - what every taskbound check shares ----*- C++ -*-===//

#ifndef TASKBOUND_CHECKS_TASKBOUNDCHECK_H
#define TASKBOUND_CHECKS_TASKBOUNDCHECK_H

#include "analysis/Vocabulary.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::taskbound {

/// The base of every taskbound check: it reads the options that describe
/// the code base's APIs (SpawnFunctions, LimiterFunctions, ...) once, into
/// the vocabulary every analysis reads, and writes them back. Those options
/// are looked up per check first, then globally, so one `CheckOptions` entry
/// without a check prefix configures every taskbound check.
class TaskboundCheck : public ClangTidyCheck {
protected:
  TaskboundCheck(StringRef Name, ClangTidyContext *Context);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  /// Derived checks call this first, then store their own options.
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

  /// Reads a boolean option; a value that is not one is reported through
  /// configurationDiag() and the default is used.
  bool readBool(StringRef Name, bool Default);

private:
  const analysis::VocabularyOptions VocabOptions;

protected:
  const analysis::Vocabulary Vocab;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_TASKBOUNDCHECK_H
