#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""taskbound on real code bases: fetch Debian source packages, make their
compile databases with their own build systems, lint every C++ translation
unit, and summarise. Started by tool/realworld.sh; see docs/realworld.md.

Every step leaves its result under WORK/NAME/ and is skipped when that result
is there, so a run that was stopped resumes where it stopped:
  fetch      WORK/NAME/fetch/<source tree>      (apt-get source NAME)
  deps       WORK/NAME/deps.done                (apt-get build-dep NAME)
  configure  WORK/NAME/build/compile_commands.json
  run        WORK/NAME/run-MODE/<TU>.json       (one record per TU)
  summary    WORK/NAME/summary-MODE.json, WORK/summary-MODE.json
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import projects as project_list  # noqa: E402
import report  # noqa: E402
import run_tus  # noqa: E402

STEPS = ["fetch", "deps", "configure", "run", "summary"]
# The cheap built-in check the overhead is measured against: it matches
# only namespace alias declarations, so its run costs what parsing costs.
CHEAP_CHECK = "misc-unused-alias-decls"
MODES = {
    # One run, both check sets, per-check time from clang-tidy's profile.
    "profile": "-*,taskbound-*," + CHEAP_CHECK,
    "taskbound": "-*,taskbound-*",
    "cheap": "-*," + CHEAP_CHECK,
}


# Wait for another apt-get (a helper, the other projects' set-up) rather than
# fail on its lock.
APT_WAIT = ["-o", "DPkg::Lock::Timeout=1800"]


class StepError(Exception):
    pass


def log(message):
    print("realworld: " + message, file=sys.stderr, flush=True)


def run(command, cwd=None, log_path=None, env=None, check=True):
    """Runs a command; its output goes to log_path (or through)."""
    log("$ " + " ".join(command) + (" (in %s)" % cwd if cwd else ""))
    out = open(log_path, "a", encoding="utf-8") if log_path else None
    try:
        result = subprocess.run(command, cwd=cwd, stdout=out,
                                stderr=subprocess.STDOUT if out else None,
                                stdin=subprocess.DEVNULL, env=env)
    finally:
        if out:
            out.close()
    if result.returncode != 0 and not check:
        log("%s exited with %d (not needed to go on)" %
            (command[0], result.returncode))
    elif result.returncode != 0:
        where = " (see %s)" % log_path if log_path else ""
        raise StepError("%s exited with %d%s" %
                        (command[0], result.returncode, where))


def apt_env():
    env = dict(os.environ)
    env["DEBIAN_FRONTEND"] = "noninteractive"
    return env


def source_tree(project, work):
    """The project's unpacked sources, or None before the fetch."""
    if project.src:
        return os.path.abspath(project.src)
    trees = sorted(glob.glob(os.path.join(work, "fetch", "*", "debian")))
    return os.path.dirname(trees[0]) if trees else None


def version_of(project, tree):
    changelog = os.path.join(tree, "debian", "changelog")
    if project.src or not os.path.exists(changelog):
        return "local"
    out = subprocess.run(["dpkg-parsechangelog", "-l", changelog, "-S",
                          "Version"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def step_fetch(project, work, logs):
    if source_tree(project, work):
        return
    fetch = os.path.join(work, "fetch")
    os.makedirs(fetch, exist_ok=True)
    run(["apt-get", "source", "-qq", project.name], cwd=fetch,
        log_path=logs, env=apt_env())
    if not source_tree(project, work):
        raise StepError("apt-get source %s unpacked no source tree" %
                        project.name)


def step_deps(project, work, logs):
    stamp = os.path.join(work, "deps.done")
    if os.path.exists(stamp) or project.deps == "none" and not project.extra:
        return
    if project.deps == "build-dep":
        run(["apt-get", "build-dep", "-y", "-qq"] + APT_WAIT + [project.name],
            log_path=logs, env=apt_env())
    packages = list(project.extra)
    if project.deps not in ("build-dep", "none"):
        packages += project.deps.split(",")
    if packages:
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + APT_WAIT +
            packages, log_path=logs, env=apt_env())
    open(stamp, "w").close()


def ninja_targets(build):
    """(target, rule) of every target of the build."""
    out = subprocess.run(["ninja", "-C", build, "-t", "targets", "all"],
                         capture_output=True, text=True, check=True)
    return sorted({tuple(part.strip() for part in line.rsplit(":", 1))
                   for line in out.stdout.splitlines() if ":" in line})


def run_autogen(build, logs):
    """Runs Qt's moc, uic and rcc as CMake's *_autogen targets would, but
    without building what those targets wait for (the libraries the target
    links: most of the project)."""
    infos = sorted(glob.glob(os.path.join(build, "**", "AutogenInfo.json"),
                             recursive=True))
    rccs = sorted(glob.glob(os.path.join(build, "**", "AutoRcc_*_Info.json"),
                            recursive=True))
    for info in infos:
        run(["cmake", "-E", "cmake_autogen", info, "Release"], log_path=logs)
    # A resource file can list files the build makes (translations): its
    # rcc fails, and only the qrc_*.cpp TU it writes is missing.
    for info in rccs:
        run(["cmake", "-E", "cmake_autorcc", info, "Release"], log_path=logs,
            check=False)


def generator_targets(build, names):
    """The ninja targets that make the generated sources: 'generated' is
    every source or header a custom command writes (uic output of
    qt_wrap_ui, code generators), other names are taken as they are."""
    targets = []
    for name in names:
        if name == "generated":
            targets += [t for t, rule in ninja_targets(build)
                        if rule == "CUSTOM_COMMAND" and
                        "_autogen/" not in t and re.search(
                            r"\.(h|hh|hpp|hxx|inc|ipp|c|cc|cpp|cxx)$", t)]
        elif name != "autogen":
            targets.append(name)
    # ninja lists a file under its absolute and its relative name.
    return list(dict.fromkeys(os.path.relpath(t, build) if os.path.isabs(t)
                              else t for t in targets))


def step_configure(project, work, logs, compiler_major):
    build = os.path.join(work, "build")
    compdb = os.path.join(build, "compile_commands.json")
    stamp = os.path.join(work, "configure.done")
    if os.path.exists(stamp) and os.path.exists(compdb):
        return
    tree = source_tree(project, work)
    if not tree:
        raise StepError("no sources: run the fetch step first")
    source = os.path.join(tree, project.subdir)
    run(["cmake", "-S", source, "-B", build, "-G", "Ninja",
         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
         "-DCMAKE_BUILD_TYPE=Release",
         # The TUs are parsed, not built: a precompiled header they would
         # include does not exist.
         "-DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON",
         "-DCMAKE_C_COMPILER=clang-%s" % compiler_major,
         "-DCMAKE_CXX_COMPILER=clang++-%s" % compiler_major] +
        project.cmake_args, log_path=logs)
    if "autogen" in project.gen:
        run_autogen(build, logs)
    targets = generator_targets(build, project.gen)
    if targets:
        # Headers the build generates (Qt's moc and uic output, config
        # headers): without them those TUs would not compile.
        run(["ninja", "-C", build, "-j", "2", "-k", "0"] + targets,
            log_path=logs)
    if not os.path.exists(compdb):
        raise StepError("cmake wrote no %s" % compdb)
    open(stamp, "w").close()


def step_run(project, work, args):
    tree = source_tree(project, work)
    state = os.path.join(work, "run-" + args.mode)
    argv = ["--compdb", os.path.join(work, "build"), "--state", state,
            # '=': the value starts with '-'.
            "--tidy", args.tidy, "--checks=" + MODES[args.mode],
            "--timeout", str(args.timeout),
            "--wall-timeout", str(args.wall_timeout), "-j", str(args.jobs),
            # The project's own headers too, not the system's.
            "--header-filter", "^" + re.escape(tree.rstrip("/")) + "/"]
    if args.mode == "profile":
        argv.append("--profile")
    if project.exclude:
        argv += ["--exclude", project.exclude]
    argv += ["--extra-arg=" + a for a in project.args]
    if args.shard:
        argv += ["--shard", args.shard, "--root", tree]
    if args.max_tus:
        argv += ["--max-tus", str(args.max_tus)]
    if args.redo:
        argv.append("--redo=" + args.redo)
    started = time.monotonic()
    status = run_tus.main(argv)
    with open(os.path.join(state, "runs.log"), "a", encoding="utf-8") as f:
        f.write("%s exit=%d wall=%.1fs jobs=%d argv=%s\n" %
                (time.strftime("%Y-%m-%dT%H:%M:%S"), status,
                 time.monotonic() - started, args.jobs, json.dumps(argv)))
    if status == 2:
        raise StepError("the TU run could not start")


def step_summary(project, work, args):
    tree = source_tree(project, work)
    tus = run_tus.selected_tus(os.path.join(work, "build"),
                               exclude_regex=project.exclude,
                               shard=args.shard or "", root=tree,
                               max_tus=args.max_tus)
    summary = report.summarise_project(
        name=project.name, style=project.style,
        version=version_of(project, tree), tree=tree, work=work,
        mode=args.mode, sarif_tool=args.sarif, cheap_check=CHEAP_CHECK,
        tus=tus, record_key=run_tus.record_key,
        current_id=run_tus.binary_id(args.tidy))
    path = os.path.join(work, "summary-%s.json" % args.mode)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1)
    log("%s: %d TUs, %d not compiling, %d crashes, %d hangs, %d findings" %
        (project.name, summary["tus"], summary["compile_error_tus"],
         summary["crashes"], summary["hangs"], len(summary["findings"])))
    if len(summary["tidy_ids"]) > 1:
        log("%s: the records come from %d builds of taskbound-tidy; "
            "--redo=stale runs the older ones again" %
            (project.name, len(summary["tidy_ids"])))


def main(argv):
    parser = argparse.ArgumentParser(
        description="Run taskbound-tidy over Debian source packages.")
    parser.add_argument("projects", nargs="*",
                        help="names from the list (default: all)")
    parser.add_argument("--list", default=os.path.join(HERE, "projects.txt"))
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--sarif", required=True,
                        help="taskbound-sarif, which merges the findings")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--mode", choices=sorted(MODES), default="profile")
    parser.add_argument("--jobs", "-j", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300,
                        help="CPU seconds after which a TU counts as a hang")
    parser.add_argument("--wall-timeout", type=float, default=0,
                        help="wall-clock seconds after which a TU counts as "
                        "a hang (default: 10 times --timeout)")
    parser.add_argument("--shard", help="I/N: only shard I of N of each project")
    parser.add_argument("--max-tus", type=int, default=0)
    parser.add_argument("--redo", nargs="?", const="all",
                        help="run TUs again: all, or those of the given "
                        "statuses (e.g. compile-error,hang), or 'stale' "
                        "(made by another build of taskbound-tidy)")
    parser.add_argument("--compiler-major", default="19")
    parser.add_argument("--markdown", action="store_true",
                        help="print the docs/realworld.md tables and stop")
    parser.add_argument("--update-doc", metavar="FILE",
                        help="write the tables and findings into FILE "
                        "(docs/realworld.md) between its markers, and stop")
    parser.add_argument("--verdicts", default=os.path.join(HERE,
                                                           "verdicts.tsv"))
    parser.add_argument("--results", default=os.path.join(HERE, "results"),
                        help="where --update-doc keeps each project's "
                        "summary, and where the page's projects with no "
                        "summary in the work directory come from")
    args = parser.parse_args(argv)

    try:
        projects = project_list.parse(args.list)
    except project_list.ProjectListError as e:
        log(str(e))
        return 2
    unknown = set(args.projects) - {p.name for p in projects}
    if unknown:
        log("not in %s: %s" % (args.list, ", ".join(sorted(unknown))))
        return 2
    chosen = [p for p in projects
              if not args.projects or p.name in args.projects]
    steps = args.steps.split(",")
    if set(steps) - set(STEPS):
        log("--steps takes %s" % ",".join(STEPS))
        return 2
    work_root = os.path.abspath(args.work_dir)

    if args.markdown or args.update_doc:
        try:
            # Records of another build are counted apart from the --tidy's.
            current_id = run_tus.binary_id(args.tidy) \
                if os.path.isfile(args.tidy) else None
            names = [p.name for p in chosen]
            results, findings = report.markdown(
                work_root, names, args.mode, args.verdicts, current_id,
                args.results)
            if args.update_doc:
                report.update_doc(args.update_doc, results, findings)
                log("wrote %s" % args.update_doc)
                kept = report.keep_results(work_root, names, args.mode,
                                           args.results)
                if kept:
                    log("kept in %s: %s" % (args.results, ", ".join(kept)))
            else:
                print(results + "\n" + findings, end="")
        except (report.VerdictError, OSError) as e:
            log(str(e))
            return 2
        return 0

    failed = []
    for project in chosen:
        work = os.path.join(work_root, project.name)
        os.makedirs(work, exist_ok=True)
        logs = os.path.join(work, "steps.log")
        log("== %s" % project.name)
        try:
            for step in STEPS:
                if step not in steps:
                    continue
                if step == "fetch":
                    step_fetch(project, work, logs)
                elif step == "deps":
                    step_deps(project, work, logs)
                elif step == "configure":
                    step_configure(project, work, logs, args.compiler_major)
                elif step == "run":
                    step_run(project, work, args)
                else:
                    step_summary(project, work, args)
        except (StepError, OSError, subprocess.CalledProcessError,
                run_tus.load_shard_tool().ShardError) as e:
            log("%s: %s" % (project.name, e))
            failed.append(project.name)
    if "summary" in steps:
        path = report.write_overall(work_root, [p.name for p in chosen],
                                    args.mode)
        log("summary: %s" % path)
        with open(path, encoding="utf-8") as f:
            broken = [p["project"] for p in json.load(f)["per_project"]
                      if p["crashes"] or p["hangs"]]
        if broken:
            log("crashes or hangs in: %s" % ", ".join(broken))
            failed += [name for name in broken if name not in failed]
    if failed:
        log("failed: %s" % ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
