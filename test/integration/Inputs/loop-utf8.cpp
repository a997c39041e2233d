#include <thread>
#include <vector>

void work(int);

// The comment before the call has characters of 2 and 4 UTF-8 bytes, 1 and 2
// UTF-16 code units: SARIF columns count the latter.
void each(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs) { /* ä😀 */ threads.emplace_back(work, x); }
  for (std::thread &t : threads)
    t.join();
}
