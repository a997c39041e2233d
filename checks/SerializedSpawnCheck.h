//===-- SerializedSpawnCheck.h - taskbound-serialized-spawn -----*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_SERIALIZEDSPAWNCHECK_H
#define TASKBOUND_CHECKS_SERIALIZEDSPAWNCHECK_H

#include "TaskboundCheck.h"
#include "analysis/Analysis.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::taskbound {

/// Flags a task that the iteration which started it waits for before doing
/// any other work (and, outside loops, a discarded std::async future): it
/// pays for a thread or task and gets no concurrency.
///
/// For the user-facing documentation see:
/// docs/checks/serialized-spawn.md
class SerializedSpawnCheck : public TaskboundCheck {
public:
  SerializedSpawnCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;

private:
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx);
  void report(const analysis::Spawn &S, const analysis::ImmediateWait &W,
              const analysis::LoopContext *Loop, SourceLocation Loc,
              const SourceManager &SM);

  /// Spawn sites already reported: a template is reported once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_SERIALIZEDSPAWNCHECK_H
