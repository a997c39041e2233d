#include "fan_out.h"

void archive(const std::vector<int> &files) { touchAll(files); }
