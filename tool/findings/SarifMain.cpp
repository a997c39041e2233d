//===-- SarifMain.cpp - taskbound-sarif: export-fixes YAML to SARIF 2.1.0 -===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// clang-tidy (19-22) has no SARIF output; its --export-fixes YAML has all a
// SARIF log needs. Usage:
//
//   taskbound-sarif [--output=FILE] [--root=DIR] [--help-uri-base=URI]
//                   [--docs-dir=DIR] FIXES.yaml...
//
// One run, one rule per check that reported something, one result per
// finding; notes become related locations, fix-its become fixes, and the
// line fingerprint taskbound-baseline uses goes into partialFingerprints.
//
//===----------------------------------------------------------------------===//

#include "Findings.h"
#include "Options.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm> // std::remove, std::replace
#include <map>
#include <optional>

#ifndef TASKBOUND_DOCS_DIR
#error "TASKBOUND_DOCS_DIR must name the directory of the check pages"
#endif
#ifndef TASKBOUND_DOCS_URL
#error "TASKBOUND_DOCS_URL must be the URI the check pages are published under"
#endif
#ifndef TASKBOUND_VERSION
#error "TASKBOUND_VERSION must be set"
#endif

using namespace taskbound::findings;
namespace json = llvm::json;

namespace {

constexpr char SrcRoot[] = "%SRCROOT%";
constexpr char FingerprintKey[] = "taskboundLineHash/v1";

struct RuleText {
  std::string Short;
  std::string Full;
};

/// "unbounded-spawn-in-loop" from "taskbound-unbounded-spawn-in-loop", as
/// words: the description of a check that has no page.
std::string nameAsWords(llvm::StringRef Check) {
  std::string Words = Check.split('-').second.str();
  std::replace(Words.begin(), Words.end(), '-', ' ');
  if (!Words.empty())
    Words[0] = llvm::toUpper(Words[0]);
  return Words;
}

/// The first prose paragraph of a check's page: its full description, and
/// its first sentence the short one.
std::optional<RuleText> readDocPage(llvm::StringRef DocsDir,
                                    llvm::StringRef Check) {
  llvm::SmallString<256> Page(DocsDir);
  llvm::sys::path::append(Page, Check + ".md");
  auto Buffer = llvm::MemoryBuffer::getFile(Page, /*IsText=*/true);
  if (!Buffer)
    return std::nullopt;
  std::string Paragraph;
  bool InCode = false;
  llvm::SmallVector<llvm::StringRef> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("```")) {
      InCode = !InCode;
      continue;
    }
    bool Prose = !InCode && !Line.empty() && !Line.starts_with("#") &&
                 !Line.starts_with("|") && !Line.starts_with(">") &&
                 !Line.starts_with("<");
    if (Prose) {
      if (!Paragraph.empty())
        Paragraph += ' ';
      Paragraph += Line.str();
    } else if (!Paragraph.empty()) {
      break;
    }
  }
  if (Paragraph.empty())
    return std::nullopt;
  Paragraph.erase(std::remove(Paragraph.begin(), Paragraph.end(), '`'),
                  Paragraph.end());
  RuleText Text;
  Text.Full = Paragraph;
  size_t End = Paragraph.find(". ");
  Text.Short =
      End == std::string::npos ? Paragraph : Paragraph.substr(0, End + 1);
  return Text;
}

/// Where a check is documented: taskbound's pages, clang-tidy's, or clang's
/// warning reference for compiler diagnostics.
std::string helpUri(llvm::StringRef Check, llvm::StringRef TaskboundBase) {
  if (Check.starts_with("taskbound-")) {
    std::string Base = TaskboundBase.str();
    if (!Base.empty() && Base.back() != '/')
      Base += '/';
    return Base + Check.str() + ".md";
  }
  if (Check.consume_front("clang-diagnostic-"))
    return "https://clang.llvm.org/docs/DiagnosticsReference.html#w" +
           Check.lower();
  llvm::StringRef Module = Check.starts_with("clang-analyzer-")
                               ? llvm::StringRef("clang-analyzer")
                               : Check.split('-').first;
  llvm::StringRef Name = Check.drop_front(Module.size() + 1);
  return "https://clang.llvm.org/extra/clang-tidy/checks/" + Module.str() +
         "/" + Name.str() + ".html";
}

std::string fileUri(llvm::StringRef AbsolutePath) {
  std::string Uri = "file://";
  for (char C : llvm::sys::path::convert_to_slash(AbsolutePath)) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += llvm::formatv("%{0:X2}", static_cast<unsigned char>(C)).str();
  }
  return Uri;
}

class SarifWriter {
public:
  SarifWriter(std::string Root, std::string DocsDir, std::string DocsUrl)
      : Root(std::move(Root)), DocsDir(std::move(DocsDir)),
        DocsUrl(std::move(DocsUrl)) {}

  json::Value log(const std::vector<Finding> &Findings) {
    json::Array Results;
    for (const Finding &F : Findings)
      Results.push_back(result(F));
    std::string RootUri = fileUri(absolutePath(Root));
    if (RootUri.back() != '/')
      RootUri += '/';
    json::Object Driver{{"name", "taskbound"},
                        {"fullName", "taskbound clang-tidy checks"},
                        {"version", TASKBOUND_VERSION},
                        {"informationUri", DocsUrl},
                        {"rules", std::move(Rules)}};
    json::Object Run{{"tool", json::Object{{"driver", std::move(Driver)}}},
                     {"originalUriBaseIds",
                      json::Object{{SrcRoot, json::Object{{"uri", RootUri}}}}},
                     {"columnKind", "utf16CodeUnits"},
                     {"results", std::move(Results)}};
    return json::Object{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", json::Array{std::move(Run)}}};
  }

private:
  unsigned ruleIndex(const Finding &F) {
    auto [It, Added] = RuleIndex.try_emplace(F.Check, RuleIndex.size());
    if (Added) {
      RuleText Text;
      if (auto Page = readDocPage(DocsDir, F.Check))
        Text = *Page;
      else
        Text.Short = Text.Full = nameAsWords(F.Check);
      json::Object Rule{
          {"id", F.Check},
          {"shortDescription", json::Object{{"text", Text.Short}}},
          {"fullDescription", json::Object{{"text", Text.Full}}},
          {"helpUri", helpUri(F.Check, DocsUrl)},
          {"defaultConfiguration", json::Object{{"level", "warning"}}}};
      Rules.push_back(std::move(Rule));
    }
    return It->second;
  }

  json::Object artifact(llvm::StringRef File) const {
    std::string Relative = relativePath(Root, File);
    if (Relative == File)
      return json::Object{{"uri", fileUri(File)}};
    return json::Object{{"uri", Relative}, {"uriBaseId", SrcRoot}};
  }

  json::Object region(const Position &Start, const Position *End) const {
    json::Object Region{{"startLine", Start.Line},
                        {"startColumn", Start.Column},
                        {"byteOffset", Start.Offset}};
    if (End) {
      Region["endLine"] = End->Line;
      Region["endColumn"] = End->Column;
      Region["byteLength"] = End->Offset - Start.Offset;
    }
    return Region;
  }

  json::Object location(const Position &Start, const Position *End) const {
    return json::Object{
        {"physicalLocation",
         json::Object{{"artifactLocation", artifact(Start.File)},
                      {"region", region(Start, End)}}}};
  }

  json::Object fix(llvm::StringRef Description,
                   const std::vector<Edit> &Edits) const {
    // SARIF groups the replacements by file.
    std::map<std::string, json::Array> ByFile;
    for (const Edit &E : Edits)
      ByFile[E.Start.File].push_back(
          json::Object{{"deletedRegion", region(E.Start, &E.End)},
                       {"insertedContent", json::Object{{"text", E.Text}}}});
    json::Array Changes;
    for (auto &[File, Replacements] : ByFile)
      Changes.push_back(
          json::Object{{"artifactLocation", artifact(File)},
                       {"replacements", std::move(Replacements)}});
    return json::Object{{"description", json::Object{{"text", Description}}},
                        {"artifactChanges", std::move(Changes)}};
  }

  json::Value result(const Finding &F) {
    json::Object Result{
        {"ruleId", F.Check},
        {"ruleIndex", ruleIndex(F)},
        {"level", F.Level},
        {"message", json::Object{{"text", F.Message}}},
        {"locations",
         json::Array{location(F.Where, F.HasEnd ? &F.End : nullptr)}},
        {"partialFingerprints",
         json::Object{{FingerprintKey,
                       F.LineHash + ":" + std::to_string(F.Occurrence)}}}};
    json::Array Related;
    json::Array Fixes;
    if (!F.Fix.empty())
      Fixes.push_back(fix(F.Message, F.Fix));
    for (size_t I = 0; I < F.Notes.size(); ++I) {
      const Note &N = F.Notes[I];
      json::Object Loc = location(N.Where, nullptr);
      Loc["id"] = static_cast<int64_t>(I + 1);
      Loc["message"] = json::Object{{"text", N.Message}};
      Related.push_back(std::move(Loc));
      if (!N.Fix.empty()) {
        // Which note offered it: editors (clangd) show such a note as a
        // quick fix rather than as a note.
        json::Object Fix = fix(N.Message, N.Fix);
        Fix["properties"] =
            json::Object{{"relatedLocationId", static_cast<int64_t>(I + 1)}};
        Fixes.push_back(std::move(Fix));
      }
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    if (!Fixes.empty())
      Result["fixes"] = std::move(Fixes);
    return Result;
  }

  std::string Root;
  std::string DocsDir;
  std::string DocsUrl;
  json::Array Rules;
  std::map<std::string, unsigned> RuleIndex;
};

constexpr char Usage[] =
    "usage: taskbound-sarif [--output=FILE] [--root=DIR] "
    "[--help-uri-base=URI]\n"
    "                       [--docs-dir=DIR] FIXES.yaml...\n"
    "Converts clang-tidy --export-fixes files to one SARIF 2.1.0 log.\n"
    "  --output         where to write the log (default: standard output)\n"
    "  --root           the source root; paths under it are written relative\n"
    "                   to %SRCROOT% (default: the current directory)\n"
    "  --help-uri-base  where taskbound's check pages are published\n"
    "  --docs-dir       where to read the rules' descriptions from\n";

} // namespace

int main(int Argc, char **Argv) {
  Options Opts;
  if (!Opts.parse(Argc, Argv,
                  {"output", "o", "root", "help-uri-base", "docs-dir"},
                  {"help", "h"}) ||
      Opts.has("help") || Opts.has("h") || Opts.Positional.empty()) {
    if (!Opts.Error.empty())
      llvm::errs() << "taskbound-sarif: " << Opts.Error << "\n";
    (Opts.has("help") || Opts.has("h") ? llvm::outs() : llvm::errs()) << Usage;
    return Opts.has("help") || Opts.has("h") ? 0 : 2;
  }

  auto Findings = loadExportedFixes(Opts.Positional);
  if (!Findings) {
    llvm::errs() << "taskbound-sarif: " << llvm::toString(Findings.takeError())
                 << "\n";
    return 1;
  }

  SarifWriter Writer(Opts.get("root").value_or("."),
                     Opts.get("docs-dir").value_or(TASKBOUND_DOCS_DIR),
                     Opts.get("help-uri-base").value_or(TASKBOUND_DOCS_URL));
  json::Value Log = Writer.log(*Findings);

  std::string Output = Opts.get("output").value_or(Opts.get("o").value_or("-"));
  std::error_code EC;
  llvm::raw_fd_ostream OS(Output, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    llvm::errs() << "taskbound-sarif: cannot write " << Output << ": "
                 << EC.message() << "\n";
    return 1;
  }
  OS << llvm::formatv("{0:2}", Log) << "\n";
  return 0;
}
