//===-- Vocabulary.cpp - the names every taskbound check knows ------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The fixed word lists live here, beside the descriptor table; a new word is
// one entry and one lit case.
//
//===----------------------------------------------------------------------===//

#include "Vocabulary.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

// --- Lists users extend (the built-in part) --------------------------------

const llvm::StringRef BuiltinConcurrencyFunctions[] = {
    "::std::thread::hardware_concurrency",
    "::std::jthread::hardware_concurrency",
    "::boost::thread::hardware_concurrency",
    "::boost::thread::physical_concurrency",
    "::get_nprocs",
    "::get_nprocs_conf",
    "::sysconf",
    "::omp_get_max_threads",
    "::omp_get_num_procs",
    "::tbb::this_task_arena::max_concurrency",
    "::tbb::detail::d1::max_concurrency",
    "::tbb::info::default_concurrency",
    "::tbb::detail::d1::default_concurrency",
    // One entry per NUMA node: as many as the machine has.
    "::tbb::info::numa_nodes",
    "::tbb::detail::d1::numa_nodes",
};

const llvm::StringRef BuiltinLimiters[] = {
    "::std::counting_semaphore::acquire",
    "::std::counting_semaphore::try_acquire",
    "::std::counting_semaphore::try_acquire_for",
    "::std::counting_semaphore::try_acquire_until",
    "::std::condition_variable::wait",
    "::std::condition_variable::wait_for",
    "::std::condition_variable::wait_until",
    "::std::condition_variable_any::wait",
    "::std::condition_variable_any::wait_for",
    "::std::condition_variable_any::wait_until",
    "::boost::interprocess::interprocess_semaphore::wait",
    "::boost::fibers::buffered_channel::push",
    "::taskbound::bounded_queue::push",
    "::taskbound::task_scope::spawn",
};

// --- Fixed lists -----------------------------------------------------------

const llvm::StringRef WaitMethods[] = {
    "join",     "get",      "wait",         "wait_idle", "waitForDone",
    "join_all", "wait_all", "run_and_wait", "sync_wait"};
const llvm::StringRef DetachMethods[] = {"detach"};
const llvm::StringRef DetachFunctions[] = {"::pthread_detach"};
const llvm::StringRef InsertMethods[] = {
    "push_back", "push_front", "emplace_back", "emplace_front", "emplace",
    "insert",    "push",       "try_emplace",  "emplace_hint",  "add"};
const llvm::StringRef EmplaceMethods[] = {"emplace_back", "emplace_front",
                                          "emplace"};
const llvm::StringRef PassThroughFunctions[] = {"::std::move", "::std::forward",
                                                "::std::ref", "::std::cref"};
const llvm::StringRef WaitingCalls[] = {
    "wait",        "wait_for", "wait_until", "yield",       "sleep_for",
    "sleep_until", "get",      "join",       "pop",         "pop_front",
    "acquire",     "poll",     "run_one",    "try_join_for"};
const llvm::StringRef AwaitedAcquireMethods[] = {"acquire", "async_acquire"};
const llvm::StringRef AwaitedAcquirePrefix = "try_acquire";
const llvm::StringRef ExternalEventWords[] = {"accept", "receive", "recv",
                                              "read"};
const llvm::StringRef WorkerCountWords[] = {
    "thread", "worker", "concurren", "parallel", "pool",    "cores",
    "ncore",  "cpu",    "nproc",     "consumer", "producer"};
const llvm::StringRef SizeCalls[] = {"size",     "ssize",    "length",
                                     "distance", "capacity", "count"};
// std::jthread joins in its destructor; std::thread must be joined before
// it is destroyed.
const llvm::StringRef WaitOnDestructionTypes[] = {
    "::std::jthread", "::std::thread", "::boost::thread"};
// Futures wait in their destructor only for a task std::async started.
const llvm::StringRef FutureTypes[] = {
    "::std::future", "::boost::unique_future", "::boost::future"};
const llvm::StringRef MustBeJoinedTypes[] = {"::std::thread",
                                             "::boost::thread"};
const llvm::StringRef StopFlagTypes[] = {"::std::atomic", "::std::atomic_flag",
                                         "::std::stop_token"};
const llvm::StringRef PerElementAlgorithms[] = {
    "::std::for_each",
    "::std::for_each_n",
    "::std::transform",
    "::std::generate",
    "::std::generate_n",
    "::std::ranges::for_each",
    "::std::ranges::for_each_n",
    "::std::ranges::transform",
    "::std::ranges::generate",
    "::std::ranges::generate_n",
    "::std::transform_reduce",
    "::std::transform_exclusive_scan",
    "::std::transform_inclusive_scan",
};
const llvm::StringRef AtomicWrites[] = {"store",
                                        "exchange",
                                        "fetch_add",
                                        "fetch_sub",
                                        "fetch_or",
                                        "fetch_and",
                                        "fetch_xor",
                                        "test_and_set",
                                        "compare_exchange_weak",
                                        "compare_exchange_strong"};
const llvm::StringRef PopMethods[] = {"pop",     "pop_front", "pop_back",
                                      "try_pop", "wait_pop",  "wait_and_pop",
                                      "take",    "extract",   "swap"};
const llvm::StringRef CallableWrappers[] = {
    "::std::function",           "::std::packaged_task",
    "::std::move_only_function", "::std::copyable_function",
    "::boost::function",         "::folly::Function",
    "::fu2::function",           "::fu2::unique_function"};
const llvm::StringRef SmartPointers[] = {
    "::std::unique_ptr", "::std::shared_ptr", "::boost::shared_ptr"};
const llvm::StringRef ObjectFactories[] = {
    "::std::make_unique", "::std::make_shared", "::boost::make_shared"};
const llvm::StringRef Binders[] = {"::std::bind", "::boost::bind",
                                   "::std::bind_front"};

// --- What a task may do that a bounded pool cannot run (fix-its) ----------

// Types whose waiting members return only once another thread acts: a
// notify, a count-down, a release, a value set, a push or a pop.
const llvm::StringRef RendezvousTypes[] = {"::std::condition_variable",
                                           "::std::condition_variable_any",
                                           "::std::latch",
                                           "::std::barrier",
                                           "::std::counting_semaphore",
                                           "::std::atomic",
                                           "::std::atomic_flag",
                                           "::std::atomic_ref",
                                           "::std::future",
                                           "::std::shared_future",
                                           "::std::thread",
                                           "::std::jthread",
                                           "::boost::condition_variable",
                                           "::boost::condition_variable_any",
                                           "::boost::barrier",
                                           "::boost::latch",
                                           "::boost::thread",
                                           "::boost::unique_future",
                                           "::boost::shared_future",
                                           "::taskbound::bounded_queue"};
// The members of those types that wait.
const llvm::StringRef RendezvousWaits[] = {"wait",
                                           "wait_for",
                                           "wait_until",
                                           "arrive_and_wait",
                                           "acquire",
                                           "try_acquire_for",
                                           "try_acquire_until",
                                           "get",
                                           "join",
                                           "push",
                                           "pop"};
const llvm::StringRef RendezvousFunctions[] = {
    "::pthread_join",         "::pthread_cond_wait", "::pthread_cond_timedwait",
    "::pthread_barrier_wait", "::sem_wait",          "::sem_timedwait"};
// Objects that lock a mutex for their lifetime; the mutex is an argument.
const llvm::StringRef LockTypes[] = {
    "::std::lock_guard",   "::std::unique_lock",  "::std::scoped_lock",
    "::std::shared_lock",  "::boost::lock_guard", "::boost::unique_lock",
    "::boost::shared_lock"};
const llvm::StringRef MutexLockMethods[] = {"lock", "lock_shared",
                                            "try_lock_for", "try_lock_until"};
// Members that tell a waiting thread that a task has finished: a completion
// counter, a latch, a semaphore, a promise.
const llvm::StringRef CompletionSignals[] = {
    "fetch_add", "fetch_sub",  "count_down", "arrive",   "release",
    "store",     "notify_one", "notify_all", "set_value"};

bool contains(llvm::ArrayRef<llvm::StringRef> Words, llvm::StringRef Name) {
  return llvm::is_contained(Words, Name);
}

/// Whether \p Name (lower-cased) contains one of \p Words.
bool containsWord(llvm::ArrayRef<llvm::StringRef> Words, llvm::StringRef Name) {
  const std::string Lower = Name.lower();
  return llvm::any_of(Words, [&](llvm::StringRef W) {
    return llvm::StringRef(Lower).contains(W);
  });
}

} // namespace

// --- Names -----------------------------------------------------------------

std::string qualify(llvm::StringRef Name) {
  Name = Name.trim();
  return Name.starts_with("::") ? Name.str() : ("::" + Name).str();
}

std::string qualifiedName(const NamedDecl *D) {
  if (!D)
    return {};
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    D = Ctor->getParent();
  if (!D->getIdentifier())
    return {};
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  Parts.push_back(D->getName());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        return {};
      Parts.push_back(RD->getName());
    } else if (isa<FunctionDecl>(DC)) {
      return {}; // a local entity: never a library name
    }
  }
  std::string Result;
  for (llvm::StringRef Part : llvm::reverse(Parts))
    Result += ("::" + Part).str();
  return Result;
}

bool hasQualifiedName(const NamedDecl *D,
                      llvm::ArrayRef<llvm::StringRef> Names) {
  const std::string Name = qualifiedName(D);
  return !Name.empty() && llvm::is_contained(Names, Name);
}

// --- The vocabulary --------------------------------------------------------

Vocabulary::Vocabulary(const VocabularyOptions &Options) {
  const auto Keep = [&](llvm::StringRef Name) -> llvm::StringRef {
    return Strings.emplace_back(qualify(Name));
  };
  std::vector<std::string> Ignored;
  for (llvm::StringRef Name : Options.IgnoredSpawnFunctions)
    if (!Name.trim().empty())
      Ignored.push_back(qualify(Name));

  for (const SpawnApi &Api : builtinSpawnApis()) {
    if (llvm::is_contained(Ignored, Api.Name.str()))
      continue;
    ApisByName[Api.Name] = &Api;
    if (Api.Shape == ApiShape::Class)
      ClassNames.push_back(Api.Name);
    else if (Api.Shape == ApiShape::CallableObject)
      ObjectNames.push_back(Api.Name);
    else
      FunctionNames.push_back(Api.Name);
  }
  for (llvm::StringRef Name : Options.SpawnFunctions)
    if (!Name.trim().empty())
      addUserSpawnApi(Keep(Name));

  ConcurrencyNames.assign(std::begin(BuiltinConcurrencyFunctions),
                          std::end(BuiltinConcurrencyFunctions));
  for (llvm::StringRef Name : Options.ConcurrencyLimitFunctions)
    if (!Name.trim().empty())
      ConcurrencyNames.push_back(Keep(Name));
  LimiterNames.assign(std::begin(BuiltinLimiters), std::end(BuiltinLimiters));
  for (llvm::StringRef Name : Options.LimiterFunctions)
    if (!Name.trim().empty())
      LimiterNames.push_back(Keep(Name));
  for (llvm::StringRef Name : Options.BoundedExecutors)
    if (!Name.trim().empty())
      BoundedNames.push_back(Keep(Name));
}

/// A name the user listed: taskbound does not know its signature, so the
/// row says "whichever it is" where the built-in rows are exact.
void Vocabulary::addUserSpawnApi(llvm::StringRef QualifiedName) {
  if (ApisByName.count(QualifiedName))
    return; // a built-in row says more than a user row would
  UserApis.push_back({QualifiedName, QualifiedName.drop_front(2),
                      SpawnKind::Custom, ApiShape::FunctionOrClass,
                      Place::objectOrFirstArg(), Place::result(),
                      Place::firstBody(), /*HeldByExecutor=*/true,
                      /*HasLaunchPolicy=*/false});
  ApisByName[QualifiedName] = &UserApis.back();
  FunctionNames.push_back(QualifiedName);
  ObjectNames.push_back(QualifiedName);
  ClassNames.push_back(QualifiedName);
}

const SpawnApi *Vocabulary::spawnApi(const NamedDecl *D) const {
  const std::string Name = qualifiedName(D);
  return Name.empty() ? nullptr : ApisByName.lookup(Name);
}

bool Vocabulary::isThreadClass(const NamedDecl *D) const {
  return hasQualifiedName(D, ClassNames);
}

bool Vocabulary::isConcurrencyFunction(const NamedDecl *D) const {
  return hasQualifiedName(D, ConcurrencyNames);
}

bool Vocabulary::isLimiter(const NamedDecl *D) const {
  return hasQualifiedName(D, LimiterNames);
}

bool Vocabulary::isBoundedExecutor(const CXXRecordDecl *RD) const {
  // The class itself, or a class it is nested in (an executor type of a
  // bounded pool).
  for (; RD; RD = dyn_cast<CXXRecordDecl>(RD->getDeclContext())) {
    const std::string Name = qualifiedName(RD);
    if (llvm::StringRef(Name).starts_with("::taskbound::") ||
        llvm::is_contained(BoundedNames, Name))
      return true;
  }
  return false;
}

bool Vocabulary::isWaitMethod(llvm::StringRef Name) {
  return contains(WaitMethods, Name);
}
bool Vocabulary::isDetachMethod(llvm::StringRef Name) {
  return contains(DetachMethods, Name);
}
bool Vocabulary::isDetachFunction(const NamedDecl *D) {
  return hasQualifiedName(D, DetachFunctions);
}
bool Vocabulary::isInsertMethod(llvm::StringRef Name) {
  return contains(InsertMethods, Name);
}
bool Vocabulary::isEmplaceMethod(llvm::StringRef Name) {
  return contains(EmplaceMethods, Name);
}
llvm::ArrayRef<llvm::StringRef> Vocabulary::emplaceMethods() {
  return EmplaceMethods;
}
bool Vocabulary::isPassThrough(const NamedDecl *D) {
  return hasQualifiedName(D, PassThroughFunctions);
}
bool Vocabulary::isWaitingCall(llvm::StringRef Name) {
  return contains(WaitingCalls, Name);
}
bool Vocabulary::isAwaitedAcquire(llvm::StringRef Name) {
  return contains(AwaitedAcquireMethods, Name) ||
         Name.starts_with(AwaitedAcquirePrefix);
}
bool Vocabulary::namesExternalEvent(llvm::StringRef Name) {
  return containsWord(ExternalEventWords, Name);
}
bool Vocabulary::namesWorkerCount(llvm::StringRef Name) {
  return containsWord(WorkerCountWords, Name);
}
bool Vocabulary::isSizeCall(llvm::StringRef Name) {
  return contains(SizeCalls, Name);
}
bool Vocabulary::waitsOnDestruction(const NamedDecl *D) {
  return hasQualifiedName(D, WaitOnDestructionTypes);
}
bool Vocabulary::isFuture(const NamedDecl *D) {
  return hasQualifiedName(D, FutureTypes);
}
bool Vocabulary::mustBeJoined(const NamedDecl *D) {
  return hasQualifiedName(D, MustBeJoinedTypes);
}
bool Vocabulary::isStopFlagType(const NamedDecl *D) {
  return hasQualifiedName(D, StopFlagTypes);
}
bool Vocabulary::isPerElementAlgorithm(const NamedDecl *D) {
  return hasQualifiedName(D, PerElementAlgorithms);
}
bool Vocabulary::isAtomicWrite(llvm::StringRef Name) {
  return contains(AtomicWrites, Name);
}
bool Vocabulary::isPopMethod(llvm::StringRef Name) {
  return contains(PopMethods, Name);
}
bool Vocabulary::isCallableWrapper(const NamedDecl *D) {
  return hasQualifiedName(D, CallableWrappers);
}
bool Vocabulary::isSmartPointer(const NamedDecl *D) {
  return hasQualifiedName(D, SmartPointers);
}
llvm::ArrayRef<llvm::StringRef> Vocabulary::objectFactories() {
  return ObjectFactories;
}
bool Vocabulary::isBinder(const NamedDecl *D) {
  return hasQualifiedName(D, Binders);
}
bool Vocabulary::isRendezvousType(const NamedDecl *D) {
  return hasQualifiedName(D, RendezvousTypes);
}
bool Vocabulary::isRendezvousWait(llvm::StringRef Name) {
  return contains(RendezvousWaits, Name);
}
bool Vocabulary::isRendezvousFunction(const NamedDecl *D) {
  return hasQualifiedName(D, RendezvousFunctions);
}
bool Vocabulary::isLockType(const NamedDecl *D) {
  return hasQualifiedName(D, LockTypes);
}
bool Vocabulary::isMutexLockMethod(llvm::StringRef Name) {
  return contains(MutexLockMethods, Name);
}
bool Vocabulary::isCompletionSignal(llvm::StringRef Name) {
  return contains(CompletionSignals, Name);
}

} // namespace clang::tidy::taskbound::analysis
