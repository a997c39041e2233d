#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Drives taskbound-clangd over LSP and checks it against taskbound-tidy.

    check_lsp.py --clangd BIN --tidy BIN --sarif BIN --template .clangd
                 --resource-dir DIR --workdir DIR
                 [--edit-from TEXT --edit-to TEXT] [--apply-fix TITLE]... FILE

FILE is copied into a fresh workspace with a compile_commands.json and the
.clangd template. Then, for each version of the file (as opened; after a
didChange that replaces the unique occurrence of --edit-from by --edit-to;
and after each --apply-fix, which applies the first quick fix of a compared
diagnostic whose title contains TITLE, as an editor would, and sends the
result as the next version):

  * the clang-tidy diagnostics clangd publishes (those whose code matches
    --checks) must be exactly taskbound-tidy's for the same text: check name,
    message, position, and each note as relatedInformation;
  * every fix-it taskbound-tidy exports for a diagnostic (on the warning or on
    a note) must come back as a quick-fix code action with the same edits, and
    no other quick fix may be offered for it.

--expect-diagnostics/--expect-after-edit/--expect-after-fixes give how many
diagnostics each version must have, so the test cannot pass by both tools
seeing nothing; an applied fix must also clear the diagnostic it came from.
Prints what it saw (each quick fix with its title); exits 1 on the first
mismatch.
"""

import argparse
import fnmatch
import json
import os
import pathlib
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient, LspError, byte_offset  # noqa: E402


class Mismatch(Exception):
    pass


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clangd", required=True)
    p.add_argument("--tidy", required=True)
    p.add_argument("--sarif", required=True, help="taskbound-sarif, to read --export-fixes")
    p.add_argument("--template", required=True, help="the .clangd to use")
    p.add_argument("--resource-dir", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--checks", default="taskbound-*",
                   help="glob of the diagnostic codes compared")
    p.add_argument("--extra-check", action="append", default=[],
                   help="a further clang-tidy check to enable in both tools")
    p.add_argument("--edit-from")
    p.add_argument("--edit-to")
    p.add_argument("--apply-fix", action="append", default=[], metavar="TITLE",
                   help="apply the first quick fix whose title contains TITLE")
    p.add_argument("--flag", action="append", default=[],
                   help="a further compiler flag for the file")
    p.add_argument("--expect-diagnostics", type=int, required=True)
    p.add_argument("--expect-after-edit", type=int)
    p.add_argument("--expect-after-fixes", type=int)
    p.add_argument("--min-fixits", type=int, default=0,
                   help="fail unless at least this many fix-its were compared")
    p.add_argument("--std", default="c++20")
    p.add_argument("--timeout", type=float, default=180.0)
    p.add_argument("file")
    return p.parse_args()


def setup_workspace(args):
    work = pathlib.Path(args.workdir).resolve()
    shutil.rmtree(work, ignore_errors=True)
    (work / "src").mkdir(parents=True)
    source = work / "src" / os.path.basename(args.file)
    shutil.copyfile(args.file, source)
    command = {"directory": str(work), "file": str(source),
               "arguments": ["clang++", "-std=" + args.std] + args.flag
               + ["-c", str(source)]}
    (work / "compile_commands.json").write_text(json.dumps([command]))
    config = pathlib.Path(args.template).read_text()
    if args.extra_check:
        # A second fragment; clangd merges the Add lists of all fragments.
        config += "\n---\nDiagnostics:\n  ClangTidy:\n    Add: [%s]\n" % ", ".join(
            args.extra_check)
    (work / ".clangd").write_text(config)
    # taskbound-tidy reads .clang-tidy; it must not inherit one from above.
    checks = ",".join(["-*", args.checks] + args.extra_check)
    (work / ".clang-tidy").write_text("Checks: '%s'\n" % checks)
    # Keep the user's clangd config and index out of the test.
    (work / "xdg").mkdir()
    return work, source


def tidy_findings(args, work, source, text, version):
    """taskbound-tidy's view of `text`, as SARIF results."""
    source.write_text(text)
    fixes = work / ("fixes-v%d.yaml" % version)
    run = subprocess.run(
        [args.tidy, "-p", str(work), "--export-fixes=" + str(fixes),
         "--extra-arg=-resource-dir=" + args.resource_dir, str(source)],
        capture_output=True, text=True)
    if run.returncode != 0:
        raise Mismatch("taskbound-tidy failed:\n" + run.stdout + run.stderr)
    if not fixes.exists():  # nothing to report
        return []
    sarif = subprocess.run([args.sarif, "--root=" + str(work), str(fixes)],
                           capture_output=True, text=True)
    if sarif.returncode != 0:
        raise Mismatch("taskbound-sarif failed:\n" + sarif.stderr)
    return json.loads(sarif.stdout)["runs"][0]["results"]


def lsp_position(region):
    return (region["startLine"] - 1, region["startColumn"] - 1)


def same_message(lsp, tidy):
    # clangd capitalises the first letter of messages and notes, and tells
    # clients that do not ask for fixes inline that there are some.
    for suffix in (" (fix available)", " (fixes available)"):
        if lsp.endswith(suffix):
            lsp = lsp[:-len(suffix)]
    return lsp[:1].lower() == tidy[:1].lower() and lsp[1:] == tidy[1:]


def same_place(text, lsp_range, region):
    """Whether an LSP range stands for clang-tidy's location `region`: clangd
    widens a location to the token there, or to the next token when the
    location is whitespace (e.g. just after the `)` of a `for`)."""
    at = region["byteOffset"]
    start = byte_offset(text, lsp_range["start"])
    end = byte_offset(text, lsp_range["end"])
    if start <= at < max(end, start + 1):
        return True
    return start > at and text.encode("utf-8")[at:start].strip() == b""


def expected_fixes(result):
    """Each fix of a SARIF result as a sorted list of (offset, length, text)."""
    fixes = []
    for fix in result.get("fixes", []):
        edits = []
        for change in fix["artifactChanges"]:
            for r in change["replacements"]:
                region = r["deletedRegion"]
                edits.append((region["byteOffset"], region["byteLength"],
                              r["insertedContent"]["text"]))
        fixes.append(sorted(edits))
    return sorted(fixes)


def all_exported_edits(results):
    return {edit for result in results for fix in expected_fixes(result)
            for edit in fix}


def fixes_match(wanted, offered, exported):
    """Whether each exported fix-it has its own code action with its edits.

    clang-tidy drops an edit from a fix when another fix in the file makes the
    same one (two notes that both insert the same #include); clangd keeps it.
    So an action may carry more edits than its fix, but only edits that
    clang-tidy exported elsewhere in the file.
    """
    if len(wanted) != len(offered):
        return False
    if not wanted:
        return True
    first, rest = wanted[0], wanted[1:]
    for i, action in enumerate(offered):
        extra = set(action) - set(first)
        if set(first) <= set(action) and extra <= exported:
            if fixes_match(rest, offered[:i] + offered[i + 1:], exported):
                return True
    return False


def action_edits(action, uri, text):
    """The edits of a code action on `uri` as sorted (offset, length, text)."""
    edit = action.get("edit", {})
    edits = list(edit.get("changes", {}).get(uri, []))
    for change in edit.get("documentChanges", []):
        if change.get("textDocument", {}).get("uri") == uri:
            edits += change["edits"]
    out = []
    for e in edits:
        start = byte_offset(text, e["range"]["start"])
        end = byte_offset(text, e["range"]["end"])
        out.append((start, end - start, e["newText"]))
    return sorted(out)


def compare(client, args, uri, text, published, expected):
    """Compares one version's published diagnostics with taskbound-tidy's."""
    ours = [d for d in published
            if d.get("source") == "clang-tidy"
            and fnmatch.fnmatchcase(str(d.get("code", "")), args.checks)
            or str(d.get("code", "")) in args.extra_check]
    theirs = [r for r in expected
              if fnmatch.fnmatchcase(r["ruleId"], args.checks)
              or r["ruleId"] in args.extra_check]
    for d in ours:
        start = d["range"]["start"]
        print("diagnostic: %s %d:%d %s" % (d["code"], start["line"] + 1,
                                          start["character"] + 1, d["message"]))
        for info in d.get("relatedInformation", []):
            at = info["location"]["range"]["start"]
            print("  related: %d:%d %s" % (at["line"] + 1, at["character"] + 1,
                                           info["message"]))
    if len(ours) != len(theirs):
        raise Mismatch("clangd published %d diagnostic(s), taskbound-tidy reports %d"
                       % (len(ours), len(theirs)))

    fixits = 0
    offers = []
    unmatched = list(ours)
    for result in theirs:
        region = result["locations"][0]["physicalLocation"]["region"]
        where = lsp_position(region)
        match = next((d for d in unmatched
                      if d["code"] == result["ruleId"]
                      and same_place(text, d["range"], region)
                      and same_message(d["message"], result["message"]["text"])), None)
        if match is None:
            raise Mismatch("no LSP diagnostic for %s at %d:%d: %s" % (
                result["ruleId"], where[0] + 1, where[1] + 1, result["message"]["text"]))
        unmatched.remove(match)

        # clangd turns a note with a fix-it into a quick fix, not a note.
        fixing_notes = {f.get("properties", {}).get("relatedLocationId")
                        for f in result.get("fixes", [])}
        notes = [n for n in result.get("relatedLocations", [])
                 if n["id"] not in fixing_notes]
        related = match.get("relatedInformation", [])
        if len(related) != len(notes):
            raise Mismatch("%s: %d note(s) from taskbound-tidy, %d relatedInformation"
                           % (result["ruleId"], len(notes), len(related)))
        for note, info in zip(notes, related):
            note_region = note["physicalLocation"]["region"]
            note_at = lsp_position(note_region)
            if (info["location"]["uri"] != uri
                    or not same_place(text, info["location"]["range"], note_region)
                    or not same_message(info["message"], note["message"]["text"])):
                raise Mismatch("%s: note %r at %d:%d arrived as %r" % (
                    result["ruleId"], note["message"]["text"], note_at[0] + 1,
                    note_at[1] + 1, info))

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": match["range"],
            "context": {"diagnostics": [match], "only": ["quickfix"]},
        }) or []
        quick = [a for a in actions
                 if a.get("kind", "quickfix") == "quickfix"
                 and all(d["range"] == match["range"]
                         and d["message"] == match["message"]
                         for d in a.get("diagnostics", [match]))]
        offered = [action_edits(a, uri, text) for a in quick]
        wanted = expected_fixes(result)
        print("  fix-its: %d exported, %d code action(s)" % (len(wanted), len(offered)))
        for action, edits in zip(quick, offered):
            print("  quick fix: %s" % action.get("title", ""))
            offers.append((action.get("title", ""), edits))
        if not fixes_match(wanted, offered, all_exported_edits(expected)):
            raise Mismatch("%s at %d:%d: fix-its %r, code actions %r" % (
                result["ruleId"], where[0] + 1, where[1] + 1, wanted, offered))
        fixits += len(wanted)
    return len(ours), fixits, offers


def apply_edits(text, edits):
    """`text` with the (byte offset, length, new text) edits applied."""
    data = text.encode("utf-8")
    for start, length, new in sorted(edits, reverse=True):
        data = data[:start] + new.encode("utf-8") + data[start + length:]
    return data.decode("utf-8")


# How long to wait for clangd to publish a version again once it has rebuilt the
# preamble (the include lines) an edit changed.
PREAMBLE_REBUILD_WAIT = 60.0


def new_version(client, args, work, source, uri, text, version, what,
                preamble_changed=False):
    """Sends `text` as the next version and compares what comes back.

    When the edit changed the file's includes, clangd first builds the new
    version on the old preamble, where the checks do not see the new include
    (a quick fix would add it again), and publishes again once the new
    preamble is built; an editor ends up showing that second publication, so
    it is the one compared. If none comes, the preamble was already current.
    """
    expected = tidy_findings(args, work, source, text, version)
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]})
    this_version = lambda p: p["uri"] == uri and p.get("version") == version
    published = client.wait_notification("textDocument/publishDiagnostics",
                                         this_version)
    if preamble_changed:
        again = client.next_notification("textDocument/publishDiagnostics",
                                         this_version, PREAMBLE_REBUILD_WAIT)
        published = again or published
    published = published["diagnostics"]
    print("== " + what)
    return compare(client, args, uri, text, published, expected)


def main():
    args = parse_args()
    work, source = setup_workspace(args)
    original = source.read_text()
    if args.edit_from is not None and original.count(args.edit_from) != 1:
        print("error: --edit-from must occur exactly once in %s" % args.file)
        return 2
    uri = source.as_uri()

    env = dict(os.environ, XDG_CONFIG_HOME=str(work / "xdg"),
               XDG_CACHE_HOME=str(work / "xdg"))
    log = open(work / "clangd.log", "w")
    client = LspClient([args.clangd, "--log=info", "--background-index=false",
                        "--pch-storage=memory"], env=env, stderr=log,
                       timeout=args.timeout)
    try:
        client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": work.as_uri(),
            "capabilities": {"textDocument": {
                "publishDiagnostics": {"relatedInformation": True},
                "synchronization": {"didSave": False},
                "codeAction": {"codeActionLiteralSupport": {
                    "codeActionKind": {"valueSet": ["quickfix", "refactor"]}}},
            }},
        })
        client.notify("initialized", {})

        # Version 1: the file as it is.
        expected = tidy_findings(args, work, source, original, 1)
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": original}})
        published = client.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and p.get("version") == 1)["diagnostics"]
        print("== as opened")
        count, fixits, offers = compare(client, args, uri, original, published,
                                        expected)
        if count != args.expect_diagnostics:
            raise Mismatch("expected %d diagnostic(s) as opened, got %d"
                           % (args.expect_diagnostics, count))
        text, version = original, 1
        if args.edit_from is not None:
            fixits += edit_step(client, args, work, source, uri, original)
            text, version = None, 2
        if args.apply_fix:
            if text is None:
                raise Mismatch("--apply-fix and --edit-from cannot be combined")
            fixits += fix_steps(client, args, work, source, uri, text, version,
                                count, offers)
        if fixits < args.min_fixits:
            raise Mismatch("only %d fix-it(s) compared, at least %d expected"
                           % (fixits, args.min_fixits))
        print("fix-its compared: %d" % fixits)
        code = client.shutdown()
        print("clangd exit code: %d" % code)
        return 0 if code == 0 else 1
    except (Mismatch, LspError) as error:
        client.kill()
        log.close()
        print("FAIL: %s" % error)
        print("clangd log: %s" % (work / "clangd.log"))
        return 1


def fix_steps(client, args, work, source, uri, text, version, count, offers):
    """Applies each --apply-fix in turn; each must clear one diagnostic."""
    fixits = 0
    for title in args.apply_fix:
        chosen = next((edits for t, edits in offers if title in t), None)
        if chosen is None:
            raise Mismatch("no quick fix titled %r among %r"
                           % (title, [t for t, _ in offers]))
        text = apply_edits(text, chosen)
        version += 1
        adds_include = any("#include" in new for _, _, new in chosen)
        after, more, offers = new_version(client, args, work, source, uri, text,
                                          version, "after the fix %r" % title,
                                          preamble_changed=adds_include)
        fixits += more
        if after != count - 1:
            raise Mismatch("the fix %r left %d diagnostic(s) of %d" % (title, after, count))
        count = after
    if args.expect_after_fixes is not None and count != args.expect_after_fixes:
        raise Mismatch("expected %d diagnostic(s) after the fixes, got %d"
                       % (args.expect_after_fixes, count))
    return fixits


def edit_step(client, args, work, source, uri, original):
    """Version 2: an incremental edit that bounds the loop."""
    start = original.index(args.edit_from)
    edited = original[:start] + args.edit_to + original[start + len(args.edit_from):]
    before = original[:start]
    line = before.count("\n")
    column = len(before[before.rfind("\n") + 1:].encode("utf-16-le")) // 2
    end_text = original[:start + len(args.edit_from)]
    end_line = end_text.count("\n")
    end_column = len(end_text[end_text.rfind("\n") + 1:].encode("utf-16-le")) // 2
    expected = tidy_findings(args, work, source, edited, 2)
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{
            "range": {"start": {"line": line, "character": column},
                      "end": {"line": end_line, "character": end_column}},
            "text": args.edit_to}]})
    published = client.wait_notification(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == uri and p.get("version") == 2)["diagnostics"]
    print("== after the edit")
    count, more, _ = compare(client, args, uri, edited, published, expected)
    if count != args.expect_after_edit:
        raise Mismatch("expected %d diagnostic(s) after the edit, got %d"
                       % (args.expect_after_edit, count))
    return more


if __name__ == "__main__":
    sys.exit(main())
