#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Runs the seed program before and after its fix-it, side by side.

    bench/fixit_speedup.py --taskbound-tidy build/bin/taskbound-tidy [--cxx clang++-19]
                           [--tasks 10000] [--runs 7] [--work DIR]

Takes examples/seed/many_tiny_async.cpp with its task count set to --tasks (10,000 by
default: a count the original survives), applies `taskbound-tidy --fix --fix-notes` to a
copy, builds both with -O2, and runs them alternately --runs times. Reported: each
program's median wall time (the whole process: start-up, its threads or its pool, the
tasks, the sum) and the ratio original / fixed. The timing is a benchmark, not a test: it
asserts nothing about speed, only that both programs print the same sum.
Only the Python standard library is used.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "examples", "seed", "many_tiny_async.cpp")
TASKS = re.compile(r"constexpr int kTasks = \d+;")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--taskbound-tidy", required=True)
    p.add_argument("--cxx", default="clang++-19")
    p.add_argument("--tasks", type=int, default=10000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--work", help="scratch directory (default: a temporary one)")
    return p.parse_args()


def check(cmd):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    if result.returncode != 0:
        sys.exit("fixit_speedup: %s failed:\n%s" % (" ".join(cmd), result.stdout))
    return result.stdout


def prepare(args, work):
    with open(SEED) as f:
        source = f.read()
    if not TASKS.search(source):
        sys.exit("fixit_speedup: no 'constexpr int kTasks = N;' in " + SEED)
    source = TASKS.sub("constexpr int kTasks = %d;" % args.tasks, source)
    flags = ["-std=c++20", "-pthread", "-I" + os.path.join(ROOT, "runtime", "include")]
    binaries = {}
    for version in ("original", "fixed"):
        path = os.path.join(work, version, "many_tiny_async.cpp")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(source)
        if version == "fixed":
            check([args.taskbound_tidy, path, "-checks=-*,taskbound-*", "--quiet",
                   "--fix", "--fix-notes", "--"] + flags)
            with open(path) as f:
                if f.read() == source:
                    sys.exit("fixit_speedup: the fix-it changed nothing")
        binaries[version] = os.path.join(work, version, "many_tiny_async")
        check([args.cxx, "-O2", "-o", binaries[version], path] + flags)
    return binaries


def main():
    args = parse_args()
    work = args.work or tempfile.mkdtemp(prefix="fixit_speedup.")
    binaries = prepare(args, work)
    times = {version: [] for version in binaries}
    sums = {}
    for _ in range(args.runs):
        for version, binary in binaries.items():
            start = time.perf_counter()
            output = check([binary])
            times[version].append(time.perf_counter() - start)
            sums.setdefault(version, set()).add(output.split(" in ")[0])
    if len(sums["original"] | sums["fixed"]) != 1:
        sys.exit("fixit_speedup: the programs disagree: %r" % sums)
    original = statistics.median(times["original"])
    fixed = statistics.median(times["fixed"])
    print("%d tasks, %d runs each, alternating; %s" % (args.tasks, args.runs,
                                                       sums["fixed"].pop()))
    print("original (a std::async thread per task): median %.4f s" % original)
    print("fixed (taskbound::parallel_map):         median %.4f s" % fixed)
    print("ratio original / fixed: %.0fx" % (original / fixed))
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
