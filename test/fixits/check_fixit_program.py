#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Proves the fix-its on one complete program by running it before and after.

    check_fixit_program.py --taskbound-tidy BIN --cxx CLANG++ --runtime-include DIR
                           --tmp DIR [--asio] [--timeout S] FILE

FILE is a program with the anti-patterns. The script:

  1. lints a copy with taskbound-tidy: taskbound-unbounded-spawn-in-loop must
     flag it (a program nothing flags proves nothing);
  2. applies the fixes to another copy with `--fix --fix-notes`: the copy
     must change;
  3. lints the fixed copy: no taskbound finding may be left;
  4. compiles both copies with -std=c++20 -Wall -Wextra -Werror -pthread
     against the runtime (with --asio, standalone asio or Boost.Asio with the coroutine
     macros clang needs);
  5. runs both under a timeout: both must exit 0 and print the same output.

Prints the fixed file's diff and both outputs; exits 1 on the first failure.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

WARNING = re.compile(r"^[^:\n]+:\d+:\d+: warning: .*\[(taskbound-[a-z-]+)\]$",
                     re.MULTILINE)
# asio and Boost.Asio do not detect clang's coroutines by themselves.
ASIO_FLAGS = ["-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE",
              "-DBOOST_ASIO_HAS_CO_AWAIT", "-DBOOST_ASIO_HAS_STD_COROUTINE"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--taskbound-tidy", required=True)
    p.add_argument("--cxx", required=True, help="clang++ of the LLVM under test")
    p.add_argument("--runtime-include", required=True)
    p.add_argument("--tmp", required=True, help="scratch directory")
    p.add_argument("--asio", action="store_true", help="the program uses Asio")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds each build and run may take")
    p.add_argument("file")
    return p.parse_args()


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(cmd, timeout, what):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("%s did not finish within %.0f s: %s" % (what, timeout, " ".join(cmd)))


def lint(args, source, flags, extra=()):
    cmd = [args.taskbound_tidy, source, "-checks=-*,taskbound-*", "--quiet"]
    cmd += list(extra) + ["--"] + flags
    result = run(cmd, args.timeout, "taskbound-tidy")
    if result.returncode < 0 or ": error:" in result.stdout:
        fail("taskbound-tidy failed on %s:\n%s" % (source, result.stdout))
    return WARNING.findall(result.stdout), result.stdout


def build_and_run(args, source, flags, name):
    binary = os.path.join(args.tmp, name + ".bin")  # beside the directory of the same name
    compiled = run([args.cxx, "-O1", "-Wall", "-Wextra", "-Werror", "-o", binary, source]
                   + flags, args.timeout, "compiling the %s program" % name)
    if compiled.returncode != 0:
        fail("the %s program does not compile:\n%s" % (name, compiled.stdout))
    ran = run([binary], args.timeout, "the %s program" % name)
    if ran.returncode != 0:
        fail("the %s program exited with %d:\n%s" % (name, ran.returncode, ran.stdout))
    return ran.stdout


def main():
    args = parse_args()
    shutil.rmtree(args.tmp, ignore_errors=True)
    for sub in ("original", "fixed"):
        os.makedirs(os.path.join(args.tmp, sub))
    name = os.path.basename(args.file)
    original = os.path.join(args.tmp, "original", name)
    fixed = os.path.join(args.tmp, "fixed", name)
    shutil.copyfile(args.file, original)
    shutil.copyfile(args.file, fixed)
    flags = ["-std=c++20", "-pthread", "-I" + args.runtime_include]
    if args.asio:
        flags += ASIO_FLAGS

    found, output = lint(args, original, flags)
    if "taskbound-unbounded-spawn-in-loop" not in found:
        fail("taskbound-unbounded-spawn-in-loop finds nothing in %s:\n%s" % (name, output))
    lint(args, fixed, flags, ["--fix", "--fix-notes"])
    with open(original) as f:
        before = f.read()
    with open(fixed) as f:
        after = f.read()
    if before == after:
        fail("--fix --fix-notes changed nothing in %s:\n%s" % (name, output))
    sys.stdout.writelines(difflib.unified_diff(
        before.splitlines(True), after.splitlines(True), "original/" + name,
        "fixed/" + name))
    left, output = lint(args, fixed, flags)
    if left:
        fail("the fixed program still has %d taskbound finding(s):\n%s" % (len(left), output))

    want = build_and_run(args, original, flags, "original")
    got = build_and_run(args, fixed, flags, "fixed")
    print("--- original output ---\n%s--- fixed output ---\n%s" % (want, got))
    if want != got:
        fail("the fixed program prints something else than the original")
    print("PASS: %d finding(s) fixed, same output" % len(found))


if __name__ == "__main__":
    main()
