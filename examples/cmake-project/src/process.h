//===-- process.h - sample project interface --------------------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#pragma once

#include <vector>

// Squares every item in place, however many threads it takes.
void processAll(std::vector<long> &items);      // one thread per item
void processBounded(std::vector<long> &items);  // one thread per core
