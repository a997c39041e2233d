# lit configuration for taskbound's tool and check tests.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# -*- Python -*-

import os
import shutil

import lit.formats
import lit.util

config.name = "taskbound"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.taskbound_obj_root, "test")
# Inputs are included by tests, runtime/ is GoogleTest, not lit.
config.excludes = ["Inputs", "runtime", "CMakeLists.txt", "lit.cfg.py",
                   "check_tidy.py", "check_fixit_program.py"]

# FileCheck, not, count and the clang tools of the LLVM we build against.
config.environment["PATH"] = os.path.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# A user's clang config file must not change what the tests see.
config.environment["CLANG_NO_DEFAULT_CONFIG"] = "1"
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

bin_dir = os.path.join(config.taskbound_obj_root, "bin")
lib_dir = os.path.join(config.taskbound_obj_root, "lib")
taskbound_tidy = os.path.join(bin_dir, "taskbound-tidy")
clang_tidy = os.path.join(config.llvm_tools_dir, "clang-tidy")
plugin = os.path.join(lib_dir, "TaskboundTidyModule.so")
inputs = os.path.join(config.test_source_root, "Inputs")
check_tidy = os.path.join(config.test_source_root, "check_tidy.py")
check_fixit_program = os.path.join(config.test_source_root, "fixits",
                                   "check_fixit_program.py")
clangxx = os.path.join(config.llvm_tools_dir, "clang++")
runtime_include = os.path.join(config.taskbound_src_root, "runtime", "include")

config.available_features.add("llvm-" + config.llvm_major)

# The clang-tidy of the other supported LLVM major, for the mismatch test.
other_major = {"19": "22", "22": "19"}[config.llvm_major]
other_clang_tidy = "/usr/lib/llvm-%s/bin/clang-tidy" % other_major
if os.path.exists(other_clang_tidy):
    config.available_features.add("other-llvm")

# tool/check-format.sh needs clang-format 19 (its own fallback path included).
if shutil.which("clang-format-19") or os.path.exists("/usr/lib/llvm-19/bin/clang-format"):
    config.available_features.add("clang-format-19")

taskbound_clangd = os.path.join(bin_dir, "taskbound-clangd")
if os.path.exists(taskbound_clangd):
    config.available_features.add("clangd")

# TASKBOUND_LIT_PLUGIN_PARITY=0: %check_tidy lints with taskbound-tidy alone.
# tool/test-all.sh sets it for its second LLVM, where the plugin is still
# loaded and run by test/tool and test/integration; the comparison of every
# check case through both binaries is made on the first.
check_tidy_cmd = "%s %s --taskbound-tidy %s --clang-tidy %s --plugin %s" % (
    config.python_executable, check_tidy, taskbound_tidy, clang_tidy, plugin)
if os.environ.get("TASKBOUND_LIT_PLUGIN_PARITY", "1") == "0":
    check_tidy_cmd += " --no-plugin"

config.substitutions += [
    ("%check_tidy", check_tidy_cmd),
    ("%check_fixit_program", "%s %s --taskbound-tidy %s --cxx %s --runtime-include %s" % (
        config.python_executable, check_fixit_program, taskbound_tidy, clangxx,
        runtime_include)),
    ("%clangxx", clangxx),
    ("%runtime_include", runtime_include),
    ("%taskbound_tidy", taskbound_tidy),
    ("%taskbound_clangd", taskbound_clangd),
    ("%taskbound_sarif", os.path.join(bin_dir, "taskbound-sarif")),
    ("%taskbound_baseline", os.path.join(bin_dir, "taskbound-baseline")),
    ("%clang_tidy", clang_tidy),
    ("%other_clang_tidy", other_clang_tidy),
    ("%other_llvm_major", other_major),
    ("%llvm_major", config.llvm_major),
    ("%plugin", plugin),
    ("%lib_dir", lib_dir),
    ("%inputs", inputs),
    ("%resource_dir", config.clang_resource_dir),
    ("%python", config.python_executable),
    ("%cmake", config.cmake_command),
    ("%src_root", config.taskbound_src_root),
    ("%obj_root", config.taskbound_obj_root),
]
