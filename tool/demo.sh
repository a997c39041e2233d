#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The main job, on a fresh Debian 12 machine: install what is missing, build
# everything, and lint the bundled example with taskbound-tidy, showing the
# warnings on the anti-pattern and what the checks say of the two cures.
# Then the fix-it: taskbound-tidy --fix rewrites a copy of the anti-pattern,
# and both programs are built and run. The original starts 100,000 threads;
# it runs with at most 20,000 processes of its own (ulimit -u, as user nobody
# when run as root, whom the limit does not bind) and a timeout, so it fails
# the way it fails on a smaller machine without taking this one down.
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

echo
echo "== The fix-it: taskbound-tidy --fix on a copy of examples/seed/many_tiny_async.cpp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir "$work/original" "$work/fixed"
cp examples/seed/many_tiny_async.cpp "$work/original/"
cp examples/seed/many_tiny_async.cpp "$work/fixed/"
"$build/bin/taskbound-tidy" -checks='-*,taskbound-*' --quiet --fix "$work/fixed/many_tiny_async.cpp" \
  -- -std=c++20 -Iruntime/include >/dev/null 2>&1
diff -u "$work/original/many_tiny_async.cpp" "$work/fixed/many_tiny_async.cpp" |
  sed -e "s|$work/||" || true
cxx=/usr/lib/llvm-$llvm/bin/clang++
for version in original fixed; do
  "$cxx" -O2 -std=c++20 -pthread -Iruntime/include -o "$work/$version/many_tiny_async" \
    "$work/$version/many_tiny_async.cpp"
done

# Runs $1 with at most 20,000 processes and threads of its own, for at most
# 300 s; prints its output and how it ended.
run_capped() {
  local status=0 capped=(bash -c 'ulimit -u 20000 && exec timeout 300 "$0"' "$1")
  if [ "$(id -u)" = 0 ]; then
    capped=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${capped[@]}")
  fi
  "${capped[@]}" >"$work/out" 2>&1 || status=$?
  sed 's/^/    /' "$work/out"
  case $status in
  0) echo "  -> finished" ;;
  124) echo "  -> still running after 300 s: stopped by the timeout" ;;
  134) echo "  -> aborted (SIGABRT): std::async could not start another thread" ;;
  *) echo "  -> exited with status $status" ;;
  esac
  return 0
}
echo
echo "== The original: 100,000 std::async threads (at most 20,000 at once allowed here)"
run_capped "$work/original/many_tiny_async"
echo
echo "== The fixed program: the same tasks through taskbound::parallel_map"
run_capped "$work/fixed/many_tiny_async"
if ! grep -q '^sum=5000050000 in ' "$work/out"; then
  echo "the fixed program did not print the right sum (5000050000)"
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
