#include <future>
#include <vector>

// A std::async per page: flagged here.
int crawl(const std::vector<int> &pages) {
  std::vector<std::future<int>> results;
  for (int page : pages)
    results.push_back(std::async(std::launch::async, [page] { return page; }));
  int sum = 0;
  for (std::future<int> &r : results)
    sum += r.get();
  return sum;
}
