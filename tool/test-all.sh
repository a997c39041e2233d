#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Every test, on a fresh Debian 12 machine: installs what is missing, then
#  - builds for LLVM 19 and 22 and runs the lit suites (checks through the
#    plugin and taskbound-tidy, tools, clangd over LSP, CI integration),
#  - runs the runtime's GoogleTest suites (with a 10M-task stress test), the
#    benchmark smoke test, under ThreadSanitizer and ASan+UBSan too,
#  - checks formatting (tool/check-format.sh) and license banners
#    (tool/check-banners.sh).
#
#   bash tool/test-all.sh                    # everything
#   TASKBOUND_TEST_LLVM=19 bash tool/test-all.sh   # one LLVM only
set -euo pipefail
cd "$(dirname "$0")/.."

llvms=${TASKBOUND_TEST_LLVM:-"19 22"}
jobs=${TASKBOUND_JOBS:-2}
# shellcheck disable=SC2086
bash tool/install-deps.sh $llvms

step() { printf '\n==== %s\n' "$*"; }

first=1
for v in $llvms; do
  dir=build-test-llvm$v
  if [ "$first" = 1 ]; then
    # The first LLVM build also carries the runtime tests and the benchmarks.
    step "LLVM $v: build everything"
    cmake -S . -B "$dir" -G Ninja -DTASKBOUND_LLVM="$v"
    cmake --build "$dir" -j "$jobs"
    step "LLVM $v: lit, runtime (stress: 10M tasks), bench smoke"
    TASKBOUND_STRESS=10000000 ctest --test-dir "$dir" -j "$jobs" --output-on-failure
    first=0
  else
    step "LLVM $v: build the checks and tools"
    cmake -S . -B "$dir" -G Ninja -DTASKBOUND_LLVM="$v" -DTASKBOUND_BUILD_BENCH=OFF \
      -DTASKBOUND_BUILD_EXAMPLES=OFF
    cmake --build "$dir" -j "$jobs"
    step "LLVM $v: lit"
    ctest --test-dir "$dir" -L lit --output-on-failure
  fi
done

for san in thread address; do
  dir=build-test-$san
  step "runtime under -fsanitize=$san"
  cmake -S . -B "$dir" -G Ninja -DTASKBOUND_BUILD_TIDY=OFF -DTASKBOUND_BUILD_BENCH=OFF \
    -DTASKBOUND_BUILD_EXAMPLES=OFF -DTASKBOUND_SANITIZE="$san"
  cmake --build "$dir" -j "$jobs"
  TASKBOUND_STRESS=1000000 ctest --test-dir "$dir" -j "$jobs" --output-on-failure
done

step "formatting (clang-format-19) and license banners"
# Both run, so one report lists everything; each can also be run alone.
status=0
bash tool/check-format.sh checks tool runtime test bench || status=1
bash tool/check-banners.sh || status=1
exit "$status"
