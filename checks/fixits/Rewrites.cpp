//===-- Rewrites.cpp - the exact rewrite of an unbounded spawn ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Rewrites.h"

namespace clang::tidy::taskbound::fixits {

std::optional<Rewrite> exactRewrite(const analysis::Spawn &S,
                                    const analysis::Judgement &J,
                                    RewriteContext &RC) {
  if (!RC.Ctx.getLangOpts().CPlusPlus20 || !J.InLoop || !J.Loop.Loop)
    return std::nullopt;
  if (auto R = gatherToParallelMap(S, J, RC))
    return R;
  if (auto R = threadsToTaskScope(S, J, RC))
    return R;
  return coSpawnToForEachBounded(S, J, RC);
}

} // namespace clang::tidy::taskbound::fixits
