// Walker steps of the link layers and what they carry before IP: Ethernet (with the tags
// skipped inside it), Linux cooked captures, BSD loopback, ARP, 802.1Q, LLC, MPLS, PPPoE and PPP.

#include "walker.hpp"

#include <pktscope/core/endian.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/arista.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/ethernet.hpp>
#include <pktscope/proto/linux_sll.hpp>
#include <pktscope/proto/linux_sll2.hpp>
#include <pktscope/proto/llc.hpp>
#include <pktscope/proto/mac_in_mac.hpp>
#include <pktscope/proto/mpls.hpp>
#include <pktscope/proto/null_loopback.hpp>
#include <pktscope/proto/ppp.hpp>
#include <pktscope/proto/pppoe.hpp>
#include <pktscope/proto/vlan.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pktscope::detail {

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

} // namespace pktscope::detail
