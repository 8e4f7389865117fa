#pragma once
/// Shannon entropy of byte values: how random a payload (ICMP tunnel), a name (DNS) or a
/// spread of values (volume) looks, in bits per symbol.

#include <pktscope/core/bytes.hpp>

#include <string_view>

namespace pktscope::detect {

/// Shannon entropy of the bytes, in bits per octet (0 for an empty span).
[[nodiscard]] double shannon_entropy(bytes b) noexcept;
/// Shannon entropy in bits per character of the byte distribution of `s` (0 for "").
[[nodiscard]] double shannon_entropy(std::string_view s) noexcept;
/// Shannon entropy of the characters of `s` other than `skip` (a separator that is not part
/// of the randomness, as the dots of a DNS name), in bits per character (0 when none is
/// left).
[[nodiscard]] double shannon_entropy_without(std::string_view s, char skip) noexcept;

} // namespace pktscope::detect
