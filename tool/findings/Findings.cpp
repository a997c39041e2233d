//===-- Findings.cpp - clang-tidy findings read from --export-fixes YAML --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Findings.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm> // std::sort, std::upper_bound
#include <map>       // std::map
#include <memory>    // std::unique_ptr
#include <tuple>     // std::tie

namespace taskbound::findings {

using clang::tooling::Diagnostic;
using clang::tooling::DiagnosticMessage;

namespace {

/// Source files read once each, with the offsets where their lines start.
class SourceFiles {
public:
  llvm::Expected<Position> position(llvm::StringRef File, unsigned Offset) {
    auto Source = get(File);
    if (!Source)
      return Source.takeError();
    const Text &T = **Source;
    if (Offset > T.Buffer->getBufferSize())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "offset %u is past the end of %s", Offset,
                                     File.str().c_str());
    // The last line start at or before Offset.
    auto It =
        std::upper_bound(T.LineStarts.begin(), T.LineStarts.end(), Offset);
    unsigned LineStart = *(It - 1);
    Position P;
    P.File = File.str();
    P.Offset = Offset;
    P.Line = static_cast<unsigned>(It - T.LineStarts.begin());
    P.Column = utf16Units(T.Buffer->getBuffer().slice(LineStart, Offset)) + 1;
    return P;
  }

  /// The line \p P is on, without its line break.
  llvm::StringRef lineText(const Position &P) {
    auto Source = get(P.File);
    if (!Source) {
      llvm::consumeError(Source.takeError());
      return {};
    }
    const Text &T = **Source;
    llvm::StringRef Contents = T.Buffer->getBuffer();
    unsigned Start = T.LineStarts[P.Line - 1];
    return Contents.substr(Start).split('\n').first.rtrim('\r');
  }

private:
  struct Text {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };

  llvm::Expected<const Text *> get(llvm::StringRef File) {
    auto It = Files.find(File);
    if (It != Files.end())
      return &It->second;
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer)
      return llvm::createStringError(Buffer.getError(), "cannot read %s: %s",
                                     File.str().c_str(),
                                     Buffer.getError().message().c_str());
    Text T;
    T.Buffer = std::move(*Buffer);
    T.LineStarts.push_back(0);
    llvm::StringRef Contents = T.Buffer->getBuffer();
    for (size_t I = 0; I < Contents.size(); ++I)
      if (Contents[I] == '\n')
        T.LineStarts.push_back(static_cast<unsigned>(I + 1));
    return &Files.try_emplace(File, std::move(T)).first->second;
  }

  /// UTF-16 code units needed for the UTF-8 text \p S.
  static unsigned utf16Units(llvm::StringRef S) {
    unsigned Units = 0;
    for (unsigned char C : S) {
      if ((C & 0xC0) == 0x80) // continuation byte
        continue;
      Units += C >= 0xF0 ? 2 : 1; // 4-byte sequences need a surrogate pair
    }
    return Units;
  }

  llvm::StringMap<Text> Files;
};

std::string levelName(Diagnostic::Level Level) {
  switch (Level) {
  case Diagnostic::Error:
    return "error";
  case Diagnostic::Remark:
    return "note";
  case Diagnostic::Warning:
    break;
  }
  return "warning";
}

/// The line with runs of whitespace made one space and the ends trimmed, so
/// that re-indenting a line keeps its fingerprint.
std::string collapseWhitespace(llvm::StringRef Line) {
  std::string Out;
  bool Space = false;
  for (char C : Line.trim()) {
    if (llvm::isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::string lineHash(llvm::StringRef Check, llvm::StringRef Line) {
  std::string Key = Check.str();
  Key += '\0';
  Key += collapseWhitespace(Line);
  std::array<uint8_t, 20> Hash = llvm::SHA1::hash(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(Key.data()), Key.size()));
  return llvm::toHex(llvm::ArrayRef(Hash).take_front(8), /*LowerCase=*/true);
}

/// Resolves clang-tidy's file paths, which may be relative to the build
/// directory the diagnostic came from.
class Resolver {
public:
  Resolver(SourceFiles &Sources, llvm::StringRef BuildDirectory)
      : Sources(Sources), BuildDirectory(BuildDirectory) {}

  std::string path(llvm::StringRef File) const {
    if (llvm::sys::path::is_absolute(File) || BuildDirectory.empty())
      return absolutePath(File);
    llvm::SmallString<256> Joined(BuildDirectory);
    llvm::sys::path::append(Joined, File);
    return absolutePath(Joined);
  }

  llvm::Expected<Position> position(llvm::StringRef File, unsigned Offset) {
    return Sources.position(path(File), Offset);
  }

  llvm::Expected<std::vector<Edit>>
  edits(const llvm::StringMap<clang::tooling::Replacements> &Fix) {
    std::vector<Edit> Edits;
    for (const auto &Entry : Fix)
      for (const clang::tooling::Replacement &R : Entry.second) {
        Edit E;
        auto Start = position(R.getFilePath(), R.getOffset());
        if (!Start)
          return Start.takeError();
        auto End = position(R.getFilePath(), R.getOffset() + R.getLength());
        if (!End)
          return End.takeError();
        E.Start = std::move(*Start);
        E.End = std::move(*End);
        E.Length = R.getLength();
        E.Text = R.getReplacementText().str();
        Edits.push_back(std::move(E));
      }
    std::sort(Edits.begin(), Edits.end(), [](const Edit &A, const Edit &B) {
      return std::tie(A.Start.File, A.Start.Offset) <
             std::tie(B.Start.File, B.Start.Offset);
    });
    return Edits;
  }

private:
  SourceFiles &Sources;
  llvm::StringRef BuildDirectory;
};

llvm::Error addFinding(const Diagnostic &D, SourceFiles &Sources,
                       std::vector<Finding> &Out) {
  Resolver R(Sources, D.BuildDirectory);
  const DiagnosticMessage &M = D.Message;
  Finding F;
  F.Check = D.DiagnosticName;
  F.Level = levelName(D.DiagLevel);
  F.Message = M.Message;
  if (M.FilePath.empty()) // e.g. an error about the command line
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s has no location: %s", F.Check.c_str(),
                                   F.Message.c_str());
  auto Where = R.position(M.FilePath, M.FileOffset);
  if (!Where)
    return Where.takeError();
  F.Where = std::move(*Where);
  for (const clang::tooling::FileByteRange &Range : M.Ranges)
    if (R.path(Range.FilePath) == F.Where.File &&
        Range.FileOffset == M.FileOffset && Range.Length > 0) {
      auto End = R.position(Range.FilePath, Range.FileOffset + Range.Length);
      if (!End)
        return End.takeError();
      F.End = std::move(*End);
      F.HasEnd = true;
      break;
    }
  auto Fix = R.edits(M.Fix);
  if (!Fix)
    return Fix.takeError();
  F.Fix = std::move(*Fix);
  for (const DiagnosticMessage &NoteMessage : D.Notes) {
    Note N;
    N.Message = NoteMessage.Message;
    auto NoteWhere = R.position(NoteMessage.FilePath, NoteMessage.FileOffset);
    if (!NoteWhere)
      return NoteWhere.takeError();
    N.Where = std::move(*NoteWhere);
    auto NoteFix = R.edits(NoteMessage.Fix);
    if (!NoteFix)
      return NoteFix.takeError();
    N.Fix = std::move(*NoteFix);
    F.Notes.push_back(std::move(N));
  }
  F.LineText = Sources.lineText(F.Where).str();
  F.LineHash = lineHash(F.Check, F.LineText);
  Out.push_back(std::move(F));
  return llvm::Error::success();
}

llvm::Error readFile(const std::string &Path, SourceFiles &Sources,
                     std::vector<Finding> &Out) {
  auto Buffer = llvm::MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/true);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read %s: %s",
                                   Path.c_str(),
                                   Buffer.getError().message().c_str());
  if ((*Buffer)->getBuffer().trim().empty()) // a run with no diagnostics
    return llvm::Error::success();
  llvm::yaml::Input YIn((*Buffer)->getBuffer());
  do {
    clang::tooling::TranslationUnitDiagnostics TU;
    YIn >> TU;
    if (YIn.error())
      return llvm::createStringError(YIn.error(),
                                     "%s is not clang-tidy --export-fixes YAML",
                                     Path.c_str());
    for (const Diagnostic &D : TU.Diagnostics)
      if (llvm::Error E = addFinding(D, Sources, Out))
        return llvm::joinErrors(
            llvm::createStringError(llvm::inconvertibleErrorCode(), "in %s",
                                    Path.c_str()),
            std::move(E));
  } while (YIn.nextDocument());
  return llvm::Error::success();
}

/// The parts of a finding beside its place, check and message, as one
/// string to order duplicates by.
std::string detailKey(const Finding &F) {
  std::string Key;
  auto AddEdits = [&](const std::vector<Edit> &Edits) {
    for (const Edit &E : Edits)
      Key += E.Start.File + '\0' + std::to_string(E.Start.Offset) + '\0' +
             std::to_string(E.Length) + '\0' + E.Text + '\0';
  };
  AddEdits(F.Fix);
  for (const Note &N : F.Notes) {
    Key += '\1' + N.Where.File + '\0' + std::to_string(N.Where.Offset) + '\0' +
           N.Message + '\0';
    AddEdits(N.Fix);
  }
  return Key;
}

} // namespace

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Result(Path);
  llvm::sys::fs::make_absolute(Result);
  llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  return std::string(Result);
}

std::string relativePath(llvm::StringRef Root, llvm::StringRef File) {
  std::string RootDir = absolutePath(Root);
  while (RootDir.size() > 1 && llvm::sys::path::is_separator(RootDir.back()))
    RootDir.pop_back();
  llvm::StringRef Rest(File);
  if (!Rest.consume_front(RootDir))
    return File.str();
  if (Rest.empty() || !llvm::sys::path::is_separator(Rest.front()))
    return File.str(); // /src/ab is not inside /src/a
  return llvm::sys::path::convert_to_slash(Rest.drop_front());
}

llvm::Expected<std::vector<Finding>>
loadExportedFixes(llvm::ArrayRef<std::string> Paths) {
  SourceFiles Sources;
  std::vector<Finding> All;
  for (const std::string &Path : Paths)
    if (llvm::Error E = readFile(Path, Sources, All))
      return std::move(E);

  auto Key = [](const Finding &F) {
    return std::tie(F.Where.File, F.Where.Offset, F.Check, F.Message);
  };
  // One finding seen from two TUs (a header's) can differ in its notes or
  // fix-its (a template instantiated differently). Ordering duplicates by
  // those too makes the one kept independent of the order of the inputs, so
  // shards merged in any order give the log an unsharded run gives.
  std::sort(All.begin(), All.end(), [&](const Finding &A, const Finding &B) {
    if (Key(A) != Key(B))
      return Key(A) < Key(B);
    return detailKey(A) < detailKey(B);
  });
  All.erase(std::unique(All.begin(), All.end(),
                        [&](const Finding &A, const Finding &B) {
                          return Key(A) == Key(B);
                        }),
            All.end());

  std::map<std::tuple<std::string, std::string, std::string>, unsigned> Seen;
  for (Finding &F : All)
    F.Occurrence = Seen[{F.Check, F.Where.File, F.LineHash}]++;
  return All;
}

} // namespace taskbound::findings
