#pragma once
/// Enumerations named by a table of strings indexed by the enumerator's value: the name of a
/// value, and the value of a name.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace pktscope {

/// names[value], or `unknown` for a value past the table.
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::string_view name_in(const std::array<std::string_view, N>& names,
                                                 Enum value, std::string_view unknown) noexcept {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : unknown;
}

/// The enumerator whose name is `name`, exactly.
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum>
value_named(const std::array<std::string_view, N>& names, std::string_view name) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

} // namespace pktscope
