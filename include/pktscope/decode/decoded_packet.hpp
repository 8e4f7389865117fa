#pragma once
/// The result of decoding one frame: a fixed-capacity layer list (no heap), anomaly bits, why
/// decoding stopped early, and a summary of the innermost network/transport headers that flow
/// tables and statistics read without parsing again.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/layer_id.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/decode/anomaly.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope {

/// How deep a decode goes (decode_options::deepest). Each layer belongs to one class:
/// link (ethernet, llc, vlan, mpls, pppoe, ppp, sll, sll2, null, arp, macsec, nsh), network
/// (ipv4, ipv6 and its extension headers, ah, esp, ipcomp, gre), transport (tcp, udp, sctp, icmp,
/// icmpv6, pim, vxlan, geneve, teredo, ayiya, l2tp, lisp, lisp_control, openflow), application
/// (dns, dhcp, ntp, http, tls). A layer whose class is deeper than `deepest` is neither parsed nor
/// looked up. Tunnels stay reachable when follow_tunnels is on: GRE and IP-in-IP from `network` on,
/// PIM Register, the tunnels found by UDP port (VXLAN, Geneve, MPLS, GRE, Teredo, L2TP, AYIYA) and
/// OpenFlow (by TCP port) from `transport` on.
enum class stop_at : std::uint8_t { link, network, transport, application };

struct decode_options {
  stop_at deepest = stop_at::application;
  /// Enter GRE, VXLAN, Geneve, IP-in-IP, MPLS and NSH carrying Ethernet, Teredo, L2TP, AYIYA and
  /// PIM Register payloads, and the frames of OpenFlow Packet-In/Packet-Out messages. Off: the
  /// tunnel header itself is still recorded (GRE, PIM) or left as payload (the tunnels found by
  /// UDP or TCP port), nothing inside it.
  bool follow_tunnels = true;
  /// Strict: a truncated or malformed layer (below the application class) makes decode()
  /// return the error. Lax: decode() succeeds with the layers decoded so far and
  /// decoded_packet::stopped says where and why.
  bool strict = false;
  /// Verify IPv4 header, TCP, UDP, ICMP and ICMPv6 checksums (a pass over the payload).
  bool verify_checksums = false;
  /// At most this many layers are recorded (clamped to decoded_packet::max_layers).
  std::uint8_t max_layers = 16;
  /// A TCP header cut short after its ports is still recorded, as a ports-only layer, and
  /// decoded_packet::transport_partial is set (the layer's view does not parse). For the
  /// datagram an ICMP/ICMPv6 error quotes: RFC 792 asks for only 8 octets past the IP header.
  bool partial_transport = false;
  /// Trailing frame check sequence bytes in the capture (pcap link_field::fcs_len_bytes);
  /// excluded from decoding and from the trailing-bytes check.
  std::uint8_t fcs_len = 0;
};

/// One decoded header. The view's parse() was given frame[offset, end); `length` is the header
/// alone (options and extension data included, payload excluded; for application layers the
/// message bytes available, clipped to 65535).
struct layer {
  layer_id id = layer_id::none;
  std::uint8_t tunnel_depth = 0; ///< 0 = outermost stack, 1 = inside the first tunnel, ...
  std::uint16_t length = 0;
  std::uint32_t offset = 0; ///< header start within the frame
  std::uint32_t end = 0;    ///< end of the bytes the header and its payload could occupy

  friend constexpr bool operator==(const layer&, const layer&) = default;
};

/// A header decoding stopped at because the capture cut it short or it contradicts itself
/// (decoded_packet::cut_header()). The decoder records no layer for it; tshark still shows the
/// fields that lie within its captured octets.
struct cut_header {
  layer_id id = layer_id::none; ///< none: decoding did not stop at such a header
  /// From the header's first octet to the end of the bytes it could occupy (the capture's
  /// end, or its datagram's when that comes first); never empty when id is not none.
  bytes captured;
};

/// Fixed-size, stack-friendly (352 bytes on x86-64). Refers to the frame's bytes: valid only while
/// the buffer passed to decode() is.
struct decoded_packet {
  static constexpr std::size_t max_layers = 16;
  static constexpr std::uint8_t any_depth = 0xff;
  static constexpr std::size_t max_vlans = 4;

  bytes frame;
  link_type link = link_type::ethernet;
  std::array<layer, max_layers> layers{};
  std::uint8_t layer_count = 0;
  std::uint8_t tunnel_depth = 0; ///< deepest tunnel_depth reached
  anomaly_set anomalies;
  /// Why decoding stopped before the data ran out (a view's error, offsets made relative to
  /// the frame; or errc::unsupported for an unknown link type / max_layers reached). Empty when
  /// the walk ended normally: payload of no known protocol, a later fragment, stop_at.
  std::optional<error> stopped;
  /// With a truncated or malformed `stopped`: where the refused header starts in the frame and
  /// where the bytes it could occupy end (cut_header() reads them).
  std::uint32_t refused_offset = 0, refused_end = 0;

  // --- Summary of the innermost IP header (reset when a tunnel's inner IP is found). ---
  std::uint8_t ip_version = 0;             ///< 0 none, 4 or 6
  std::array<std::uint8_t, 16> src_addr{}; ///< IPv4 in the first 4 bytes, rest zero
  std::array<std::uint8_t, 16> dst_addr{};
  std::uint8_t ip_protocol = 0; ///< transport protocol number after IPv6 extension headers
  std::uint8_t ttl = 0;         ///< TTL or hop limit
  bool is_fragment = false;     ///< the innermost IP packet is a fragment (MF or offset > 0)
  std::uint32_t ip_offset = 0;  ///< offset of the innermost IP header in the frame
  std::uint8_t ip_layer = 0;    ///< its index in `layers` (valid when ip_version != 0)
  /// The length its header declares for the datagram (IPv4 total length, IPv6 40 + payload
  /// length; the captured bytes from the header on when the header leaves the length to the
  /// capture: a TSO capture's zero IPv4 length, an IPv6 jumbogram candidate).
  std::uint32_t ip_len = 0;

  // --- Summary of the transport header that follows it (zero when none was decoded). ---
  layer_id transport = layer_id::none; ///< tcp, udp, sctp, icmp, icmpv6 or none
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint8_t icmp_type = 0, icmp_code = 0;
  std::uint16_t tcp_flags = 0; ///< the 9 flag bits (NS..FIN) as in the header
  std::uint32_t tcp_seq = 0, tcp_ack = 0;
  /// The transport layer is a ports-only TCP header (decode_options::partial_transport).
  bool transport_partial = false;
  /// Payload after the transport header, bounded by IP/UDP lengths and clipped to the capture.
  std::uint32_t l4_payload_offset = 0, l4_payload_len = 0;
  layer_id application = layer_id::none; ///< the application layer decoded, if any

  std::array<std::uint16_t, max_vlans> vlan_ids{}; ///< VLAN IDs in frame order (all stacks)
  std::uint8_t vlan_count = 0;

  /// Empties the packet for a new decode of `f` (the layer array itself is not cleared: only
  /// the first layer_count entries are meaningful).
  void reset(bytes f, link_type l) noexcept {
    frame = f;
    link = l;
    layer_count = 0;
    tunnel_depth = 0;
    anomalies.clear();
    stopped.reset();
    clear_network();
    vlan_count = 0;
  }
  /// Forgets the IP and transport summary (a tunnel's inner IP header replaces it).
  void clear_network() noexcept {
    ip_version = 0;
    src_addr = {};
    dst_addr = {};
    ip_protocol = 0;
    ttl = 0;
    is_fragment = false;
    ip_offset = 0;
    ip_layer = 0;
    ip_len = 0;
    clear_transport();
  }
  void clear_transport() noexcept {
    transport = layer_id::none;
    src_port = dst_port = 0;
    icmp_type = icmp_code = 0;
    tcp_flags = 0;
    tcp_seq = tcp_ack = 0;
    transport_partial = false;
    l4_payload_offset = l4_payload_len = 0;
    application = layer_id::none;
  }

  [[nodiscard]] std::size_t size() const noexcept { return layer_count; }
  [[nodiscard]] const layer* begin() const noexcept { return layers.data(); }
  [[nodiscard]] const layer* end() const noexcept { return layers.data() + layer_count; }

  /// First (outermost) layer with this id at this tunnel depth (any_depth: any), or nullptr.
  [[nodiscard]] const layer* find(layer_id id, std::uint8_t depth = any_depth) const noexcept {
    for (const layer& l : *this) {
      if (l.id == id && (depth == any_depth || l.tunnel_depth == depth)) {
        return &l;
      }
    }
    return nullptr;
  }
  /// Last (innermost) layer with this id, or nullptr.
  [[nodiscard]] const layer* find_last(layer_id id) const noexcept {
    for (std::size_t i = layer_count; i-- > 0;) {
      if (layers[i].id == id) {
        return &layers[i];
      }
    }
    return nullptr;
  }
  [[nodiscard]] bool has(layer_id id) const noexcept { return find(id) != nullptr; }

  /// The header decoding stopped at because the capture cut it short (errc::truncated) or it
  /// contradicts itself (errc::malformed), with its captured octets. None when decoding did
  /// not stop so, when no octet of the header was captured, or for an Ethernet header (tshark's
  /// dissector reads all 14 octets before it shows any field).
  [[nodiscard]] pktscope::cut_header cut_header() const noexcept {
    if (!stopped || (stopped->code != errc::truncated && stopped->code != errc::malformed) ||
        stopped->layer == layer_id::ethernet) {
      return {};
    }
    const std::size_t end = std::min<std::size_t>(refused_end, frame.size());
    if (refused_offset >= end) {
      return {};
    }
    return {stopped->layer, frame.subspan(refused_offset, end - refused_offset)};
  }

  /// Re-parses a recorded layer with its view: View::parse(frame[l.offset, l.end)). Succeeds
  /// for every layer decode() recorded with that view type. The view refers to `frame`.
  template <class View> [[nodiscard]] result<View> view_of(const layer& l) const noexcept {
    return View::parse(frame.subspan(l.offset, l.end - l.offset));
  }

  /// The innermost source/destination address as bytes (4 or 16 long; empty when no IP).
  [[nodiscard]] bytes src_address() const noexcept {
    return bytes(src_addr).first(ip_version == 4 ? 4 : ip_version == 6 ? 16 : 0);
  }
  [[nodiscard]] bytes dst_address() const noexcept {
    return bytes(dst_addr).first(ip_version == 4 ? 4 : ip_version == 6 ? 16 : 0);
  }
  [[nodiscard]] bytes l4_payload() const noexcept {
    return frame.subspan(l4_payload_offset, l4_payload_len);
  }
};

} // namespace pktscope
