//===-- PluginLoader.cpp - the version-checked clang-tidy -load entry -----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `clang-tidy -load TaskboundTidyModule.so` loads this file. It has no LLVM
// dependency, so it loads into a clang-tidy of any version; its constructor
// reads the host's LLVM major and loads the real checks (built against one
// LLVM major, with undefined references into the host) only when they match.
// Loading checks built for another LLVM into a host would bind their calls to
// an incompatible ABI and crash later; here the user gets a message instead.
//
//===----------------------------------------------------------------------===//

#include <dlfcn.h> // dlopen, dlsym, dladdr
#include <link.h>  // dl_iterate_phdr

#include <cstdio>  // std::fprintf
#include <cstdlib> // std::strtoul
#include <cstring> // std::strstr
#include <string>  // std::string

#ifndef TASKBOUND_LLVM_MAJOR
#error "TASKBOUND_LLVM_MAJOR must be defined by the build"
#endif
#ifndef TASKBOUND_CHECKS_SO
#error "TASKBOUND_CHECKS_SO must be defined by the build"
#endif

namespace {

// Finds "libLLVM.so.NN" or "libLLVM-NN.so" among the loaded objects, for a
// host that does not export LLVM's C API.
int findLoadedLLVMMajor(struct dl_phdr_info *Info, size_t, void *Data) {
  const char *Name =
      Info->dlpi_name ? std::strstr(Info->dlpi_name, "libLLVM") : nullptr;
  if (!Name)
    return 0;
  const char *Digits = nullptr;
  if (const char *Dash = std::strstr(Name, "libLLVM-"))
    Digits = Dash + 8;
  else if (const char *So = std::strstr(Name, "libLLVM.so."))
    Digits = So + 11;
  if (!Digits)
    return 0;
  unsigned long Major = std::strtoul(Digits, nullptr, 10);
  if (Major == 0)
    return 0;
  *static_cast<unsigned *>(Data) = static_cast<unsigned>(Major);
  return 1;
}

/// The LLVM major version of the process this file is loaded into, or 0.
unsigned hostLLVMMajor() {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  // LLVMGetVersion is part of LLVM's stable C API (LLVM >= 16).
  if (auto *GetVersion = reinterpret_cast<GetVersionFn>(
          dlsym(RTLD_DEFAULT, "LLVMGetVersion"))) {
    unsigned Major = 0, Minor = 0, Patch = 0;
    GetVersion(&Major, &Minor, &Patch);
    return Major;
  }
  unsigned Major = 0;
  dl_iterate_phdr(findLoadedLLVMMajor, &Major);
  return Major;
}

/// The directory holding this shared object, with a trailing '/'.
std::string ownDirectory() {
  Dl_info Info{};
  if (dladdr(reinterpret_cast<void *>(&hostLLVMMajor), &Info) == 0 ||
      !Info.dli_fname)
    return {};
  std::string Path = Info.dli_fname;
  std::string::size_type Slash = Path.rfind('/');
  return Slash == std::string::npos ? std::string() : Path.substr(0, Slash + 1);
}

__attribute__((constructor)) void loadTaskboundChecks() {
  // taskbound-tidy and taskbound-clangd have the checks built in; a second
  // copy would register every check twice.
  if (dlsym(RTLD_DEFAULT, "taskbound_checks_registered"))
    return;

  const unsigned Host = hostLLVMMajor();
  if (Host != TASKBOUND_LLVM_MAJOR) {
    if (Host == 0)
      std::fprintf(stderr,
                   "error: taskbound: cannot tell which LLVM version this "
                   "program uses; TaskboundTidyModule.so was built for LLVM "
                   "%d and loads only into clang-tidy-%d; the taskbound "
                   "checks are not available\n",
                   TASKBOUND_LLVM_MAJOR, TASKBOUND_LLVM_MAJOR);
    else
      std::fprintf(stderr,
                   "error: taskbound: TaskboundTidyModule.so was built for "
                   "LLVM %d but this clang-tidy is LLVM %u; use clang-tidy-%d, "
                   "or rebuild taskbound with -DTASKBOUND_LLVM=%u; the "
                   "taskbound checks are not available\n",
                   TASKBOUND_LLVM_MAJOR, Host, TASKBOUND_LLVM_MAJOR, Host);
    return;
  }

  const std::string Checks = ownDirectory() + TASKBOUND_CHECKS_SO;
  if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL))
    std::fprintf(stderr,
                 "error: taskbound: cannot load the checks from '%s': %s; the "
                 "taskbound checks are not available\n",
                 Checks.c_str(), dlerror());
}

} // namespace
