#include <array>
#include <thread>
#include <vector>

void work(int);

void runAll(const std::vector<int> &xs) {
  const std::array<int, 4> few{1, 2, 3, 4};
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.emplace_back(work, x);
  for (std::thread &t : threads)
    t.join();
  (void)few;
}

// Two notes, each with a fix-it: clangd offers them as quick fixes.
long widen(int a, int b) { return a * b; }
