// A project header with a helper that starts a thread per call: a call of
// it in a loop is a spawn site, and the note points here.
#pragma once
#include <thread>

namespace helpers {
inline void detach_job(int x) {
  std::thread([x] { (void)x; }).detach();
}
} // namespace helpers
