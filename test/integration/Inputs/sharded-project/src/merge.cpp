#include "fan_out.h"

// A fixed set of workers: not flagged.
void mergeAll(std::vector<int> &runs) {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&runs, i] { runs[i % runs.size()] += i; });
  for (std::thread &t : workers)
    t.join();
  touchAll(runs);
}
