// async() and the pool-less overloads, on the process-wide default pool. ctest runs this
// suite once per worker count (TASKBOUND_WORKERS = 1, 2, 4, 8).
#include <taskbound/taskbound.hpp> // async, default_pool, parallel_*, task_scope

#include "test_support.hpp" // peak_meter, in_body

#include <gtest/gtest.h> // TEST, EXPECT_*

#include <cstdlib>    // std::getenv, std::atoi
#include <functional> // std::ref
#include <future>     // std::future
#include <mutex>      // std::mutex
#include <set>        // std::set
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <thread>     // std::thread::id
#include <vector>     // std::vector

namespace {

std::size_t expected_workers() {
  const char* env = std::getenv("TASKBOUND_WORKERS");
  return env != nullptr ? static_cast<std::size_t>(std::atoi(env))
                        : std::max(1u, std::thread::hardware_concurrency());
}

TEST(DefaultPool, SizeFollowsTaskboundWorkers) { EXPECT_EQ(taskbound::default_pool().size(), expected_workers()); }

TEST(Async, ReturnsTheResultLikeStdAsync) {
  auto f = taskbound::async([](int a, const std::string& b) { return b + std::to_string(a); }, 7, std::string("x"));
  EXPECT_EQ(f.get(), "x7");
  auto v = taskbound::async([] {});
  v.get();
}

TEST(Async, DecayCopiesArgumentsUnlessWrappedInRef) {
  int value = 1;
  auto copy = taskbound::async([](int x) { return x; }, value);
  int target = 0;
  auto by_ref = taskbound::async([](int& x) { x = 42; }, std::ref(target));
  value = 2;
  EXPECT_EQ(copy.get(), 1);
  by_ref.get();
  EXPECT_EQ(target, 42);
}

TEST(Async, ExceptionReachesTheFuture) {
  auto f = taskbound::async([]() -> int { throw std::runtime_error("async failure"); });
  EXPECT_THROW((void)f.get(), std::runtime_error);
}

TEST(Async, ManyCallsShareTheBoundedPoolInsteadOfOneThreadEach) {
  std::mutex m;
  std::set<std::thread::id> threads;
  taskbound_test::peak_meter meter;
  std::vector<std::future<void>> futures;
  for (int i = 0; i < 5000; ++i)
    futures.push_back(taskbound::async([&] {
      taskbound_test::in_body body(meter, 10);
      std::lock_guard lock(m);
      threads.insert(std::this_thread::get_id());
    }));
  for (auto& f : futures) f.get();
  EXPECT_LE(threads.size(), expected_workers());
  EXPECT_LE(meter.peak(), static_cast<int>(expected_workers()));
}

TEST(DefaultPoolOverloads, ParallelForEachForMapAndScope) {
  std::vector<int> xs(10000, 1);
  std::atomic<int> sum{0};
  taskbound::parallel_for_each(xs, [&](int x) { sum += x; });
  taskbound::parallel_for(0, 100, [&](int) { ++sum; });
  const auto doubled = taskbound::parallel_map(xs, [](int x) { return 2 * x; });
  const auto squares = taskbound::parallel_map(-2, 3, [](int i) { return i * i; });
  EXPECT_EQ(squares, (std::vector<int>{4, 1, 0, 1, 4}));
  {
    taskbound::task_scope scope(2);
    for (int i = 0; i < 100; ++i) scope.spawn([&] { ++sum; });
  }
  EXPECT_EQ(sum.load(), 10200);
  EXPECT_EQ(doubled.size(), xs.size());
  EXPECT_EQ(doubled.front(), 2);
}

} // namespace
