#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The main job, on a fresh Debian 12 machine: install what is missing, build
# everything, and lint the bundled example with taskbound-tidy, showing the
# warnings on the anti-pattern and what the checks say of the two cures.
#
#   bash tool/demo.sh            # LLVM 19 (TASKBOUND_LLVM=22 for LLVM 22)
set -euo pipefail
cd "$(dirname "$0")/.."

llvm=${TASKBOUND_LLVM:-19}
build=${TASKBOUND_BUILD_DIR:-build}

bash tool/install-deps.sh "$llvm"
cmake -S . -B "$build" -G Ninja -DTASKBOUND_LLVM="$llvm"
cmake --build "$build"

lint() {
  "$build/bin/taskbound-tidy" -checks='-*,taskbound-*' --quiet "$@" \
    -- -std=c++20 -Iruntime/include 2>&1 |
    grep -vE ' warnings? generated\.$|^\[[0-9]+/[0-9]+\] Processing file' || true
}

echo
echo "== The anti-pattern: examples/seed/many_tiny_async.cpp (100,000 std::async threads)"
lint examples/seed/many_tiny_async.cpp
echo
# Runs a lint function on a file that must have no finding; fails the demo
# with the findings otherwise.
expect_clean() {
  local out
  out=$("$@" | grep -E ': (warning|error):' || true)
  if [ -n "$out" ]; then
    echo "$out"
    exit 1
  fi
  echo "(no findings)"
}

echo "== The fix: examples/seed/queue.cpp, a bounded queue drained by a fixed set of workers"
sed -n '/taskbound::bounded_queue<int> queue/,/w.join();/p' examples/seed/queue.cpp
echo
echo "== taskbound-tidy on the cures"
echo "-- queue.cpp, a bounded queue and a fixed set of workers: no findings expected"
expect_clean lint examples/seed/queue.cpp
echo "-- batched.cpp, groups of 1000: bounded, so no unbounded-spawn finding; but each"
echo "   task is still a thread for one addition, which taskbound-tiny-task reports"
out=$(lint examples/seed/batched.cpp)
echo "$out"
if grep -qE 'taskbound-unbounded-spawn-in-loop|: error:' <<<"$out"; then
  exit 1
fi

# The same for a coroutine program: examples/crawler/.
lint_asio() {
  "$build/bin/taskbound-tidy" -checks='-*,taskbound-*' --quiet "$@" \
    -- -std=c++20 -Iruntime/include -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE 2>&1 |
    grep -vE ' warnings? generated\.$|^\[[0-9]+/[0-9]+\] Processing file' || true
}
echo
echo "== A coroutine per URL that blocks its event loop: examples/crawler/crawl_unbounded.cpp"
lint_asio examples/crawler/crawl_unbounded.cpp
echo
echo "== The fix: examples/crawler/crawl_bounded.cpp, an asynchronous wait and at most 16 fetches alive"
sed -n '/^asio::awaitable<void> fetch/,/^}/p;/^asio::awaitable<void> crawl_all/,/^}/p' \
  examples/crawler/crawl_bounded.cpp
echo
echo "== taskbound-tidy on the fixed crawler: no findings expected"
expect_clean lint_asio examples/crawler/crawl_bounded.cpp
echo
echo "Artifacts: $build/bin/taskbound-tidy, $build/lib/TaskboundTidyModule.so," \
  "$build/bin/taskbound-clangd, $build/bin/taskbound-bench"
