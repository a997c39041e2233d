//===-- Options.h - command-line parsing of the findings tools --*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `--name=value` / `--name value` options and positional arguments; small
// enough not to need llvm::cl, whose global registry the tools do not need.
//
//===----------------------------------------------------------------------===//

#ifndef TASKBOUND_TOOL_FINDINGS_OPTIONS_H
#define TASKBOUND_TOOL_FINDINGS_OPTIONS_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace taskbound::findings {

class Options {
public:
  /// \p Valued are the option names that take a value, \p Flags those that
  /// do not. Returns false (with Error set) on an unknown or incomplete one.
  bool parse(int Argc, char **Argv, const std::vector<std::string> &Valued,
             const std::vector<std::string> &Flags) {
    for (int I = 1; I < Argc; ++I) {
      llvm::StringRef Arg(Argv[I]);
      if (!Arg.starts_with("-") || Arg == "-") {
        Positional.push_back(Arg.str());
        continue;
      }
      auto [Name, Value] = Arg.ltrim('-').split('=');
      bool HasValue = Arg.contains('=');
      if (isOneOf(Name, Flags) && !HasValue) {
        Values[Name.str()] = "";
        continue;
      }
      if (!isOneOf(Name, Valued)) {
        Error = "unknown option '" + Arg.str() + "'";
        return false;
      }
      if (!HasValue) {
        if (I + 1 == Argc) {
          Error = "option '" + Arg.str() + "' needs a value";
          return false;
        }
        Value = Argv[++I];
      }
      Values[Name.str()] = Value.str();
    }
    return true;
  }

  std::optional<std::string> get(const std::string &Name) const {
    auto It = Values.find(Name);
    if (It == Values.end())
      return std::nullopt;
    return It->second;
  }
  bool has(const std::string &Name) const { return Values.count(Name) != 0; }

  std::vector<std::string> Positional;
  std::string Error;

private:
  static bool isOneOf(llvm::StringRef Name,
                      const std::vector<std::string> &Names) {
    for (const std::string &N : Names)
      if (Name == N)
        return true;
    return false;
  }

  std::map<std::string, std::string> Values;
};

} // namespace taskbound::findings

#endif // TASKBOUND_TOOL_FINDINGS_OPTIONS_H
