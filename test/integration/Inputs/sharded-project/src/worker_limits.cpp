#include "worker_limits.h"

int maxWorkers() { return kMaxWorkers; }
