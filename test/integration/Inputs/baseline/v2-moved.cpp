#include <future>
#include <thread>
#include <vector>

// Lines added above the recorded finding and its line re-indented: the
// finding keeps its identity, its line number does not matter.

void work(int);

void spawnAll(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
        threads.emplace_back(work, x);
  for (std::thread &t : threads)
    t.join();
}
