#include "fan_out.h"

void compress(const std::vector<int> &blocks) { touchAll(blocks); }
