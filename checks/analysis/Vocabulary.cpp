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
// Functions that return a part of their argument: `std::get<2>(item)`.
const llvm::StringRef ElementAccessFunctions[] = {"::std::get"};
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
// Calls that run their callable argument on the calling thread, or wait
// until it has run, before they return.
const llvm::StringRef InPlaceRunners[] = {
    "::std::invoke", "::tbb::detail::d1::task_arena::execute",
    "::tbb::detail::d1::isolate"};
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
// --- Recursion (taskbound-recursive-spawn) ---------------------------------

const llvm::StringRef ThresholdWords[] = {
    "cutoff", "cut_off", "threshold", "grain", "serial", "sequential",
    "min",    "max",     "limit",     "chunk", "leaf"};
const llvm::StringRef RecursionBudgetWords[] = {"depth", "level", "budget"};
const llvm::StringRef SplitTestWords[] = {
    "divisible", "split",  "small",  "cutoff", "cut_off",
    "serial",    "sequen", "thresh", "grain",  "parallel"};

// --- Coroutines and blocking calls -----------------------------------------

const llvm::StringRef EventLoopCoroutineTypes[] = {"::asio::awaitable",
                                                   "::boost::asio::awaitable"};
const llvm::StringRef StackfulCoroutineContexts[] = {
    "::asio::basic_yield_context", "::boost::asio::basic_yield_context"};

// What a coroutine co_awaits instead, by kind of blocking call. The advice
// names standalone asio; the check says boost::asio in a Boost coroutine.
constexpr llvm::StringLiteral SleepAdvice =
    "co_await 'asio::steady_timer::async_wait' instead";
constexpr llvm::StringLiteral FutureAdvice =
    "co_await the operation itself instead (e.g. 'asio::co_spawn(..., "
    "asio::use_awaitable)')";
constexpr llvm::StringLiteral ConditionAdvice =
    "co_await an asynchronous signal instead (e.g. "
    "'asio::steady_timer::async_wait' on a timer the notifier cancels)";
constexpr llvm::StringLiteral JoinAdvice =
    "co_await the work instead of joining its thread (e.g. "
    "'asio::co_spawn(pool, ..., asio::use_awaitable)')";
constexpr llvm::StringLiteral PollAdvice =
    "co_await 'async_wait(..., asio::use_awaitable)' on the asio socket or "
    "descriptor instead";

const BlockingApi BlockingFunctions[] = {
    {"::std::this_thread::sleep_for", SleepAdvice},
    {"::std::this_thread::sleep_until", SleepAdvice},
    {"::std::future::get", FutureAdvice},
    {"::std::future::wait", FutureAdvice},
    {"::std::shared_future::get", FutureAdvice},
    {"::std::shared_future::wait", FutureAdvice},
    {"::std::condition_variable::wait", ConditionAdvice},
    {"::std::condition_variable::wait_for", ConditionAdvice},
    {"::std::condition_variable::wait_until", ConditionAdvice},
    {"::std::condition_variable_any::wait", ConditionAdvice},
    {"::std::condition_variable_any::wait_for", ConditionAdvice},
    {"::std::condition_variable_any::wait_until", ConditionAdvice},
    {"::std::thread::join", JoinAdvice},
    {"::std::jthread::join", JoinAdvice},
    // Asio's synchronous free functions (the asynchronous ones are async_*).
    {"::asio::read", "co_await 'asio::async_read(..., asio::use_awaitable)' "
                     "instead"},
    {"::asio::write", "co_await 'asio::async_write(..., asio::use_awaitable)' "
                      "instead"},
    {"::asio::read_until", "co_await 'asio::async_read_until(..., "
                           "asio::use_awaitable)' instead"},
    {"::asio::read_at", "co_await 'asio::async_read_at(..., "
                        "asio::use_awaitable)' instead"},
    {"::asio::write_at", "co_await 'asio::async_write_at(..., "
                         "asio::use_awaitable)' instead"},
    {"::asio::connect", "co_await 'asio::async_connect(..., "
                        "asio::use_awaitable)' instead"},
    {"::boost::asio::read", "co_await 'asio::async_read(..., "
                            "asio::use_awaitable)' instead"},
    {"::boost::asio::write", "co_await 'asio::async_write(..., "
                             "asio::use_awaitable)' instead"},
    {"::boost::asio::read_until", "co_await 'asio::async_read_until(..., "
                                  "asio::use_awaitable)' instead"},
    {"::boost::asio::read_at", "co_await 'asio::async_read_at(..., "
                               "asio::use_awaitable)' instead"},
    {"::boost::asio::write_at", "co_await 'asio::async_write_at(..., "
                                "asio::use_awaitable)' instead"},
    {"::boost::asio::connect", "co_await 'asio::async_connect(..., "
                               "asio::use_awaitable)' instead"},
    // Boost.Beast's synchronous HTTP functions.
    {"::boost::beast::http::read", "co_await 'boost::beast::http::async_read("
                                   "..., asio::use_awaitable)' instead"},
    {"::boost::beast::http::read_header",
     "co_await 'boost::beast::http::async_read_header(..., "
     "asio::use_awaitable)' instead"},
    {"::boost::beast::http::read_some",
     "co_await 'boost::beast::http::async_read_some(..., "
     "asio::use_awaitable)' instead"},
    {"::boost::beast::http::write", "co_await 'boost::beast::http::async_"
                                    "write(..., asio::use_awaitable)' instead"},
    {"::boost::beast::http::write_header",
     "co_await 'boost::beast::http::async_write_header(..., "
     "asio::use_awaitable)' instead"},
    {"::boost::beast::http::write_some",
     "co_await 'boost::beast::http::async_write_some(..., "
     "asio::use_awaitable)' instead"},
    // POSIX (matched only as the C library's functions).
    {"::sleep", SleepAdvice},
    {"::usleep", SleepAdvice},
    {"::nanosleep", SleepAdvice},
    {"::clock_nanosleep", SleepAdvice},
    {"::read", "co_await 'async_read_some(..., asio::use_awaitable)' on an "
               "'asio::posix::stream_descriptor' instead"},
    {"::write", "co_await 'async_write_some(..., asio::use_awaitable)' on an "
                "'asio::posix::stream_descriptor' instead"},
    {"::recv", "co_await 'async_receive(..., asio::use_awaitable)' on an asio "
               "socket instead"},
    {"::recvfrom", "co_await 'async_receive_from(..., asio::use_awaitable)' "
                   "on an asio socket instead"},
    {"::send", "co_await 'async_send(..., asio::use_awaitable)' on an asio "
               "socket instead"},
    {"::sendto", "co_await 'async_send_to(..., asio::use_awaitable)' on an "
                 "asio socket instead"},
    {"::accept", "co_await 'async_accept(asio::use_awaitable)' on an "
                 "'asio::ip::tcp::acceptor' instead"},
    {"::accept4", "co_await 'async_accept(asio::use_awaitable)' on an "
                  "'asio::ip::tcp::acceptor' instead"},
    {"::connect", "co_await 'async_connect(..., asio::use_awaitable)' on an "
                  "asio socket instead"},
    {"::poll", PollAdvice},
    {"::ppoll", PollAdvice},
    {"::select", PollAdvice},
    {"::pselect", PollAdvice},
    {"::epoll_wait", PollAdvice},
};

const llvm::StringRef AsioIoObjects[] = {
    "::asio::basic_socket",
    "::asio::basic_stream_socket",
    "::asio::basic_datagram_socket",
    "::asio::basic_raw_socket",
    "::asio::basic_seq_packet_socket",
    "::asio::basic_socket_acceptor",
    "::asio::ip::basic_resolver",
    "::asio::basic_waitable_timer",
    "::asio::basic_deadline_timer",
    "::asio::basic_serial_port",
    "::asio::basic_stream_file",
    "::asio::basic_random_access_file",
    "::asio::basic_readable_pipe",
    "::asio::basic_writable_pipe",
    "::asio::posix::basic_descriptor",
    "::asio::posix::basic_stream_descriptor",
    "::asio::ssl::stream",
    "::boost::asio::basic_socket",
    "::boost::asio::basic_stream_socket",
    "::boost::asio::basic_datagram_socket",
    "::boost::asio::basic_raw_socket",
    "::boost::asio::basic_seq_packet_socket",
    "::boost::asio::basic_socket_acceptor",
    "::boost::asio::ip::basic_resolver",
    "::boost::asio::basic_waitable_timer",
    "::boost::asio::basic_deadline_timer",
    "::boost::asio::basic_serial_port",
    "::boost::asio::posix::basic_descriptor",
    "::boost::asio::posix::basic_stream_descriptor",
    "::boost::asio::ssl::stream",
    "::boost::beast::basic_stream",
    "::boost::beast::ssl_stream",
    "::boost::beast::websocket::stream",
};

const BlockingApi AsioSyncOperations[] = {
    {"read_some", "co_await 'async_read_some(..., asio::use_awaitable)' "
                  "instead"},
    {"write_some", "co_await 'async_write_some(..., asio::use_awaitable)' "
                   "instead"},
    {"read_some_at", "co_await 'async_read_some_at(..., asio::use_awaitable)' "
                     "instead"},
    {"write_some_at", "co_await 'async_write_some_at(..., "
                      "asio::use_awaitable)' instead"},
    {"receive", "co_await 'async_receive(..., asio::use_awaitable)' instead"},
    {"receive_from", "co_await 'async_receive_from(..., asio::use_awaitable)' "
                     "instead"},
    {"send", "co_await 'async_send(..., asio::use_awaitable)' instead"},
    {"send_to", "co_await 'async_send_to(..., asio::use_awaitable)' instead"},
    {"accept", "co_await 'async_accept(..., asio::use_awaitable)' instead"},
    {"connect", "co_await 'async_connect(..., asio::use_awaitable)' instead"},
    {"resolve", "co_await 'async_resolve(..., asio::use_awaitable)' instead"},
    {"handshake", "co_await 'async_handshake(..., asio::use_awaitable)' "
                  "instead"},
    {"wait", "co_await 'async_wait(asio::use_awaitable)' instead"},
    // A Beast websocket stream's messages.
    {"read", "co_await 'async_read(..., asio::use_awaitable)' instead"},
    {"write", "co_await 'async_write(..., asio::use_awaitable)' instead"},
};

const llvm::StringRef PollableFutureTypes[] = {
    "::std::future", "::std::shared_future", "::boost::future",
    "::boost::shared_future", "::boost::unique_future"};
const llvm::StringRef ReadinessPolls[] = {"wait_for", "wait_until", "is_ready"};

// Event loops whose run() serves handlers until the loop is stopped or runs
// out of work: a thread that calls one is a worker of that loop.
const llvm::StringRef EventLoopRuns[] = {
    "::asio::io_context::run", "::boost::asio::io_context::run",
    "::asio::io_service::run", "::boost::asio::io_service::run"};

// Tokens and the wrappers that adapt them; a handler function object or
// lambda is recognised by the analysis.
const llvm::StringRef CompletionTokens[] = {
    "::asio::use_awaitable_t",
    "::asio::use_future_t",
    "::asio::detached_t",
    "::asio::deferred_t",
    "::asio::redirect_error_t",
    "::asio::as_tuple_t",
    "::asio::append_t",
    "::asio::prepend_t",
    "::asio::consign_t",
    "::asio::executor_binder",
    "::asio::allocator_binder",
    "::asio::cancellation_slot_binder",
    "::asio::basic_yield_context",
    "::asio::experimental::as_tuple_t",
    "::asio::experimental::use_promise_t",
    "::asio::experimental::deferred_t",
    "::boost::asio::use_awaitable_t",
    "::boost::asio::use_future_t",
    "::boost::asio::detached_t",
    "::boost::asio::deferred_t",
    "::boost::asio::redirect_error_t",
    "::boost::asio::as_tuple_t",
    "::boost::asio::executor_binder",
    "::boost::asio::basic_yield_context",
    "::boost::asio::experimental::as_tuple_t",
};

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
bool Vocabulary::isElementAccess(const NamedDecl *D) {
  return hasQualifiedName(D, ElementAccessFunctions);
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
bool Vocabulary::runsInPlace(const NamedDecl *D) {
  return hasQualifiedName(D, InPlaceRunners);
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

// --- Tiny work (taskbound-tiny-task) ---------------------------------------

namespace {

// Each <cmath> function is listed twice: `std::sqrt(double)` is the C
// library's `::sqrt` brought into std by a using-declaration, while the
// float and long double overloads are declared in std itself.
// clang-format off
const llvm::StringRef TinyFunctions[] = {
    "::std::min", "::std::max", "::std::clamp", "::std::minmax",
    "::std::move", "::std::forward", "::std::move_if_noexcept",
    "::std::as_const", "::std::addressof", "::std::to_underlying",
    "::std::get", "::std::size", "::std::ssize", "::std::data", "::std::empty",
    "::std::begin", "::std::end", "::std::cbegin", "::std::cend",
    "::std::bit_cast", "::std::popcount", "::std::countl_zero",
    "::std::countr_zero", "::std::has_single_bit", "::std::bit_width",
    "::std::rotl", "::std::rotr", "::std::byteswap", "::std::midpoint",
    "::std::lerp",
    "::abs", "::std::abs", "::labs", "::llabs", "::fabs", "::std::fabs",
    "::sqrt", "::std::sqrt", "::cbrt", "::std::cbrt", "::exp", "::std::exp",
    "::exp2", "::std::exp2", "::log", "::std::log", "::log2", "::std::log2",
    "::log10", "::std::log10", "::pow", "::std::pow", "::sin", "::std::sin",
    "::cos", "::std::cos", "::tan", "::std::tan", "::asin", "::std::asin",
    "::acos", "::std::acos", "::atan", "::std::atan", "::atan2",
    "::std::atan2", "::sinh", "::std::sinh", "::cosh", "::std::cosh",
    "::tanh", "::std::tanh", "::hypot", "::std::hypot", "::fma", "::std::fma",
    "::fmin", "::std::fmin", "::fmax", "::std::fmax", "::floor",
    "::std::floor", "::ceil", "::std::ceil", "::round", "::std::round",
    "::trunc", "::std::trunc", "::lround", "::std::lround", "::copysign",
    "::std::copysign", "::std::signbit", "::std::isnan", "::std::isinf",
    "::std::isfinite",
    "::std::atomic_load", "::std::atomic_load_explicit", "::std::atomic_store",
    "::std::atomic_store_explicit", "::std::atomic_exchange",
    "::std::atomic_exchange_explicit", "::std::atomic_fetch_add",
    "::std::atomic_fetch_add_explicit", "::std::atomic_fetch_sub",
    "::std::atomic_fetch_sub_explicit", "::std::atomic_fetch_and",
    "::std::atomic_fetch_or", "::std::atomic_fetch_xor",
    "::std::atomic_compare_exchange_weak",
    "::std::atomic_compare_exchange_strong",
    "::std::atomic_thread_fence", "::std::atomic_signal_fence",
};
// clang-format on

/// The methods of one family of standard classes that cost a few
/// instructions; with AllBut, every method except those listed.
struct TinyMethodFamily {
  llvm::ArrayRef<llvm::StringRef> Classes;
  llvm::ArrayRef<llvm::StringRef> Methods;
  bool AllBut;
};

// Atomics: everything but the calls that block or wake a sleeper.
const llvm::StringRef AtomicClasses[] = {"::std::atomic", "::std::atomic_ref",
                                         "::std::atomic_flag",
                                         "::boost::atomic"};
const llvm::StringRef AtomicBlockingMethods[] = {"wait", "notify_one",
                                                 "notify_all"};
// Element access; no method here allocates or loops over the elements.
const llvm::StringRef SequenceClasses[] = {
    "::std::vector", "::std::array",        "::std::deque",
    "::std::span",   "::std::basic_string", "::std::basic_string_view"};
const llvm::StringRef SequenceMethods[] = {
    "operator[]", "at",     "front",    "back",    "data",   "size",
    "empty",      "length", "begin",    "end",     "cbegin", "cend",
    "rbegin",     "rend",   "capacity", "max_size"};
const llvm::StringRef HandleClasses[] = {
    "::std::unique_ptr",        "::std::shared_ptr", "::std::optional",
    "::std::reference_wrapper", "::std::bitset",     "::std::complex"};
const llvm::StringRef HandleMethods[] = {
    "get",        "operator*",  "operator->", "value", "has_value",
    "test",       "operator[]", "real",       "imag",  "operator+=",
    "operator-=", "operator*=", "operator/="};
const llvm::StringRef IteratorClasses[] = {"::__gnu_cxx::__normal_iterator",
                                           "::std::__wrap_iter",
                                           "::std::reverse_iterator"};
const llvm::StringRef IteratorMethods[] = {
    "operator*",  "operator->", "operator[]", "operator++", "operator--",
    "operator+=", "operator-=", "operator+",  "operator-",  "base"};

const TinyMethodFamily TinyMethodFamilies[] = {
    {AtomicClasses, AtomicBlockingMethods, /*AllBut=*/true},
    {SequenceClasses, SequenceMethods, /*AllBut=*/false},
    {HandleClasses, HandleMethods, /*AllBut=*/false},
    {IteratorClasses, IteratorMethods, /*AllBut=*/false},
};

const llvm::StringRef TinyBuiltinPrefixes[] = {"__atomic_",
                                               "__c11_atomic_",
                                               "__sync_",
                                               "__builtin_expect",
                                               "__builtin_unreachable",
                                               "__builtin_assume",
                                               "__builtin_popcount",
                                               "__builtin_clz",
                                               "__builtin_ctz",
                                               "__builtin_ffs",
                                               "__builtin_bswap",
                                               "__builtin_add_overflow",
                                               "__builtin_sub_overflow",
                                               "__builtin_mul_overflow",
                                               "__builtin_ia32_pause",
                                               "__builtin_prefetch",
                                               "__builtin_fabs",
                                               "__builtin_sqrt"};

} // namespace

bool Vocabulary::isTinyFunction(const NamedDecl *D) {
  return hasQualifiedName(D, TinyFunctions);
}

bool Vocabulary::isTinyMethod(const CXXRecordDecl *Class,
                              const CXXMethodDecl *Method) {
  const std::string ClassName = qualifiedName(Class);
  if (ClassName.empty() || !Method)
    return false;
  // Conversions (`operator bool` of a smart pointer, `operator T` of an
  // atomic) read a value.
  const bool Conversion = isa<CXXConversionDecl>(Method);
  const std::string Name = Method->getNameAsString();
  for (const TinyMethodFamily &Family : TinyMethodFamilies) {
    if (!llvm::is_contained(Family.Classes, ClassName))
      continue;
    const bool Listed = llvm::is_contained(Family.Methods, Name);
    return Family.AllBut ? !Listed : Listed || Conversion;
  }
  return false;
}

bool Vocabulary::isTinyBuiltin(llvm::StringRef Name) {
  return llvm::any_of(TinyBuiltinPrefixes, [&](llvm::StringRef Prefix) {
    return Name.starts_with(Prefix);
  });
}

// --- Waiting at once (taskbound-serialized-spawn) --------------------------

namespace {
const llvm::StringRef JoinFunctions[] = {"::pthread_join",
                                         "::boost::wait_for_all"};
} // namespace

bool Vocabulary::isJoinFunction(const NamedDecl *D) {
  return hasQualifiedName(D, JoinFunctions);
}

// --- Recursion and coroutines (taskbound-recursive-spawn,
// taskbound-blocking-call-in-coroutine)
// ----------------------------------------

bool Vocabulary::namesThreshold(llvm::StringRef Name) {
  return containsWord(ThresholdWords, Name);
}
bool Vocabulary::namesSplitTest(llvm::StringRef Name) {
  return containsWord(SplitTestWords, Name);
}
bool Vocabulary::namesRecursionBudget(llvm::StringRef Name) {
  return containsWord(RecursionBudgetWords, Name) ||
         containsWord(WorkerCountWords, Name);
}
llvm::ArrayRef<llvm::StringRef> Vocabulary::eventLoopCoroutineTypes() {
  return EventLoopCoroutineTypes;
}
bool Vocabulary::isStackfulCoroutineContext(const NamedDecl *D) {
  return hasQualifiedName(D, StackfulCoroutineContexts);
}
llvm::ArrayRef<BlockingApi> Vocabulary::blockingFunctions() {
  return BlockingFunctions;
}
llvm::ArrayRef<llvm::StringRef> Vocabulary::asioIoObjects() {
  return AsioIoObjects;
}
llvm::ArrayRef<BlockingApi> Vocabulary::asioSyncOperations() {
  return AsioSyncOperations;
}
bool Vocabulary::isPollableFuture(const NamedDecl *D) {
  return hasQualifiedName(D, PollableFutureTypes);
}
bool Vocabulary::isReadinessPoll(llvm::StringRef Name) {
  return contains(ReadinessPolls, Name);
}
bool Vocabulary::isEventLoopRun(const NamedDecl *D) {
  return hasQualifiedName(D, EventLoopRuns);
}
bool Vocabulary::isCompletionToken(const NamedDecl *D) {
  return hasQualifiedName(D, CompletionTokens);
}

} // namespace clang::tidy::taskbound::analysis
