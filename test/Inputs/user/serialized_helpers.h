// A project header (not a system header): taskbound-serialized-spawn findings
// in it are reported when --header-filter lets them through.
#pragma once
#include <thread>
#include <vector>

inline void run_each_in_header(const std::vector<int> &xs, void (*f)(int)) {
  for (int x : xs) {
    std::thread t(f, x);
    t.join();
  }
}

#define RUN_EACH_JOINED(range, fn)                                             \
  for (int item_ : range) {                                                    \
    std::thread t_(fn, item_);                                                 \
    t_.join();                                                                 \
  }
