#pragma once
/// AYIYA, "Anything In Anything" (draft-massar-v6ops-ayiya-02 §5; IANA UDP port 5072): a
/// header with an identity and a signature of variable length, then the packet whose IP
/// protocol number Next Header names (IPv6 for tunnel brokers, or IPv4).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::ayiya {

/// IANA UDP port.
inline constexpr std::uint16_t udp_port = 5072;

namespace fields { // draft-massar-v6ops-ayiya-02 §5
/// IDLen (4 bits: identity is 2^IDLen octets) | IDType (4).
inline constexpr std::size_t id_len_type = 0;
/// SigLen (4 bits: signature is SigLen * 4 octets) | HshMeth (4).
inline constexpr std::size_t sig_len_hash = 1;
/// AutMeth (4) | OpCode (4).
inline constexpr std::size_t auth_opcode = 2;
inline constexpr std::size_t next_header = 3, epoch_time = 4, identity = 8;
} // namespace fields
inline constexpr std::size_t fixed_len = 8;

/// OpCode values (§5): only `forward` carries a packet.
enum class opcode : std::uint8_t {
  noop = 0,
  forward = 1,
  echo_request = 2,
  echo_request_and_forward = 3,
  echo_response = 4,
  motd = 5,
  query_request = 6,
  query_response = 7,
};

class view {
public:
  /// Errors: truncated(layer_id::ayiya, 0, needed, have) when the fixed header, the identity
  /// or the signature is not all captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_length().
  /// Identity length in octets: 2^IDLen (IDLen 0 is one octet).
  std::size_t identity_length() const noexcept {
    return std::size_t{1} << (load_u8(b_, fields::id_len_type) >> 4);
  }
  std::uint8_t identity_type() const noexcept { return load_u8(b_, fields::id_len_type) & 0x0fU; }
  /// Signature length in octets (SigLen * 4).
  std::size_t signature_length() const noexcept {
    return std::size_t{static_cast<std::uint8_t>(load_u8(b_, fields::sig_len_hash) >> 4)} * 4U;
  }
  std::uint8_t hash_method() const noexcept { return load_u8(b_, fields::sig_len_hash) & 0x0fU; }
  std::uint8_t auth_method() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::auth_opcode) >> 4);
  }
  ayiya::opcode op() const noexcept {
    return static_cast<ayiya::opcode>(load_u8(b_, fields::auth_opcode) & 0x0fU);
  }
  /// IP protocol number of the payload (41 IPv6, 4 IPv4).
  std::uint8_t next_header() const noexcept { return load_u8(b_, fields::next_header); }
  std::uint32_t epoch_time() const noexcept { return load_be32(b_, fields::epoch_time); }
  bytes identity() const noexcept { return b_.subspan(fields::identity, identity_length()); }
  bytes signature() const noexcept {
    return b_.subspan(fields::identity + identity_length(), signature_length());
  }
  std::size_t header_length() const noexcept {
    return fixed_len + identity_length() + signature_length();
  }
  bytes payload() const noexcept { return b_.subspan(header_length()); }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ayiya
