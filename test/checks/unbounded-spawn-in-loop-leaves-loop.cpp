//===-- unbounded-spawn-in-loop-leaves-loop.cpp - rule 10 -----------------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

// Rule 10: a spawn whose iteration then leaves the loop, whatever happens,
// runs at most once per run of that loop. A `return`, `co_return` or `throw`
// leaves every loop of the function; a `break` only its own loop.
// RUN: %check_tidy %s taskbound-unbounded-spawn-in-loop -- -std=c++20

#include <algorithm>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

int work(int x) { return x * 2; }

struct Plugin {
  bool wants(int x) const;
};

// Not flagged: the first plugin that wants the element gets one thread, and
// the function returns (libtorrent's session_impl::delay_load_torrent).
void first_taker(const std::vector<std::unique_ptr<Plugin>> &plugins, int x) {
  for (const auto &p : plugins) {
    if (p->wants(x)) {
      std::thread(work, x).detach();
      return;
    }
  }
}

// Not flagged: the spawn is the returned value.
std::future<int> first_match(const std::vector<int> &xs) {
  for (int x : xs)
    if (x > 100)
      return std::async(std::launch::async, work, x);
  return {};
}

// Not flagged: a break ends the loop that spawned, and nothing repeats it.
void start_first_ready(const std::vector<int> &xs,
                       std::vector<std::thread> &out) {
  for (int x : xs) {
    if (x % 7 != 0)
      continue;
    out.emplace_back(work, x);
    break;
  }
}

// Not flagged: a throw after the spawn, reached through a case label.
void start_then_fail(const std::vector<int> &xs) {
  for (int x : xs) {
    switch (x) {
    case 0:
      std::thread(work, x).detach();
      [[fallthrough]];
    case 1:
      throw std::runtime_error("stop");
    default:
      break;
    }
  }
}

// Not flagged: the statements between the spawn and the return only run, and
// a conditional return among them leaves as well.
void leaves_after_bookkeeping(const std::vector<int> &xs, int &count) {
  for (int x : xs) {
    if (x < 0) {
      std::thread(work, x).detach();
      ++count;
      if (count > 10)
        return;
      for (int i = 0; i < 3; ++i)
        if (i == x)
          break; // leaves the inner loop only, then the return follows
      return;
    }
  }
}

// The return runs on one path only: the next iteration may spawn again.
void sometimes_returns(const std::vector<int> &xs, bool done) {
  for (int x : xs) {
    std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    if (done)
      return;
  }
}

// A continue before the return keeps the loop going.
void continue_before_return(const std::vector<int> &xs) {
  for (int x : xs) {
    std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    if (x % 2 == 0)
      continue;
    return;
  }
}

// A break in a switch leaves the switch, not the loop.
void break_in_switch(const std::vector<int> &xs) {
  for (int x : xs) {
    switch (x % 3) {
    case 0:
      std::thread(work, x).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
      break;
    default:
      break;
    }
  }
}

// The break leaves the inner loop; the outer loop starts a thread per row.
void break_only_inner(const std::vector<std::vector<int>> &rows) {
  for (const auto &row : rows) {
    for (int x : row) {
      if (x == 0) {
        std::thread(work, x).detach();
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::thread' starts a new thread
        break;
      }
    }
  }
}

// A return in an algorithm's lambda ends one call: the next element spawns.
void return_in_for_each(const std::vector<int> &xs) {
  std::for_each(xs.begin(), xs.end(), [](int x) {
    if (x > 0) {
      std::thread(work, x).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
      return;
    }
  });
}

// The inner loop is the outer loop's unbraced body: the break leaves only the
// inner loop, and the outer loop starts a thread per row.
void break_only_unbraced_inner(const std::vector<std::vector<int>> &rows) {
  for (const auto &row : rows)
    for (int x : row)
      if (x < 0) {
        std::thread(work, x).detach();
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::thread' starts a new thread
        break;
      }
}

// The return leaves the loop in the lambda, but the algorithm calls the
// lambda again for the next element.
void return_from_loop_in_for_each(const std::vector<int> &xs,
                                  const std::vector<int> &keys) {
  std::for_each(xs.begin(), xs.end(), [&](int x) {
    for (int k : keys)
      if (k == x) {
        std::thread(work, x).detach();
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::thread' starts a new thread
        return;
      }
  });
}

// A try block may catch what is thrown after the spawn and go on looping.
void may_throw(int x);
void caught_and_continued(const std::vector<int> &xs) {
  for (int x : xs) {
    try {
      std::thread(work, x).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread
      may_throw(x);
      return;
    } catch (const std::exception &) {
    }
  }
}

// A goto back into the loop keeps it going.
void goto_before_return(const std::vector<int> &xs) {
  for (int x : xs) {
    std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread
    if (x > 0)
      goto next;
    return;
  next:;
  }
}
