# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Summaries of real-world runs: per project and overall (JSON), and the
tables and findings of docs/realworld.md (markdown)."""

import json
import os
import re
import statistics
import subprocess

BAD = ("crash", "hang", "failed")
NO_LOCATION = re.compile(r"^\s*FilePath:\s*''\s*$", re.M)


def load_records(state, tus, record_key):
    """The records of the TUs the run covers (a TU that left the compile
    database since, e.g. after a reconfigure, does not count)."""
    records = []
    for tu in tus:
        path = os.path.join(state, record_key(tu) + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                records.append(json.load(f))
    return records


def taskbound_seconds(record):
    return sum(v for k, v in record.get("check_s", {}).items()
               if k.startswith("taskbound-"))


def tu_ratio(record):
    """The TU's CPU time over what it would cost without taskbound's
    checks, from the per-check profile."""
    base = record["cpu_s"] - taskbound_seconds(record)
    return record["cpu_s"] / base if base > 0 else 1.0


def findings_from_sarif(sarif_path, tree):
    with open(sarif_path, encoding="utf-8") as f:
        log = json.load(f)
    findings = []
    for result in log["runs"][0].get("results", []):
        if not result["ruleId"].startswith("taskbound-"):
            continue
        loc = result["locations"][0]["physicalLocation"]
        finding = {
            "check": result["ruleId"],
            "file": loc["artifactLocation"]["uri"],
            "line": loc["region"]["startLine"],
            "column": loc["region"]["startColumn"],
            "message": result["message"]["text"],
            "notes": [],
        }
        for note in result.get("relatedLocations", []):
            where = note["physicalLocation"]
            finding["notes"].append({
                "file": where["artifactLocation"]["uri"],
                "line": where["region"]["startLine"],
                "message": note["message"]["text"],
            })
        findings.append(finding)
    return findings


def merged_findings(sarif_tool, tree, sarif, fixes):
    """taskbound-sarif merges the TUs' exports: a finding in a header that
    several TUs include is one result."""
    with open(os.path.join(os.path.dirname(sarif), "sarif.log"), "w") as err:
        subprocess.run([sarif_tool, "--root=" + tree, "--output=" + sarif] +
                       fixes, check=True, stderr=err)
    return findings_from_sarif(sarif, tree)


def summarise_project(name, style, version, tree, work, mode, sarif_tool,
                      cheap_check, tus, record_key, current_id=None):
    """current_id: the binary of this run; with records of other builds
    too, each finding says whether a record of this build has it."""
    state = os.path.join(work, "run-" + mode)
    records = load_records(state, tus, record_key)
    count = {s: sum(r["status"] == s for r in records)
             for s in ("ok", "compile-error") + BAD}
    summary = {
        "project": name,
        "version": version,
        "style": style,
        "mode": mode,
        "source_tree": tree,
        "tus": len(records),
        "tus_not_run": len(tus) - len(records),
        "compile_error_tus": count["compile-error"],
        "crashes": count["crash"],
        "hangs": count["hang"],
        "failed": count["failed"],
        "bad_tus": [{"file": os.path.relpath(r["file"], tree),
                     "status": r["status"]}
                    for r in records if r["status"] in BAD],
        # Records made by different builds of taskbound-tidy (a rebuild
        # during a run): --redo=stale makes them one.
        "tidy_ids": {i: sum(r.get("tidy_id", "unknown") == i for r in records)
                     for i in sorted({r.get("tidy_id", "unknown")
                                      for r in records})},
        "cpu_s": round(sum(r["cpu_s"] for r in records), 1),
        "wall_s": round(sum(r["wall_s"] for r in records), 1),
    }
    check_s = {}
    for r in records:
        for check, seconds in r.get("check_s", {}).items():
            check_s[check] = check_s.get(check, 0.0) + seconds
    summary["check_s"] = {c: round(s, 3) for c, s in sorted(check_s.items())}
    if mode == "profile" and records:
        tb = sum(taskbound_seconds(r) for r in records)
        cheap = sum(r.get("check_s", {}).get(cheap_check, 0) for r in records)
        worst = max(records, key=tu_ratio)
        summary.update({
            "taskbound_check_s": round(tb, 2),
            "cheap_check_s": round(cheap, 3),
            # taskbound's checks against the rest of the run (parsing, the
            # cheap check): the overhead a user sees.
            "overhead_pct": round(100 * tb / (summary["cpu_s"] - tb), 2),
            "median_tu_ratio": round(statistics.median(
                tu_ratio(r) for r in records), 4),
            "max_tu_ratio": round(tu_ratio(worst), 4),
            "max_tu_file": os.path.relpath(worst["file"], tree),
        })
    fixes = [os.path.join(state, record_key(r["file"]) + ".yaml")
             for r in records]
    fixes = [f for f in fixes if os.path.exists(f)]
    # A TU whose command failed before parsing (its file missing) exports
    # errors with no location, which a SARIF result cannot hold; such a TU
    # has no finding of taskbound's either.
    unplaced = [f for f in fixes if NO_LOCATION.search(open(f).read())]
    summary["exports_without_location"] = len(unplaced)
    fixes = [f for f in fixes if f not in unplaced]
    summary["findings"] = []
    if fixes:
        summary["findings"] = merged_findings(
            sarif_tool, tree, os.path.join(work, "findings-%s.sarif" % mode),
            fixes)
    if current_id and len(summary["tidy_ids"]) > 1 and summary["findings"]:
        mine = [os.path.join(state, record_key(r["file"]) + ".yaml")
                for r in records if r.get("tidy_id") == current_id]
        mine = [f for f in mine if f in fixes]
        current = merged_findings(
            sarif_tool, tree,
            os.path.join(work, "findings-%s-current.sarif" % mode),
            mine) if mine else []
        summary["findings_current_id"] = current_id
        keys = {(f["check"], f["file"], f["line"]) for f in current}
        for f in summary["findings"]:
            f["current"] = (f["check"], f["file"], f["line"]) in keys
    return summary


def write_overall(work_root, names, mode):
    projects = [p for p, _ in load_summaries(work_root, names, mode)]
    overall = {
        "mode": mode,
        "projects": len(projects),
        "tus": sum(p["tus"] for p in projects),
        "compile_error_tus": sum(p["compile_error_tus"] for p in projects),
        "crashes": sum(p["crashes"] for p in projects),
        "hangs": sum(p["hangs"] for p in projects),
        "findings": sum(len(p["findings"]) for p in projects),
    }
    overheads = [p["overhead_pct"] for p in projects if "overhead_pct" in p]
    if overheads:
        overall["median_overhead_pct"] = round(statistics.median(overheads), 2)
        overall["max_tu_ratio"] = max(p["max_tu_ratio"] for p in projects
                                      if "max_tu_ratio" in p)
    overall["per_project"] = projects
    path = os.path.join(work_root, "summary-%s.json" % mode)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(overall, out, indent=1)
    return path


VERDICTS = ("real problem", "acceptable", "false alarm")


class VerdictError(Exception):
    pass


def short_check(check):
    return check[len("taskbound-"):] if check.startswith("taskbound-") \
        else check


def read_verdicts(path):
    """(project, file:line, check) -> (verdict, reason) from a tab-separated
    file: project, file:line, check (without 'taskbound-'), verdict, reason.
    Two checks can flag the same line, so the check is part of the key."""
    verdicts = {}
    if not os.path.exists(path):
        return verdicts
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t", 4)
            if len(fields) != 5 or fields[3] not in VERDICTS:
                raise VerdictError(
                    "%s:%d: want project<TAB>file:line<TAB>check<TAB>"
                    "verdict<TAB>reason, with a verdict in %s" %
                    (path, number, ", ".join(VERDICTS)))
            project, where, check, verdict, reason = fields
            verdicts[(project, where, short_check(check))] = (verdict, reason)
    return verdicts


def excerpt(tree, finding):
    """The lines from the loop (the note) to the spawn, at most 14; without
    the sources (a summary kept in the results directory), the excerpt
    kept with the finding."""
    try:
        with open(os.path.join(tree or "", finding["file"]), encoding="utf-8",
                  errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return finding.get("excerpt", "")
    last = finding["line"]
    first = last
    for note in finding["notes"]:
        if note["file"] == finding["file"] and last - 12 <= note["line"] < last:
            first = min(first, note["line"])
    first = max(1, first - 1)
    last = min(len(lines), last + 2)
    width = len(str(last))
    return "\n".join("%*d  %s" % (width, n, lines[n - 1])
                     for n in range(first, last + 1))


def fmt_seconds(s):
    return "%d min %02d s" % divmod(round(s), 60) if s >= 60 else "%.1f s" % s


def finding_section(name, tree, finding, verdict, reason):
    where = "%s:%d" % (finding["file"], finding["line"])
    code = excerpt(tree, finding)
    # The notes say why the loop is unbounded and, for a spawn one call
    # away, where the helper starts the task.
    notes = "".join("\n> note (%s:%d): %s" % (n["file"], n["line"],
                                             n["message"])
                    for n in finding["notes"])
    return "### %s `%s` (%s)\n\n**%s**%s\n\n```cpp\n%s\n```\n\n> %s%s\n" % (
        name, where, short_check(finding["check"]), verdict,
        " — " + reason if reason else "", code, finding["message"], notes)


def build_cell(tidy_ids, current_id):
    """Which build of taskbound-tidy made a project's records: 'current'
    (the --tidy binary), or how many TUs each older build made."""
    if current_id and set(tidy_ids) == {current_id}:
        return "current"
    if not current_id:
        return ", ".join("%d by %s" % (n, i)
                         for i, n in sorted(tidy_ids.items()))
    return ", ".join("%d current" % n if i == current_id else
                     "%d older (%s)" % (n, i)
                     for i, n in sorted(tidy_ids.items(),
                                        key=lambda kv: kv[0] != current_id))


def kept_name(results_dir, name, mode):
    return os.path.join(results_dir, "%s-%s.json" % (name, mode))


def keep_results(work_root, names, mode, results_dir):
    """Copies each project's summary from the work directory into
    results_dir (in the repository), with the code excerpt of every finding,
    so that the page can be written again where the sources and records are
    gone (another machine, a later session). Returns the names kept."""
    kept = []
    for p, _ in load_summaries(work_root, names, mode):
        name = p["project"]
        tree = p.get("source_tree")
        p["findings"] = [dict(finding, excerpt=excerpt(tree, finding))
                         for finding in p["findings"]]
        os.makedirs(results_dir, exist_ok=True)
        with open(kept_name(results_dir, name, mode), "w",
                  encoding="utf-8") as out:
            json.dump(p, out, indent=1, sort_keys=True)
            out.write("\n")
        kept.append(name)
    return kept


def load_summaries(work_root, names, mode, results_dir=None):
    """[(summary, kept)]: each project's summary from the work directory,
    or else (kept=True) the one keep_results left in results_dir."""
    found = []
    for name in names:
        path = os.path.join(work_root, name, "summary-%s.json" % mode)
        kept = not os.path.exists(path) and results_dir is not None
        if kept:
            path = kept_name(results_dir, name, mode)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            found.append((json.load(f), kept))
    return found


def markdown(work_root, names, mode, verdicts_path, current_id=None,
             results_dir=None):
    """(results, findings): the table of projects, the totals and the
    precision per check; then every finding with its code and verdict.
    current_id identifies the --tidy binary: records another build made
    (carried over from an older run) are counted apart. A project with no
    summary in the work directory is taken from results_dir."""
    verdicts = read_verdicts(verdicts_path)
    rows, sections, projects, not_run, from_kept = [], [], [], [], []
    judged = {}  # check -> verdict -> count
    check_s = {}  # check -> CPU seconds over all projects
    for p, kept in load_summaries(work_root, names, mode, results_dir):
        name = p["project"]
        if kept:
            from_kept.append(name)
        if not p["tus"]:
            not_run.append(name)
            continue
        projects.append(p)
        for check, seconds in p.get("check_s", {}).items():
            check_s[check] = check_s.get(check, 0.0) + seconds
        tus = str(p["tus"])
        if p.get("tus_not_run"):
            tus += " of %d" % (p["tus"] + p["tus_not_run"])
        rows.append("| %s | %s | %s | %s | %d | %d | %d | %s | %s | %s | %d "
                    "| %s |" % (
            p["project"], p["version"], p["style"], tus,
            p["compile_error_tus"], p["crashes"], p["hangs"],
            fmt_seconds(p["cpu_s"]),
            "%.2f %%" % p["overhead_pct"] if "overhead_pct" in p else "-",
            "%.3f" % p["max_tu_ratio"] if "max_tu_ratio" in p else "-",
            len(p["findings"]), build_cell(p.get("tidy_ids", {}), current_id)))
        tree = p.get("source_tree")
        for finding in p["findings"]:
            where = "%s:%d" % (finding["file"], finding["line"])
            verdict, reason = verdicts.get(
                (name, where, short_check(finding["check"])),
                ("not judged yet", ""))
            per_check = judged.setdefault(finding["check"], {})
            per_check[verdict] = per_check.get(verdict, 0) + 1
            # A finding of a project with records of several builds says
            # itself whether the current build made it.
            older = " (from records of an older build)" if current_id and \
                build_cell(p.get("tidy_ids", {}), current_id) != "current" \
                and not (finding.get("current") and
                         p.get("findings_current_id") == current_id) else ""
            sections.append(finding_section(name + older, tree, finding,
                                            verdict, reason))
    header = ("| project | version | style | TUs | not compiling | crashes "
              "| hangs | CPU time | taskbound overhead | worst TU ratio "
              "| findings | taskbound-tidy build |\n"
              "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
    overheads = [p["overhead_pct"] for p in projects if "overhead_pct" in p]
    totals = "**All**: %d projects, %d TUs (%d not compiling), %d crashes, " \
        "%d hangs, %d findings" % (
            len(projects), sum(p["tus"] for p in projects),
            sum(p["compile_error_tus"] for p in projects),
            sum(p["crashes"] for p in projects),
            sum(p["hangs"] for p in projects),
            sum(len(p["findings"]) for p in projects))
    partial = [p["project"] for p in projects if p.get("tus_not_run")]
    if partial:
        totals += " (not finished: %s)" % ", ".join(partial)
    if current_id:
        current = sum(p.get("tidy_ids", {}).get(current_id, 0)
                      for p in projects)
        totals += "; %d TUs run with the current build, %d carried over " \
            "from older builds" % (current,
                                   sum(p["tus"] for p in projects) - current)
    else:
        mixed = [p["project"] for p in projects
                 if len(p.get("tidy_ids", {})) > 1]
        if mixed:
            totals += " (records from more than one build of " \
                "taskbound-tidy: %s)" % ", ".join(mixed)
    if not_run:
        totals += "; not run yet: %s" % ", ".join(not_run)
    if from_kept:
        totals += "; kept from an earlier run (no records here): %s" % \
            ", ".join(from_kept)
    if overheads:
        totals += "; taskbound overhead: median %.2f %%, worst TU %.3fx" % (
            statistics.median(overheads),
            max(p["max_tu_ratio"] for p in projects if "max_tu_ratio" in p))
    cpu = sum(p["cpu_s"] for p in projects)
    per_check = ["%s %s (%.2f %%)" % (short_check(c), fmt_seconds(s),
                                       100.0 * s / cpu)
                 for c, s in sorted(check_s.items())
                 if c.startswith("taskbound-") and cpu > 0]
    if per_check:
        totals += ".\n\nCPU time of each taskbound check, all projects: " + \
            ", ".join(per_check)
    precision = ["| check | real problem | acceptable | false alarm "
                 "| not judged | precision |", "|---|--:|--:|--:|--:|--:|"]
    for check, counts in sorted(judged.items()):
        good = counts.get("real problem", 0) + counts.get("acceptable", 0)
        bad = counts.get("false alarm", 0)
        precision.append("| %s | %d | %d | %d | %d | %s |" % (
            check, counts.get("real problem", 0), counts.get("acceptable", 0),
            bad, sum(counts.values()) - good - bad,
            "%.0f %%" % (100.0 * good / (good + bad)) if good + bad else "-"))
    results = (header + "\n".join(rows) + "\n\n" + totals + ".\n\n" +
               "\n".join(precision) + "\n")
    return results, "\n".join(sections)


BEGIN = "<!-- realworld.sh --update-doc: %s, generated -->"
END = "<!-- realworld.sh --update-doc: end of %s -->"


def update_doc(doc_path, results, findings):
    """Replaces the generated parts of docs/realworld.md (between their
    markers) and keeps the hand-written text around them."""
    with open(doc_path, encoding="utf-8") as f:
        text = f.read()
    for part, body in (("results", results), ("findings", findings)):
        begin, end = BEGIN % part, END % part
        first = text.find(begin)
        last = text.find(end)
        if first < 0 or last < first:
            raise VerdictError("%s has no '%s' ... '%s' markers" %
                               (doc_path, begin, end))
        text = (text[:first + len(begin)] + "\n\n" + body.strip("\n") +
                "\n\n" + text[last:])
    with open(doc_path, "w", encoding="utf-8") as f:
        f.write(text)
