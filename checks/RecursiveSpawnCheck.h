//===-- RecursiveSpawnCheck.h - taskbound-recursive-spawn -------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_RECURSIVESPAWNCHECK_H
#define TASKBOUND_CHECKS_RECURSIVESPAWNCHECK_H

#include "TaskboundCheck.h"
#include "analysis/Analysis.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::taskbound {

/// Flags a function that spawns a call to itself with no sequential
/// cut-off, so that the number of tasks grows with the input.
///
/// For the user-facing documentation see:
/// docs/checks/recursive-spawn.md
class RecursiveSpawnCheck : public TaskboundCheck {
public:
  RecursiveSpawnCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;

private:
  /// Judges one spawn of \p Function; true once \p Function is reported.
  bool checkSpawn(const analysis::Spawn &S, const FunctionDecl &Function,
                  ASTContext &Ctx);
  void report(const analysis::Spawn &S, const FunctionDecl &Function,
              const Expr *RecursiveCall, const analysis::CutOff &C,
              SourceLocation Loc, const SourceManager &SM);

  /// Spawn sites already reported: a template is reported once, not once
  /// per instantiation.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_RECURSIVESPAWNCHECK_H
