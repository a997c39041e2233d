//===-- SpawnSites.cpp - finding spawns and reading their rows ------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

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
          hasAnyName("emplace_back", "emplace_front", "emplace"),
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

} // namespace

SpawnFinder::SpawnFinder(const Vocabulary &V)
    : Vocab(V), Matcher(spawnsInFunction(V)) {}

llvm::SmallVector<Spawn, 4> SpawnFinder::spawnsIn(const FunctionDecl &FD,
                                                  ASTContext &Ctx) const {
  llvm::SmallVector<Spawn, 4> Spawns;
  for (const BoundNodes &Nodes : match(Matcher, FD, Ctx)) {
    const SpawnApi *Api = Vocab.spawnApi(Nodes.getNodeAs<NamedDecl>(SiteId));
    if (!Api)
      continue;
    const Spawn S{Nodes.getNodeAs<Expr>(SpawnId), Api};
    if (!isDeferred(partsOf(S)))
      Spawns.push_back(S);
  }
  return Spawns;
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

const Expr *handleArgumentOf(const Spawn &S) {
  if (S.Api->Handle.Kind != Place::Argument)
    return nullptr;
  return at(S, partsOf(S), S.Api->Handle);
}

const Stmt *spawnedBody(const Spawn &S) { return callableBody(callableOf(S)); }

} // namespace clang::tidy::taskbound::analysis
