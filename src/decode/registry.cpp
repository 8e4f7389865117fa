#include <pktscope/decode/registry.hpp>

#include <pktscope/core/endian.hpp>
#include <pktscope/proto/dns.hpp>

#include <array>
#include <string_view>

namespace pktscope::registry {

namespace {
bool starts_with(bytes b, std::string_view prefix) noexcept {
  if (b.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (b[i] != static_cast<std::uint8_t>(prefix[i])) {
      return false;
    }
  }
  return true;
}

// RFC 9110 §9.3 methods plus PATCH (RFC 5789); the trailing space keeps "GETX" out.
constexpr std::array<std::string_view, 9> http_methods = {
    "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "TRACE ", "PATCH "};
} // namespace

bool looks_like_http(bytes payload) noexcept {
  if (payload.size() < 4) {
    return false;
  }
  // Every method and "HTTP/1." starts with one of C D G H O P T: one test turns away most
  // payloads (this runs on every TCP segment with data) before the string comparisons.
  constexpr std::uint32_t first_letters =
      (1U << ('C' - 'A')) | (1U << ('D' - 'A')) | (1U << ('G' - 'A')) | (1U << ('H' - 'A')) |
      (1U << ('O' - 'A')) | (1U << ('P' - 'A')) | (1U << ('T' - 'A'));
  const unsigned letter = payload[0] - unsigned{'A'};
  if (letter >= 26 || ((first_letters >> letter) & 1U) == 0) {
    return false;
  }
  if (starts_with(payload, "HTTP/1.")) {
    return true;
  }
  for (const std::string_view m : http_methods) {
    if (starts_with(payload, m)) {
      return true;
    }
  }
  return false;
}

bool looks_like_tls(bytes payload) noexcept {
  // RFC 8446 §5.1 TLSPlaintext: type(1) legacy_record_version(2) length(2).
  constexpr std::size_t record_header_len = 5;
  constexpr std::uint8_t change_cipher_spec = 20, heartbeat = 24;
  constexpr std::uint16_t max_record_len = (1U << 14) + 2048; // TLSCiphertext bound
  if (payload.size() < record_header_len) {
    return false;
  }
  const std::uint8_t type = payload[0];
  const std::uint8_t major = payload[1];
  const std::uint8_t minor = payload[2];
  const std::uint16_t len = load_be16(payload, 3);
  return type >= change_cipher_spec && type <= heartbeat && major == 3 && minor <= 4 && len > 0 &&
         len <= max_record_len;
}

layer_id probe_gtp_t_pdu(bytes user_packet) noexcept {
  constexpr std::uint8_t ipv4_min = 0x45, ipv4_max = 0x4e;
  constexpr std::size_t ether_type_at = 12;
  if (user_packet.empty()) {
    return layer_id::none;
  }
  const std::uint8_t first = user_packet[0];
  if (first >= ipv4_min && first <= ipv4_max) {
    return layer_id::ipv4;
  }
  if ((first >> 4) == 6) {
    return layer_id::ipv6;
  }
  if (user_packet.size() > ether_type_at + 2) {
    const layer_id by_type = by_ether_type(load_be16(user_packet, ether_type_at));
    if (by_type == layer_id::ipv4 || by_type == layer_id::arp || by_type == layer_id::ipv6) {
      return layer_id::ethernet;
    }
  }
  return layer_id::none;
}

layer_id probe_udp(bytes payload) noexcept {
  return dns::looks_like_message(payload) ? layer_id::dns : layer_id::none;
}

layer_id probe_tcp(std::uint16_t src, std::uint16_t dst, bytes payload) noexcept {
  if (payload.empty()) {
    return layer_id::none;
  }
  switch (by_ports(layer_id::tcp, src, dst)) {
  case layer_id::dns: return layer_id::dns;
  case layer_id::http:
    if (looks_like_http(payload)) {
      return layer_id::http;
    }
    break;
  case layer_id::tls:
    if (looks_like_tls(payload)) {
      return layer_id::tls;
    }
    break;
  default: break;
  }
  if (looks_like_tls(payload)) {
    return layer_id::tls;
  }
  if (looks_like_http(payload)) {
    return layer_id::http;
  }
  return layer_id::none;
}

} // namespace pktscope::registry
