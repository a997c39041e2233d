// asio 1.22 does not detect clang's coroutine support by itself.
#define ASIO_HAS_CO_AWAIT 1
#define ASIO_HAS_STD_COROUTINE 1
#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <thread>

asio::awaitable<void> heartbeat(asio::steady_timer &timer) {
  for (;;) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    co_await timer.async_wait(asio::use_awaitable);
  }
}
