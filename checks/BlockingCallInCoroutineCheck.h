//===-- BlockingCallInCoroutineCheck.h - the check --------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H
#define TASKBOUND_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H

#include "TaskboundCheck.h"
#include "analysis/Analysis.h"

#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace clang::tidy::taskbound {

/// Flags a call that blocks its thread (a sleep, a wait on a future or a
/// condition variable, a join, synchronous Asio or POSIX I/O) inside a
/// coroutine that runs on an event loop, where it stalls every other task.
///
/// For the user-facing documentation see:
/// docs/checks/blocking-call-in-coroutine.md
class BlockingCallInCoroutineCheck : public TaskboundCheck {
public:
  BlockingCallInCoroutineCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    TaskboundCheck::onStartOfTranslationUnit();
    Reported.clear();
  }

private:
  void checkCoroutine(const FunctionDecl &Function,
                      const analysis::EventLoopCoroutine &Kind,
                      ASTContext &Ctx);
  void report(const CallExpr &Call, const analysis::BlockingCall &Found,
              const FunctionDecl &Function,
              const analysis::EventLoopCoroutine &Kind,
              const SourceManager &SM);

  const std::string CoroutineTypesOption, BlockingFunctionsOption;
  const std::vector<std::string> CoroutineTypes;
  const analysis::BlockingCalls Blocking;
  /// Calls already reported: a template is reported once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskbound

#endif // TASKBOUND_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H
