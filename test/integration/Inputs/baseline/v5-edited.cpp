#include <future>
#include <thread>
#include <vector>

void work(int);

void spawnAll(const std::vector<int> &items) {
  std::vector<std::thread> threads;
  for (int item : items)
    threads.emplace_back(work, item);
  for (std::thread &t : threads)
    t.join();
}
