#include <pktscope/decode/decoder.hpp>

#include "walker.hpp"

#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/arista.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/dhcp.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/erspan.hpp>
#include <pktscope/proto/ethernet.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/gre.hpp>
#include <pktscope/proto/http.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ieee80211.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/ipv6_ext.hpp>
#include <pktscope/proto/linux_sll.hpp>
#include <pktscope/proto/linux_sll2.hpp>
#include <pktscope/proto/llc.hpp>
#include <pktscope/proto/mac_in_mac.hpp>
#include <pktscope/proto/mpls.hpp>
#include <pktscope/proto/ntp.hpp>
#include <pktscope/proto/null_loopback.hpp>
#include <pktscope/proto/ppp.hpp>
#include <pktscope/proto/pppoe.hpp>
#include <pktscope/proto/pseudo_header.hpp>
#include <pktscope/proto/sctp.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/tls.hpp>
#include <pktscope/proto/udp.hpp>
#include <pktscope/proto/vlan.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

namespace pktscope::detail {
namespace {

/// IEEE 802.3 §4.4.2: a frame is at least 64 octets with FCS, so at least 46 octets follow
/// the 14-octet header; shorter payloads are padded and the padding reaches the capture
/// (Linux cooked captures of received frames keep it too). With an 802.1Q tag the minimum
/// payload after the tag is 42 or 46 depending on where the tag was added.
constexpr std::size_t min_ethernet_payload = 46;

/// Some drivers pad to 64 octets (the minimum with FCS) and fill the FCS with zeros.
constexpr std::size_t max_zero_padded_payload = min_ethernet_payload + 4;
constexpr std::size_t fcs_len = 4;

/// IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320), the Ethernet FCS. Only computed when
/// a frame has bytes after its IP datagram, to tell a kept FCS from trailing data.
constexpr std::array<std::uint32_t, 256> crc32_table = [] {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) {
      c = (c & 1U) != 0 ? 0xedb88320U ^ (c >> 1) : c >> 1;
    }
    t[i] = c;
  }
  return t;
}();

std::uint32_t crc32(bytes b) noexcept {
  std::uint32_t c = 0xffffffffU;
  for (const std::uint8_t x : b) {
    c = crc32_table[(c ^ x) & 0xffU] ^ (c >> 8);
  }
  return c ^ 0xffffffffU;
}

bool all_zero(bytes b) noexcept {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

} // namespace

bool walker::run() noexcept {
  layer_id next = registry::by_link_type(link_);
  if (next == layer_id::none) {
    return false;
  }
  if (link_ == link_type::raw || link_ == link_type::raw_bsd_dlt12 ||
      link_ == link_type::raw_bsd_dlt14 || link_ == link_type::ipv4) {
    // LINKTYPE_RAW: the version nibble decides. LINKTYPE_IPV4 names the version, but an IPv6
    // packet under it is dissected as IPv6 (tshark's IPv4 dissector hands it over); any other
    // nibble keeps IPv4, whose view reports the bad version. LINKTYPE_IPV6 stays IPv6 (tshark
    // does not hand an IPv4 packet over there). Under the raw types no version was announced,
    // so a nibble other than 4 or 6 is no bad_ip_version (tshark shows no IP layer there).
    const layer_id by_version = ip_by_version();
    next = by_version == layer_id::none ? layer_id::ipv4 : by_version;
    version_unannounced_ = by_version == layer_id::none && link_ != link_type::ipv4;
  }
  // The commonest stacks first, by direct calls: Ethernet, one 802.1Q tag, IPv4 or IPv6, TCP or
  // UDP. The same steps and checks as the loop below, without its indirect dispatch; the loop
  // takes over from wherever this leaves (other layers, tunnels, application layers).
  if (next == layer_id::ethernet) {
    advance_known<layer_id::ethernet>(next);
    if (next == layer_id::vlan) {
      advance_known<layer_id::vlan>(next);
    }
  }
  if (next == layer_id::ipv4) {
    advance_known<layer_id::ipv4>(next);
  } else if (next == layer_id::ipv6) {
    advance_known<layer_id::ipv6>(next);
  }
  if (next == layer_id::tcp) {
    advance_known<layer_id::tcp>(next);
  } else if (next == layer_id::udp) {
    advance_known<layer_id::udp>(next);
  }
  while (next != layer_id::none) {
    advance(next);
  }
  return true;
}

inline bool walker::admit(layer_id id) noexcept {
  if (!registry::within(registry::class_of(id), opt_.deepest)) {
    return false;
  }
  if (out_.layer_count >= max_layers_) [[unlikely]] {
    flag(anomaly::too_many_layers);
    out_.stopped = error{errc::unsupported, id, 0, 0, off_};
    fatal_ = opt_.strict;
    return false;
  }
  return true;
}

inline void walker::advance(layer_id& next) noexcept {
  next = admit(next) ? step(next) : layer_id::none;
}

template <layer_id Id> inline void walker::advance_known(layer_id& next) noexcept {
  if (!admit(Id)) {
    next = layer_id::none;
    return;
  }
  switch (Id) {
  case layer_id::ethernet: next = ethernet(); break;
  case layer_id::vlan: next = vlan(); break;
  case layer_id::ipv4: next = ipv4(); break;
  case layer_id::ipv6: next = ipv6(); break;
  case layer_id::tcp: next = tcp(); break;
  case layer_id::udp: next = udp(); break;
  default: next = step(Id); break;
  }
}

layer_id walker::step(layer_id id) noexcept {
  switch (id) {
  case layer_id::ethernet: return ethernet();
  case layer_id::linux_sll: return linux_sll();
  case layer_id::linux_sll2: return linux_sll2();
  case layer_id::null_loopback: return null_loopback();
  case layer_id::arp: return arp();
  case layer_id::macsec: return macsec();
  case layer_id::vlan: return vlan();
  case layer_id::llc: return llc();
  case layer_id::mpls: return mpls();
  case layer_id::nsh: return nsh();
  case layer_id::pppoe: return pppoe();
  case layer_id::ppp: return ppp();
  case layer_id::ipv4: return ipv4();
  case layer_id::ipv6: return ipv6();
  case layer_id::ipv6_hop_by_hop:
  case layer_id::ipv6_destination: return ipv6_options(id);
  case layer_id::ipv6_routing: return ipv6_routing();
  case layer_id::ipv6_fragment: return ipv6_fragment();
  case layer_id::ah: return ah();
  case layer_id::esp: return esp();
  case layer_id::ipcomp: return ipcomp();
  case layer_id::gre: return gre();
  case layer_id::udp: return udp();
  case layer_id::tcp: return tcp();
  case layer_id::sctp: return sctp();
  case layer_id::icmp: return icmp();
  case layer_id::icmpv6: return icmpv6();
  case layer_id::vxlan: return vxlan();
  case layer_id::geneve: return geneve();
  case layer_id::pim: return pim();
  case layer_id::teredo: return teredo();
  case layer_id::ayiya: return ayiya();
  case layer_id::l2tp: return l2tp();
  case layer_id::lisp: return lisp();
  case layer_id::lisp_control: return lisp_control();
  case layer_id::openflow: return openflow();
  case layer_id::dns: return dns();
  case layer_id::dhcp: return whole_payload_application<dhcp::view>(layer_id::dhcp);
  case layer_id::ntp: return whole_payload_application<ntp::view>(layer_id::ntp);
  case layer_id::http: return whole_payload_application<http::view>(layer_id::http);
  case layer_id::tls: return whole_payload_application<tls::record_view>(layer_id::tls);
  default: return layer_id::none;
  }
}

void walker::bound_datagram(std::size_t dgram_end) noexcept {
  dgram_end_ = dgram_end;
  l4_whole_ = dgram_end <= end_;
  if (dgram_end < end_) {
    if (!is_link_padding(dgram_end)) {
      flag(anomaly::trailing_bytes);
    }
    end_ = dgram_end;
  }
}

// Bytes between the datagram's end and the link payload's end are not trailing data when
// they are what a sender or capture adds to every short frame:
// - padding of a link payload to the 46-octet minimum (any content: senders need not zero
//   it), i.e. a frame of at most 60 octets;
// - zeros up to 50 octets of payload (drivers that pad to 64 octets);
// - a 4-octet Ethernet FCS the capture kept, recognised by its CRC.
bool walker::is_link_padding(std::size_t dgram_end) const noexcept {
  if (!padded_link_) {
    return false;
  }
  // The bytes between dgram_end and a link payload ending at link_end are padding.
  const auto padded_to = [&](std::size_t link_end) noexcept {
    if (link_end <= dgram_end) {
      return true;
    }
    const std::size_t link_payload = link_end - link_payload_start_;
    return link_payload <= min_ethernet_payload ||
           (link_payload <= max_zero_padded_payload &&
            all_zero(frame_.subspan(dgram_end, link_end - dgram_end)));
  };
  // Setting a kept FCS aside only shortens the link payload and the bytes that must be zero,
  // so a frame that passes with the FCS counted in also passes without it: try that first and
  // compute the CRC (a pass over the whole frame) only for frames it rejects.
  if (padded_to(end_)) {
    return true;
  }
  return ethernet_start_ && end_ - dgram_end >= fcs_len &&
         crc32(frame_.subspan(*ethernet_start_, end_ - fcs_len - *ethernet_start_)) ==
             load_le32(frame_, end_ - fcs_len) &&
         padded_to(end_ - fcs_len);
}

/// Copies an IPv4 (4-byte) or IPv6 (16-byte) address into a zeroed summary field. The two
/// fixed sizes compile to plain moves; a run-time size would be a library call per address.
namespace {

void copy_address(std::array<std::uint8_t, 16>& to, bytes from) noexcept {
  if (from.size() == 4) {
    std::memcpy(to.data(), from.data(), 4);
  } else if (from.size() == 16) {
    std::memcpy(to.data(), from.data(), 16);
  } else {
    std::memcpy(to.data(), from.data(), std::min(from.size(), to.size()));
  }
}

} // namespace

void walker::set_ip_summary(std::uint8_t version, bytes src, bytes dst, std::uint8_t ttl) noexcept {
  if (out_.ip_version != 0) { // else still as reset() left it: only set_ip_summary sets it
    out_.clear_network();
  }
  out_.ip_version = version;
  copy_address(out_.src_addr, src);
  copy_address(out_.dst_addr, dst);
  out_.ttl = ttl;
  out_.ip_offset = static_cast<std::uint32_t>(off_);
  ip_src_ = src;
  ip_dst_ = dst;
  in_ipv6_ = version == 6;
  if (ttl == 0) {
    flag(anomaly::ttl_zero);
  }
}

layer_id walker::after_ip(std::uint8_t protocol) noexcept {
  out_.ip_protocol = protocol;
  const layer_id next = registry::by_ip_protocol(protocol);
  switch (next) {
  case layer_id::ipv4:
  case layer_id::ipv6:
  case layer_id::mpls:     // IP-in-IP (RFC 2003, RFC 2473, RFC 4213), MPLS-in-IP (RFC 4023)
  case layer_id::ethernet: // Ethernet in IPv6 (RFC 8986)
    if (!opt_.follow_tunnels) {
      return layer_id::none;
    }
    enter_tunnel();
    return next;
  case layer_id::ipv6_hop_by_hop:
  case layer_id::ipv6_routing:
  case layer_id::ipv6_fragment:
  case layer_id::ipv6_destination: return in_ipv6_ ? next : layer_id::none;
  default: return next;
  }
}

layer_id walker::ip_by_version() noexcept {
  if (off_ >= end_) {
    return layer_id::none;
  }
  switch (frame_[off_] >> 4) {
  case 4: return layer_id::ipv4;
  case 6: return layer_id::ipv6;
  default: return layer_id::none;
  }
}

// 802.1ah backbone tags, Cisco VN-Tags and Arista timestamp headers have no layer of their
// own: they are skipped, as tshark's ieee8021ah, vntag and avsp dissectors show them (their
// own fields, not a second Ethernet header), and the type field after them decides what
// follows. A frame may nest them as deep as its length allows, so they are skipped in a loop
// rather than by recursion.
layer_id walker::by_type_or_length(std::uint16_t type_or_length) noexcept {
  std::uint16_t type = type_or_length;
  for (;;) {
    if (is_802_3_length(type)) {
      end_ = std::min(end_, off_ + type);
      return layer_id::llc;
    }
    if (type == arista::ether_type) {
      // Arista's timestamp header, skipped as tshark's avsp dissector shows it; an unknown
      // subtype or timestamp format has an unknown length, so the frame ends there.
      const auto a = arista::view::parse(cur());
      if (!a) {
        return a.error().code == errc::unsupported ? layer_id::none : fail(a.error());
      }
      off_ += a->header_length() + 2;
      if (padded_link_) {
        link_payload_start_ = off_;
      }
      type = a->type_or_length();
      continue;
    }
    const bool backbone = type == static_cast<std::uint16_t>(ether_type::pbb);
    if (!backbone && type != vntag::ether_type) {
      return registry::by_ether_type(type);
    }
    const auto inner =
        backbone ? skip_tag<pbb::view>(pbb::header_len) : skip_tag<vntag::view>(vntag::tag_len);
    if (!inner) {
      return fail(inner.error());
    }
    if (!backbone && *inner == vntag::ether_type) {
      return layer_id::none; // a VN-Tag directly inside a VN-Tag: nothing known follows
    }
    type = *inner;
  }
}

// Skips a tag of `tag_len` octets and the type field after it (its view checked both are
// captured); returns that type.
template <class View> result<std::uint16_t> walker::skip_tag(std::size_t tag_len) noexcept {
  const auto r = View::parse(cur());
  if (!r) {
    return unexpected{r.error()};
  }
  off_ += tag_len + 2;
  if (padded_link_) {
    link_payload_start_ = off_;
  }
  return r->type_or_length();
}

layer_id walker::ethernet() noexcept {
  const auto r = ethernet::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::ethernet, ethernet::header_len);
  ethernet_start_ = off_;
  off_ += ethernet::header_len;
  mark_link_payload();
  // Cisco FabricPath: after the FTag/TTL word the customer's Ethernet header follows (tshark's
  // cfp heuristic dissects it as the frame's Ethernet header). Too short: an unknown type.
  if (r->type_or_length() == fabricpath::ether_type && fabricpath::view::parse(cur())) {
    off_ += fabricpath::tag_len;
    return layer_id::ethernet;
  }
  return by_type_or_length(r->type_or_length());
}

layer_id walker::by_sll_kind(linux_sll::payload_kind kind, std::uint16_t protocol) noexcept {
  switch (kind) {
  case linux_sll::payload_kind::ether_type:
  case linux_sll::payload_kind::gre_protocol: return registry::by_ether_type(protocol);
  case linux_sll::payload_kind::llc: return layer_id::llc;
  default: return layer_id::none;
  }
}

layer_id walker::linux_sll() noexcept {
  const auto r = linux_sll::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::linux_sll, linux_sll::header_len);
  off_ += linux_sll::header_len;
  if (r->arphrd_type() == linux_sll::arphrd::ether) {
    mark_link_payload(); // a received Ethernet frame keeps its padding, not its FCS
  }
  return by_sll_kind(r->kind(), r->protocol());
}

layer_id walker::linux_sll2() noexcept {
  const auto r = linux_sll2::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::linux_sll2, linux_sll2::header_len);
  off_ += linux_sll2::header_len;
  if (r->arphrd_type() == linux_sll::arphrd::ether) {
    mark_link_payload();
  }
  return by_sll_kind(r->kind(), r->protocol());
}

layer_id walker::null_loopback() noexcept {
  const auto r = null_loopback::view::parse(cur(), link_ == link_type::loop
                                                       ? null_loopback::encoding::network_order
                                                       : null_loopback::encoding::host_order);
  if (!r) {
    return fail(r.error());
  }
  switch (r->kind()) {
  case null_loopback::header_kind::ppp: return layer_id::ppp; // no loopback header at all
  case null_loopback::header_kind::ether_type:
    push(layer_id::null_loopback, null_loopback::header_len);
    off_ += null_loopback::header_len;
    return registry::by_ether_type(static_cast<std::uint16_t>(r->ether_type()));
  case null_loopback::header_kind::family: break;
  }
  push(layer_id::null_loopback, null_loopback::header_len);
  off_ += null_loopback::header_len;
  return registry::by_bsd_family(r->value());
}

layer_id walker::arp() noexcept {
  const auto r = arp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::arp, r->declared_len());
  return layer_id::none;
}

layer_id walker::vlan() noexcept {
  const auto r = vlan::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::vlan, vlan::header_len);
  if (out_.vlan_count < decoded_packet::max_vlans) {
    out_.vlan_ids[out_.vlan_count++] = r->vid();
  }
  off_ += vlan::header_len;
  if (padded_link_) {
    link_payload_start_ = off_;
  }
  return by_type_or_length(r->type_or_length());
}

layer_id walker::llc() noexcept {
  if (llc::is_novell_raw(cur())) {
    return layer_id::none; // IPX without LLC: nothing we decode
  }
  const auto r = llc::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::llc, r->header_len());
  off_ += r->header_len();
  // RFC 1042 SNAP encapsulation carries an EtherType; plain LLC SAPs (STP, ...) end here.
  return r->has_ether_type() ? registry::by_ether_type(r->pid()) : layer_id::none;
}

layer_id walker::mpls() noexcept {
  // The whole label stack is one layer (as tshark shows it), followed to its bottom entry
  // whatever its depth, as tshark does; the bound is the deepest stack a layer's 16-bit
  // length holds.
  constexpr std::size_t max_stack_depth = 0xffff / mpls::header_len;
  const auto r = mpls::walk_stack(cur(), max_stack_depth);
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::mpls, r->entries.size());
  off_ += r->entries.size();
  // RFC 3032 §2.1: the payload's protocol is implied by the label; guess it as routers and
  // Wireshark do, from the first nibble.
  switch (mpls::guess_payload(cur())) {
  case mpls::payload_kind::ipv4: return layer_id::ipv4;
  case mpls::payload_kind::ipv6: return layer_id::ipv6;
  case mpls::payload_kind::pw_control_word:
    // RFC 4448 Ethernet pseudowire: control word, then an Ethernet frame.
    if (!opt_.follow_tunnels || end_ - off_ < mpls::control_word_len + ethernet::header_len) {
      return layer_id::none;
    }
    off_ += mpls::control_word_len;
    enter_tunnel();
    return layer_id::ethernet;
  default: return layer_id::none;
  }
}

layer_id walker::pppoe() noexcept {
  const auto r = pppoe::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::pppoe, pppoe::header_len);
  // The LENGTH field bounds the PPP frame; what follows it is Ethernet padding.
  end_ = off_ + pppoe::header_len + r->payload().size();
  off_ += pppoe::header_len;
  return r->is_session() ? layer_id::ppp : layer_id::none;
}

layer_id walker::ppp() noexcept {
  const auto r = ppp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::ppp, r->header_len());
  off_ += r->header_len();
  return registry::by_ppp_protocol(static_cast<std::uint16_t>(r->protocol()));
}

layer_id walker::ipv4() noexcept {
  const auto r = ipv4::view::parse(cur());
  if (!r) {
    return fail_ip(r.error(), ipv4::version_number);
  }
  const ipv4::view& v = *r;
  push(layer_id::ipv4, v.header_len());
  set_ip_summary(4, v.src_bytes(), v.dst_bytes(), v.ttl());
  if (v.reserved_flag()) {
    flag(anomaly::ipv4_reserved_flag);
  }
  if (opt_.verify_checksums && !v.checksum_ok()) {
    flag(anomaly::bad_ipv4_checksum);
  }
  bound_datagram(off_ + v.declared_len());
  if (v.length_from_capture()) {
    l4_whole_ = false; // TSO capture: the length and checksums are the NIC's to fill
  }
  off_ += v.header_len();
  if (v.is_fragment()) {
    flag(anomaly::fragment);
    out_.is_fragment = true;
    l4_whole_ = false;
    if (v.fragment_offset() != 0) {
      out_.ip_protocol = static_cast<std::uint8_t>(v.protocol());
      return layer_id::none; // a later fragment: no transport header here
    }
  }
  return after_ip(static_cast<std::uint8_t>(v.protocol()));
}

layer_id walker::ipv6() noexcept {
  const auto r = ipv6::view::parse(cur());
  if (!r) {
    return fail_ip(r.error(), ipv6::version_number);
  }
  const ipv6::view& v = *r;
  push(layer_id::ipv6, ipv6::header_len);
  set_ip_summary(6, v.src_bytes(), v.dst_bytes(), v.hop_limit());
  bound_datagram(off_ + v.declared_len());
  off_ += ipv6::header_len;
  return after_ip(static_cast<std::uint8_t>(v.next_header()));
}

namespace {

// The headers push_extension() records (AH is left out, unlike flow_key.cpp's
// is_ipv6_extension: its layer stays one header long).
bool is_chained_ipv6_extension(layer_id id) noexcept {
  return id == layer_id::ipv6_hop_by_hop || id == layer_id::ipv6_destination ||
         id == layer_id::ipv6_routing || id == layer_id::ipv6_fragment;
}

} // namespace

void walker::push_extension(layer_id id, std::size_t header_len) noexcept {
  constexpr std::size_t kept_after_chain = 2; // transport and application
  // admit() checked layer_count < max_layers_.
  if (max_layers_ - out_.layer_count > kept_after_chain || out_.layer_count == 0) {
    push(id, header_len);
    return;
  }
  layer& last = out_.layers[out_.layer_count - 1];
  if (!is_chained_ipv6_extension(last.id) || last.tunnel_depth != depth_ ||
      std::size_t{last.offset} + last.length != off_ || last.length + header_len > 0xffff) {
    push(id, header_len);
    return;
  }
  last.length = static_cast<std::uint16_t>(last.length + header_len);
}

layer_id walker::ipv6_options(layer_id id) noexcept {
  const auto r = ipv6_opts::view::parse(cur(), id);
  if (!r) {
    return fail(r.error());
  }
  push_extension(id, r->header_len());
  off_ += r->header_len();
  return after_ip(static_cast<std::uint8_t>(r->next_header()));
}

layer_id walker::ipv6_routing() noexcept {
  const auto r = ipv6_routing::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push_extension(layer_id::ipv6_routing, r->header_len());
  // RFC 8200 §8.1: the upper-layer pseudo-header uses the final destination.
  if (const auto final_dst = r->final_destination()) {
    final_dst_ = final_dst->octets;
    ip_dst_ = bytes(final_dst_);
  }
  off_ += r->header_len();
  return after_ip(static_cast<std::uint8_t>(r->next_header()));
}

layer_id walker::ipv6_fragment() noexcept {
  const auto r = ipv6_frag::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  if (r->is_atomic()) { // RFC 6946: an atomic fragment is a whole packet
    push_extension(layer_id::ipv6_fragment, ipv6_frag::header_len);
    off_ += ipv6_frag::header_len;
    return after_ip(static_cast<std::uint8_t>(r->next_header()));
  }
  push(layer_id::ipv6_fragment, ipv6_frag::header_len); // a layer of its own for reassembly
  off_ += ipv6_frag::header_len;
  flag(anomaly::fragment);
  out_.is_fragment = true;
  l4_whole_ = false;
  if (r->fragment_offset() != 0) {
    out_.ip_protocol = static_cast<std::uint8_t>(r->next_header());
    return layer_id::none;
  }
  return after_ip(static_cast<std::uint8_t>(r->next_header()));
}

layer_id walker::ah() noexcept {
  const auto r = ah::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::ah, r->header_len());
  off_ += r->header_len();
  return after_ip(static_cast<std::uint8_t>(r->next_header()));
}

layer_id walker::esp() noexcept {
  const auto r = esp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::esp, esp::header_len);
  return layer_id::none; // encrypted from here on
}

void walker::set_transport(layer_id id, std::uint16_t src, std::uint16_t dst,
                           std::size_t payload_off) noexcept {
  if (out_.transport != layer_id::none) { // else still as clear_transport() left it
    out_.clear_transport();
  }
  out_.transport = id;
  out_.src_port = src;
  out_.dst_port = dst;
  out_.l4_payload_offset = static_cast<std::uint32_t>(payload_off);
  out_.l4_payload_len = static_cast<std::uint32_t>(end_ - payload_off);
}

layer_id walker::tcp() noexcept {
  const auto r = tcp::view::parse(cur());
  if (!r) {
    const bytes b = cur();
    if (opt_.partial_transport && r.error().code == errc::truncated && b.size() >= 4) {
      push(layer_id::tcp, b.size()); // ports-only: the quote of an ICMP error
      set_transport(layer_id::tcp, load_be16(b, 0), load_be16(b, 2), end_);
      out_.transport_partial = true;
    }
    return fail(r.error());
  }
  const tcp::view& v = *r;
  push(layer_id::tcp, v.header_length());
  set_transport(layer_id::tcp, v.src_port(), v.dst_port(), off_ + v.header_length());
  const tcp::flag_set flags = v.flags();
  out_.tcp_flags = flags.raw();
  out_.tcp_seq = v.seq();
  out_.tcp_ack = v.ack();
  // Each of these needs FIN, or SYN with RST, or no flag at all: one test for the rest.
  constexpr auto syn_rst =
      static_cast<std::uint16_t>(tcp::flag::syn) | static_cast<std::uint16_t>(tcp::flag::rst);
  if (flags.has(tcp::flag::fin) || (flags.raw() & syn_rst) == syn_rst ||
      (flags.raw() & tcp::named_flags_mask) == 0) [[unlikely]] {
    if (tcp::is_null_scan(flags)) {
      flag(anomaly::tcp_null_flags);
    }
    if (tcp::is_xmas(flags)) {
      flag(anomaly::tcp_xmas_flags);
    }
    if (tcp::has_syn_fin(flags)) {
      flag(anomaly::tcp_syn_fin);
    }
    if (tcp::has_syn_rst(flags)) {
      flag(anomaly::tcp_syn_rst);
    }
  }
  if (can_verify_l4()) {
    const std::size_t segment_len = dgram_end_ - off_;
    const auto status =
        v.verify_checksum(pseudo_header::for_addresses(ip_src_, ip_dst_, tcp::ip_protocol,
                                                       static_cast<std::uint32_t>(segment_len)),
                          segment_len);
    if (status == checksum_status::bad) {
      flag(anomaly::bad_tcp_checksum);
    }
  }
  off_ += v.header_length();
  // A protocol carrying frames claims the segment by port, as UDP tunnels do (from transport
  // on); a segment without payload (most ACKs) skips the lookup.
  if (opt_.follow_tunnels && off_ < end_) {
    if (const layer_id t = registry::claim_tcp_tunnel(v.src_port(), v.dst_port());
        t != layer_id::none) {
      return t;
    }
  }
  if (opt_.deepest != stop_at::application) {
    return layer_id::none;
  }
  return registry::probe_tcp(v.src_port(), v.dst_port(), cur());
}

layer_id walker::icmp() noexcept {
  const auto r = icmp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::icmp, icmp::header_len);
  set_transport(layer_id::icmp, 0, 0, off_ + icmp::header_len);
  out_.icmp_type = r->type();
  out_.icmp_code = r->code();
  // in_ipv6_: ICMPv4 inside IPv6 is not defined; its checksum rule is unknown.
  if (can_verify_l4() && !in_ipv6_ && !r->checksum_ok()) {
    flag(anomaly::bad_icmp_checksum);
  }
  // An error message quotes the offending datagram; it is not decoded as a layer, so the
  // summary keeps describing this packet (tshark shows the quote as further layers).
  return layer_id::none;
}

layer_id walker::icmpv6() noexcept {
  const auto r = icmpv6::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::icmpv6, icmpv6::header_len);
  set_transport(layer_id::icmpv6, 0, 0, off_ + icmpv6::header_len);
  out_.icmp_type = r->type();
  out_.icmp_code = r->code();
  if (can_verify_l4() && in_ipv6_) {
    const std::size_t len = end_ - off_;
    if (!r->checksum_ok(
            pseudo_header::ipv6(ip_src_, ip_dst_, 58, static_cast<std::uint32_t>(len)))) {
      flag(anomaly::bad_icmpv6_checksum);
    }
  }
  return layer_id::none;
}

layer_id walker::gre() noexcept {
  const auto r = gre::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::gre, r->header_length());
  off_ += r->header_length();
  if (!opt_.follow_tunnels) {
    return layer_id::none;
  }
  // ERSPAN (no layer of its own): type I (0x88be without S) has no header, type II (0x88be
  // with S) and type III (0x22eb) one erspan::view measures; a mirrored Ethernet frame follows.
  const auto proto = static_cast<gre::protocol>(r->protocol_type());
  if (proto == gre::protocol::erspan_type2 || proto == gre::protocol::erspan_type3) {
    if (proto == gre::protocol::erspan_type3 || r->has_sequence()) {
      const auto e = erspan::view::parse(cur());
      if (!e) {
        return fail(e.error());
      }
      if (e->version() == erspan::version_type3 && e->ft() != 0) {
        off_ += e->header_length();
        return layer_id::none; // type III frame type other than Ethernet (0)
      }
      off_ += e->header_length();
    }
    enter_tunnel();
    return layer_id::ethernet;
  }
  // Aruba WLAN (0x8200): an 802.11 frame without FCS; an unprotected data frame carrying one
  // MSDU continues with its LLC header (as tshark dissects it). Anything else stays payload.
  if (r->protocol_type() == ieee80211::gre_aruba_wlan) {
    const auto w = ieee80211::data_view::parse(cur());
    if (!w || !w->carries_llc()) {
      return layer_id::none;
    }
    off_ += w->header_length();
    enter_tunnel();
    return layer_id::llc;
  }
  // WCCP redirection: the redirect header precedes the IPv4 packet, except from routers that
  // leave it out (WCCPv1 and some v2), told apart as tshark does by a version nibble 4 at the
  // start.
  if (proto == gre::protocol::wccp) {
    if (ip_by_version() != layer_id::ipv4) {
      if (end_ - off_ < gre::wccp_redirect_header_len) {
        return layer_id::none;
      }
      off_ += gre::wccp_redirect_header_len;
    }
    const layer_id inner = ip_by_version();
    if (inner != layer_id::none) {
      enter_tunnel();
    }
    return inner;
  }
  // Protocol type is an EtherType (RFC 2784 §2.4): IP, Transparent Ethernet Bridging (0x6558),
  // MPLS, PPP (PPTP, RFC 2637); behind Cisco MetaData, the EtherType its header names.
  std::uint16_t type = r->protocol_type();
  if (proto == gre::protocol::cisco_metadata) {
    if (cur().size() < gre::cisco_metadata_header_len) {
      return layer_id::none;
    }
    type = load_be16(cur(), 0);
    off_ += gre::cisco_metadata_header_len;
  }
  const layer_id next = registry::by_ether_type(type);
  if (next != layer_id::none) {
    enter_tunnel();
  }
  return next;
}

layer_id walker::sctp() noexcept {
  const auto r = sctp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::sctp, sctp::header_len);
  set_transport(layer_id::sctp, r->src_port(), r->dst_port(), off_ + sctp::header_len);
  if (can_verify_l4() && r->verify_checksum(end_ - off_) == checksum_status::bad) {
    flag(anomaly::bad_sctp_checksum);
  }
  return layer_id::none;
}

layer_id walker::udp() noexcept {
  const auto r = udp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  const udp::view& v = *r;
  push(layer_id::udp, udp::header_len);
  const bytes payload = v.payload();
  end_ = off_ + udp::header_len + payload.size();
  set_transport(layer_id::udp, v.src_port(), v.dst_port(), off_ + udp::header_len);
  udp_whole_ = v.complete();
  off_ += udp::header_len;
  if (can_verify_l4()) {
    const auto status = v.verify_checksum(
        pseudo_header::for_addresses(ip_src_, ip_dst_, udp::ip_protocol, v.length()));
    if (status == checksum_status::bad) {
      flag(anomaly::bad_udp_checksum);
    } else if (status == checksum_status::absent && in_ipv6_) {
      flag(anomaly::udp_zero_checksum_ipv6);
    }
  }
  const bool application = opt_.deepest == stop_at::application && !payload.empty();
  if (!opt_.follow_tunnels && !application) {
    return layer_id::none;
  }
  using claim = registry::udp_claim::kind;
  const registry::udp_claim c =
      registry::claim_udp(v.src_port(), v.dst_port(), opt_.follow_tunnels);
  switch (c.what) {
  case claim::tunnel:
    if (c.id == layer_id::mpls) { // MPLS-in-UDP (RFC 7510): the labels open the tunnel
      enter_tunnel();
    }
    return c.id;
  case claim::gtp_u: return gtp_u();
  case claim::gtp_prime: return gtp_prime();
  case claim::application: return application ? c.id : layer_id::none;
  case claim::other: return layer_id::none;
  case claim::none: break;
  }
  return application ? registry::probe_udp(payload) : layer_id::none;
}

layer_id walker::vxlan() noexcept {
  const auto r = vxlan::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::vxlan, vxlan::header_len);
  off_ += vxlan::header_len;
  const bool gpe = out_.src_port == vxlan::gpe_udp_port || out_.dst_port == vxlan::gpe_udp_port;
  if (!gpe || !r->p_flag()) {
    enter_tunnel();
    return layer_id::ethernet; // RFC 7348 §5: the payload is an Ethernet frame
  }
  layer_id next = layer_id::none; // unknown protocols stay payload
  switch (r->next_protocol()) {
  case vxlan::gpe_protocol::ipv4: next = layer_id::ipv4; break;
  case vxlan::gpe_protocol::ipv6: next = layer_id::ipv6; break;
  case vxlan::gpe_protocol::ethernet: next = layer_id::ethernet; break;
  case vxlan::gpe_protocol::mpls: next = layer_id::mpls; break;
  case vxlan::gpe_protocol::nsh: next = layer_id::nsh; break;
  }
  if (next != layer_id::none) {
    enter_tunnel();
  }
  return next;
}

layer_id walker::geneve() noexcept {
  const auto r = geneve::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::geneve, r->header_length());
  off_ += r->header_length();
  // RFC 8926 §3.4: Protocol Type is an EtherType (0x6558 Ethernet, or IP directly).
  const layer_id next = registry::by_ether_type(r->protocol_type());
  if (next != layer_id::none) {
    enter_tunnel();
  }
  return next;
}

template <class View> layer_id walker::whole_payload_application(layer_id id) noexcept {
  const auto r = View::parse(cur());
  if (!r) {
    return fail_application(r.error());
  }
  push(id, end_ - off_);
  out_.application = id;
  return layer_id::none;
}

layer_id walker::dns() noexcept {
  bytes message = cur();
  if (out_.transport == layer_id::tcp) { // RFC 7766 §8: two-octet length prefix
    const auto m = dns::parse_tcp_message(message);
    if (!m) {
      return fail_application(m.error());
    }
    off_ += 2;
    message = m->message;
    end_ = off_ + message.size();
  }
  const auto r = dns::view::parse(message);
  if (!r) {
    return fail_application(r.error());
  }
  push(layer_id::dns, message.size());
  out_.application = layer_id::dns;
  return layer_id::none;
}

} // namespace pktscope::detail

namespace pktscope {

result<void> decode(bytes frame, link_type link, const decode_options& opt,
                    decoded_packet& out) noexcept {
  out.reset(frame, link);
  detail::walker w(frame, link, opt, out);
  if (!w.run()) {
    out.stopped = error{errc::unsupported, layer_id::none, 0, 0, 0};
    if (opt.strict) {
      return unexpected{*out.stopped};
    }
    return {};
  }
  if (w.fatal()) {
    return unexpected{*out.stopped};
  }
  return {};
}

} // namespace pktscope
