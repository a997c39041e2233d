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
#include "fixits/Rewrites.h"

#include "clang-tidy/utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>

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
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

private:
  void checkSpawn(const analysis::Spawn &S, const FunctionDecl &Function,
                  ASTContext &Ctx);
  void report(const analysis::Spawn &S, const analysis::Judgement &J,
              SourceLocation Loc, const FunctionDecl &Function,
              ASTContext &Ctx);
  void addRewrite(DiagnosticBuilder &Diag, const fixits::Rewrite &R,
                  utils::IncludeInserter &Includes, SourceLocation Loc,
                  const SourceManager &SM);
  void noteSummary(const analysis::Spawn &S, const SourceManager &SM);
  void noteQueue(const analysis::SpawnSummary &Via, SourceLocation At,
                 const std::string &Name);

  std::optional<unsigned> readFixMaxInFlight();

  const analysis::BoundOptions Bounds;
  /// FixMaxInFlight: the bound the fix-its write; none for the runtime's
  /// default.
  const std::optional<unsigned> FixMaxInFlight;
  /// The runtime's header, once per file: one inserter for the fixes on
  /// warnings (`--fix`), one for those on notes (`--fix-notes`), so a file
  /// fixed with `--fix` alone gets it even when a note asked first.
  utils::IncludeInserter WarningIncludes;
  utils::IncludeInserter NoteIncludes;

  /// Spawn sites already reported: a template is reported once, not once
  /// per instantiation.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H
