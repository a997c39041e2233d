//===-- TaskboundClangdMain.cpp - clangd with the taskbound checks --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The checks register themselves with ClangTidyModuleRegistry when their
// object files are linked in, and clangd reads that registry before it builds
// the first AST, so main() only has to find the compiler's resource directory
// (clangd derives it from its own path, which here is not under LLVM's prefix),
// put taskbound's version in front of clangd's for --version, and hand over to
// clangd's own main.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

#include <taskbound/version.hpp> // TASKBOUND_VERSION_STRING

#include <optional>
#include <string>
#include <vector>

#ifndef TASKBOUND_CLANG_RESOURCE_DIR
#error "TASKBOUND_CLANG_RESOURCE_DIR must name clang's resource directory"
#endif

// libclangdMain.a defines it; Debian ships no clangd headers.
namespace clang::clangd {
int clangdMain(int Argc, char **Argv);
} // namespace clang::clangd

namespace {

/// Whether the user chose a resource directory (`--resource-dir=D`,
/// `-resource-dir D`, ...) on the command line.
bool hasResourceDirFlag(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--") // what follows is not for clangd
      return false;
    Arg = Arg.ltrim('-');
    if (Arg == "resource-dir" || Arg.starts_with("resource-dir="))
      return true;
  }
  return false;
}

/// Whether clangd is asked for its version: `--version` or `-version` on the
/// command line or in CLANGD_FLAGS, which clangd reads before the command line.
bool asksForVersion(int Argc, char **Argv) {
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 16> Args;
  if (std::optional<std::string> Env =
          llvm::sys::Process::GetEnv("CLANGD_FLAGS"))
    llvm::cl::TokenizeGNUCommandLine(*Env, Saver, Args);
  Args.append(Argv + 1, Argv + Argc);
  for (llvm::StringRef Arg : Args) {
    if (Arg == "--")
      return false;
    if (Arg == "-version" || Arg == "--version")
      return true;
  }
  return false;
}

} // namespace

int main(int Argc, char **Argv) {
  // clangdMain installs its own version printer (clangd's version, features,
  // platform) and ignores extra printers, so taskbound's line goes out first.
  if (asksForVersion(Argc, Argv))
    llvm::outs() << "taskbound " TASKBOUND_VERSION_STRING "\n";

  if (hasResourceDirFlag(Argc, Argv))
    return clang::clangd::clangdMain(Argc, Argv);

  static std::string ResourceDirFlag =
      std::string("--resource-dir=") + TASKBOUND_CLANG_RESOURCE_DIR;
  std::vector<char *> Args(Argv, Argv + Argc);
  Args.insert(Args.begin() + 1, ResourceDirFlag.data());
  Args.push_back(nullptr); // argv[argc] is a null pointer
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
