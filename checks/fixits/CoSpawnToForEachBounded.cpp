//===-- CoSpawnToForEachBounded.cpp - co_spawn per element -> one bounded -===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   for (const auto &url : urls)
//     asio::co_spawn(io, fetch(url), asio::detached);
// becomes
//   asio::co_spawn(io, taskbound::asio::for_each_bounded(io.get_executor(),
//       urls, [&](const auto &url) { return fetch(url); }), asio::detached);
//
// and the same with boost::asio, including <taskbound/boost_asio.hpp>.
//
// for_each_bounded keeps a reference to the range and to what the callable
// captures until the last coroutine ends, so the rewrite needs them to live
// until the event loop that runs the coroutines returns: locals of this
// function, declared in a block that also holds the later `run()` (or
// `join()`, `wait()`) call on the context, and not touched after the loop.
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"
#include "analysis/ASTHelpers.h"
#include "analysis/Internal.h"

#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::fixits {

namespace {

bool isDetachedToken(const Expr *E) {
  // The token is passed by value: a copy of the constant.
  const auto *Ref = dyn_cast<DeclRefExpr>(analysis::ignoreTransparent(E));
  return Ref &&
         analysis::hasQualifiedName(
             Ref->getDecl(), {"::asio::detached", "::boost::asio::detached"});
}

/// `co_spawn(executor, awaitable, token)`: asio adds a defaulted parameter
/// (an enable_if constraint) after the three written ones.
bool writesThreeArguments(const CallExpr *Call) {
  const llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
  return Args.size() >= 3 &&
         llvm::all_of(Args.drop_front(3), [](const Expr *Arg) {
           return isa<CXXDefaultArgExpr>(Arg);
         });
}

/// The later call in \p Function that runs the event loop: `io.run()`,
/// `pool.join()`, `pool.wait()`.
const CXXMemberCallExpr *eventLoopRunAfter(const Stmt *Loop,
                                           const FunctionDecl &Function,
                                           ASTContext &Ctx) {
  const CXXMemberCallExpr *Run = nullptr;
  analysis::forEachStmt(Function.getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    const llvm::StringRef Name = Call ? analysis::methodName(Call) : "";
    if ((Name == "run" || Name == "join" || Name == "wait") &&
        analysis::isBefore(Loop, Call, Ctx))
      Run = Call;
    return !Run;
  });
  return Run;
}

/// Whether local \p Var lives until \p Run returns and nothing after
/// \p Loop touches it.
bool livesThroughRun(const VarDecl *Var, const Stmt *Loop,
                     const CXXMemberCallExpr *Run, const FunctionDecl &Function,
                     ASTContext &Ctx) {
  if (!Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
      isa<ParmVarDecl>(Var))
    return false;
  const bool Covered =
      analysis::containsStmt(Function.getBody(), [&](const Stmt *S) {
        const auto *Block = dyn_cast<CompoundStmt>(S);
        return Block && analysis::isWithin(Var->getLocation(), Block, Ctx) &&
               analysis::isWithin(Run, Block, Ctx) &&
               llvm::any_of(Block->body(), [&](const Stmt *Child) {
                 return isa<DeclStmt>(Child) &&
                        analysis::isWithin(Var->getLocation(), Child, Ctx);
               });
      });
  // Between the loop and the run the coroutines have not finished; after
  // the run they have.
  const bool TouchedMeanwhile =
      analysis::containsStmt(Function.getBody(), [&](const Stmt *S) {
        const auto *Ref = dyn_cast<DeclRefExpr>(S);
        return Ref && Ref->getDecl() == Var &&
               analysis::isBefore(Loop, Ref, Ctx) &&
               !analysis::isWithin(Ref, Loop, Ctx) &&
               analysis::isBefore(Ref, Run, Ctx);
      });
  return Covered && !TouchedMeanwhile;
}

/// Whether every local that \p E names (other than \p Element) lives until
/// the event loop returns.
bool localsLiveThroughRun(const Expr *E, const VarDecl *Element,
                          const Stmt *Loop, const CXXMemberCallExpr *Run,
                          const FunctionDecl &Function, ASTContext &Ctx) {
  return !analysis::containsStmt(E, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && Var != Element && Var->hasLocalStorage() &&
           !livesThroughRun(Var, Loop, Run, Function, Ctx);
  });
}

/// Whether the coroutine awaits only work of its own: every `co_await`
/// names locals, by-value parameters and constants, never an object another
/// coroutine shares (a channel, a timer others cancel), which a coroutine
/// not yet started under the bound could be the one to signal.
bool awaitsOnlyOwnWork(const Stmt *Body, ASTContext &Ctx) {
  return !analysis::containsStmt(Body, [&](const Stmt *S) {
    const auto *Await = dyn_cast<CoawaitExpr>(S);
    return Await &&
           analysis::containsStmt(Await->getOperand(), [&](const Stmt *N) {
             const auto *Ref = dyn_cast<DeclRefExpr>(N);
             const auto *Var =
                 Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
             if (!Var)
               return false;
             const QualType T = Var->getType();
             if (isa<ParmVarDecl>(Var)) // a shared object passed in
               return (T->isReferenceType() || T->isPointerType()) &&
                      !T->getPointeeType().isConstQualified();
             return !analysis::isWithin(Var->getLocation(), Body, Ctx) &&
                    !Var->getType().isConstQualified();
           });
  });
}

/// The executor for for_each_bounded: `io.get_executor()` for a context.
std::string executorText(const Expr *Executor, const std::string &Text) {
  const QualType T = Executor->getType().getNonReferenceType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return Text;
  for (const CXXMethodDecl *MD : RD->methods())
    if (MD->getIdentifier() && MD->getName() == "get_executor")
      return Text + ".get_executor()";
  return Text;
}

} // namespace

std::optional<Rewrite> coSpawnToForEachBounded(const analysis::Spawn &S,
                                               const analysis::Judgement &J,
                                               RewriteContext &RC) {
  const auto *For = dyn_cast<CXXForRangeStmt>(J.Loop.Loop);
  const auto *Call = dyn_cast<CallExpr>(S.E);
  const bool Boost = S.Api->Name == "::boost::asio::co_spawn";
  if (S.Via || (S.Api->Name != "::asio::co_spawn" && !Boost) || !For || !Call ||
      !writesThreeArguments(Call) || !isDetachedToken(Call->getArg(2)) ||
      J.Loop.Parents != &RC.Maps.of(&RC.Function))
    return std::nullopt;
  const auto *Sole = dyn_cast_or_null<Expr>(soleStatement(For->getBody()));
  const auto *Coro = dyn_cast<CallExpr>(Call->getArg(1)->IgnoreImplicit());
  const VarDecl *Range = analysis::referencedVar(For->getRangeInit());
  const CXXMemberCallExpr *Run = eventLoopRunAfter(For, RC.Function, RC.Ctx);
  if (!Sole || analysis::ignoreTransparent(Sole) != Call || !Coro || !Range ||
      !Run || !livesThroughRun(Range, For, Run, RC.Function, RC.Ctx) ||
      !localsLiveThroughRun(Call, For->getLoopVariable(), For, Run, RC.Function,
                            RC.Ctx))
    return std::nullopt;
  const FunctionDecl *Callee = Coro->getDirectCallee();
  const Stmt *Body = Callee ? Callee->getBody() : nullptr;
  if (!Body || !awaitsOnlyOwnWork(Body, RC.Ctx) ||
      !runsOnBoundedPool(Body, {For}, RC.Function, RC.Ctx))
    return std::nullopt;
  const auto Spawner = textOf(Call->getCallee(), RC.Ctx);
  const auto Executor = textOf(Call->getArg(0), RC.Ctx);
  const auto Token = textOf(Call->getArg(2), RC.Ctx);
  const auto CoroText = textOf(Coro, RC.Ctx);
  const auto Element = textBetween(For->getLoopVariable()->getOuterLocStart(),
                                   For->getColonLoc(), RC.Ctx);
  const auto RangeText = textOf(For->getRangeInit(), RC.Ctx);
  if (!Spawner || !Executor || !Token || !CoroText || !Element || !RangeText ||
      isa<DecompositionDecl>(For->getLoopVariable()))
    return std::nullopt;
  const std::string Param = refersTo(Coro, For->getLoopVariable())
                                ? *Element
                                : std::string("auto &&");
  const std::string Bound =
      RC.MaxInFlight ? ", " + std::to_string(*RC.MaxInFlight) : "";
  const std::string Text =
      *Spawner + "(" + *Executor + ", taskbound::asio::for_each_bounded(" +
      executorText(Call->getArg(0), *Executor) + ", " + *RangeText + ", [&](" +
      Param + ") { return " + *CoroText + "; }" + Bound + "), " + *Token + ");";
  Rewrite R{RewriteKind::CoSpawnToForEachBounded,
            Boost ? "<taskbound/boost_asio.hpp>" : "<taskbound/asio.hpp>",
            {}};
  R.Edits.push_back(replaceStatement(For, Text, RC.Ctx));
  if (!editable(R.Edits, RC.Ctx))
    return std::nullopt;
  return R;
}

} // namespace clang::tidy::taskbound::fixits
