//===-- TaskboundTidyMain.cpp - clang-tidy with the taskbound checks ------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The checks register themselves through ClangTidyModuleRegistry when their
// object files are linked in, so main() is clang-tidy's own.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <taskbound/version.hpp> // TASKBOUND_VERSION_STRING

int main(int Argc, const char **Argv) {
  // clangTidyMain leaves --version to LLVM's default printer; put taskbound's
  // own version in front of it, so a bug report names both.
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "taskbound " TASKBOUND_VERSION_STRING "\n";
    llvm::cl::PrintVersionMessage();
  });
  return clang::tidy::clangTidyMain(Argc, Argv);
}
