#pragma once
/// TCP options for the builder, encoded the way Linux lays out a SYN: MSS, then SACK-permitted
/// and timestamps (NOP, NOP before timestamps alone; NOP, NOP before SACK-permitted alone),
/// then NOP and window scale; finally `raw` octets as given, and End-of-List padding to a
/// multiple of 4 (RFC 9293 §3.1).

#include <pktscope/core/bytes.hpp>
#include <pktscope/proto/tcp.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::build {

struct tcp_options {
  std::optional<std::uint16_t> mss{};          ///< RFC 9293 §3.7.1, kind 2
  std::optional<std::uint8_t> window_scale{};  ///< RFC 7323 §2, kind 3
  bool sack_permitted = false;                 ///< RFC 2018, kind 4
  std::optional<tcp::timestamps> timestamps{}; ///< RFC 7323 §3, kind 8
  /// Further options octets, appended as given (e.g. SACK blocks, crafted options).
  bytes raw{};
};

/// Options as they go on the wire, padded to a multiple of 4.
struct encoded_tcp_options {
  std::array<std::uint8_t, tcp::max_options_len> octets{};
  std::size_t size = 0;
};

/// Encodes `o`. Precondition: the result fits in 40 octets (the typed options take at most
/// 20, leaving 20 for `raw`).
[[nodiscard]] encoded_tcp_options encode(const tcp_options& o) noexcept;

} // namespace pktscope::build
