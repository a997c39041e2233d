//===-- UnboundedSpawnInLoopCheck.cpp - taskbound-unbounded-spawn-in-loop -===//

#include "UnboundedSpawnInLoopCheck.h"

#include "utils/SpawnAnalysis.h"
#include "utils/UserFunctions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

namespace {

constexpr char SpawnId[] = "spawn";
constexpr char SiteId[] = "site";

/// Built-in names, less the ignored ones, plus the user's; fully qualified.
std::vector<std::string> mergeNames(llvm::ArrayRef<StringRef> Builtin,
                                    llvm::ArrayRef<StringRef> Added,
                                    llvm::ArrayRef<StringRef> Ignored = {}) {
  std::vector<std::string> Ignore;
  for (StringRef Name : Ignored)
    Ignore.push_back(analysis::qualify(Name));
  std::vector<std::string> Names;
  for (StringRef Name : Builtin)
    if (!llvm::is_contained(Ignore, Name.str()))
      Names.push_back(Name.str());
  for (StringRef Name : Added)
    if (!Name.trim().empty())
      Names.push_back(analysis::qualify(Name));
  return Names;
}

std::vector<StringRef> refs(const std::vector<std::string> &Names) {
  return {Names.begin(), Names.end()};
}

std::vector<StringRef> spawnSiteNames() {
  std::vector<StringRef> Names;
  for (const analysis::SpawnSite &Site : analysis::builtinSpawnSites())
    Names.push_back(Site.Name);
  return Names;
}

/// `std::async(std::launch::deferred, f)` runs f lazily on the caller.
bool isDeferredAsync(const Expr *Spawn, const NamedDecl *Site) {
  const auto *Call = dyn_cast<CallExpr>(Spawn);
  if (!Call || Call->getNumArgs() == 0 ||
      !analysis::hasQualifiedName(Site, {"::std::async", "::boost::async"}))
    return false;
  const auto *Policy =
      dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  const auto *Enumerator =
      Policy ? dyn_cast<EnumConstantDecl>(Policy->getDecl()) : nullptr;
  return Enumerator && Enumerator->getName() == "deferred";
}

/// The executor a submission goes to: the object of `group.run(f)`, the
/// first argument of `asio::post(pool, f)`.
const Expr *executorOf(const Expr *Spawn) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Spawn))
    return Member->getImplicitObjectArgument();
  if (const auto *Call = dyn_cast<CallExpr>(Spawn);
      Call && Call->getNumArgs() > 1 && !isa<CXXOperatorCallExpr>(Call))
    return Call->getArg(0);
  return nullptr;
}

/// Whether the executor's type, or a class it is nested in, is bounded:
/// taskbound's own types or one of \p Bounded.
bool isBoundedExecutor(const Expr *Executor,
                       llvm::ArrayRef<StringRef> Bounded) {
  if (!Executor)
    return false;
  // The object's own type, before any derived-to-base conversion.
  QualType T = Executor->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  for (const auto *RD = T->getAsCXXRecordDecl(); RD;
       RD = dyn_cast<CXXRecordDecl>(RD->getDeclContext())) {
    const std::string Name = analysis::qualifiedName(RD);
    if (StringRef(Name).starts_with("::taskbound::") ||
        llvm::is_contained(Bounded, Name))
      return true;
  }
  return false;
}

/// Reads a boolean option. OptionsView::get<bool> is an explicit
/// specialization whose mangled name differs between GCC and Clang, so a
/// module built with GCC cannot link it from a Clang-built clang-tidy.
bool readBool(const ClangTidyCheck::OptionsView &Options, StringRef Name,
              bool Default) {
  const std::string Value =
      Options.get(Name, Default ? "true" : "false").lower();
  if (Value == "true" || Value == "1")
    return true;
  if (Value == "false" || Value == "0")
    return false;
  llvm::errs() << "warning: taskbound: invalid value '" << Value
               << "' for option '" << Name << "'; expected a bool, using '"
               << (Default ? "true" : "false") << "'\n";
  return Default;
}

StringRef messageFor(analysis::SpawnKind Kind) {
  switch (Kind) {
  case analysis::SpawnKind::Thread:
    return "%0 starts a new thread on each iteration of this loop with no "
           "bound on how many run at once; batch the work with "
           "'taskbound::parallel_for_each' or submit it to a "
           "'taskbound::worker_pool'";
  case analysis::SpawnKind::Task:
    return "%0 queues a new task on each iteration of this loop with no "
           "bound on how many are pending at once; batch the work with "
           "'taskbound::parallel_for_each' or submit it to a "
           "'taskbound::worker_pool' with a bounded queue";
  case analysis::SpawnKind::Coroutine:
    return "%0 starts a new coroutine on each iteration of this loop with no "
           "bound on how many are alive at once; run them through "
           "'taskbound::asio::for_each_bounded' or a 'taskbound::task_scope'";
  case analysis::SpawnKind::Custom:
    break;
  }
  return "%0 starts a new task on each iteration of this loop with no bound "
         "on how many run at once; batch the work with "
         "'taskbound::parallel_for_each' or submit it to a "
         "'taskbound::worker_pool'";
}

} // namespace

UnboundedSpawnInLoopCheck::UnboundedSpawnInLoopCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SpawnFunctions(
          utils::options::parseStringList(Options.get("SpawnFunctions", ""))),
      IgnoredSpawnFunctions(utils::options::parseStringList(
          Options.get("IgnoredSpawnFunctions", ""))),
      MaxFanOut(Options.get("MaxFanOut", 64U)),
      FlagEventPacedSpawns(readBool(Options, "FlagEventPacedSpawns", false)),
      ConcurrencyLimitFunctions(utils::options::parseStringList(
          Options.get("ConcurrencyLimitFunctions", ""))),
      LimiterFunctions(
          utils::options::parseStringList(Options.get("LimiterFunctions", ""))),
      BoundedExecutors(
          utils::options::parseStringList(Options.get("BoundedExecutors", ""))),
      SpawnNames(
          mergeNames(spawnSiteNames(), SpawnFunctions, IgnoredSpawnFunctions)),
      ThreadClassNames(mergeNames(analysis::builtinThreadClasses(),
                                  SpawnFunctions, IgnoredSpawnFunctions)),
      ConcurrencyNames(mergeNames(analysis::builtinConcurrencyLimitFunctions(),
                                  ConcurrencyLimitFunctions)),
      LimiterNames(
          mergeNames(analysis::builtinLimiterFunctions(), LimiterFunctions)),
      BoundedExecutorNames(mergeNames({}, BoundedExecutors)),
      Spawns(refs(SpawnNames)), ThreadClasses(refs(ThreadClassNames)),
      Concurrency(refs(ConcurrencyNames)), Limiters(refs(LimiterNames)),
      Bounded(refs(BoundedExecutorNames)) {}

void UnboundedSpawnInLoopCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SpawnFunctions",
                utils::options::serializeStringList(SpawnFunctions));
  Options.store(Opts, "IgnoredSpawnFunctions",
                utils::options::serializeStringList(IgnoredSpawnFunctions));
  Options.store(Opts, "MaxFanOut", MaxFanOut);
  Options.store(Opts, "FlagEventPacedSpawns",
                FlagEventPacedSpawns ? "true" : "false");
  Options.store(Opts, "ConcurrencyLimitFunctions",
                utils::options::serializeStringList(ConcurrencyLimitFunctions));
  Options.store(Opts, "LimiterFunctions",
                utils::options::serializeStringList(LimiterFunctions));
  Options.store(Opts, "BoundedExecutors",
                utils::options::serializeStringList(BoundedExecutors));
}

void UnboundedSpawnInLoopCheck::registerMatchers(MatchFinder *Finder) {
  const auto ThreadClass = cxxRecordDecl(hasAnyName(ThreadClasses));
  const auto ThreadType = qualType(
      hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadClass))));
  const auto InUserCode = unless(isExpansionInSystemHeader());

  // std::thread t(work, x);  std::jthread(work, x);  new boost::thread(work);
  const auto ThreadConstruction =
      cxxConstructExpr(
          hasDeclaration(cxxConstructorDecl(
              ofClass(ThreadClass.bind(SiteId)),
              unless(anyOf(isCopyConstructor(), isMoveConstructor(),
                           isDefaultConstructor())))),
          unless(argumentCountIs(0)), InUserCode)
          .bind(SpawnId);

  // threads.emplace_back(work, x);  (the std::thread is built inside <vector>)
  const auto ThreadEmplacement =
      cxxMemberCallExpr(
          callee(cxxMethodDecl(
              hasAnyName("emplace_back", "emplace_front", "emplace"),
              ofClass(classTemplateSpecializationDecl(hasTemplateArgument(
                  0,
                  refersToType(qualType(hasUnqualifiedDesugaredType(recordType(
                      hasDeclaration(ThreadClass.bind(SiteId))))))))))),
          unless(argumentCountIs(0)),
          unless(hasArgument(0, expr(hasType(ThreadType)))), InUserCode)
          .bind(SpawnId);

  // std::make_unique<std::thread>(work, x);
  const auto ThreadFactory =
      callExpr(
          callee(functionDecl(
              hasAnyName("::std::make_unique", "::std::make_shared",
                         "::boost::make_shared"),
              hasTemplateArgument(
                  0,
                  refersToType(qualType(hasUnqualifiedDesugaredType(recordType(
                      hasDeclaration(ThreadClass.bind(SiteId))))))))),
          unless(argumentCountIs(0)), InUserCode)
          .bind(SpawnId);

  // std::async(std::launch::async, work, x);  pthread_create(&t, 0, work, x);
  // asio::post(pool, work);  group.run(work);
  const auto SpawnCall =
      callExpr(callee(functionDecl(hasAnyName(Spawns)).bind(SiteId)),
               InUserCode)
          .bind(SpawnId);

  // stdexec::start_detached(sender);  (a callable object, not a function)
  const auto SpawnObjectCall =
      cxxOperatorCallExpr(
          hasOverloadedOperatorName("()"),
          hasArgument(0, ignoringParenImpCasts(declRefExpr(
                             to(varDecl(hasAnyName(Spawns)).bind(SiteId))))),
          InUserCode)
          .bind(SpawnId);

  // Every spawn in a function defined in user code, found top-down from the
  // function so that no parent map of the whole translation unit is built:
  //   void f() { ... for (...) { std::thread(...).detach(); } ... }
  SpawnsInFunction =
      functionDecl(isDefinition(), InUserCode,
                   forEachDescendant(
                       stmt(anyOf(ThreadConstruction, ThreadEmplacement,
                                  ThreadFactory, SpawnCall, SpawnObjectCall))));

  // The translation unit, once: check() walks the user code's functions
  // itself, so SpawnsInFunction is never tried on a system header's ones.
  Finder->addMatcher(translationUnitDecl(), this);
}

void UnboundedSpawnInLoopCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  analysis::forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
    if (!Function.isThisDeclarationADefinition())
      return;
    // A template is judged through its instantiations, where trip counts and
    // types are known; they all report at the template's own location.
    if (Function.isDependentContext())
      return;
    // A lambda's body is part of the function it is written in and judged
    // there; only an instantiated generic lambda has a body of its own.
    if (analysis::ParentMaps::definingFunction(&Function) &&
        !Function.isTemplateInstantiation())
      return;
    for (const BoundNodes &Nodes : match(*SpawnsInFunction, Function, Ctx))
      checkSpawn(Nodes.getNodeAs<Expr>(SpawnId),
                 Nodes.getNodeAs<NamedDecl>(SiteId), &Function, Ctx);
  });
}

void UnboundedSpawnInLoopCheck::checkSpawn(const Expr *Spawn,
                                           const NamedDecl *Site,
                                           const FunctionDecl *Function,
                                           ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();

  // A macro expanded in user code is reported where it is expanded.
  const SourceLocation Loc = SM.getExpansionLoc(Spawn->getBeginLoc());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc) || Reported.contains(Loc))
    return;
  if (isDeferredAsync(Spawn, Site))
    return;

  const analysis::SpawnIdentity Identity = analysis::identifySpawn(Site);
  if (Identity.Kind != analysis::SpawnKind::Thread &&
      isBoundedExecutor(executorOf(Spawn), Bounded))
    return;

  const llvm::SmallVector<analysis::LoopContext, 4> Loops =
      analysis::enclosingLoops(Spawn, Function, Parents);
  if (Loops.empty())
    return;

  const analysis::TaskHandle Handle = analysis::findTaskHandle(
      Spawn, Identity.Kind, Function->getBody(), Parents.of(Function));
  const Stmt *SpawnedBody = analysis::spawnedBody(Spawn);
  const bool SpawnsWorker =
      SpawnedBody && analysis::isLongRunningWorker(SpawnedBody);

  const auto DrainedBy = [&](const analysis::LoopContext &L) {
    return analysis::drainedWithin(L.Body, Spawn, Handle, *L.Parents, Ctx);
  };

  // Walk outwards: a loop whose fan-out is bounded may still sit in a loop
  // that repeats it without waiting.
  for (auto It = Loops.begin(); It != Loops.end(); ++It) {
    const analysis::LoopContext &L = *It;
    if (DrainedBy(L))
      return; // each iteration finishes its tasks (or flushes its batch)
    if (analysis::waitsForRoomBefore(L.Body, Spawn, Limiters, Ctx))
      return; // a semaphore, a bounded queue or a window bounds it
    if (Identity.Kind == analysis::SpawnKind::Coroutine &&
        !FlagEventPacedSpawns &&
        analysis::awaitsEventBefore(L.Body, Spawn, Ctx))
      return; // one coroutine per accepted connection, paced by clients

    const analysis::TripCount TC =
        analysis::tripCount(L, Ctx, Concurrency, ThreadClasses);
    const bool CountsWorkers =
        TC.WalksThreadSlots ||
        (TC.Counting && TC.Bound && !analysis::isContainerSize(TC.Bound));
    if (CountsWorkers &&
        (SpawnsWorker || (TC.Bound && analysis::namesWorkerCount(TC.Bound))))
      return; // a pool starting its fixed set of workers

    if (TC.Kind == analysis::TripCount::Concurrency)
      continue;
    if (TC.Kind == analysis::TripCount::Constant) {
      if (TC.Count <= MaxFanOut)
        continue;
      // A constant batch, finished by an enclosing loop before the next one.
      if (std::any_of(std::next(It), Loops.end(), DrainedBy))
        return;
    }

    Reported.insert(Loc);
    diag(Loc, messageFor(Identity.Kind)) << ("'" + Identity.Display + "'");
    const SourceLocation LoopLoc = SM.getExpansionLoc(L.Loop->getBeginLoc());
    if (L.Algorithm) {
      const std::string Algorithm =
          "'" +
          StringRef(analysis::qualifiedName(L.Algorithm)).drop_front(2).str() +
          "'";
      if (TC.Kind == analysis::TripCount::Constant)
        diag(LoopLoc, "%0 calls the lambda %1 times", DiagnosticIDs::Note)
            << Algorithm << static_cast<unsigned>(TC.Count);
      else
        diag(LoopLoc,
             "%0 calls the lambda once per element; the element count is "
             "only known at run time",
             DiagnosticIDs::Note)
            << Algorithm;
    } else if (TC.Kind == analysis::TripCount::Constant) {
      diag(LoopLoc, "loop runs %0 times", DiagnosticIDs::Note)
          << static_cast<unsigned>(TC.Count);
    } else {
      diag(LoopLoc, "loop trip count is only known at run time",
           DiagnosticIDs::Note);
    }
    return;
  }
}

} // namespace clang::tidy::taskbound
