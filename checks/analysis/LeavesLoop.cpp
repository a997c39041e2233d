//===-- LeavesLoop.cpp - the iteration that spawns leaves the loop --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Rule 10: `for (auto &p : plugins) if (p->wants(x)) { start(x); return; }`
// starts at most one task however long the loop: the iteration that spawns
// is its last. A `return`, `co_return` or `throw` leaves every loop of the
// function; a `break` only the loop it belongs to.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskbound::analysis {

namespace {

bool isLoopStmt(const Stmt *S) {
  return isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S);
}

const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getBody();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Range->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getBody();
  return cast<DoStmt>(Loop)->getBody();
}

/// The statement a label stands before (`case 1: return;` is a `return`).
const Stmt *unlabelled(const Stmt *S) {
  while (true) {
    if (const auto *Case = dyn_cast<SwitchCase>(S))
      S = Case->getSubStmt();
    else if (const auto *Label = dyn_cast<LabelStmt>(S))
      S = Label->getSubStmt();
    else
      return S;
  }
}

bool isThrow(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  return E && isa<CXXThrowExpr>(ignoreTransparent(E));
}

/// Whether \p S, which runs on the way from the spawn to the exit, may jump
/// somewhere that keeps the loop going: a `goto`, a `continue`, or a `break`
/// that does not leave the loop (\p BreakLeaves says whether one at this
/// level does). Jumps inside a loop or `switch` of \p S stay inside it;
/// lambdas run elsewhere.
bool mayStayInLoop(const Stmt *S, bool BreakLeaves, unsigned LoopDepth = 0,
                   unsigned SwitchDepth = 0) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<GotoStmt, IndirectGotoStmt>(S))
    return true;
  if (isa<ContinueStmt>(S))
    return LoopDepth == 0;
  if (isa<BreakStmt>(S))
    return LoopDepth + SwitchDepth == 0 && !BreakLeaves;
  const unsigned Loops = LoopDepth + (isLoopStmt(S) ? 1 : 0);
  const unsigned Switches = SwitchDepth + (isa<SwitchStmt>(S) ? 1 : 0);
  for (const Stmt *Child : S->children())
    if (mayStayInLoop(Child, BreakLeaves, Loops, Switches))
      return true;
  return false;
}

} // namespace

LoopExit exitAfterSpawn(const LoopContext &L, const Stmt *Spawn) {
  if (L.Algorithm || !L.Parents)
    return LoopExit::None; // a `return` ends only the lambda's call
  // The statements from the spawn up to the loop body, innermost first.
  llvm::SmallVector<const Stmt *, 8> Path;
  for (const Stmt *S = Spawn; S; S = L.Parents->getParent(S)) {
    Path.push_back(S);
    if (S == L.Body)
      break;
    if (isa<ReturnStmt, CoreturnStmt>(S))
      return LoopExit::Function; // `return start(x);`
    if (isa<LambdaExpr>(S))
      return LoopExit::None;
  }
  if (Path.back() != L.Body)
    return LoopExit::None;
  // Whether a `break` written at each level leaves L: not below an inner
  // loop or switch. A try block may catch what follows and go on looping.
  llvm::SmallVector<bool, 8> BreakLeaves(Path.size(), false);
  bool Leaves = true;
  for (size_t I = Path.size(); I-- > 0;) {
    const Stmt *S = Path[I];
    if (isa<CXXTryStmt>(S))
      return LoopExit::None;
    // An inner loop or switch, or one that is L's unbraced body (`for (row :
    // rows) for (x : row) ...`): a `break` below it leaves only it.
    if (I > 0 && isLoopStmt(S) && Path[I - 1] != loopBody(S))
      return LoopExit::None; // `while (spawn())`: that loop repeats it
    if (isLoopStmt(S) || isa<SwitchStmt>(S))
      Leaves = false;
    BreakLeaves[I] = Leaves;
  }
  for (size_t I = 1; I < Path.size(); ++I) {
    const auto *Block = dyn_cast<CompoundStmt>(Path[I]);
    if (!Block)
      continue;
    bool After = false;
    for (const Stmt *Child : Block->body()) {
      if (Child == Path[I - 1]) {
        After = true;
        continue;
      }
      if (!After)
        continue;
      const Stmt *S = unlabelled(Child);
      if (isa<ReturnStmt, CoreturnStmt>(S) || isThrow(S))
        return LoopExit::Function;
      if (isa<BreakStmt>(S))
        return BreakLeaves[I] ? LoopExit::Loop : LoopExit::None;
      if (mayStayInLoop(S, BreakLeaves[I]))
        return LoopExit::None;
    }
  }
  return LoopExit::None;
}

} // namespace clang::tidy::taskbound::analysis
