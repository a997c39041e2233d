#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Installs every Debian package taskbound needs to build, test and benchmark.
# Idempotent: packages already present are left alone. Run as root (or with sudo).
#
#   tool/install-deps.sh            # LLVM 19 and 22
#   tool/install-deps.sh 19         # only LLVM 19
set -euo pipefail

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(19 22)

pkgs=(
  # build
  cmake ninja-build g++ python3 git
  # runtime, tests, benchmarks and their peers
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost-dev libasio-dev libtbb-dev
  # clangd links gRPC and protobuf; LLVM 22's CMake config needs grpc_cpp_plugin
  libgrpc++-dev libgrpc-dev libprotobuf-dev protobuf-compiler-grpc
  # measuring
  valgrind strace
  gnuplot-nox # bench/report.py draws docs/bench-*.png
)
for v in "${versions[@]}"; do
  pkgs+=("clang-$v" "clang-tidy-$v" "clangd-$v" "clang-format-$v" "libclang-$v-dev"
         "llvm-$v-dev" "llvm-$v-tools")
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
