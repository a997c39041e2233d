# Reads taskbound's version from runtime/include/taskbound/version.hpp, the one
# place it is written: project(VERSION), the package config and the tools'
# --version all come from it, so they cannot drift apart. Fails when the
# header's numeric macros and TASKBOUND_VERSION_STRING disagree.
#
# Sets TASKBOUND_VERSION ("major.minor.patch"). TASKBOUND_VERSION_HEADER picks
# another header (the lit suite uses it to test the error). Run as a script
# (`cmake -P TaskboundVersion.cmake`) it prints the version.
if(NOT TASKBOUND_VERSION_HEADER)
  set(TASKBOUND_VERSION_HEADER
    "${CMAKE_CURRENT_LIST_DIR}/../runtime/include/taskbound/version.hpp")
endif()
if(NOT EXISTS "${TASKBOUND_VERSION_HEADER}")
  message(FATAL_ERROR "taskbound version header not found: ${TASKBOUND_VERSION_HEADER}")
endif()

file(STRINGS "${TASKBOUND_VERSION_HEADER}" _taskbound_version_lines
  REGEX "^#define TASKBOUND_VERSION_(MAJOR|MINOR|PATCH|STRING) ")
set(_taskbound_version_parts)
foreach(_part MAJOR MINOR PATCH)
  string(REGEX MATCH "#define TASKBOUND_VERSION_${_part} +([0-9]+)" _match
    "${_taskbound_version_lines}")
  if(_match STREQUAL "")
    message(FATAL_ERROR
      "${TASKBOUND_VERSION_HEADER}: no '#define TASKBOUND_VERSION_${_part} <number>'")
  endif()
  list(APPEND _taskbound_version_parts "${CMAKE_MATCH_1}")
endforeach()
list(JOIN _taskbound_version_parts "." TASKBOUND_VERSION)

string(REGEX MATCH "#define TASKBOUND_VERSION_STRING +\"([^\"]*)\"" _match
  "${_taskbound_version_lines}")
if(_match STREQUAL "")
  message(FATAL_ERROR
    "${TASKBOUND_VERSION_HEADER}: no '#define TASKBOUND_VERSION_STRING \"...\"'")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL TASKBOUND_VERSION)
  message(FATAL_ERROR
    "${TASKBOUND_VERSION_HEADER}: TASKBOUND_VERSION_STRING is \"${CMAKE_MATCH_1}\" but "
    "MAJOR.MINOR.PATCH is ${TASKBOUND_VERSION}; make them agree")
endif()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  message("${TASKBOUND_VERSION}")
endif()
