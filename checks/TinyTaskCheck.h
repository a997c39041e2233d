//===-- TinyTaskCheck.h - taskbound-tiny-task -------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_TINYTASKCHECK_H
#define TASKBOUND_CHECKS_TINYTASKCHECK_H

#include "TaskboundCheck.h"
#include "analysis/Analysis.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::taskbound {

/// Flags a spawn or executor submission run once per element of a loop when
/// the task's body, as far as the translation unit shows it, is too cheap to
/// pay for a task: bounded pools included.
///
/// For the user-facing documentation see:
/// docs/checks/tiny-task.md
class TinyTaskCheck : public TaskboundCheck {
public:
  TinyTaskCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

private:
  void checkSpawn(const analysis::Spawn &S, const FunctionDecl &Function,
                  ASTContext &Ctx);
  void report(const analysis::Spawn &S, const analysis::TinyBody &Tiny,
              const Stmt *Body, const analysis::Repetitions &R,
              SourceLocation Loc, const SourceManager &SM);

  /// Loops with a constant trip count up to this start few enough tasks.
  const unsigned MinElements;
  /// The most statements a tiny body has.
  const unsigned MaxStatements;

  /// Spawn sites already reported: a template is reported once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_TINYTASKCHECK_H
