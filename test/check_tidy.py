#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Runs taskbound checks on one test file and checks what they report.

    check_tidy.py [options] FILE CHECKS [TIDY-ARGS...] [-- COMPILER-ARGS...]

The file is linted twice, by taskbound-tidy and by clang-tidy with the
-load plugin; both must report the same diagnostics, which are then matched
with FileCheck against the file's own `// CHECK-MESSAGES:` lines (or the
prefixes given). A warning or error no CHECK line expects fails the test.
When CHECKS names one taskbound check, the -load run enables every taskbound
check and only that check's findings are compared: the checks share their
analysis of a translation unit, and a check must find the same with or
without the others. --no-plugin lints with taskbound-tidy alone (the second
LLVM of tool/test-all.sh: the comparison is made on the first).

With --fix, taskbound-tidy also applies the fixes (--fix-notes with
--fix-notes) to a copy; the copy is matched against `// CHECK-FIXES:` lines
and, with --compile-fixed, compiled with the same compiler arguments (and
-Wall -Wextra -Werror with --fixed-without-warnings). --expect-unchanged
instead requires that no fix changed anything.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<kind>warning|error|note): .*?(?:\[(?P<check>[^\],]+)[^\]]*\])?$")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taskbound-tidy", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--no-plugin", action="store_true",
                        help="do not lint with clang-tidy -load as well")
    parser.add_argument("--check-prefixes", default="CHECK-MESSAGES",
                        help="comma-separated FileCheck prefixes for messages")
    parser.add_argument("--fix", action="store_true",
                        help="apply fix-its and match CHECK-FIXES lines")
    parser.add_argument("--fix-notes", action="store_true",
                        help="with --fix, also apply fix-its attached to notes")
    parser.add_argument("--fixes-prefixes", default="CHECK-FIXES")
    parser.add_argument("--compile-fixed", metavar="CXX",
                        help="compile the fixed file with this compiler")
    parser.add_argument("--fixed-without-warnings", action="store_true",
                        help="with --compile-fixed, compile with -Wall -Wextra -Werror")
    parser.add_argument("--expect-unchanged", action="store_true",
                        help="with --fix, require that the fixes change nothing")
    parser.add_argument("--allow-errors", action="store_true",
                        help="the file is expected not to compile")
    parser.add_argument("--tmp", help="directory for scratch files")
    parser.add_argument("file")
    parser.add_argument("checks")
    parser.add_argument("tidy_args", nargs="*", metavar="TIDY-ARG")
    # Everything after "--" goes to the compiler, untouched by argparse.
    split = argv.index("--") if "--" in argv else len(argv)
    # Options argparse does not know (-config=..., --header-filter=...) are
    # clang-tidy's.
    args, unknown = parser.parse_known_args(argv[:split])
    args.tidy_args += unknown
    args.compiler_args = argv[split + 1:]
    return args


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)


def lint(tool, source, args, extra=(), checks=None, only=None):
    """Findings of `tool` with `checks` (default: args.checks); with `only`,
    the findings of other checks (and their notes) are left out."""
    cmd = tool + [source, "-checks=-*," + (checks or args.checks), "--quiet"]
    cmd += list(extra) + args.tidy_args + ["--"] + args.compiler_args
    result = run(cmd)
    if result.returncode < 0:
        sys.exit("check_tidy: %s crashed (signal %d):\n%s"
                 % (" ".join(cmd), -result.returncode, result.stdout))
    diags = [line for line in result.stdout.splitlines() if DIAG.match(line)]
    # clang-tidy sorts findings by file path, which depends on where the test
    # runs; list the test file's own findings first, then the headers'. Two
    # findings at one place come in check-name order (clang-tidy 19 sorts
    # them so, 22 keeps the order they were reported in). A note stays with
    # the finding it belongs to, wherever it points.
    groups = []
    for line in diags:
        if DIAG.match(line).group("kind") == "note" and groups:
            groups[-1].append(line)
        else:
            groups.append([line])
    def place(group):
        m = DIAG.match(group[0])
        return (m.group("file") != source, m.group("file"), int(m.group("line")),
                int(m.group("col")), m.group("check") or "")
    if only:
        groups = [g for g in groups
                  if DIAG.match(g[0]).group("kind") == "error"
                  or DIAG.match(g[0]).group("check") == only]
    groups.sort(key=place)
    diags = [line for group in groups for line in group]
    errors = [line for line in diags if DIAG.match(line).group("kind") == "error"]
    if errors and not args.allow_errors:
        sys.exit("check_tidy: the test file does not compile:\n%s\n\n%s"
                 % ("\n".join(errors), result.stdout))
    return diags, result.stdout


def filecheck(input_text, check_file, prefixes, scratch, name, strict):
    input_path = os.path.join(scratch, name)
    with open(input_path, "w") as out:
        out.write(input_text)
    cmd = ["FileCheck", "-input-file=" + input_path, check_file,
           "-check-prefixes=" + prefixes]
    if strict:
        cmd += ["-implicit-check-not={{warning|error}}:"]
    result = run(cmd)
    if result.returncode != 0:
        sys.exit("check_tidy: FileCheck failed for %s:\n%s\n--- input ---\n%s"
                 % (prefixes, result.stdout, input_text))


def main(argv):
    args = parse_args(argv)
    scratch = args.tmp or tempfile.mkdtemp(prefix="check_tidy.")
    os.makedirs(scratch, exist_ok=True)
    source = os.path.join(scratch, os.path.basename(args.file))
    shutil.copyfile(args.file, source)

    tool_diags, tool_output = lint([args.taskbound_tidy], source, args)
    single = re.fullmatch(r"taskbound-[a-z-]+", args.checks)
    plugin_diags, plugin_output = tool_diags, tool_output
    if not args.no_plugin:
        plugin_diags, plugin_output = lint(
            [args.clang_tidy, "-load", args.plugin], source, args,
            checks="taskbound-*" if single else None,
            only=args.checks if single else None)
    if tool_diags != plugin_diags:
        sys.exit("check_tidy: taskbound-tidy and clang-tidy -load disagree\n"
                 "--- taskbound-tidy ---\n%s\n--- clang-tidy -load ---\n%s"
                 % (tool_output, plugin_output))

    filecheck("\n".join(tool_diags) + "\n", args.file, args.check_prefixes,
              scratch, "messages.txt", strict=True)

    if args.fix:
        fixed = os.path.join(scratch, "fixed." + os.path.basename(args.file))
        shutil.copyfile(args.file, fixed)
        extra = ["--fix"] + (["--fix-notes"] if args.fix_notes else [])
        lint([args.taskbound_tidy], fixed, args, extra)
        with open(fixed) as f:
            fixed_text = f.read()
        if args.expect_unchanged:
            with open(args.file) as f:
                if f.read() != fixed_text:
                    sys.exit("check_tidy: a fix changed the file:\n" + fixed_text)
            return
        # Match against the fixed text with the CHECK lines removed, so a
        # CHECK-FIXES line cannot match itself.
        code = "\n".join(re.sub(r"//\s*CHECK.*$", "", line)
                         for line in fixed_text.splitlines()) + "\n"
        filecheck(code, args.file, args.fixes_prefixes, scratch,
                  "fixed.txt", strict=False)
        if args.compile_fixed:
            warnings = (["-Wall", "-Wextra", "-Werror"]
                        if args.fixed_without_warnings else [])
            result = run([args.compile_fixed, "-fsyntax-only", fixed] + warnings
                         + args.compiler_args)
            if result.returncode != 0:
                sys.exit("check_tidy: the fixed file does not compile:\n"
                         + result.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
