//===-- TaskboundTidyMain.cpp - clang-tidy with the taskbound checks ------===//
//
// The checks register themselves through ClangTidyModuleRegistry when their
// object files are linked in, so main() is clang-tidy's own.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

int main(int Argc, const char **Argv) {
  return clang::tidy::clangTidyMain(Argc, Argv);
}
