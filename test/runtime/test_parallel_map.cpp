// parallel_map: results in input order, the in-flight bound, exception routing, result types.
#include <taskbound/parallel_map.hpp> // parallel_map

#include "test_support.hpp" // peak_meter, in_body, worker_counts

#include <gtest/gtest.h> // TEST_P, EXPECT_*

#include <list>      // std::list
#include <memory>    // std::unique_ptr
#include <numeric>   // std::iota
#include <stdexcept> // std::runtime_error
#include <string>    // std::string, std::to_string
#include <vector>    // std::vector

namespace {

using taskbound::map_options;
using taskbound::parallel_map;
using taskbound::worker_pool;

class ParallelMap : public ::testing::TestWithParam<std::size_t> {
protected:
  worker_pool pool{{GetParam(), 16}};
};

TEST_P(ParallelMap, ResultsComeBackInInputOrder) {
  std::vector<int> xs(20011);
  std::iota(xs.begin(), xs.end(), 0);
  const auto ys = parallel_map(pool, xs, [](int x) { return std::to_string(x); });
  ASSERT_EQ(ys.size(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) ASSERT_EQ(ys[i], std::to_string(xs[i]));
}

TEST_P(ParallelMap, EmptyInputGivesEmptyOutput) {
  std::vector<int> none;
  EXPECT_TRUE(parallel_map(pool, none, [](int x) { return x; }).empty());
}

TEST_P(ParallelMap, NeverHasMoreCallsInFlightThanTheLimit) {
  for (std::size_t limit : {1u, 2u, 3u}) {
    taskbound_test::peak_meter meter;
    std::vector<int> xs(300);
    const auto ys = parallel_map(pool, xs, [&](int) {
      taskbound_test::in_body body(meter);
      return meter.now();
    }, {limit});
    for (int seen : ys) ASSERT_LE(seen, static_cast<int>(limit));
    EXPECT_LE(meter.peak(), static_cast<int>(limit));
  }
}

TEST_P(ParallelMap, MoveOnlyAndNonDefaultConstructibleResults) {
  struct boxed {
    explicit boxed(int v) : value(v) {}
    int value;
  };
  std::list<int> xs{1, 2, 3, 4, 5, 6, 7};
  const auto ptrs = parallel_map(pool, xs, [](int x) { return std::make_unique<int>(x * 10); });
  const auto boxes = parallel_map(pool, xs, [](int x) { return boxed(x + 1); });
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(*ptrs[i], static_cast<int>(i + 1) * 10);
    EXPECT_EQ(boxes[i].value, static_cast<int>(i) + 2);
  }
}

TEST_P(ParallelMap, FirstExceptionIsRethrown) {
  std::vector<int> xs(500);
  std::iota(xs.begin(), xs.end(), 0);
  EXPECT_THROW((void)parallel_map(pool, xs, [](int x) {
    if (x == 250) throw std::runtime_error("bad element");
    return x;
  }),
               std::runtime_error);
  const auto ok = parallel_map(pool, xs, [](int x) { return x + 1; });
  EXPECT_EQ(ok.back(), 500);
}

INSTANTIATE_TEST_SUITE_P(Workers, ParallelMap, taskbound_test::worker_counts(), taskbound_test::worker_name{});

} // namespace
