//===-- BaselineMain.cpp - taskbound-baseline: fail only on new findings --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Adopting a check on an old code base: record today's findings once, commit
// the baseline, and let CI fail only on findings that are not in it.
//
//   taskbound-baseline record --baseline=FILE [--root=DIR] FIXES.yaml...
//   taskbound-baseline check  --baseline=FILE [--root=DIR] FIXES.yaml...
//
// A finding is identified by its check, its file relative to the root and a
// hash of its source line (whitespace collapsed), never by its line number:
// editing code above a recorded finding does not make it new; editing its own
// line does. A key that occurs N times in the baseline absolves N findings.
//
//===----------------------------------------------------------------------===//

#include "Findings.h"
#include "Options.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <tuple>

using namespace taskbound::findings;
namespace json = llvm::json;

namespace {

constexpr int FormatVersion = 1;

/// check, file relative to the root, line hash
using Key = std::tuple<std::string, std::string, std::string>;

Key keyOf(const Finding &F, llvm::StringRef Root) {
  return {F.Check, relativePath(Root, F.Where.File), F.LineHash};
}

int record(llvm::StringRef BaselinePath, llvm::StringRef Root,
           const std::vector<Finding> &Findings) {
  // One entry per key, in a stable order, so the file diffs well in review.
  std::map<Key, json::Object> Entries;
  for (const Finding &F : Findings) {
    Key K = keyOf(F, Root);
    auto [It, Added] = Entries.try_emplace(K);
    if (Added)
      It->second = json::Object{{"check", std::get<0>(K)},
                                {"file", std::get<1>(K)},
                                {"lineHash", std::get<2>(K)},
                                {"count", 0},
                                {"line", llvm::StringRef(F.LineText).trim()},
                                {"message", F.Message}};
    It->second["count"] = *It->second.getInteger("count") + 1;
  }
  json::Array List;
  for (auto &Entry : Entries)
    List.push_back(std::move(Entry.second));
  json::Object Baseline{{"version", FormatVersion},
                        {"tool", "taskbound"},
                        {"findings", std::move(List)}};

  std::error_code EC;
  llvm::raw_fd_ostream OS(BaselinePath, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    llvm::errs() << "taskbound-baseline: cannot write " << BaselinePath << ": "
                 << EC.message() << "\n";
    return 2;
  }
  OS << llvm::formatv("{0:2}", json::Value(std::move(Baseline))) << "\n";
  llvm::outs() << "taskbound-baseline: recorded " << Findings.size()
               << " finding(s) in " << BaselinePath << "\n";
  return 0;
}

llvm::Expected<std::map<Key, int64_t>> readBaseline(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read %s: %s",
                                   Path.str().c_str(),
                                   Buffer.getError().message().c_str());
  auto Parsed = json::parse((*Buffer)->getBuffer());
  if (!Parsed)
    return Parsed.takeError();
  auto Bad = [&](const char *What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s is not a taskbound baseline: %s",
                                   Path.str().c_str(), What);
  };
  const json::Object *Root = Parsed->getAsObject();
  if (!Root)
    return Bad("not a JSON object");
  if (Root->getInteger("version") != FormatVersion)
    return Bad("unknown \"version\"");
  const json::Array *List = Root->getArray("findings");
  if (!List)
    return Bad("no \"findings\" array");
  std::map<Key, int64_t> Counts;
  for (const json::Value &Entry : *List) {
    const json::Object *E = Entry.getAsObject();
    auto Check = E ? E->getString("check") : std::nullopt;
    auto File = E ? E->getString("file") : std::nullopt;
    auto Hash = E ? E->getString("lineHash") : std::nullopt;
    auto Count = E ? E->getInteger("count") : std::nullopt;
    if (!Check || !File || !Hash || !Count)
      return Bad("an entry lacks check, file, lineHash or count");
    Counts[{Check->str(), File->str(), Hash->str()}] += *Count;
  }
  return Counts;
}

void printFinding(const Finding &F) {
  llvm::outs() << F.Where.File << ":" << F.Where.Line << ":" << F.Where.Column
               << ": " << F.Level << ": " << F.Message << " [" << F.Check
               << "]\n";
  for (const Note &N : F.Notes)
    llvm::outs() << N.Where.File << ":" << N.Where.Line << ":" << N.Where.Column
                 << ": note: " << N.Message << "\n";
}

int check(llvm::StringRef BaselinePath, llvm::StringRef Root,
          const std::vector<Finding> &Findings) {
  auto Baseline = readBaseline(BaselinePath);
  if (!Baseline) {
    llvm::errs() << "taskbound-baseline: "
                 << llvm::toString(Baseline.takeError()) << "\n";
    return 2;
  }
  std::map<Key, int64_t> Left = *Baseline;
  unsigned New = 0;
  for (const Finding &F : Findings) {
    auto It = Left.find(keyOf(F, Root));
    if (It != Left.end() && It->second > 0) {
      --It->second;
      continue;
    }
    printFinding(F);
    ++New;
  }
  int64_t Gone = 0;
  for (const auto &Entry : Left)
    Gone += Entry.second;
  llvm::outs() << "taskbound-baseline: " << Findings.size() << " finding(s), "
               << New << " new, " << (Findings.size() - New)
               << " in the baseline";
  if (Gone > 0)
    llvm::outs() << "; " << Gone
                 << " baseline finding(s) are gone (record again to drop them)";
  llvm::outs() << "\n";
  return New == 0 ? 0 : 1;
}

constexpr char Usage[] =
    "usage: taskbound-baseline record --baseline=FILE [--root=DIR] "
    "FIXES.yaml...\n"
    "       taskbound-baseline check  --baseline=FILE [--root=DIR] "
    "FIXES.yaml...\n"
    "record writes the findings of clang-tidy --export-fixes files to FILE;\n"
    "check prints the findings FILE does not contain and exits 1 if there are "
    "any.\n"
    "  --root  paths in FILE are relative to it (default: the current "
    "directory)\n";

} // namespace

int main(int Argc, char **Argv) {
  Options Opts;
  bool Parsed = Opts.parse(Argc, Argv, {"baseline", "root"}, {"help", "h"});
  if (Opts.has("help") || Opts.has("h")) {
    llvm::outs() << Usage;
    return 0;
  }
  std::string Mode = Opts.Positional.empty() ? "" : Opts.Positional.front();
  if (!Parsed || (Mode != "record" && Mode != "check") ||
      !Opts.has("baseline") || Opts.Positional.size() < 2) {
    if (!Opts.Error.empty())
      llvm::errs() << "taskbound-baseline: " << Opts.Error << "\n";
    llvm::errs() << Usage;
    return 2;
  }

  std::vector<std::string> Inputs(Opts.Positional.begin() + 1,
                                  Opts.Positional.end());
  auto Findings = loadExportedFixes(Inputs);
  if (!Findings) {
    llvm::errs() << "taskbound-baseline: "
                 << llvm::toString(Findings.takeError()) << "\n";
    return 2;
  }
  std::string Baseline = *Opts.get("baseline");
  std::string Root = Opts.get("root").value_or(".");
  return Mode == "record" ? record(Baseline, Root, *Findings)
                          : check(Baseline, Root, *Findings);
}
