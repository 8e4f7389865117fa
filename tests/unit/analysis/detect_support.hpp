#pragma once
// Synthetic decoded packets for the detector tests: the summary fields the detectors read,
// filled as the decoder fills them (decode/decoded_packet.hpp), without frame bytes unless a
// payload is given.

#include <pktscope/analysis/detect/detection_engine.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace detect_test {

using namespace pktscope;
using namespace pktscope::detect;

inline constexpr timestamp_ns ms = 1'000'000;
inline constexpr timestamp_ns sec = 1'000'000'000;
inline constexpr timestamp_ns t0 = 1'700'000'000 * sec;

// RFC 9293 §3.1 flag bits.
inline constexpr std::uint16_t fin = 0x001, syn = 0x002, rst = 0x004, psh = 0x008, ack = 0x010,
                               urg = 0x020;

using v4 = std::array<std::uint8_t, 4>;

inline std::array<std::uint8_t, 16> addr16(v4 a) {
  std::array<std::uint8_t, 16> out{};
  std::copy(a.begin(), a.end(), out.begin());
  return out;
}

inline decoded_packet tcp(v4 s, v4 d, std::uint16_t sport, std::uint16_t dport, std::uint16_t flags,
                          std::uint32_t payload = 0) {
  decoded_packet p;
  p.ip_version = 4;
  p.src_addr = addr16(s);
  p.dst_addr = addr16(d);
  p.ip_protocol = 6;
  p.transport = layer_id::tcp;
  p.src_port = sport;
  p.dst_port = dport;
  p.tcp_flags = flags;
  p.l4_payload_len = payload;
  return p;
}

inline decoded_packet udp(v4 s, v4 d, std::uint16_t sport, std::uint16_t dport) {
  decoded_packet p = tcp(s, d, sport, dport, 0);
  p.ip_protocol = 17;
  p.transport = layer_id::udp;
  return p;
}

/// ICMP message; `frame` (kept alive by the caller) holds the bytes after the 8-octet header.
inline decoded_packet icmp(v4 s, v4 d, std::uint8_t type, std::uint8_t code,
                           const std::vector<std::uint8_t>* payload = nullptr) {
  decoded_packet p;
  p.ip_version = 4;
  p.src_addr = addr16(s);
  p.dst_addr = addr16(d);
  p.ip_protocol = 1;
  p.transport = layer_id::icmp;
  p.icmp_type = type;
  p.icmp_code = code;
  if (payload != nullptr) {
    p.frame = bytes(*payload);
    p.l4_payload_offset = 0;
    p.l4_payload_len = static_cast<std::uint32_t>(payload->size());
  }
  return p;
}

/// Feeds packets to an engine with increasing indexes.
struct feeder {
  detection_engine eng;
  std::uint64_t index = 0;
  explicit feeder(const detect_config& c) : eng(c) {}
  void operator()(timestamp_ns ts, const decoded_packet& d) { eng.on_packet(ts, 60, d, index++); }
  /// Alerts raised so far (not yet drained), of one kind.
  [[nodiscard]] std::vector<alert> pending(alert_kind k) const {
    std::vector<alert> out;
    for (const alert& a : eng.sink().pending()) {
      if (a.kind == k) {
        out.push_back(a);
      }
    }
    return out;
  }
};

} // namespace detect_test
