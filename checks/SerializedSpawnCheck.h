//===-- SerializedSpawnCheck.h - taskbound-serialized-spawn -----*- C++ -*-===//

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
  void onEndOfTranslationUnit() override { Parents.clear(); }

private:
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx);
  void report(const analysis::Spawn &S, const analysis::ImmediateWait &W,
              const analysis::LoopContext *Loop, SourceLocation Loc,
              const SourceManager &SM);

  const analysis::SpawnFinder Finder;

  /// Spawn sites already reported: a template is reported once.
  llvm::DenseSet<SourceLocation> Reported;
  analysis::ParentMaps Parents;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_SERIALIZEDSPAWNCHECK_H
