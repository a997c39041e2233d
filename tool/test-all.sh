#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Every test, on a fresh Debian 12 machine: installs what is missing, then
#  - builds for LLVM 19 and 22 and runs the lit suites (checks through the
#    plugin and taskbound-tidy, tools, clangd over LSP, CI integration),
#  - runs the runtime's GoogleTest suites (with a 10M-task stress test), the
#    benchmark smoke test, under ThreadSanitizer and ASan+UBSan too,
#  - runs the real-world harness on one small Debian package (a smoke test;
#    TASKBOUND_SKIP_REALWORLD=1 skips it),
#  - checks formatting (tool/check-format.sh) and license banners
#    (tool/check-banners.sh), first, and fails at the end if they did not pass.
#
#   bash tool/test-all.sh                    # everything
#   TASKBOUND_TEST_LLVM=19 bash tool/test-all.sh   # one LLVM only
set -euo pipefail
cd "$(dirname "$0")/.."

llvms=${TASKBOUND_TEST_LLVM:-"19 22"}
jobs=${TASKBOUND_JOBS:-2}
# shellcheck disable=SC2086
bash tool/install-deps.sh $llvms

# Each step prints how long the one before it took, and the time so far, so a
# CI log shows where the minutes go.
started=$(date +%s)
last=$started
step() {
  local now
  now=$(date +%s)
  [ "$last" = "$started" ] || printf '==== (%d s; %d s so far)\n' $((now - last)) $((now - started))
  last=$now
  printf '\n==== %s\n' "$*"
}

# Cheap, so first: a formatting slip shows in seconds, not after the builds.
# Both run, so one report lists everything; the rest runs either way and the
# script fails at the end.
step "formatting (clang-format-19) and license banners"
status=0
bash tool/check-format.sh checks tool runtime test bench || status=1
bash tool/check-banners.sh || status=1

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
    # The check cases through taskbound-tidy only: the first LLVM compared
    # them with clang-tidy -load, and test/tool and test/integration still
    # load and run the plugin of this one.
    step "LLVM $v: lit"
    TASKBOUND_LIT_PLUGIN_PARITY=0 ctest --test-dir "$dir" -L lit --output-on-failure
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

# The harness over real code (docs/realworld.md) is too long for CI; this runs
# it end to end on one small Debian package: apt-get source and build-dep, the
# project's own CMake, every TU, the summary. It fails on a crash or a hang.
if [ "${TASKBOUND_SKIP_REALWORLD:-0}" != 1 ]; then
  first_llvm=${llvms%% *}
  step "real-world smoke: tool/realworld.sh on spdlog"
  smoke=$(mktemp -d "${TMPDIR:-/tmp}/taskbound-realworld-smoke.XXXXXX")
  bash tool/realworld.sh --build-dir="build-test-llvm$first_llvm" --work-dir="$smoke" \
    --compiler-major="$first_llvm" --jobs="$jobs" ${TASKBOUND_SMOKE_MAX_TUS:+--max-tus=$TASKBOUND_SMOKE_MAX_TUS} spdlog
  python3 - "$smoke/summary-profile.json" <<'EOF2'
import json, sys
s = json.load(open(sys.argv[1]))["per_project"][0]
assert s["tus"] > 0 and s["tus_not_run"] == 0, s
print("real-world smoke: %d TUs, %d not compiling, %d crashes, %d hangs, overhead %.2f %%"
      % (s["tus"], s["compile_error_tus"], s["crashes"], s["hangs"], s["overhead_pct"]))
EOF2
  rm -rf "$smoke"
fi

step "done"
if [ "$status" != 0 ]; then
  echo "test-all: everything ran, but the formatting or banner check at the start failed" >&2
fi
exit "$status"
