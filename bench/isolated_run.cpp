//===-- isolated_run.cpp - forked benchmark runs --------------------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "isolated_run.hpp"

#include "bench_common.hpp" // now_ns

#include <poll.h>     // poll
#include <signal.h>   // kill, SIGKILL
#include <sys/wait.h> // waitpid
#include <unistd.h>   // fork, pipe, _exit

#include <cstdio>  // std::fopen, std::fgets, std::sscanf
#include <cstring> // std::strlen, std::strncmp

namespace bench {
namespace {

// Reads one "<Key>:   <n> kB" line from /proc/self/status.
std::int64_t status_kb(const char* key) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  std::int64_t kb = -1;
  const std::size_t len = std::strlen(key);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, key, len) == 0 && line[len] == ':') {
      long long v = 0;
      if (std::sscanf(line + len + 1, "%lld", &v) == 1) kb = v;
      break;
    }
  }
  std::fclose(f);
  return kb;
}

// Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
void reset_peak_rss() {
  if (std::FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}

// The child's clock (see isolated_clock_start / _stop); stop 0 = not stopped by `fn`.
std::int64_t clock_start_ns = 0;
std::int64_t clock_stop_ns = 0;

bool write_all(int fd, const void* p, std::size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n > 0) {
    const ssize_t w = ::write(fd, c, n);
    if (w <= 0) return false;
    c += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

} // namespace

void isolated_clock_start() { clock_start_ns = now_ns(); }
void isolated_clock_stop() { clock_stop_ns = now_ns(); }

isolated_result run_isolated(const std::function<void()>& fn, double timeout_s) {
  isolated_result r;
  int fds[2];
  if (::pipe(fds) != 0) return r;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return r;
  }
  if (pid == 0) {
    ::close(fds[0]);
    reset_peak_rss();
    isolated_result c;
    c.rss_start_kb = status_kb("VmRSS");
    clock_start_ns = now_ns();
    try {
      fn();
    } catch (...) {
      ::_exit(2); // never let the child fall back into the parent's benchmark loop
    }
    const std::int64_t t1 = clock_stop_ns != 0 ? clock_stop_ns : now_ns();
    c.seconds = static_cast<double>(t1 - clock_start_ns) * 1e-9;
    c.peak_rss_kb = status_kb("VmHWM");
    c.finished = true;
    write_all(fds[1], &c, sizeof c);
    ::_exit(0); // no static destructors: the parent's pools are not ours
  }
  ::close(fds[1]);
  pollfd p{fds[0], POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout_s * 1000));
  const bool timed_out = ready == 0;
  if (ready != 1 || ::read(fds[0], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) {
    r = isolated_result{};
  }
  if (timed_out) ::kill(pid, SIGKILL);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const bool clean_exit = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  r.crashed = !timed_out && !(r.finished && clean_exit);
  return r;
}

} // namespace bench
