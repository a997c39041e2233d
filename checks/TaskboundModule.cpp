//===-- TaskboundModule.cpp - registers the taskbound-* checks ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "BlockingCallInCoroutineCheck.h"
#include "RecursiveSpawnCheck.h"
#include "SerializedSpawnCheck.h"
#include "TinyTaskCheck.h"
#include "UnboundedSpawnInLoopCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h" // LLVM_VERSION_MAJOR
#if LLVM_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h" // moved into ClangTidyModule.h in 22
#endif

namespace clang::tidy::taskbound {

class TaskboundModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<UnboundedSpawnInLoopCheck>(
        "taskbound-unbounded-spawn-in-loop");
    CheckFactories.registerCheck<TinyTaskCheck>("taskbound-tiny-task");
    CheckFactories.registerCheck<SerializedSpawnCheck>(
        "taskbound-serialized-spawn");
    CheckFactories.registerCheck<RecursiveSpawnCheck>(
        "taskbound-recursive-spawn");
    CheckFactories.registerCheck<BlockingCallInCoroutineCheck>(
        "taskbound-blocking-call-in-coroutine");
  }
};

// NOLINTNEXTLINE(cert-err58-cpp): the registry is built at static
// initialisation.
static ClangTidyModuleRegistry::Add<TaskboundModule>
    X("taskbound-module", "Checks for unbounded task spawning in loops.");

} // namespace clang::tidy::taskbound

// Lets the -load plugin see that the checks are already built into the host
// (taskbound-tidy, taskbound-clangd) so they are not registered twice.
extern "C" __attribute__((visibility("default"), used))
const int taskbound_checks_registered = 1;
