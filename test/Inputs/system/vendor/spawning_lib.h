// A third-party header on the system include path: never reported.
#pragma once
#include <thread>
#include <vector>

namespace vendor {
inline void start_all(const std::vector<int> &xs, void (*f)(int)) {
  for (int x : xs)
    std::thread(f, x).detach();
}
} // namespace vendor

#define VENDOR_SPAWN_EACH(range, fn)                                           \
  for (auto &&item_ : range)                                                   \
    std::thread(fn, item_).detach()
