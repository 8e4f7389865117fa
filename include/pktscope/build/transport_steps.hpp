#pragma once
/// Transport steps: TCP, UDP, SCTP (common header, then chunk steps). Filled: UDP length;
/// TCP/UDP checksums over the pseudo-header of the nearest enclosing IP header
/// (proto/pseudo_header.hpp); the SCTP CRC32c over the whole SCTP packet.

#include <pktscope/build/step.hpp>
#include <pktscope/build/tcp_options.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/proto/sctp.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>

#include <cstdint>

namespace pktscope::build {

/// Pseudo-header sum for an upper layer of `len` octets with protocol number `protocol`, from
/// the addresses in `c`. Precondition: c carries IP addresses (the step is inside IP).
[[nodiscard]] internet_checksum pseudo_header_sum(const context& c, std::uint8_t protocol,
                                                  std::size_t len) noexcept;

/// What .tcp() takes besides the ports.
struct tcp_params {
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  tcp::flag_set flags{tcp::flag::syn};
  std::uint16_t window = 65535;
  std::uint16_t urgent_ptr = 0;
  tcp_options options{};
  std::uint16_t checksum = 0; ///< written only under checksum_policy::keep
};

/// TCP header; data offset comes from the options, checksum per policy.
struct tcp_step {
  static constexpr unsigned category = cat::transport;
  static constexpr unsigned follows = cat::tcp_app | cat::payload;
  tcp::header h;

  /// The header for `p` with its options encoded.
  [[nodiscard]] static tcp_step make(std::uint16_t src_port, std::uint16_t dst_port,
                                     const tcp_params& p) noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return h.size(); }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::tcp, 0, ip_protocol::tcp, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// What .udp() takes besides the ports.
struct udp_params {
  /// false: the checksum field is 0, "not computed" (RFC 768; IPv4 only, RFC 8200 §8.1), as
  /// many VXLAN and Geneve senders do.
  bool checksum = true;
};

/// UDP header; length filled, checksum per policy (a computed 0 is sent as 0xFFFF) unless
/// `checksum` is false.
struct udp_step {
  static constexpr unsigned category = cat::transport;
  static constexpr unsigned follows = cat::udp_app | cat::payload;
  udp::header h;
  bool checksum = true;

  [[nodiscard]] std::size_t size() const noexcept { return udp::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::udp, 0, ip_protocol::udp, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// SCTP common header; chunks follow as sctp_chunk_step (or raw payload octets).
struct sctp_step {
  static constexpr unsigned category = cat::transport;
  static constexpr unsigned follows = cat::chunk | cat::payload;
  sctp::header h;

  [[nodiscard]] std::size_t size() const noexcept { return sctp::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::sctp, 0, ip_protocol::sctp, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// One SCTP chunk (RFC 9260 §3.2): type, flags, length (filled: 4 + value size) and the value
/// (not copied: it must outlive the chain's write), zero-padded to a multiple of 4.
struct sctp_chunk_step {
  static constexpr unsigned category = cat::chunk;
  static constexpr unsigned follows = cat::chunk | cat::payload;
  sctp::chunk_type type = sctp::chunk_type::data;
  std::uint8_t flags = 0;
  bytes value{};

  [[nodiscard]] std::size_t size() const noexcept {
    return (sctp::chunk_header_len + value.size() + 3U) & ~std::size_t{3};
  }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::sctp, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;
};

} // namespace pktscope::build
