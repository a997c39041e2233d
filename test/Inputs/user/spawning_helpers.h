//===-- spawning_helpers.h - a project header that spawns -------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// A project header with a helper that starts a thread per call: a call of
// it in a loop is a spawn site, and the note points here.
#pragma once
#include <thread>

namespace helpers {
inline void detach_job(int x) {
  std::thread([x] { (void)x; }).detach();
}
} // namespace helpers
