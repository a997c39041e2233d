//===-- compile-error.cpp - code that does not compile --------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Code that does not compile gets clang's own error and no crash, from both
// the plugin and taskbound-tidy; findings in the parts that do compile are
// still reported.
// RUN: not %taskbound_tidy %s -checks='-*,taskbound-*' -- -std=c++20 > %t.tool 2>&1
// RUN: FileCheck %s < %t.tool
// RUN: not %clang_tidy -load %plugin %s -checks='-*,taskbound-*' -- -std=c++20 > %t.plugin 2>&1
// RUN: FileCheck %s < %t.plugin
// CHECK-DAG: error: use of undeclared identifier 'undeclared_function' [clang-diagnostic-error]
// CHECK-DAG: warning: 'std::thread' starts a new thread
// CHECK-NOT: Stack dump

#include <thread>
#include <vector>

void work(int);

void broken(const std::vector<int> &xs) {
  for (int x : xs)
    undeclared_function(x);
}

void flagged(const std::vector<int> &xs) {
  for (int x : xs)
    std::thread(work, x).detach();
}

// A loop whose spawn does not compile is not analysed.
void broken_spawn(const std::vector<int> &xs) {
  for (int x : xs)
    std::thread(work, x, x, x).detach();
}
