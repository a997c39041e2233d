//===-- TaskboundClangdMain.cpp - clangd with the taskbound checks --------===//
//
// The checks register themselves with ClangTidyModuleRegistry when their
// object files are linked in, and clangd reads that registry before it builds
// the first AST, so main() only has to find the compiler's resource directory
// (clangd derives it from its own path, which here is not under LLVM's prefix)
// and hand over to clangd's own main.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"

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

} // namespace

int main(int Argc, char **Argv) {
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
