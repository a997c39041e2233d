# Finds Debian's LLVM/Clang packages for TASKBOUND_LLVM and sets up the flags the
# clang-tidy code must be compiled with (no RTTI, LLVM's definitions).
if(NOT TASKBOUND_LLVM MATCHES "^(19|22)$")
  message(FATAL_ERROR "TASKBOUND_LLVM must be 19 or 22, not '${TASKBOUND_LLVM}'")
endif()

set(TASKBOUND_LLVM_ROOT "/usr/lib/llvm-${TASKBOUND_LLVM}" CACHE PATH "LLVM install prefix")
if(NOT EXISTS "${TASKBOUND_LLVM_ROOT}/lib/cmake/clang/ClangConfig.cmake")
  message(FATAL_ERROR
    "LLVM ${TASKBOUND_LLVM} development files not found under ${TASKBOUND_LLVM_ROOT}.\n"
    "Install them with: tool/install-deps.sh ${TASKBOUND_LLVM}")
endif()

if(TASKBOUND_BUILD_CLANGD)
  # clangd's exported targets refer to gRPC and protobuf; their packages must be
  # found before Clang's. gRPC's config needs /usr/bin/grpc_cpp_plugin (LLVM 22:
  # protobuf-compiler-grpc, which tool/install-deps.sh installs).
  find_package(Protobuf REQUIRED)
  find_package(gRPC CONFIG REQUIRED)
endif()

# LLVMConfigVersion.cmake accepts only an exact major.minor request; ask for
# any version under this prefix and check the major ourselves.
find_package(LLVM REQUIRED CONFIG
  PATHS "${TASKBOUND_LLVM_ROOT}/lib/cmake/llvm" NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL TASKBOUND_LLVM)
  message(FATAL_ERROR "Found LLVM ${LLVM_PACKAGE_VERSION} under ${TASKBOUND_LLVM_ROOT}, "
    "but TASKBOUND_LLVM is ${TASKBOUND_LLVM}")
endif()
find_package(Clang REQUIRED CONFIG
  PATHS "${TASKBOUND_LLVM_ROOT}/lib/cmake/clang" NO_DEFAULT_PATH)
message(STATUS "taskbound: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

set(TASKBOUND_LLVM_BINDIR "${LLVM_TOOLS_BINARY_DIR}")
set(TASKBOUND_CLANG_RESOURCE_DIR "${TASKBOUND_LLVM_ROOT}/lib/clang/${TASKBOUND_LLVM}")

# Compile options shared by every target that includes clang-tidy headers.
add_library(taskbound_llvm_flags INTERFACE)
target_include_directories(taskbound_llvm_flags SYSTEM INTERFACE
  ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(_taskbound_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_options(taskbound_llvm_flags INTERFACE ${_taskbound_llvm_defs})
target_compile_features(taskbound_llvm_flags INTERFACE cxx_std_17)
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(taskbound_llvm_flags INTERFACE -fno-rtti)
endif()
