#pragma once
/// Text views over bytes and back, for protocols whose fields are text (HTTP, DNS TXT, TLS
/// SNI). The casts live here because only core/ may reinterpret_cast.

#include <pktscope/core/bytes.hpp>

#include <cstdint>
#include <string_view>

namespace pktscope {

/// The same octets seen as characters; valid as long as `b` is.
inline std::string_view as_chars(bytes b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()}; // NOLINT(*-reinterpret-cast)
}

/// The same characters seen as octets; valid as long as `s` is.
inline bytes as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; // NOLINT(*-reinterpret-cast)
}

} // namespace pktscope
