#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# taskbound on real code: Debian source packages, their own build systems,
# every C++ translation unit through taskbound-tidy. See docs/realworld.md.
#
#   bash tool/realworld.sh [options] [PROJECT...]     # default: every project
#
#   --work-dir=DIR   sources, builds and records (default:
#                    $TASKBOUND_REALWORLD_DIR or ~/taskbound-realworld)
#   --build-dir=DIR  the taskbound build with bin/taskbound-tidy and
#                    bin/taskbound-sarif (default: build)
#   --list=FILE      the projects (default: tool/realworld/projects.txt)
#   --steps=LIST     fetch,deps,configure,run,summary (default: all)
#   --mode=MODE      profile (default): taskbound's checks and a cheap built-in
#                    check in one run with per-check times; taskbound or
#                    cheap: one check set alone
#   --jobs=N         clang-tidy processes at once (default: 1)
#   --timeout=S      CPU seconds after which a TU counts as a hang
#                    (default: 300)
#   --wall-timeout=S wall-clock seconds after which it does (default: 10
#                    times --timeout; a TU waiting for a core is no hang)
#   --shard=I/N      only the TUs of shard I of N (tool/shard-compdb.py)
#   --max-tus=N      at most N TUs per project (smoke tests)
#   --redo[=LIST]    run TUs again that have a record: all, those whose
#                    status is in LIST (--redo=compile-error), or "stale"
#                    ones, made by another build of taskbound-tidy
#   --markdown       print the docs/realworld.md table and findings, then stop
#   --update-doc=F   write them into F (docs/realworld.md) between its
#                    generated-part markers, and keep each project's summary
#                    in the results directory, then stop
#   --results=DIR    where --update-doc keeps the summaries (with the code of
#                    each finding), and where --markdown and --update-doc
#                    take a project from when the work dir has no summary of
#                    it (default: tool/realworld/results)
#   --verdicts=F     the verdicts on the findings (default:
#                    tool/realworld/verdicts.tsv)
#
# Needs root for apt-get (deb-src entry, sources, build dependencies). Every
# step resumes: run the same command again after a stop.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

work_dir=${TASKBOUND_REALWORLD_DIR:-$HOME/taskbound-realworld}
build_dir=$repo/build
pass=()
steps=fetch,deps,configure,run,summary
markdown=0
for arg in "$@"; do
  case $arg in
    --work-dir=*) work_dir=${arg#*=} ;;
    --build-dir=*) build_dir=${arg#*=} ;;
    --steps=*) steps=${arg#*=}; pass+=("$arg") ;;
    --markdown|--update-doc=*) markdown=1; pass+=("$arg") ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) pass+=("$arg") ;;
  esac
done

case $work_dir in
  "$repo"|"$repo"/*) echo "realworld: --work-dir must be outside the repository" >&2; exit 2 ;;
esac
[ -d "$build_dir" ] || {
  echo "realworld: no build directory $build_dir (cmake -S . -B build first)" >&2; exit 2; }
build_dir=$(cd "$build_dir" && pwd)
tidy=$build_dir/bin/taskbound-tidy
sarif=$build_dir/bin/taskbound-sarif
if [ "$markdown" = 0 ]; then
  for bin in "$tidy" "$sarif"; do
    [ -x "$bin" ] || { echo "realworld: $bin is missing: build taskbound first" >&2; exit 2; }
  done
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
missing=()
for p in cmake ninja-build python3 dpkg-dev clang-19; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "realworld: installing ${missing[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# apt-get source needs a deb-src entry: the binary sources, as deb-src.
if [[ $steps == *fetch* ]] && [ "$markdown" = 0 ] &&
   ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  src=/etc/apt/sources.list.d/debian.sources
  [ -f "$src" ] || { echo "realworld: no $src to derive a deb-src entry from" >&2; exit 2; }
  echo "realworld: adding /etc/apt/sources.list.d/debian-src.sources" >&2
  sed 's/^Types: deb$/Types: deb-src/' "$src" | $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  $SUDO apt-get update -qq
fi

mkdir -p "$work_dir"
exec python3 "$repo/tool/realworld/harness.py" --work-dir="$work_dir" \
  --tidy="$tidy" --sarif="$sarif" "${pass[@]}"
