#pragma once
/// What the flow table knows about one flow (connection), per direction and in total.

#include <pktscope/analysis/flow_key.hpp>
#include <pktscope/analysis/tcp_state.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/layer_id.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace pktscope {

/// Counters of one direction (originator -> responder or back). What every packet updates
/// comes first, within 56 bytes (one or two cache lines); the rest only some packets touch.
struct flow_direction {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;          ///< frame length on the wire (what tshark's conv counts)
  std::uint64_t captured_bytes = 0; ///< frame bytes captured (<= bytes under a snaplen)
  std::uint64_t payload_bytes = 0;  ///< transport payload octets (IP length based)
  std::uint64_t ip_bytes = 0;       ///< IP total length (Zeek's orig_ip_bytes/resp_ip_bytes)
  timestamp_ns last_ts = 0;         ///< 0 when packets == 0
  std::uint16_t tcp_flags = 0;      ///< OR of every TCP flags field sent
  std::uint32_t fragments = 0;      ///< frames that were IP fragments (counted on reassembly)
  std::uint64_t fragment_bytes = 0; ///< frame length on the wire of those fragments
  /// Tunnelled packets counted here for their outer IP+UDP/TCP headers (outer_flows.hpp), and
  /// their frame length on the wire: the flow of their inner headers counts them too.
  std::uint64_t outer_packets = 0, outer_bytes = 0;
  timestamp_ns first_ts = 0; ///< 0 when packets == 0
};

/// Why a flow record was handed to the sink.
enum class flow_end : std::uint8_t {
  idle_timeout,   ///< no packet for the protocol's idle timeout (a TCP flow that is over:
                  ///< the close timeout)
  active_timeout, ///< open longer than the active timeout: this part ends, the flow goes on
  evicted,        ///< the table was full (memory cap) and this flow was least recently active
  reused,         ///< a new SYN on a finished TCP connection's tuple started a new one
  end_of_input,   ///< flush() at the end of the captures
};
[[nodiscard]] std::string_view flow_end_name(flow_end e) noexcept;

struct flow_record {
  flow_key key;
  /// Endpoints oriented originator -> responder (originator: the side that sent the first
  /// packet; for TCP the SYN sender, also when the SYN+ACK was seen first).
  std::array<std::uint8_t, 16> orig_addr{}, resp_addr{};
  std::uint16_t orig_port = 0, resp_port = 0;
  bool orig_is_a = true; ///< the originator is endpoint a of the key

  std::uint64_t id = 0;   ///< creation order in the table, from 1 (active-timeout parts share it)
  std::uint32_t part = 0; ///< 0, then 1, 2, ... for the parts after active timeouts
  timestamp_ns first_ts = 0, last_ts = 0;
  std::array<flow_direction, 2> dir{}; ///< [0] originator, [1] responder

  /// ICMP/ICMPv6: type and code of the first message, and its echo identifier if an echo.
  std::uint8_t icmp_type = 0, icmp_code = 0;
  bool icmp_echo = false;
  layer_id application = layer_id::none; ///< first application layer the decoder found
  tcp_connection tcp;                    ///< meaningful when ip_protocol is TCP
  conn_history udp_history; ///< UDP: 'D' / 'd' once per direction, as Zeek's UDP analyzer
  flow_end end = flow_end::end_of_input;

  [[nodiscard]] std::uint8_t ip_version() const noexcept { return key.ip_version; }
  [[nodiscard]] std::uint8_t ip_protocol() const noexcept { return key.ip_protocol; }
  [[nodiscard]] const flow_direction& orig() const noexcept { return dir[0]; }
  [[nodiscard]] const flow_direction& resp() const noexcept { return dir[1]; }
  [[nodiscard]] timestamp_ns duration() const noexcept { return last_ts - first_ts; }
  [[nodiscard]] std::uint64_t total_packets() const noexcept {
    return dir[0].packets + dir[1].packets;
  }
  [[nodiscard]] std::uint64_t total_bytes() const noexcept { return dir[0].bytes + dir[1].bytes; }
  [[nodiscard]] bytes orig_address() const noexcept {
    return bytes(orig_addr).first(key.ip_version == 4 ? 4 : 16);
  }
  [[nodiscard]] bytes resp_address() const noexcept {
    return bytes(resp_addr).first(key.ip_version == 4 ? 4 : 16);
  }

  /// Zeek's conn_state: TCP from the endpoint states; UDP (and SCTP) SF when both sides sent,
  /// S0 when only the originator did; OTH for everything else.
  [[nodiscard]] conn_state state() const noexcept;
  /// History letters: TCP's, or for UDP 'D'/'d' (a packet from the originator/responder);
  /// empty for other protocols.
  [[nodiscard]] std::string_view history() const noexcept;
  /// The transport name conn.log uses: "tcp", "udp", "icmp" (ICMPv6 too, as in Zeek),
  /// "sctp", or "unknown_transport".
  [[nodiscard]] std::string_view proto_name() const noexcept;
  /// Service: the application protocol the decoder recognised (dns, dhcp, ntp, http, ssl)
  /// or else a guess from the responder's well-known port; empty when neither.
  [[nodiscard]] std::string_view service() const noexcept;
  /// Zeek-style payload byte counts: TCP from sequence numbers, otherwise payload octets.
  [[nodiscard]] std::uint64_t orig_bytes() const noexcept;
  [[nodiscard]] std::uint64_t resp_bytes() const noexcept;
};

/// Service name for a well-known port of transport `ip_protocol` ("http" for TCP 80,
/// "dns" for 53, ...), empty when the port is not in the table.
[[nodiscard]] std::string_view service_by_port(std::uint8_t ip_protocol,
                                               std::uint16_t port) noexcept;

} // namespace pktscope
