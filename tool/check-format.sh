#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Checks that every tracked C++ file (.cpp, .h, .hpp) under checks/ tool/
# runtime/ test/ bench/ is formatted the way its nearest .clang-format says,
# with clang-format 19. Lists the files that are not and exits 1.
#
#   bash tool/check-format.sh              # the five directories
#   bash tool/check-format.sh tool test    # only these directories
#   bash tool/check-format.sh --fix DIR..  # rewrite the files in place instead
#
# --fix formats lit tests through tool/format-lit-test.py, which re-points
# their [[@LINE-k]]:COL expectations at the same code. CLANG_FORMAT picks the
# binary.
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
if [ "${1:-}" = --fix ]; then
  fix=1
  shift
fi
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(checks tool runtime test bench)

clang_format=${CLANG_FORMAT:-clang-format-19}
command -v "$clang_format" >/dev/null 2>&1 || clang_format=/usr/lib/llvm-19/bin/clang-format
if ! version=$("$clang_format" --version 2>/dev/null); then
  echo "check-format: clang-format 19 not found (apt-get install clang-format-19)" >&2
  exit 2
fi
# Another major formats some constructs differently; the tree is kept for 19.
if ! grep -q 'version 19\.' <<<"$version"; then
  echo "check-format: $clang_format is not clang-format 19: $version" >&2
  exit 2
fi

pathspecs=()
for d in "${dirs[@]}"; do
  d=${d%/}
  pathspecs+=("$d/*.cpp" "$d/*.h" "$d/*.hpp")
done
mapfile -t files < <(git ls-files -- "${pathspecs[@]}")
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no tracked C++ files under: ${dirs[*]}" >&2
  exit 2
fi

if [ "$fix" = 1 ]; then
  # Lit tests point at findings by line and column: tool/format-lit-test.py
  # formats them and re-points those expectations.
  lit=() plain=()
  for f in "${files[@]}"; do
    if grep -q '\[\[@LINE' -- "$f"; then lit+=("$f"); else plain+=("$f"); fi
  done
  [ ${#plain[@]} -eq 0 ] || "$clang_format" -i -- "${plain[@]}"
  [ ${#lit[@]} -eq 0 ] || CLANG_FORMAT=$clang_format python3 tool/format-lit-test.py "${lit[@]}"
  echo "check-format: formatted ${#files[@]} file(s) under ${dirs[*]}"
  exit 0
fi

bad=0
for f in "${files[@]}"; do
  if ! "$clang_format" --dry-run --Werror -- "$f" >/dev/null 2>&1; then
    lines=$("$clang_format" -- "$f" | diff -- "$f" - | grep -c '^>' || true)
    echo "$f: not formatted ($lines line(s) differ)"
    bad=$((bad + 1))
  fi
done
if [ "$bad" -gt 0 ]; then
  echo "check-format: $bad of ${#files[@]} file(s) under ${dirs[*]} are not formatted;" \
    "see '$clang_format --dry-run FILE', or run 'bash tool/check-format.sh --fix DIR'" >&2
  exit 1
fi
echo "check-format: ${#files[@]} file(s) under ${dirs[*]} are formatted"
