# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""docs/benchmarks.md is written by two scripts (bench/report.py and bench/tidy_overhead.py);
each replaces only its own section, between `<!-- begin:NAME -->` and `<!-- end:NAME -->`.
The `method` and `run` sections (how the numbers are taken; when this run was made and what
it leaves open) are written by hand and kept as they are. Diagnoses and experiments live in
docs/benchmarks-notes.md, which no script touches."""
import os
import platform
import re
import subprocess

SECTIONS = ("method", "machine", "runtime", "tidy", "run")
PLACEHOLDER = {
    "method": "## Method\n\n_Not written yet._\n\n",
    "runtime": "_Not measured yet: run the `bench-report` target._\n\n",
    "tidy": "_Not measured yet: run the `bench-tidy-overhead` target._\n\n",
    "run": "",
    "machine": "",
}

HEADER = """# Benchmarks

What the runtime costs next to its peers and the floors, and what the checks add to a
clang-tidy run: how it is measured, on what machine, the results of one run, and what that
run leaves open. Diagnoses and the experiments tried on the way are in
[benchmarks-notes.md](benchmarks-notes.md).
"""


def _cmd(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def _lscpu_model():
    for line in _cmd(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _header_version(path, pattern):
    try:
        with open(path) as f:
            m = re.search(pattern, f.read())
            return m.group(1) if m else "?"
    except OSError:
        return "not installed"


def machine_section(ctx=None):
    ctx = ctx or {}
    gxx = _cmd(["g++", "--version"]).splitlines()
    tidy = _cmd(["clang-tidy-19", "--version"]).splitlines()
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    asio = _header_version("/usr/include/asio/version.hpp", r"#\s*define ASIO_VERSION (\d+)")
    if asio.isdigit():  # 102201 -> 1.22.1
        asio = f"{int(asio) // 100000}.{int(asio) // 100 % 1000}.{int(asio) % 100}"
    tbb = (_header_version("/usr/include/oneapi/tbb/version.h", r"#define TBB_VERSION_MAJOR (\d+)") + "." +
           _header_version("/usr/include/oneapi/tbb/version.h", r"#define TBB_VERSION_MINOR (\d+)"))
    rows = [
        ("CPU", f"{_lscpu_model()}, {os.cpu_count()} CPUs online (nproc: {_cmd(['nproc'])})"),
        ("memory", f"{mem_kb // 1024} MiB"),
        ("kernel", _cmd(["uname", "-sr"])),
        ("compiler", (gxx[0] if gxx else "?") + ", `-O2`, `-std=c++20`, `-fopenmp`"),
        ("clang-tidy", next((l.strip() for l in tidy if "version" in l), "?")),
        ("Google Benchmark", "Debian libbenchmark-dev 1.7.1 (built as DEBUG by Debian: the library "
                             "only, the cases are -O2)"),
        ("peers", f"oneTBB {tbb}, standalone asio {asio}, libgomp (g++'s OpenMP)"),
    ]
    if ctx.get("date"):
        rows.append(("suite run", f"{ctx['date']}, CPU scaling {'on' if ctx.get('cpu_scaling_enabled') else 'off'}"))
    lines = ["## Machine", "", "| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    lines += ["", "`lscpu`, `nproc`, `uname` and `g++ --version` are read when the report is written.", ""]
    return "\n".join(lines)


def splice(doc, name, content, machine=None):
    """Replaces section `name` (and `machine` when given) in `doc`, creating the file if needed."""
    text = open(doc).read() if os.path.exists(doc) else ""
    parts = {}
    for s in SECTIONS:
        m = re.search(rf"<!-- begin:{s} -->\n(.*?)<!-- end:{s} -->\n", text, re.S)
        parts[s] = m.group(1) if m else PLACEHOLDER[s]
    parts[name] = content.rstrip("\n") + "\n\n"
    if machine is not None or "begin:machine" not in text:
        parts["machine"] = (machine or machine_section()).rstrip("\n") + "\n\n"
    out = HEADER + "\n" + "".join(f"<!-- begin:{s} -->\n{parts[s]}<!-- end:{s} -->\n" for s in SECTIONS)
    with open(doc, "w") as f:
        f.write(out)
