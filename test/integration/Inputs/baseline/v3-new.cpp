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

// New code with the same mistake, written differently.
void asyncAll(const std::vector<int> &xs) {
  std::vector<std::future<void>> futures;
  for (int x : xs)
    futures.push_back(std::async(std::launch::async, work, x));
  for (auto &f : futures)
    f.get();
}
