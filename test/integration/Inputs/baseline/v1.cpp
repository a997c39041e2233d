#include <future>
#include <thread>
#include <vector>

void work(int);

void spawnAll(const std::vector<int> &xs) {
  std::vector<std::thread> threads;
  for (int x : xs)
    threads.emplace_back(work, x);
  for (std::thread &t : threads)
    t.join();
}
