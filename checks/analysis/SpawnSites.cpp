//===-- SpawnSites.cpp - finding spawns and reading their rows ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound::analysis {

namespace {

constexpr char SpawnId[] = "spawn";
constexpr char SiteId[] = "site";

/// Every spawn in one function defined in user code, found top-down from the
/// function so that no parent map of the whole translation unit is built.
DeclarationMatcher spawnsInFunction(const Vocabulary &V) {
  const auto ThreadClass = cxxRecordDecl(hasAnyName(V.threadClassNames()));
  const auto IsThreadClass = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(ThreadClass.bind(SiteId)))));
  const auto InUserCode = unless(isExpansionInSystemHeader());

  // std::thread t(work, x);  std::jthread(work, x);  new boost::thread(work);
  const auto Construction = cxxConstructExpr(
      hasDeclaration(cxxConstructorDecl(
          ofClass(ThreadClass.bind(SiteId)),
          unless(anyOf(isCopyConstructor(), isMoveConstructor(),
                       isDefaultConstructor())))),
      unless(argumentCountIs(0)), InUserCode);
  // threads.emplace_back(work, x);  (the std::thread is built inside <vector>)
  const auto Emplacement = cxxMemberCallExpr(
      callee(cxxMethodDecl(
          hasAnyName(Vocabulary::emplaceMethods()),
          ofClass(classTemplateSpecializationDecl(
              hasTemplateArgument(0, refersToType(IsThreadClass)))))),
      unless(argumentCountIs(0)),
      unless(hasArgument(0, expr(hasType(qualType(hasUnqualifiedDesugaredType(
                                recordType(hasDeclaration(ThreadClass)))))))),
      InUserCode);
  // std::make_unique<std::thread>(work, x);
  const auto Factory = callExpr(
      callee(functionDecl(hasAnyName(Vocabulary::objectFactories()),
                          hasTemplateArgument(0, refersToType(IsThreadClass)))),
      unless(argumentCountIs(0)), InUserCode);
  // std::async(std::launch::async, work, x);  asio::post(pool, work);
  // group.run(work);  pthread_create(&t, 0, work, x);
  const auto Call = callExpr(
      callee(functionDecl(hasAnyName(V.spawnFunctionNames())).bind(SiteId)),
      InUserCode);
  // stdexec::start_detached(sender);  (a callable object, not a function)
  const auto ObjectCall = cxxOperatorCallExpr(
      hasOverloadedOperatorName("()"),
      hasArgument(
          0, ignoringParenImpCasts(declRefExpr(
                 to(varDecl(hasAnyName(V.spawnObjectNames())).bind(SiteId))))),
      InUserCode);

  return functionDecl(isDefinition(), InUserCode,
                      forEachDescendant(stmt(anyOf(Construction, Emplacement,
                                                   Factory, Call, ObjectCall))
                                            .bind(SpawnId)));
}

/// A spawn call's arguments as its row counts them.
struct CallParts {
  llvm::SmallVector<const Expr *, 4> Args; ///< after the launch policy
  const Expr *Object = nullptr;            ///< a member call's object
  const Expr *Policy = nullptr;            ///< `std::launch::...`, if given
  bool ExecutorOmitted = false;            ///< `asio::post(f)`
};

CallParts partsOf(const Spawn &S) {
  CallParts P;
  if (const auto *Ctor = dyn_cast<CXXConstructExpr>(S.E)) {
    P.Args.assign(Ctor->arg_begin(), Ctor->arg_end());
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S.E)) {
    P.Args.assign(std::next(Op->arg_begin()), Op->arg_end()); // skip callee
  } else if (const auto *Call = dyn_cast<CallExpr>(S.E)) {
    P.Args.assign(Call->arg_begin(), Call->arg_end());
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      P.Object = Member->getImplicitObjectArgument();
  }
  if (S.Api->HasLaunchPolicy && !P.Args.empty())
    if (const auto *Enum = P.Args.front()->getType()->getAs<EnumType>())
      if (Enum->getDecl()->getName() == "launch") {
        P.Policy = P.Args.front();
        P.Args.erase(P.Args.begin());
      }
  const Place Exec = S.Api->Executor, Callable = S.Api->Callable;
  P.ExecutorOmitted =
      Exec.Kind == Place::Argument && Callable.Kind == Place::Argument &&
      Exec.Index < Callable.Index && P.Args.size() <= Callable.Index;
  return P;
}

/// The expression at \p Where in a spawn call, or null.
const Expr *at(const Spawn &S, const CallParts &P, Place Where) {
  switch (Where.Kind) {
  case Place::None:
  case Place::FirstBody:
    return nullptr;
  case Place::Object:
    return P.Object;
  case Place::Result:
    return S.E;
  case Place::ObjectOrFirstArg:
    return P.Object ? P.Object : P.Args.size() > 1 ? P.Args[0] : nullptr;
  case Place::Argument:
    break;
  }
  unsigned Index = Where.Index;
  if (P.ExecutorOmitted) {
    const unsigned Exec = S.Api->Executor.Index;
    if (Index == Exec)
      return nullptr;
    if (Index > Exec)
      --Index;
  }
  return Index < P.Args.size() ? P.Args[Index] : nullptr;
}

/// `std::async(std::launch::deferred, f)` runs f lazily on the caller: no
/// task is started. (`async | deferred` may start one, and is a spawn.)
bool isDeferred(const CallParts &P) {
  const auto *Policy =
      P.Policy ? dyn_cast<DeclRefExpr>(P.Policy->IgnoreParenImpCasts())
               : nullptr;
  const auto *Enumerator =
      Policy ? dyn_cast<EnumConstantDecl>(Policy->getDecl()) : nullptr;
  return Enumerator && Enumerator->getName() == "deferred";
}

/// Calls in a body (lambdas written in it included) that may go to a
/// function whose summary says it spawns: a direct call of a function this
/// translation unit defines outside system headers, that the vocabulary does
/// not already know, and that is not a virtual dispatch.
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  CallCollector(
      const Vocabulary &V, const SourceManager &SM,
      llvm::SmallVectorImpl<std::pair<const CallExpr *, const FunctionDecl *>>
          &Calls)
      : Vocab(V), SM(SM), Calls(Calls) {}

  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() != OO_Call)
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (!Def || isa<CXXConstructorDecl, CXXDestructorDecl>(Def) ||
        SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())) ||
        Vocab.spawnApi(Def) || isVirtualDispatch(Call))
      return true;
    Calls.emplace_back(Call, Def);
    return true;
  }

private:
  static bool isVirtualDispatch(const CallExpr *Call) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const auto *MD = Member ? Member->getMethodDecl() : nullptr;
    if (!MD || !MD->isVirtual() || MD->hasAttr<FinalAttr>() ||
        MD->getParent()->hasAttr<FinalAttr>())
      return false;
    const auto *Callee =
        dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParenImpCasts());
    return !(Callee && Callee->hasQualifier()); // `Base::f()` is direct
  }

  const Vocabulary &Vocab;
  const SourceManager &SM;
  llvm::SmallVectorImpl<std::pair<const CallExpr *, const FunctionDecl *>>
      &Calls;
};

} // namespace

SpawnFinder::SpawnFinder(const Vocabulary &V, unsigned SummaryDepth)
    : Vocab(V), SummaryDepth(SummaryDepth), Matcher(spawnsInFunction(V)) {}

SpawnFinder::~SpawnFinder() = default;

void SpawnFinder::clear() {
  Maps.clear();
  Spawns.clear();
  Collecting.clear();
  Summarising.clear();
  Cuts.clear();
  Summaries.clear();
  ProvisionalSpawns.clear();
  ProvisionalSummaries.clear();
  Retired.clear();
  PoppedQueues.clear();
}

llvm::SmallVector<Spawn, 4>
SpawnFinder::builtinSpawnsIn(const FunctionDecl &FD, ASTContext &Ctx) const {
  llvm::SmallVector<Spawn, 4> Found;
  for (const BoundNodes &Nodes : match(Matcher, FD, Ctx)) {
    const SpawnApi *Api = Vocab.spawnApi(Nodes.getNodeAs<NamedDecl>(SiteId));
    if (!Api)
      continue;
    const Spawn S{Nodes.getNodeAs<Expr>(SpawnId), Api};
    if (!isDeferred(partsOf(S)))
      Found.push_back(S);
  }
  return Found;
}

void SpawnFinder::addSummarisedCalls(const FunctionDecl &FD, ASTContext &Ctx,
                                     llvm::SmallVectorImpl<Spawn> &Found) {
  if (SummaryDepth == 0 || !FD.getBody())
    return;
  llvm::SmallVector<std::pair<const CallExpr *, const FunctionDecl *>, 8> Calls;
  CallCollector(Vocab, Ctx.getSourceManager(), Calls)
      .TraverseStmt(const_cast<Stmt *>(FD.getBody()));
  for (const auto &[Call, Callee] : Calls)
    if (const SpawnSummary *Summary = summaryOf(*Callee, Ctx);
        Summary && Summary->Level <= SummaryDepth)
      Found.push_back({Call, &Summary->Api, Summary});
}

llvm::SmallVector<Spawn, 4> SpawnFinder::spawnsIn(const FunctionDecl &FD,
                                                  ASTContext &Ctx) {
  if (auto It = Spawns.find(&FD); It != Spawns.end()) {
    if (Collecting.contains(&FD))
      Cuts.push_back(&FD); // only the built-in spawns are known yet
    return It->second;
  }
  if (auto It = ProvisionalSpawns.find(&FD); It != ProvisionalSpawns.end())
    return It->second;
  // The built-in spawns go in first: a pool's method looked at while its
  // class's workers are found sees at least those.
  Spawns[&FD] = builtinSpawnsIn(FD, Ctx);
  const std::size_t Mark = Cuts.size();
  llvm::SmallVector<Spawn, 4> Found;
  Collecting.insert(&FD);
  addSummarisedCalls(FD, Ctx, Found);
  Collecting.erase(&FD);
  llvm::SmallVector<Spawn, 4> All = std::move(Spawns[&FD]);
  All.append(Found.begin(), Found.end());
  if (provisionalSince(Mark)) {
    Spawns.erase(&FD);
    ProvisionalSpawns[&FD] = All;
  } else {
    Cuts.truncate(Mark);
    Spawns[&FD] = All;
  }
  endWalk();
  return All;
}

const SpawnSummary *SpawnFinder::summaryOf(const FunctionDecl &FD,
                                           ASTContext &Ctx) {
  // A function being summarised, or whose spawns are being collected, reads
  // as "no summary" to the calls it makes: recursion ends here.
  if (Collecting.contains(&FD) || Summarising.contains(&FD)) {
    Cuts.push_back(&FD);
    return nullptr;
  }
  if (auto It = Summaries.find(&FD); It != Summaries.end())
    return It->second.get();
  if (auto It = ProvisionalSummaries.find(&FD);
      It != ProvisionalSummaries.end())
    return It->second.get();
  const std::size_t Mark = Cuts.size();
  Summarising.insert(&FD);
  std::unique_ptr<SpawnSummary> Summary = summarise(FD, *this, Ctx);
  Summarising.erase(&FD);
  const SpawnSummary *Result = Summary.get();
  if (provisionalSince(Mark)) {
    ProvisionalSummaries[&FD] = std::move(Summary);
  } else {
    Cuts.truncate(Mark);
    Summaries[&FD] = std::move(Summary);
  }
  endWalk();
  return Result;
}

bool SpawnFinder::provisionalSince(std::size_t Mark) const {
  return llvm::any_of(
      llvm::drop_begin(Cuts, Mark), [&](const FunctionDecl *Cut) {
        return Collecting.contains(Cut) || Summarising.contains(Cut);
      });
}

void SpawnFinder::endWalk() {
  if (!Collecting.empty() || !Summarising.empty())
    return;
  // A provisional summary may be pointed at (Spawn::Via) by a spawn a
  // caller still holds: keep it alive until the translation unit ends.
  for (auto &[Function, Summary] : ProvisionalSummaries)
    if (Summary)
      Retired.push_back(std::move(Summary));
  ProvisionalSummaries.clear();
  ProvisionalSpawns.clear();
  Cuts.clear();
}

llvm::SmallVector<const FieldDecl *, 2>
SpawnFinder::queuesPoppedByOwnWorkers(const CXXRecordDecl &Pool,
                                      ASTContext &Ctx) {
  // Empty while being computed: the class's own methods, summarised on the
  // way, see no queue of it as popped (and so no enqueue of their own).
  if (auto [It, New] = PoppedQueues.try_emplace(&Pool); !New)
    return It->second;
  llvm::SmallVector<const FieldDecl *, 2> Popped =
      findQueuesPoppedByOwnWorkers(Pool, *this, Ctx);
  PoppedQueues[&Pool] = Popped;
  return Popped;
}

const Expr *executorOf(const Spawn &S) {
  return at(S, partsOf(S), S.Api->Executor);
}

const Expr *callableOf(const Spawn &S) {
  const CallParts P = partsOf(S);
  if (S.Api->Callable.Kind != Place::FirstBody)
    return at(S, P, S.Api->Callable);
  for (const Expr *Arg : P.Args)
    if (callableBody(Arg))
      return Arg;
  return nullptr;
}

const Expr *handleHolderOf(const Spawn &S) {
  if (S.Api->Handle.Kind == Place::Result)
    return nullptr;
  return at(S, partsOf(S), S.Api->Handle);
}

const Stmt *spawnedBody(const Spawn &S) {
  if (S.Via && S.Via->TaskBody)
    return S.Via->TaskBody;
  return callableBody(callableOf(S));
}

} // namespace clang::tidy::taskbound::analysis
