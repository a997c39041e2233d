//===-- AsyncDropIn.cpp - std::async -> taskbound::async, on a note -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   futs.push_back(std::async(std::launch::async, f, x));
// becomes
//   futs.push_back(taskbound::async(f, x));
//
// The same std::future<R>, from a task queued on the bounded default pool
// instead of a thread of its own. Two differences decide where it is
// offered: the future's destructor does not wait for the task (so every
// future must be waited for before it is destroyed: a local container
// drained by get() or wait() in this function), and the task shares the pool
// with the others (so it must not wait for them; see PoolSafety.cpp; a
// nested taskbound::async, which runs on its caller, is safe to wait on).
// It changes when work runs, so the check puts it on a note.
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"

namespace clang::tidy::taskbound::fixits {

std::optional<Rewrite> asyncDropIn(const analysis::Spawn &S,
                                   const analysis::Judgement &J,
                                   RewriteContext &RC) {
  const ParentMap &PM = RC.Maps.of(&RC.Function);
  const auto *Call = dyn_cast<CallExpr>(S.E);
  if (!RC.Ctx.getLangOpts().CPlusPlus20 || !Call || !isThreadedAsync(S) ||
      !J.Loop.Loop || J.Loop.Parents != &PM || J.Loop.Algorithm)
    return std::nullopt;
  const CXXMemberCallExpr *Insert = nullptr;
  const VarDecl *Holder = holderOf(S, PM, Insert);
  std::optional<HolderUses> Uses;
  for (llvm::StringRef Wait : {"get", "wait"})
    if (Holder && !Uses)
      Uses = holderUses(Holder, J.Loop.Loop, Insert, Wait, RC);
  const auto Spawned = spawnedCall(S);
  if (!Uses || !Uses->Drain || !Spawned ||
      !runsOnBoundedPool(calledBody(*Spawned), {J.Loop.Loop, Uses->Drain},
                         RC.Function, RC.Ctx))
    return std::nullopt;
  Rewrite R{RewriteKind::AsyncDropIn, "<taskbound/taskbound.hpp>", {}};
  R.Edits.push_back(FixItHint::CreateReplacement(
      Call->getCallee()->getSourceRange(), "taskbound::async"));
  if (const Expr *Policy = launchPolicyOf(S))
    R.Edits.push_back(FixItHint::CreateRemoval(CharSourceRange::getCharRange(
        Policy->getBeginLoc(), Spawned->Callable->getBeginLoc())));
  if (!editable(R.Edits, RC.Ctx))
    return std::nullopt;
  return R;
}

} // namespace clang::tidy::taskbound::fixits
