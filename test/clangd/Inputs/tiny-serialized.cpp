#include <array>
#include <atomic>
#include <future>
#include <vector>

void sumAll(const std::vector<int> &xs, std::atomic<int> &sum) {
  const std::array<int, 4> few{1, 2, 3, 4};
  for (int x : xs)
    std::async(std::launch::async, [&sum, x] { sum += x; });
  (void)few;
}
