# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The project list of the real-world harness (tool/realworld/projects.txt).

One project a line:

  NAME [key=value ...] [-- CMAKE-ARGUMENT ...]

NAME is the Debian source package (apt-get source NAME). Keys:
  style=WORDS     what kind of code it is, for the report (e.g. boost-asio)
  subdir=DIR      where its top CMakeLists.txt is, inside the source tree
  gen=T1,T2       what generates sources, run after configure: 'autogen' is
                  Qt's moc, uic and rcc as CMake's AUTOMOC/AUTOUIC/AUTORCC run
                  them; 'generated' every source or header a custom command
                  writes (qt_wrap_ui, code generators); other names are ninja
                  targets
  deps=SPEC       'build-dep' (default): apt-get build-dep NAME; 'none'; or
                  packages to install, comma-separated
  extra=P1,P2     packages to install beside the build dependencies
  src=DIR         a local source tree instead of apt-get source (tests)
  exclude=REGEX   translation units to leave out (the reason goes in a
                  comment above the line)
  arg=FLAG        a compiler flag added to every TU's command (clang-tidy's
                  --extra-arg); may be given more than once
Everything after '--' goes to cmake's configure command. '#' starts a comment.
"""

import shlex


class ProjectListError(Exception):
    pass


KEYS = {"style", "subdir", "gen", "deps", "extra", "src", "exclude", "arg"}


class Project:
    def __init__(self, name, options, cmake_args):
        self.name = name
        self.style = options.get("style", "")
        self.subdir = options.get("subdir", "")
        self.gen = [t for t in options.get("gen", "").split(",") if t]
        self.deps = options.get("deps", "build-dep")
        self.extra = [p for p in options.get("extra", "").split(",") if p]
        self.src = options.get("src", "")
        self.exclude = options.get("exclude", "")
        self.args = options.get("arg", [])
        self.cmake_args = cmake_args


def parse(path):
    projects = []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except OSError as e:
        raise ProjectListError("cannot read %s: %s" % (path, e.strerror))
    for number, line in enumerate(lines, 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as e:
            raise ProjectListError("%s:%d: %s" % (path, number, e))
        if not words:
            continue
        name, rest = words[0], words[1:]
        options, cmake_args = {}, []
        for i, word in enumerate(rest):
            if word == "--":
                cmake_args = rest[i + 1:]
                break
            key, eq, value = word.partition("=")
            if not eq or key not in KEYS:
                raise ProjectListError(
                    "%s:%d: %r is not key=value with a key in %s" %
                    (path, number, word, ", ".join(sorted(KEYS))))
            if key == "arg":
                options.setdefault("arg", []).append(value)
            else:
                options[key] = value
        if any(p.name == name for p in projects):
            raise ProjectListError("%s:%d: %s is listed twice" %
                                   (path, number, name))
        projects.append(Project(name, options, cmake_args))
    return projects
