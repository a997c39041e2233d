#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Checks that a file is a SARIF 2.1.0 log GitHub code scanning accepts.

    validate_sarif.py LOG.sarif [--source-root DIR]

Checks the structure the SARIF 2.1.0 specification requires of the parts
taskbound-sarif writes, and what GitHub's upload adds on top (a rule for every
ruleId, a message and a location with a line for every result, relative
paths under the source root). With --source-root, every region must lie
inside its file. Prints one line per result; exits 1 with the reasons if the
log is not valid.
"""

import argparse
import json
import os
import sys
import urllib.parse

LEVELS = {"none", "note", "warning", "error"}


class Validator:
    def __init__(self, source_root):
        self.errors = []
        self.source_root = source_root

    def need(self, condition, where, what):
        if not condition:
            self.errors.append("%s: %s" % (where, what))
        return condition

    def text(self, obj, key, where):
        value = obj.get(key) if isinstance(obj, dict) else None
        ok = isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"]
        self.need(ok, where, "needs a non-empty %s.text" % key)

    def uri(self, value, where, absolute):
        parsed = urllib.parse.urlparse(value if isinstance(value, str) else "")
        if absolute:
            self.need(parsed.scheme != "", where, "%r is not an absolute URI" % value)
        else:
            self.need(isinstance(value, str) and value != "", where, "needs a uri")

    def region(self, region, where, path):
        if not self.need(isinstance(region, dict), where, "needs a region"):
            return
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            if key in region:
                self.need(isinstance(region[key], int) and region[key] >= 1, where,
                          "%s must be a positive integer" % key)
        self.need("startLine" in region, where, "needs startLine")
        if "endLine" in region:
            self.need((region["endLine"], region.get("endColumn", 1))
                      >= (region["startLine"], region.get("startColumn", 1)),
                      where, "ends before it starts")
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            line = region.get("startLine", 0)
            if self.need(1 <= line <= len(lines), where, "line %d is not in %s" % (line, path)):
                width = len(lines[line - 1].encode("utf-16-le")) // 2
                self.need(region.get("startColumn", 1) <= width + 1, where,
                          "column %d is past the end of line %d" % (region["startColumn"], line))

    def location(self, loc, where, bases):
        physical = loc.get("physicalLocation") if isinstance(loc, dict) else None
        if not self.need(isinstance(physical, dict), where, "needs a physicalLocation"):
            return
        artifact = physical.get("artifactLocation", {})
        uri = artifact.get("uri")
        path = None
        if "uriBaseId" in artifact:
            self.need(artifact["uriBaseId"] in bases, where,
                      "uriBaseId %r is not in originalUriBaseIds" % artifact["uriBaseId"])
            self.need(not urllib.parse.urlparse(uri or "").scheme, where,
                      "a uri with a uriBaseId must be relative, not %r" % uri)
            if self.source_root:
                path = os.path.join(self.source_root, urllib.parse.unquote(uri or ""))
        else:
            self.uri(uri, where, absolute=True)
        self.region(physical.get("region"), where, path)

    def run(self, run, where):
        driver = run.get("tool", {}).get("driver", {})
        self.need(isinstance(driver.get("name"), str) and driver["name"], where,
                  "tool.driver.name is required")
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        self.need(len(ids) == len(set(ids)), where, "rule ids must be unique")
        for i, rule in enumerate(rules):
            rw = "%s.rules[%d]" % (where, i)
            self.need(isinstance(rule.get("id"), str) and rule["id"], rw, "needs an id")
            self.text(rule, "shortDescription", rw)
            self.uri(rule.get("helpUri"), rw, absolute=True)
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            self.need(level in LEVELS, rw, "bad default level %r" % level)
        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            self.need(str(base.get("uri", "")).endswith("/"), where,
                      "originalUriBaseIds[%s].uri must end with '/'" % name)
            self.uri(base.get("uri"), where, absolute=True)
        self.need(run.get("columnKind", "utf16CodeUnits") in
                  ("utf16CodeUnits", "unicodeCodePoints"), where, "bad columnKind")
        results = run.get("results")
        if not self.need(isinstance(results, list), where, "results must be an array"):
            return
        for i, result in enumerate(results):
            rw = "%s.results[%d]" % (where, i)
            rule_id = result.get("ruleId")
            self.need(rule_id in ids, rw, "ruleId %r has no rule" % rule_id)
            if "ruleIndex" in result:
                self.need(0 <= result["ruleIndex"] < len(ids)
                          and ids[result["ruleIndex"]] == rule_id, rw,
                          "ruleIndex does not point at rule %r" % rule_id)
            self.need(result.get("level", "warning") in LEVELS, rw, "bad level")
            self.text(result, "message", rw)
            locations = result.get("locations", [])
            self.need(len(locations) >= 1, rw, "needs a location")
            for j, loc in enumerate(locations):
                self.location(loc, "%s.locations[%d]" % (rw, j), bases)
            related_ids = set()
            for j, loc in enumerate(result.get("relatedLocations", [])):
                lw = "%s.relatedLocations[%d]" % (rw, j)
                self.location(loc, lw, bases)
                self.text(loc, "message", lw)
                self.need(loc.get("id") not in related_ids, lw, "duplicate id")
                related_ids.add(loc.get("id"))
            for key, value in result.get("partialFingerprints", {}).items():
                self.need(isinstance(value, str) and value, rw,
                          "partialFingerprints[%s] must be a string" % key)
            for j, fix in enumerate(result.get("fixes", [])):
                fw = "%s.fixes[%d]" % (rw, j)
                changes = fix.get("artifactChanges", [])
                self.need(len(changes) >= 1, fw, "needs artifactChanges")
                for change in changes:
                    self.need(len(change.get("replacements", [])) >= 1, fw,
                              "needs replacements")
                    for rep in change.get("replacements", []):
                        self.need("deletedRegion" in rep, fw, "needs deletedRegion")
            where_loc = locations[0]["physicalLocation"] if locations else {}
            region = where_loc.get("region", {})
            print("result: %s %s:%s:%s %s" % (
                rule_id, where_loc.get("artifactLocation", {}).get("uri"),
                region.get("startLine"), region.get("startColumn"),
                result.get("message", {}).get("text")))
            for loc in result.get("relatedLocations", []):
                r = loc["physicalLocation"].get("region", {})
                print("  related: %s:%s %s" % (r.get("startLine"), r.get("startColumn"),
                                               loc.get("message", {}).get("text")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--source-root")
    args = parser.parse_args()
    with open(args.log, encoding="utf-8") as f:
        try:
            log = json.load(f)
        except json.JSONDecodeError as error:
            print("invalid: not JSON: %s" % error)
            return 1
    v = Validator(args.source_root)
    v.need(log.get("version") == "2.1.0", "log", "version must be \"2.1.0\"")
    v.need("sarif-2.1.0" in str(log.get("$schema", "")), "log",
           "$schema must name SARIF 2.1.0")
    runs = log.get("runs")
    if v.need(isinstance(runs, list) and len(runs) >= 1, "log", "needs runs"):
        for i, run in enumerate(runs):
            v.run(run, "runs[%d]" % i)
    for error in v.errors:
        print("invalid: " + error)
    if v.errors:
        return 1
    print("valid SARIF 2.1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
