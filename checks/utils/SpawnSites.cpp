//===-- SpawnSites.cpp - the built-in name tables --------- ===//
//
// Part of the spawn analysis; the interface is in SpawnAnalysis.h.
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "SpawnAnalysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace clang::tidy::taskbound::analysis {

// --- Tables ----------------------------------------------------------------

llvm::ArrayRef<SpawnSite> builtinSpawnSites() {
  using K = SpawnKind;
  static const SpawnSite Sites[] = {
      // Thread creators.
      {"::std::thread", "std::thread", K::Thread},
      {"::std::jthread", "std::jthread", K::Thread},
      {"::boost::thread", "boost::thread", K::Thread},
      {"::pthread_create", "pthread_create", K::Thread},
      {"::std::async", "std::async", K::Thread},
      {"::boost::async", "boost::async", K::Thread},
      {"::boost::thread_group::create_thread",
       "boost::thread_group::create_thread", K::Thread},
      // Submission onto executors with unbounded queues.
      {"::asio::post", "asio::post", K::Task},
      {"::asio::dispatch", "asio::dispatch", K::Task},
      {"::asio::defer", "asio::defer", K::Task},
      {"::boost::asio::post", "boost::asio::post", K::Task},
      {"::boost::asio::dispatch", "boost::asio::dispatch", K::Task},
      {"::boost::asio::defer", "boost::asio::defer", K::Task},
      {"::tbb::task_group::run", "tbb::task_group::run", K::Task},
      {"::tbb::detail::d1::task_group::run", "tbb::task_group::run", K::Task},
      {"::tbb::detail::d1::isolated_task_group::run",
       "tbb::isolated_task_group::run", K::Task},
      {"::tbb::task_arena::enqueue", "tbb::task_arena::enqueue", K::Task},
      {"::tbb::detail::d1::task_arena::enqueue", "tbb::task_arena::enqueue",
       K::Task},
      {"::QtConcurrent::run", "QtConcurrent::run", K::Task},
      {"::QThreadPool::start", "QThreadPool::start", K::Task},
      {"::folly::via", "folly::via", K::Task},
      {"::stdexec::start_detached", "stdexec::start_detached", K::Task},
      {"::exec::async_scope::spawn", "exec::async_scope::spawn", K::Task},
      {"::exec::async_scope::spawn_future", "exec::async_scope::spawn_future",
       K::Task},
      // New coroutines.
      {"::asio::co_spawn", "asio::co_spawn", K::Coroutine},
      {"::boost::asio::co_spawn", "boost::asio::co_spawn", K::Coroutine},
      {"::asio::spawn", "asio::spawn", K::Coroutine},
      {"::boost::asio::spawn", "boost::asio::spawn", K::Coroutine},
  };
  return Sites;
}

llvm::ArrayRef<llvm::StringRef> builtinThreadClasses() {
  static const llvm::StringRef Names[] = {"::std::thread", "::std::jthread",
                                          "::boost::thread"};
  return Names;
}

llvm::ArrayRef<llvm::StringRef> builtinConcurrencyLimitFunctions() {
  static const llvm::StringRef Names[] = {
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
  };
  return Names;
}

llvm::ArrayRef<llvm::StringRef> builtinLimiterFunctions() {
  static const llvm::StringRef Names[] = {
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
  return Names;
}

llvm::ArrayRef<llvm::StringRef> perElementAlgorithms() {
  static const llvm::StringRef Names[] = {
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
  return Names;
}

SpawnIdentity identifySpawn(const NamedDecl *D) {
  const std::string Name = qualifiedName(D);
  for (const SpawnSite &Site : builtinSpawnSites())
    if (Site.Name == Name)
      return {Site.Display.str(), Site.Kind};
  return {Name.empty() ? D->getNameAsString() : Name.substr(2),
          SpawnKind::Custom};
}

} // namespace clang::tidy::taskbound::analysis
