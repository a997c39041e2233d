//===-- UnboundedSpawnInLoopCheck.h - taskbound-unbounded-spawn-in-loop ---===//

#ifndef TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H
#define TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H

#include "utils/SpawnAnalysis.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::taskbound {

/// Flags a call that starts a thread, task or coroutine on every iteration of
/// a loop when nothing bounds how many are alive at once.
///
/// For the user-facing documentation see:
/// docs/checks/unbounded-spawn-in-loop.md
class UnboundedSpawnInLoopCheck : public ClangTidyCheck {
public:
  UnboundedSpawnInLoopCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Parents.clear();
  }
  void onEndOfTranslationUnit() override { Parents.clear(); }

private:
  /// Judges one spawn found in \p Function (see registerMatchers).
  void checkSpawn(const Expr *Spawn, const NamedDecl *Site,
                  const FunctionDecl *Function, ASTContext &Ctx);

  const std::vector<StringRef> SpawnFunctions;
  const std::vector<StringRef> IgnoredSpawnFunctions;
  const unsigned MaxFanOut;
  const bool FlagEventPacedSpawns;
  const std::vector<StringRef> ConcurrencyLimitFunctions;
  const std::vector<StringRef> LimiterFunctions;
  const std::vector<StringRef> BoundedExecutors;

  // The option lists merged with the built-in names, fully qualified.
  const std::vector<std::string> SpawnNames;
  const std::vector<std::string> ThreadClassNames;
  const std::vector<std::string> ConcurrencyNames;
  const std::vector<std::string> LimiterNames;
  const std::vector<std::string> BoundedExecutorNames;
  // The same lists as the StringRefs hasAnyName() and the analysis take.
  const std::vector<StringRef> Spawns;
  const std::vector<StringRef> ThreadClasses;
  const std::vector<StringRef> Concurrency;
  const std::vector<StringRef> Limiters;
  const std::vector<StringRef> Bounded;

  /// Every spawn in one function defined in user code.
  std::optional<ast_matchers::DeclarationMatcher> SpawnsInFunction;

  /// Spawn sites already reported: a template is reported once, not once
  /// per instantiation.
  llvm::DenseSet<SourceLocation> Reported;
  /// Parent maps of the functions that contain spawns.
  analysis::ParentMaps Parents;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_UNBOUNDEDSPAWNINLOOPCHECK_H
