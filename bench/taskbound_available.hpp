// Whether the taskbound runtime headers are present in this tree. The peers and floors
// build without them; every taskbound case needs them.
#pragma once

#if __has_include(<taskbound/taskbound.hpp>)
#include <taskbound/taskbound.hpp> // the runtime under test
#define TASKBOUND_BENCH_HAVE_RUNTIME 1
#else
#define TASKBOUND_BENCH_HAVE_RUNTIME 0
#endif
