#pragma once
/// The datagram an IP Payload Compression header (RFC 3173) carries in tunnel mode, decoded.
/// decode() records the IPComp header and stops: the payload is compressed, and the zero-copy
/// walk owns no buffer to inflate it into. An inflated_datagram owns one.

#include <pktscope/decode/decoded_packet.hpp>

#include <memory>

namespace pktscope {

/// Inflates IPComp payloads and decodes the IP datagram inside. Like tshark it tries DEFLATE
/// (RFC 2394; raw, or with a zlib header) whatever the CPI says, since a negotiated CPI does not
/// name its algorithm. The inflate state and the 65535-octet buffer are made once, by the
/// constructor: no allocation per packet. Not thread-safe; one per consumer.
class inflated_datagram {
public:
  inflated_datagram();
  ~inflated_datagram();
  inflated_datagram(const inflated_datagram&) = delete;
  inflated_datagram& operator=(const inflated_datagram&) = delete;

  /// When `outer`'s last layer is an IPComp header whose next header is IPv4 or IPv6 (tunnel
  /// mode) and whose payload, up to the end of its datagram, inflates to an IP packet of that
  /// version of at most 65535 octets: decodes that packet (link_type::raw) into `inner` with
  /// `opt` and returns true. `inner` then refers to this object's buffer until the next call.
  /// Otherwise returns false and leaves `inner` empty. Transport mode (the compressed payload
  /// is TCP, UDP, ...) would need the outer header's pseudo-header: not decoded.
  bool decode(const decoded_packet& outer, const decode_options& opt,
              decoded_packet& inner) noexcept;

private:
  struct state;
  std::unique_ptr<state> state_;
};

} // namespace pktscope
