// Walker steps of the network layer: IPv4, IPv6 and its extension headers, AH and ESP; and
// what every IP header sets up for the layers after it (the packet's IP summary, the
// datagram's bounds, the next protocol).

#include "walker.hpp"

#include <pktscope/core/endian.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/ipv6_ext.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

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

void walker::set_ip_summary(std::uint8_t version, bytes src, bytes dst, std::uint8_t ttl,
                            std::size_t declared_len) noexcept {
  if (out_.ip_version != 0) { // else still as reset() left it: only set_ip_summary sets it
    out_.clear_network();
  }
  out_.ip_version = version;
  copy_address(out_.src_addr, src);
  copy_address(out_.dst_addr, dst);
  out_.ttl = ttl;
  out_.ip_offset = static_cast<std::uint32_t>(off_);
  out_.ip_layer = static_cast<std::uint8_t>(out_.layer_count - 1); // pushed just before
  out_.ip_len = static_cast<std::uint32_t>(declared_len);
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

layer_id walker::ipv4() noexcept {
  const auto r = ipv4::view::parse(cur());
  if (!r) {
    return fail_ip(r.error(), ipv4::version_number);
  }
  const ipv4::view& v = *r;
  push(layer_id::ipv4, v.header_len());
  set_ip_summary(4, v.src_bytes(), v.dst_bytes(), v.ttl(), v.declared_len());
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
  set_ip_summary(6, v.src_bytes(), v.dst_bytes(), v.hop_limit(), v.declared_len());
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

} // namespace pktscope::detail
