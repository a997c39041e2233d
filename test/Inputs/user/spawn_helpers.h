// A project header (not a system header): findings in it are reported when
// --header-filter lets them through.
#pragma once
#include <thread>
#include <vector>

inline void start_all_in_header(const std::vector<int> &xs, void (*f)(int)) {
  for (int x : xs)
    std::thread(f, x).detach();
}

// clang-format off: it would put the loop body at the loop's own indentation.
#define SPAWN_EACH(range, fn)                                                  \
  for (auto &&item_ : range)                                                   \
    std::thread(fn, item_).detach()
// clang-format on
