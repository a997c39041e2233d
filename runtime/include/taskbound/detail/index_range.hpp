//===-- index_range.hpp - internal: integral index ranges -------*- C++ -*-===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

/// @file detail/index_range.hpp
/// @brief Internal: an integral range [first, last) as a count and a k -> first + k mapping
/// with no signed overflow, shared by parallel_for and the index form of parallel_map.
#pragma once

#include <concepts>    // std::integral
#include <cstddef>     // std::size_t
#include <cstdint>     // SIZE_MAX
#include <stdexcept>   // std::invalid_argument, std::length_error
#include <string>      // std::string
#include <type_traits> // std::make_unsigned_t

namespace taskbound::detail {

/// @brief [first, first + count) of @p Int; operator[] is computed in the unsigned type, so
/// a range that ends at the type's maximum, or spans its whole width, never overflows.
template <std::integral Int>
struct index_range {
  using unsigned_type = std::make_unsigned_t<Int>;

  Int first;
  std::size_t count;

  /// @brief first + k, for k < count.
  [[nodiscard]] Int operator[](std::size_t k) const noexcept {
    return static_cast<Int>(static_cast<unsigned_type>(first) + static_cast<unsigned_type>(k));
  }
};

/// @brief The range [@p first, @p last); @p who names the caller in the error message.
/// @throws std::invalid_argument if @p last < @p first; std::length_error if the range holds
/// more than SIZE_MAX values (only possible for a 128-bit @p Int).
template <std::integral Int>
index_range<Int> make_index_range(Int first, Int last, const char* who) {
  if (last < first) throw std::invalid_argument(std::string(who) + ": last is before first");
  using unsigned_type = std::make_unsigned_t<Int>;
  const unsigned_type count = static_cast<unsigned_type>(last) - static_cast<unsigned_type>(first);
  if constexpr (sizeof(unsigned_type) > sizeof(std::size_t)) {
    if (count > static_cast<unsigned_type>(SIZE_MAX))
      throw std::length_error(std::string(who) + ": the range has more elements than std::size_t can count");
  }
  return {first, static_cast<std::size_t>(count)};
}

} // namespace taskbound::detail
