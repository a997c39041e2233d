#include <thread>
#include <vector>

// A detached thread per record: flagged here.
void store(const std::vector<int> &records) {
  for (int r : records)
    std::thread([r] { (void)r; }).detach();
}
