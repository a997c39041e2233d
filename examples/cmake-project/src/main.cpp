#include "process.h"

#include <cstdio>
#include <numeric>

int main() {
  std::vector<long> items(1000);
  std::iota(items.begin(), items.end(), 0L);
  processBounded(items);
#ifdef EXAMPLE_WITH_UNBOUNDED
  std::vector<long> more(items.begin(), items.begin() + 10);
  processAll(more);
  std::printf("%ld\n", more.back());
#endif
  std::printf("%ld\n", items.back());
  return 0;
}
