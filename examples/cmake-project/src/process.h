#pragma once

#include <vector>

// Squares every item in place, however many threads it takes.
void processAll(std::vector<long> &items);      // one thread per item
void processBounded(std::vector<long> &items);  // one thread per core
