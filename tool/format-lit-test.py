#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Formats lit tests with clang-format and keeps their expectations true.

A lit test of a check points at each finding relative to its own line:
`// CHECK-MESSAGES: :[[@LINE-2]]:20: warning: ...`. clang-format moves code
between lines and columns, so formatting a test breaks those offsets. This
formats each FILE in place and then re-points every `[[@LINE+-k]]:COL:` so it
names the same token as before. clang-format changes only whitespace here
(comments starting with a directive are never reflowed, see
test/.clang-format), so a token is found again by its position among the
file's non-blank characters; a change that is not whitespace-only is refused.

  tool/format-lit-test.py FILE...      # CLANG_FORMAT picks the binary
"""
import os
import re
import subprocess
import sys

DIRECTIVE = re.compile(r"\[\[@LINE([+-]\d+)?\]\]:(\d+):")


def positions(text):
    """(line, col) of each non-blank character, in order, 1-based."""
    out = []
    for ln, line in enumerate(text.split("\n"), 1):
        out.extend((ln, col) for col, ch in enumerate(line, 1) if not ch.isspace())
    return out


def repoint(old, new, name):
    if re.sub(r"\s", "", old) != re.sub(r"\s", "", new):
        raise SystemExit(f"{name}: the reformat changed more than whitespace; not re-pointing")
    old_pos = positions(old)
    ordinal = {p: i for i, p in enumerate(old_pos)}
    new_pos = positions(new)
    new_lines = new.split("\n")
    moved = 0
    for ln, line in enumerate(old.split("\n"), 1):
        if not DIRECTIVE.search(line):
            continue
        first = next(c for c, ch in enumerate(line, 1) if not ch.isspace())
        here = new_pos[ordinal[(ln, first)]][0]

        def fix(m):
            nonlocal moved
            target = (ln + int(m.group(1) or 0), int(m.group(2)))
            if target not in ordinal:
                raise SystemExit(f"{name}:{ln}: expectation points at blank {target}")
            t_line, t_col = new_pos[ordinal[target]]
            delta = t_line - here
            text = "[[@LINE%s]]:%d:" % ("%+d" % delta if delta else "", t_col)
            moved += text != m.group(0)
            return text

        new_lines[here - 1] = DIRECTIVE.sub(fix, new_lines[here - 1])
    return "\n".join(new_lines), moved


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__.split("\n\n")[-1])
    clang_format = os.environ.get("CLANG_FORMAT", "clang-format-19")
    for name in sys.argv[1:]:
        with open(name) as f:
            old = f.read()
        new = subprocess.run([clang_format, "--style=file", name], check=True,
                             capture_output=True, text=True).stdout
        if new == old:
            continue
        new, moved = repoint(old, new, name)
        with open(name, "w") as f:
            f.write(new)
        print(f"{name}: formatted, {moved} expectation(s) re-pointed")


if __name__ == "__main__":
    main()
