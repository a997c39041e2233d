//===-- Findings.h - findings read from --export-fixes YAML -----*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The common input of taskbound-sarif and taskbound-baseline: the diagnostics
// of one or more `clang-tidy --export-fixes` files, merged, de-duplicated,
// resolved to line and column, and fingerprinted so that a finding keeps its
// identity when lines above it are added or removed.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_TOOL_FINDINGS_FINDINGS_H
#define TASKBOUND_TOOL_FINDINGS_FINDINGS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace taskbound::findings {

/// A point in a source file. Lines and columns are 1-based; columns count
/// UTF-16 code units (SARIF's "utf16CodeUnits", LSP's default encoding).
struct Position {
  std::string File; ///< absolute, normalised path
  unsigned Offset = 0;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// One edit of a fix-it: replace Length bytes at Start with Text.
struct Edit {
  Position Start;
  Position End;
  unsigned Length = 0;
  std::string Text;
};

struct Note {
  std::string Message;
  Position Where;
  std::vector<Edit> Fix; ///< empty when the note offers no fix-it
};

struct Finding {
  std::string Check; ///< e.g. taskbound-unbounded-spawn-in-loop
  std::string Level; ///< "error", "warning" or "note"
  std::string Message;
  Position Where;
  Position End; ///< end of the diagnostic's first range, if it has one
  bool HasEnd = false;
  std::string LineText; ///< the source line the finding is on, without '\n'
  std::vector<Note> Notes;
  std::vector<Edit> Fix;
  /// Hex hash of the check and the finding's source line with its
  /// whitespace collapsed; independent of the line number.
  std::string LineHash;
  /// Index among the findings of the same check, file and LineHash, in
  /// source order, so that two identical lines stay two findings.
  unsigned Occurrence = 0;
};

/// Reads every `--export-fixes` file in \p Paths (YAML with one or more
/// documents), e.g. one per shard of a sharded run. Findings reported from
/// several translation units (a header's) appear once, and the result does
/// not depend on the order of \p Paths. Sorted by file, offset and check.
llvm::Expected<std::vector<Finding>>
loadExportedFixes(llvm::ArrayRef<std::string> Paths);

/// \p File relative to \p Root with '/' separators if it is inside Root,
/// otherwise \p File unchanged.
std::string relativePath(llvm::StringRef Root, llvm::StringRef File);

/// An absolute, dot-free form of \p Path (relative to the current directory).
std::string absolutePath(llvm::StringRef Path);

} // namespace taskbound::findings

#endif // TASKBOUND_TOOL_FINDINGS_FINDINGS_H
