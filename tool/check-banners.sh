#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Checks that every tracked C++, Python and shell file carries the license.
# C++ files (.cpp, .h, .hpp) start with the LLVM-style banner:
#
#   //===-- <file name> - <what it is> ----------------------*- C++ -*-===//
#   //
#   // Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
#   // See the LICENSE file at the top of the repository for license information.
#   // SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#   //
#   //===------------------------------------------------------------===//
#
# whose first line is exactly 80 columns, names the file, and ends in
# `-*- C++ -*-===//` on headers only. Python and shell files (.py, .sh, or a #!
# first line) have the SPDX line among their first three lines.
#
#   bash tool/check-banners.sh              # the whole tree
#   bash tool/check-banners.sh tool test    # only these paths
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C # ${#line} counts bytes; the banner is ASCII

spdx='SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception'
# Lit inputs whose line numbers the tests assert: a banner would move them.
exempt=(
  ':(exclude,glob)test/clangd/Inputs/**'
  ':(exclude,glob)test/integration/Inputs/**'
  ':(exclude)test/Inputs/user/spawn_helpers.h' # test/checks asserts spawn_helpers.h:9:5
)
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(.)

checked=0
bad=0
problem() {
  echo "$1: $2"
  bad=$((bad + 1))
}
while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue # deleted in the work tree, or a submodule
  case "$f" in
  *.cpp | *.h | *.hpp) kind=cxx ;;
  *.py | *.sh) kind=script ;;
  *) if [ "$(head -c 2 -- "$f")" = '#!' ]; then kind=script; else continue; fi ;;
  esac
  checked=$((checked + 1))
  if [ "$kind" = script ]; then
    head -n 3 -- "$f" | grep -qxF "# $spdx" || problem "$f" "no '# SPDX-License-Identifier: ...' line in its first three lines"
    continue
  fi
  first=$(head -n 1 -- "$f")
  name=${f##*/}
  if ! head -n 7 -- "$f" | grep -qxF "// $spdx"; then
    problem "$f" "no license banner (no SPDX line in its first seven lines)"
  elif [ ${#first} -ne 80 ]; then
    problem "$f" "the banner's first line is ${#first} columns, not 80"
  elif [[ "$first" != "//===-- $name - "* ]]; then
    problem "$f" "the banner's first line does not start with '//===-- $name - '"
  elif [[ "$f" == *.cpp && "$first" != *"-===//" ]] ||
    [[ "$f" != *.cpp && "$first" != *"-*- C++ -*-===//" ]]; then
    problem "$f" "the banner's first line must end in '-*- C++ -*-===//' on a header, '-===//' elsewhere"
  fi
done < <(git ls-files -z -- "${paths[@]}" "${exempt[@]}")

if [ "$bad" -gt 0 ]; then
  echo "check-banners: $bad of $checked file(s) lack a correct license banner" >&2
  exit 1
fi
echo "check-banners: $checked file(s) carry the license banner"
