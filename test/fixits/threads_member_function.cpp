//===-- threads_member_function.cpp - threads running a member function ---===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Threads started with a member function pointer and `this`, pushed into a
// vector and joined by index.

#include <cstddef>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

class Renderer {
public:
  explicit Renderer(int rows) : rows_(static_cast<std::size_t>(rows)) {}

  void render_row(int row) {
    unsigned shade = 0;
    for (int x = 0; x < 640; ++x)
      shade += static_cast<unsigned>((x ^ row) & 0xff);
    rows_[static_cast<std::size_t>(row)] = shade;
  }

  unsigned render() {
    std::vector<std::thread> threads;
    for (int row = 0; row < static_cast<int>(rows_.size()); ++row)
      threads.push_back(std::thread(&Renderer::render_row, this, row));
    for (std::size_t i = 0; i < threads.size(); ++i)
      threads[i].join();
    unsigned image = 0;
    for (unsigned shade : rows_)
      image = image * 31 + shade;
    return image;
  }

private:
  std::vector<unsigned> rows_;
};

} // namespace

int main() {
  Renderer renderer(300);
  std::printf("image hash: %u\n", renderer.render());
}
