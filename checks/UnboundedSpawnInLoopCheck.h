//===-- UnboundedSpawnInLoopCheck.h - the spawn-in-loop check ---*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H
#define TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H

#include "TaskboundCheck.h"
#include "analysis/Analysis.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::taskbound {

/// Flags a call that starts a thread, task or coroutine on every iteration of
/// a loop when nothing bounds how many are alive at once.
///
/// For the user-facing documentation see:
/// docs/checks/unbounded-spawn-in-loop.md
class UnboundedSpawnInLoopCheck : public TaskboundCheck {
public:
  UnboundedSpawnInLoopCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override { Finder.clear(); }

private:
  void checkSpawn(const analysis::Spawn &S, const FunctionDecl &Function,
                  ASTContext &Ctx);
  void report(const analysis::Spawn &S, const analysis::Judgement &J,
              SourceLocation Loc, const SourceManager &SM);
  void noteSummary(const analysis::Spawn &S, const SourceManager &SM);

  const analysis::BoundOptions Bounds;
  analysis::SpawnFinder Finder;

  /// Spawn sites already reported: a template is reported once, not once
  /// per instantiation.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H
