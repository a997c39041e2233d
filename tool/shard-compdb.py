#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Split a compile database into n shards, deterministically.

Every translation unit lands in exactly one shard, chosen by a hash of its
source path relative to --root (so runners that check the project out at
different places agree, and reordering the database moves nothing). Entries
for the same file (one file compiled with two sets of flags) stay together.

  shard-compdb.py --shards=N --output-dir=DIR [--root=DIR] [-p] BUILD
      writes DIR/shard-<i>/compile_commands.json for i in 0..N-1
  shard-compdb.py --shard=I/N [--root=DIR] [--list | --output=FILE] BUILD
      writes one shard's database (default: standard output), or with
      --list its source files, one a line

BUILD is a compile_commands.json or the directory that holds one.
run-clang-tidy-NN -p DIR/shard-<i> then lints one shard; each shard's
--export-fixes YAML goes to taskbound-sarif or taskbound-baseline, which merge
them (a finding in a header seen by two shards is reported once).
"""

import argparse
import hashlib
import json
import os
import sys


class ShardError(Exception):
    pass


def parse_shard(text):
    """'I/N' as (I, N), with 0 <= I < N."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ShardError("--shard must be I/N (e.g. 0/3), not %r" % text)
    if count < 1 or not 0 <= index < count:
        raise ShardError("--shard %s: need 0 <= I < N and N >= 1" % text)
    return index, count


def load_compdb(path):
    if os.path.isdir(path):
        path = os.path.join(path, "compile_commands.json")
    try:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
    except OSError as e:
        raise ShardError("cannot read %s: %s" % (path, e.strerror))
    except ValueError as e:
        raise ShardError("%s is not JSON: %s" % (path, e))
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("file"), str) and
            isinstance(e.get("directory"), str) for e in entries):
        raise ShardError("%s is not a compile database (a list of entries "
                         "with 'directory' and 'file')" % path)
    return entries


def source_path(entry):
    """The entry's file as a normalised absolute path."""
    return os.path.normpath(os.path.join(entry["directory"], entry["file"]))


def shard_key(path, root):
    """What the shard is computed from: the path relative to root (with '/'
    separators), or the absolute path for a file outside root."""
    rel = os.path.relpath(path, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = path
    return rel.replace(os.sep, "/")


def shard_of(path, root, count):
    digest = hashlib.sha1(shard_key(path, root).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def split(entries, root, count):
    """The entries of each shard, each list in the database's order."""
    shards = [[] for _ in range(count)]
    root = os.path.abspath(root)
    for entry in entries:
        shards[shard_of(source_path(entry), root, count)].append(entry)
    return shards


def write_json(entries, out):
    json.dump(entries, out, indent=2)
    out.write("\n")


def main(argv):
    parser = argparse.ArgumentParser(
        description="Split a compile database into deterministic shards.")
    parser.add_argument("build", metavar="BUILD",
                        help="compile_commands.json or its directory")
    parser.add_argument("-p", action="store_true",
                        help="ignored (run-clang-tidy habit)")
    parser.add_argument("--root", default=".",
                        help="paths are hashed relative to it (default: .)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--shard", help="I/N: write only shard I of N")
    mode.add_argument("--shards", type=int,
                      help="N: write every shard under --output-dir")
    parser.add_argument("--output-dir", help="with --shards: where to write")
    parser.add_argument("--output", "-o", help="with --shard: where to write")
    parser.add_argument("--list", action="store_true",
                        help="with --shard: print the shard's files")
    args = parser.parse_args(argv)

    try:
        entries = load_compdb(args.build)
        if args.shards is not None:
            if args.shards < 1:
                raise ShardError("--shards must be at least 1")
            if not args.output_dir:
                raise ShardError("--shards needs --output-dir")
            for i, shard in enumerate(split(entries, args.root, args.shards)):
                directory = os.path.join(args.output_dir, "shard-%d" % i)
                os.makedirs(directory, exist_ok=True)
                with open(os.path.join(directory, "compile_commands.json"),
                          "w", encoding="utf-8") as out:
                    write_json(shard, out)
                print("shard-%d: %d entries" % (i, len(shard)))
            return 0
        index, count = parse_shard(args.shard)
        shard = split(entries, args.root, count)[index]
        if args.list:
            for path in dict.fromkeys(source_path(e) for e in shard):
                print(path)
        elif args.output:
            os.makedirs(os.path.dirname(os.path.abspath(args.output)),
                        exist_ok=True)
            with open(args.output, "w", encoding="utf-8") as out:
                write_json(shard, out)
        else:
            write_json(shard, sys.stdout)
        return 0
    except (ShardError, OSError) as e:
        print("shard-compdb: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
