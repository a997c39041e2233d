#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Helpers for the shard-compdb tests.

  check_shards.py verify DB SHARD_DIR N ROOT
      fails unless every entry of DB is in exactly one of the N shard
      databases under SHARD_DIR (and all entries of one file in the same
      shard); prints each shard's files relative to ROOT, sorted
  check_shards.py permute DB OUT FROM TO
      writes DB reversed, with every path prefix FROM replaced by TO
"""

import json
import os
import sys


def source(entry):
    return os.path.normpath(os.path.join(entry["directory"], entry["file"]))


def identity(entry):
    return json.dumps(entry, sort_keys=True)


def verify(db, shard_dir, count, root):
    with open(db) as f:
        entries = json.load(f)
    seen = {}
    shard_of_file = {}
    for i in range(count):
        with open(os.path.join(shard_dir, "shard-%d" % i,
                               "compile_commands.json")) as f:
            shard = json.load(f)
        files = set()
        for entry in shard:
            key = identity(entry)
            if key in seen:
                sys.exit("entry in shards %d and %d: %s" % (seen[key], i, key))
            seen[key] = i
            path = source(entry)
            if shard_of_file.setdefault(path, i) != i:
                sys.exit("%s split over shards %d and %d" %
                         (path, shard_of_file[path], i))
            rel = os.path.relpath(path, root)
            files.add(path if rel.startswith(os.pardir) else rel)
        print("shard %d: %s" % (i, " ".join(sorted(files))))
    missing = [identity(e) for e in entries if identity(e) not in seen]
    if missing or len(seen) != len(entries):
        sys.exit("not in any shard: %s" % missing)
    print("every entry in exactly one shard")


def permute(db, out, old, new):
    with open(db) as f:
        entries = json.load(f)
    moved = [{k: v.replace(old, new) for k, v in e.items()}
             for e in reversed(entries)]
    with open(out, "w") as f:
        json.dump(moved, f, indent=1)


if __name__ == "__main__":
    if sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "permute":
        permute(*sys.argv[2:6])
    else:
        sys.exit(__doc__)
