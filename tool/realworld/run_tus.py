#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Run taskbound-tidy over every C++ translation unit of a compile database,
one process per TU, and keep a record of each TU on disk.

This does what run-clang-tidy does, plus what a real-world run needs and
run-clang-tidy cannot give: a per-TU record (status, CPU and wall time, the
per-check profile), so a run resumes where it stopped and a TU that costs
too much is named; crashes and hangs are told apart from compile errors.

  run_tus.py --compdb BUILD --state DIR --tidy BIN --checks CHECKS [...]

DIR/<key>.json is written (atomically) when a TU is done; DIR/<key>.yaml is
its --export-fixes output; DIR/<key>.log keeps the output of a TU that did not
end cleanly. A TU whose record exists is skipped unless --redo.
"""

import argparse
import concurrent.futures
import glob
import hashlib
import importlib.util
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

CPP_FILES = r"\.(cpp|cc|cxx|c\+\+|C)$"
# What clang and LLVM print when a process dies on a bug.
CRASH_MARKERS = ("Stack dump:", "PLEASE submit a bug report",
                 "LLVM ERROR:", "Assertion `")
COMPILE_ERROR = re.compile(r": (?:fatal )?error: .*\[clang-diagnostic-")


def load_shard_tool():
    """tool/shard-compdb.py (loaded once), so that --shard means exactly what
    it means there."""
    if "shard_compdb" not in sys.modules:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            os.pardir, "shard-compdb.py")
        spec = importlib.util.spec_from_file_location("shard_compdb", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["shard_compdb"] = module
    return sys.modules["shard_compdb"]


def select_tus(entries, files_regex, exclude_regex):
    """Unique C++ source files of the database, sorted."""
    shard_tool = load_shard_tool()
    wanted = re.compile(files_regex)
    excluded = re.compile(exclude_regex) if exclude_regex else None
    paths = set()
    for entry in entries:
        path = shard_tool.source_path(entry)
        if wanted.search(path) and not (excluded and excluded.search(path)):
            paths.add(path)
    return sorted(paths)


def selected_tus(compdb, files_regex=CPP_FILES, exclude_regex="", shard="",
                 root=".", max_tus=0):
    """The TUs a run covers: the database's C++ files, or one shard's."""
    shard_tool = load_shard_tool()
    entries = shard_tool.load_compdb(compdb)
    if shard:
        index, count = shard_tool.parse_shard(shard)
        entries = shard_tool.split(entries, root, count)[index]
    tus = select_tus(entries, files_regex, exclude_regex)
    return tus[:max_tus] if max_tus else tus


def record_key(path):
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]
    return "%s-%s" % (os.path.basename(path), digest)


def read_profile(directory):
    """Per-check user+system seconds from --store-check-profile JSON."""
    times = {}
    for name in glob.glob(os.path.join(directory, "*.json")):
        with open(name, encoding="utf-8") as f:
            profile = json.load(f).get("profile", {})
        for key, seconds in profile.items():
            # time.clang-tidy.<check>.<wall|user|sys>
            match = re.fullmatch(r"time\.clang-tidy\.(.+)\.(user|sys)", key)
            if match:
                check = match.group(1)
                times[check] = times.get(check, 0.0) + float(seconds)
    return times


def classify(returncode, timed_out, output):
    """timed_out: killed for running past its CPU or wall-time limit."""
    if timed_out:
        return "hang"
    if returncode < 0 or any(m in output for m in CRASH_MARKERS):
        return "crash"
    if COMPILE_ERROR.search(output):
        return "compile-error"
    if returncode != 0:
        # clang-tidy exits 1 on a compile error it did not print as one
        # (e.g. a missing file): not a crash, but not clean either.
        return "compile-error" if "error:" in output else "failed"
    return "ok"


def run_one(path, args, build_dir):
    key = record_key(path)
    fixes = os.path.join(args.state, key + ".yaml")
    # A run again must not keep the last run's export or log: clang-tidy
    # writes no export when it has nothing to say, and the old one would
    # keep findings this build no longer makes.
    for stale in (fixes, os.path.join(args.state, key + ".log")):
        if os.path.exists(stale):
            os.remove(stale)
    profile_dir = tempfile.mkdtemp(prefix="profile-", dir=args.state)
    command = [args.tidy, "-p", build_dir, "--quiet", "--config={}",
               "--checks=" + args.checks, "--export-fixes=" + fixes]
    if args.header_filter:
        command.append("--header-filter=" + args.header_filter)
    command += ["--extra-arg=" + a for a in args.extra_arg]
    if args.profile:
        command += ["--enable-check-profile",
                    "--store-check-profile=" + profile_dir]
    command.append(path)

    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL,
                               start_new_session=True)
    # A hang is a TU that runs past --timeout seconds of CPU: on a machine
    # that other jobs share, a TU can wait far longer than that for a core.
    # The kernel stops it (SIGXCPU, then SIGKILL a little later). The wall
    # clock only catches a process stuck without using the CPU.
    resource.prlimit(process.pid, resource.RLIMIT_CPU,
                     (int(args.timeout), int(args.timeout) + 5))
    fired = threading.Event()

    def kill():
        fired.set()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(args.wall_timeout or 10 * args.timeout, kill)
    timer.start()
    output = process.stdout.read()
    # wait4 gives the CPU time of this TU's process alone: less noisy than
    # wall time on a machine that others share.
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    timer.cancel()
    cpu = usage.ru_utime + usage.ru_stime
    returncode = os.waitstatus_to_exitcode(status)
    # SIGXCPU is sent only for the CPU limit; SIGKILL follows at the hard
    # limit if it did not end the process (rusage and the kernel's CPU
    # timer count a little differently, hence the second's slack).
    timed_out = fired.is_set() or returncode == -signal.SIGXCPU or (
        returncode == -signal.SIGKILL and cpu >= int(args.timeout) - 1)
    process.returncode = returncode
    text = output.decode("utf-8", errors="replace")

    verdict = classify(returncode, timed_out, text)
    record = {
        "file": path,
        "status": verdict,
        "returncode": returncode,
        "cpu_s": round(cpu, 4),
        "wall_s": round(wall, 4),
        "max_rss_kb": usage.ru_maxrss,
        "tidy_id": args.tidy_id,
        "compile_errors": len(COMPILE_ERROR.findall(text)),
        "warnings": len(re.findall(r": warning: .*\[taskbound-", text)),
    }
    if args.profile:
        record["check_s"] = {k: round(v, 6)
                             for k, v in sorted(read_profile(profile_dir).items())}
    shutil.rmtree(profile_dir, ignore_errors=True)
    if verdict != "ok":
        with open(os.path.join(args.state, key + ".log"), "w",
                  encoding="utf-8") as log:
            log.write(" ".join(command) + "\n")
            log.write(text[-200000:])
    if not os.path.exists(fixes):
        open(fixes, "w").close()
    tmp = os.path.join(args.state, key + ".json.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(record, out, indent=1)
    os.replace(tmp, os.path.join(args.state, key + ".json"))
    return record


def binary_id(path):
    """A short hash of the clang-tidy binary: which build made a record."""
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def done_before(state, path, redo, tidy_id):
    """Whether the TU has a record that --redo does not ask to replace
    ('stale': a record made by another build of the binary)."""
    record = os.path.join(state, record_key(path) + ".json")
    if not os.path.exists(record):
        return False
    if "all" in redo:
        return False
    with open(record, encoding="utf-8") as f:
        data = json.load(f)
    if "stale" in redo and data.get("tidy_id") != tidy_id:
        return False
    return data["status"] not in redo


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compdb", required=True,
                        help="compile_commands.json or its directory")
    parser.add_argument("--state", required=True,
                        help="where the per-TU records go")
    parser.add_argument("--tidy", required=True, help="the clang-tidy binary")
    parser.add_argument("--checks", required=True)
    parser.add_argument("--header-filter", default="",
                        help="also report findings in headers matching this")
    parser.add_argument("--extra-arg", action="append", default=[],
                        help="a compiler flag for every TU (repeatable)")
    parser.add_argument("--profile", action="store_true",
                        help="record per-check time (--enable-check-profile)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="CPU seconds after which a TU counts as a hang")
    parser.add_argument("--wall-timeout", type=float, default=0,
                        help="wall-clock seconds after which a TU counts as "
                        "a hang (default: 10 times --timeout)")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--files", default=CPP_FILES,
                        help="regex of the files to lint (default: C++)")
    parser.add_argument("--exclude", default="",
                        help="regex of files to leave out")
    parser.add_argument("--shard", help="I/N: only the TUs of shard I of N")
    parser.add_argument("--root", default=".",
                        help="with --shard: paths are hashed relative to it")
    parser.add_argument("--max-tus", type=int, default=0,
                        help="stop after this many TUs in all (0: no limit)")
    parser.add_argument("--redo", nargs="?", const="all", default="",
                        help="run TUs again that have a record: all, or "
                        "those whose status is in a comma-separated list "
                        "('stale': made by another build of --tidy)")
    args = parser.parse_args(argv)

    shard_tool = load_shard_tool()
    try:
        tus = selected_tus(args.compdb, args.files, args.exclude, args.shard,
                           args.root, args.max_tus)
    except shard_tool.ShardError as e:
        print("run_tus: %s" % e, file=sys.stderr)
        return 2
    if not os.access(args.tidy, os.X_OK):
        print("run_tus: %s is not an executable" % args.tidy, file=sys.stderr)
        return 2
    build_dir = args.compdb if os.path.isdir(args.compdb) else \
        os.path.dirname(os.path.abspath(args.compdb))
    os.makedirs(args.state, exist_ok=True)

    redo = set(args.redo.split(",")) if args.redo else set()
    args.tidy_id = binary_id(args.tidy)
    todo = [p for p in tus if not done_before(args.state, p, redo, args.tidy_id)]
    print("run_tus: %d TUs, %d already done, %d to run (-j %d)" %
          (len(tus), len(tus) - len(todo), len(todo), args.jobs),
          file=sys.stderr, flush=True)

    bad = 0
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(run_one, p, args, build_dir): p for p in todo}
        for n, future in enumerate(concurrent.futures.as_completed(futures)):
            record = future.result()
            bad += record["status"] in ("crash", "hang", "failed")
            print("[%d/%d] %-13s %7.1fs %s" %
                  (n + 1, len(todo), record["status"], record["cpu_s"],
                   record["file"]), file=sys.stderr, flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
