#pragma once
// The decoder's walk over one frame: shared by the files that define its steps (decoder.cpp
// dispatches; link_steps.cpp, ip_steps.cpp, transport_steps.cpp and application_steps.cpp for
// the layers by family; encapsulation_steps.cpp for GRE, VXLAN and Geneve; tunnel_steps.cpp
// for tunnels found by UDP port or IP protocol that carry a bare IP or PPP packet;
// gtp_steps.cpp for GTP; macsec_step.cpp for MACsec; nsh_step.cpp for the Network Service
// Header; openflow_step.cpp for frames in OpenFlow).
// Internal: not API.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/layer_id.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/linux_sll.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::detail {

constexpr std::uint16_t clip16(std::size_t n) noexcept {
  return static_cast<std::uint16_t>(std::min<std::size_t>(n, 0xffff));
}

/// One decode in progress. Every step parses the layer at [off_, end_), records it and
/// returns the next layer id (none to stop). A step that returns a layer other than none has
/// either recorded a layer or moved off_ forward, so the walk is bounded by max_layers and the
/// frame's length.
class walker {
public:
  walker(bytes frame, link_type link, const decode_options& opt, decoded_packet& out) noexcept
      : frame_(frame), link_(link), opt_(opt), out_(out),
        end_(frame.size() - std::min<std::size_t>(opt.fcs_len, frame.size())),
        max_layers_(std::min<std::size_t>(opt.max_layers, decoded_packet::max_layers)) {}

  /// Walks from the link layer. Returns false for a link type the decoder does not know.
  bool run() noexcept;
  [[nodiscard]] bool fatal() const noexcept { return fatal_; }

private:
  [[nodiscard]] bytes cur() const noexcept { return frame_.subspan(off_, end_ - off_); }

  void push(layer_id id, std::size_t header_len) noexcept {
    out_.layers[out_.layer_count++] = {id, depth_, clip16(header_len),
                                       static_cast<std::uint32_t>(off_),
                                       static_cast<std::uint32_t>(end_)};
  }
  /// Records the IPv6 extension header of `header_len` octets at off_ (hop-by-hop, routing,
  /// destination options, atomic fragment). RFC 8200 §4.1 allows each once (destination
  /// options twice), yet a chain may repeat them as far as its datagram reaches, and tshark
  /// walks them all. So that such a chain leaves the slots the transport header and an
  /// application layer need, a header that finds only those left joins the extension layer
  /// right before it: that layer's length then covers both, and its view reads the first.
  void push_extension(layer_id id, std::size_t header_len) noexcept;
  void flag(anomaly a) noexcept { out_.anomalies.add(a); }

  /// A view refused the bytes at off_: keeps its error (offsets made relative to the frame)
  /// and the refused header's region.
  void record_stop(const error& e) noexcept {
    error at = e;
    at.offset += off_;
    out_.stopped = at;
    out_.refused_offset = static_cast<std::uint32_t>(off_);
    out_.refused_end = static_cast<std::uint32_t>(std::max(off_, end_));
  }
  /// A link/network/transport view refused the bytes at off_: record why and stop.
  layer_id fail(const error& e) noexcept {
    record_stop(e);
    if (e.code == errc::malformed) {
      flag(anomaly::bad_header_length);
    } else if (e.code == errc::truncated) {
      flag(anomaly::truncated_header);
    }
    fatal_ = opt_.strict;
    return layer_id::none;
  }
  /// An IP view refused the header at off_, which a key announced as IP `version`. A wrong
  /// version nibble is recorded whenever its octet was captured, cut header or not (tshark
  /// shows the nibble either way); the view's error then points at the header's start.
  layer_id fail_ip(const error& e, std::uint8_t version) noexcept {
    if (!version_unannounced_ && off_ < end_ && (frame_[off_] >> 4) != version) {
      flag(anomaly::bad_ip_version);
    }
    return fail(e);
  }
  /// An application view refused its payload: never fatal (the port was only a hint). Over
  /// UDP, a contradiction or a message cut short inside a datagram captured whole is an
  /// anomaly; a snaplen cut is not.
  layer_id fail_application(const error& e) noexcept {
    if (e.code == errc::unsupported) {
      return layer_id::none; // a valid message of a variant the view does not decode
    }
    record_stop(e);
    if (out_.transport == layer_id::udp && (e.code == errc::malformed || udp_whole_)) {
      flag(anomaly::malformed_application);
    }
    return layer_id::none;
  }

  void enter_tunnel() noexcept {
    ++depth_;
    out_.tunnel_depth = std::max(out_.tunnel_depth, depth_);
    padded_link_ = false;
    ethernet_start_.reset();
  }

  /// The datagram the IP header at off_ declares ends at `dgram_end`: narrow the region to
  /// it, and flag bytes beyond it unless they are Ethernet minimum-frame padding.
  void bound_datagram(std::size_t dgram_end) noexcept;
  [[nodiscard]] bool is_link_padding(std::size_t dgram_end) const noexcept;
  /// Makes the IP header at off_, the layer pushed last, the packet's summary; `declared_len`
  /// is the datagram length the header's view declares.
  void set_ip_summary(std::uint8_t version, bytes src, bytes dst, std::uint8_t ttl,
                      std::size_t declared_len) noexcept;
  layer_id after_ip(std::uint8_t protocol) noexcept;
  layer_id ip_by_version() noexcept;

  /// Next layer for an EtherType, or LLC for an 802.3 length (which also bounds the region).
  layer_id by_type_or_length(std::uint16_t type_or_length) noexcept;
  /// Skips a tag with no layer of its own at off_ (802.1ah I-TAG and customer addresses,
  /// VN-Tag) and the type field after it; returns that type.
  template <class View> result<std::uint16_t> skip_tag(std::size_t tag_len) noexcept;
  /// A link header whose payload may be padded to the Ethernet minimum ends at off_.
  void mark_link_payload() noexcept {
    padded_link_ = true;
    link_payload_start_ = off_;
  }
  layer_id by_sll_kind(linux_sll::payload_kind kind, std::uint16_t protocol) noexcept;
  /// Sets the transport summary for a header at off_ whose payload is [payload_off, end_).
  void set_transport(layer_id id, std::uint16_t src, std::uint16_t dst,
                     std::size_t payload_off) noexcept;
  [[nodiscard]] bool can_verify_l4() const noexcept {
    return opt_.verify_checksums && l4_whole_ && !ip_src_.empty();
  }

  layer_id step(layer_id id) noexcept;
  /// The walk's checks before a layer: false when `deepest` excludes it or max_layers is
  /// reached (recorded as too_many_layers).
  bool admit(layer_id id) noexcept;
  /// admit(), then the layer's step: `next` becomes the step's successor, or none.
  void advance(layer_id& next) noexcept;
  /// advance() for a layer id known at compile time: the class check folds to a constant
  /// and the dispatch to a direct call.
  template <layer_id Id> void advance_known(layer_id& next) noexcept;
  layer_id ethernet() noexcept;
  layer_id linux_sll() noexcept;
  layer_id linux_sll2() noexcept;
  layer_id null_loopback() noexcept;
  layer_id arp() noexcept;
  layer_id macsec() noexcept;   // macsec_step.cpp
  layer_id nsh() noexcept;      // nsh_step.cpp
  layer_id openflow() noexcept; // openflow_step.cpp
  layer_id vlan() noexcept;
  layer_id llc() noexcept;
  layer_id mpls() noexcept;
  layer_id pppoe() noexcept;
  layer_id ppp() noexcept;
  layer_id ipv4() noexcept;
  layer_id ipv6() noexcept;
  layer_id ipv6_options(layer_id id) noexcept;
  layer_id ipv6_routing() noexcept;
  layer_id ipv6_fragment() noexcept;
  layer_id ah() noexcept;
  layer_id esp() noexcept;
  layer_id ipcomp() noexcept; // ipcomp_step.cpp
  layer_id gre() noexcept;
  // gtp_steps.cpp
  layer_id gtp_u() noexcept;
  layer_id gtp_prime() noexcept;
  /// Enters the user packet of a T-PDU whose GTP header takes `header_len` octets at off_ and
  /// whose length field ends the message `declared_len` octets after off_; none (and no
  /// tunnel) when nothing or no packet registry::probe_gtp_t_pdu recognises follows.
  layer_id gtp_t_pdu(std::size_t header_len, std::size_t declared_len) noexcept;
  layer_id udp() noexcept;
  layer_id tcp() noexcept;
  layer_id sctp() noexcept;
  layer_id icmp() noexcept;
  layer_id icmpv6() noexcept;
  layer_id vxlan() noexcept;
  layer_id geneve() noexcept;
  // tunnel_steps.cpp
  layer_id pim() noexcept;
  layer_id teredo() noexcept;
  layer_id ayiya() noexcept;
  layer_id lisp() noexcept;
  layer_id lisp_control() noexcept;
  layer_id l2tp() noexcept;
  /// Enters a tunnel whose payload at off_ is an IP packet of the version its first nibble
  /// says; none (and no tunnel) for any other nibble.
  layer_id enter_ip_by_version() noexcept;
  /// The application layer `id` (DNS, DHCP, NTP, HTTP or TLS) over the payload at off_; none
  /// for any other id.
  layer_id application(layer_id id) noexcept;
  layer_id dns() noexcept;
  /// An application message that is the whole payload: parse with View, record as `id`.
  template <class View> layer_id whole_payload_application(layer_id id) noexcept;

  bytes frame_;
  link_type link_;
  const decode_options& opt_;
  decoded_packet& out_;
  std::size_t off_ = 0;
  std::size_t end_;
  std::size_t max_layers_;
  std::uint8_t depth_ = 0;
  bool fatal_ = false;
  /// The first IP header's version was only guessed (raw link type, nibble neither 4 nor 6);
  /// that header fails, so the walk never reaches an announced one after it.
  bool version_unannounced_ = false;
  // Ethernet padding: set by link layers whose payload may carry it.
  bool padded_link_ = false;
  std::size_t link_payload_start_ = 0;
  std::optional<std::size_t> ethernet_start_; ///< of the Ethernet header an FCS would cover
  // Upper-layer checksum context of the innermost IP header.
  bool in_ipv6_ = false;
  bytes ip_src_, ip_dst_;
  std::array<std::uint8_t, 16> final_dst_{};
  bool l4_whole_ = false;     ///< the datagram is captured whole and is not a fragment
  std::size_t dgram_end_ = 0; ///< where the innermost IP datagram ends by its length field
  bool udp_whole_ = false;    ///< the innermost UDP datagram was captured whole
};

} // namespace pktscope::detail
