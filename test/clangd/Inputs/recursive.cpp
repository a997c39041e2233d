#include <future>

long serial_fib(int n);

long fib(int n) {
  if (n < 2)
    return n;
  auto first = std::async(std::launch::async, fib, n - 1);
  return fib(n - 2) + first.get();
}
