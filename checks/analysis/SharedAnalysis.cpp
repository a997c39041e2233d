//===-- SharedAnalysis.cpp - one analysis per TU for all the checks -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each taskbound check starts from every user function of the TU and asks
// the spawn finder for its spawns. Done per check, the walk over the TU and
// the matching of spawns and summaries ran five times on every TU; shared,
// they run once and the checks after the first read the results.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"

#include <mutex>

namespace clang::tidy::taskbound::analysis {

struct SharedAnalysis::FinderEntry {
  FinderEntry(const VocabularyOptions &Options, unsigned SummaryDepth)
      : Vocab(Options), Finder(Vocab, SummaryDepth) {}
  const Vocabulary Vocab; // the finder refers to it
  SpawnFinder Finder;
};

SharedAnalysis::~SharedAnalysis() = default;

std::shared_ptr<SharedAnalysis> SharedAnalysis::sharedBy(const void *Owner) {
  static std::mutex Mutex;
  static std::map<const void *, std::weak_ptr<SharedAnalysis>> Analyses;
  std::lock_guard<std::mutex> Lock(Mutex);
  for (auto It = Analyses.begin(); It != Analyses.end();)
    It = It->second.expired() ? Analyses.erase(It) : std::next(It);
  std::weak_ptr<SharedAnalysis> &Slot = Analyses[Owner];
  std::shared_ptr<SharedAnalysis> Analysis = Slot.lock();
  if (!Analysis) {
    Analysis = std::make_shared<SharedAnalysis>();
    Slot = Analysis;
  }
  return Analysis;
}

llvm::ArrayRef<const FunctionDecl *>
SharedAnalysis::userFunctions(ASTContext &Ctx) {
  if (Collected != &Ctx) {
    Functions.clear();
    forEachUserFunction(
        Ctx, [&](const FunctionDecl &FD) { Functions.push_back(&FD); });
    Collected = &Ctx;
  }
  return Functions;
}

SpawnFinder &SharedAnalysis::spawnFinder(const VocabularyOptions &Options,
                                         unsigned SummaryDepth) {
  // Every list, in order, each name ended by a unit separator (it cannot be
  // part of a name) and each list by a record separator.
  std::string Key = std::to_string(SummaryDepth) + '\x1e';
  for (const std::vector<llvm::StringRef> *List :
       {&Options.SpawnFunctions, &Options.IgnoredSpawnFunctions,
        &Options.ConcurrencyLimitFunctions, &Options.LimiterFunctions,
        &Options.BoundedExecutors}) {
    for (llvm::StringRef Name : *List)
      (Key += Name) += '\x1f';
    Key += '\x1e';
  }
  std::unique_ptr<FinderEntry> &Entry = Finders[Key];
  if (!Entry)
    Entry = std::make_unique<FinderEntry>(Options, SummaryDepth);
  return Entry->Finder;
}

void SharedAnalysis::clear() {
  Collected = nullptr;
  Functions.clear();
  for (auto &[Key, Entry] : Finders)
    Entry->Finder.clear();
}

} // namespace clang::tidy::taskbound::analysis
