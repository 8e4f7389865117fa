#include "dump/fields.hpp"

#include "dump/cut_header_fields.hpp"
#include "time_format.hpp"

#include <pktscope/core/address.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/ethernet.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/gre.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/l2tp.hpp>
#include <pktscope/proto/mac_in_mac.hpp>
#include <pktscope/proto/mpls.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>
#include <pktscope/proto/vlan.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace pktscope::cli::dump {

namespace {

using vk = value_kind;

constexpr std::array<field_info, static_cast<std::size_t>(field::count_)> fields_table = {{
    {"frame.number", field::frame_number, vk::number, "packet number, from 1"},
    {"frame.time_epoch", field::frame_time_epoch, vk::text, "seconds since the epoch, 9 decimals"},
    {"frame.time_relative", field::frame_time_relative, vk::text, "seconds since the first packet"},
    {"frame.time_delta", field::frame_time_delta, vk::text,
     "seconds since the previous packet read"},
    {"frame.len", field::frame_len, vk::number, "length on the wire"},
    {"frame.cap_len", field::frame_cap_len, vk::number, "captured length"},
    {"eth.src", field::eth_src, vk::text, "Ethernet source MAC (every Ethernet header)"},
    {"eth.dst", field::eth_dst, vk::text, "Ethernet destination MAC"},
    {"eth.type", field::eth_type, vk::text, "EtherType of Ethernet II headers, 0x0800"},
    {"vlan.id", field::vlan_id, vk::number, "802.1Q/802.1ad VLAN id, one per tag"},
    {"vlan.etype", field::vlan_etype, vk::text, "EtherType after a VLAN tag"},
    {"mpls.label", field::mpls_label, vk::number, "MPLS label, one per stack entry"},
    {"arp.opcode", field::arp_opcode, vk::number, "ARP operation"},
    {"arp.src.hw_mac", field::arp_src_hw_mac, vk::text, "ARP sender MAC"},
    {"arp.src.proto_ipv4", field::arp_src_proto_ipv4, vk::text, "ARP sender IPv4 address"},
    {"arp.dst.proto_ipv4", field::arp_dst_proto_ipv4, vk::text, "ARP target IPv4 address"},
    {"ip.version", field::ip_version, vk::number, "IP version of every IPv4 and IPv6 header"},
    {"ip.hdr_len", field::ip_hdr_len, vk::number, "IPv4 header length in bytes"},
    {"ip.src", field::ip_src, vk::text, "IPv4 source"},
    {"ip.dst", field::ip_dst, vk::text, "IPv4 destination"},
    {"ip.proto", field::ip_proto, vk::number, "IPv4 protocol number"},
    {"ip.ttl", field::ip_ttl, vk::number, "IPv4 time to live"},
    {"ip.len", field::ip_len, vk::number, "IPv4 total length"},
    {"ip.id", field::ip_id, vk::text, "IPv4 identification, 0x1234"},
    {"ip.frag_offset", field::ip_frag_offset, vk::number, "fragment offset in 8-byte units"},
    {"ip.flags.df", field::ip_flags_df, vk::number, "don't fragment (1/0)"},
    {"ip.flags.mf", field::ip_flags_mf, vk::number, "more fragments (1/0)"},
    {"ipv6.src", field::ipv6_src, vk::text, "IPv6 source (RFC 5952)"},
    {"ipv6.dst", field::ipv6_dst, vk::text, "IPv6 destination"},
    {"ipv6.nxt", field::ipv6_nxt, vk::number, "next header of the fixed IPv6 header"},
    {"ipv6.hlim", field::ipv6_hlim, vk::number, "hop limit"},
    {"ipv6.plen", field::ipv6_plen, vk::number, "payload length"},
    {"gre.proto", field::gre_proto, vk::text, "GRE protocol type, 0x0800"},
    {"tcp.srcport", field::tcp_srcport, vk::number, "TCP source port"},
    {"tcp.dstport", field::tcp_dstport, vk::number, "TCP destination port"},
    {"tcp.seq_raw", field::tcp_seq_raw, vk::number, "sequence number (absolute)"},
    {"tcp.ack_raw", field::tcp_ack_raw, vk::number, "acknowledgment number (absolute)"},
    {"tcp.flags", field::tcp_flags, vk::text, "the 12 flag bits, 0x0012"},
    {"tcp.window_size_value", field::tcp_window_size_value, vk::number, "window field (unscaled)"},
    {"tcp.hdr_len", field::tcp_hdr_len, vk::number, "TCP header length in bytes"},
    {"udp.srcport", field::udp_srcport, vk::number, "UDP source port"},
    {"udp.dstport", field::udp_dstport, vk::number, "UDP destination port"},
    {"udp.length", field::udp_length, vk::number, "UDP length field"},
    {"icmp.type", field::icmp_type, vk::number, "ICMP type"},
    {"icmp.code", field::icmp_code, vk::number, "ICMP code"},
    {"icmpv6.type", field::icmpv6_type, vk::number, "ICMPv6 type"},
    {"icmpv6.code", field::icmpv6_code, vk::number, "ICMPv6 code"},
    {"vxlan.vni", field::vxlan_vni, vk::number, "VXLAN network identifier"},
    {"geneve.vni", field::geneve_vni, vk::text, "Geneve virtual network identifier, 0x0000ab"},
    {"dns.id", field::dns_id, vk::text, "DNS transaction id, 0x1234"},
    {"dns.flags", field::dns_flags, vk::text, "DNS flags word, 0x0100"},
    {"dns.count.queries", field::dns_count_queries, vk::number, "QDCOUNT"},
    {"dns.count.answers", field::dns_count_answers, vk::number, "ANCOUNT"},
    {"dns.qry.name", field::dns_qry_name, vk::text, "question names (tshark escaping)"},
    {"dns.qry.type", field::dns_qry_type, vk::number, "question types"},
    {"number", field::number, vk::number, "packet number (pktscope column)"},
    {"time", field::time, vk::text, "timestamp as chosen by --time"},
    {"caplen", field::caplen, vk::number, "captured length"},
    {"len", field::len, vk::number, "original length"},
    {"src", field::src, vk::text, "innermost IP source, else ARP sender, else MAC"},
    {"dst", field::dst, vk::text, "innermost IP destination, else ARP target, else MAC"},
    {"sport", field::sport, vk::number, "TCP/UDP/SCTP source port"},
    {"dport", field::dport, vk::number, "TCP/UDP/SCTP destination port"},
    {"proto", field::proto, vk::text, "innermost protocol name"},
    {"flags", field::flags, vk::text, "TCP flag names, SYN,ACK"},
    {"icmp_desc", field::icmp_desc, vk::text, "ICMP/ICMPv6 type and code description"},
    {"vlan", field::vlan, vk::number, "VLAN ids"},
    {"tunnel", field::tunnel, vk::text, "tunnel kind, VNI/key and outer addresses"},
    {"info", field::info, vk::text, "one-line summary of the innermost protocol"},
    {"anomalies", field::anomalies, vk::text, "anomaly names, and where decoding stopped"},
}};

static_assert([] {
  for (std::size_t i = 0; i < fields_table.size(); ++i) {
    if (static_cast<std::size_t>(fields_table[i].id) != i) {
      return false;
    }
  }
  return true;
}());

std::size_t format_duration(timestamp_ns ts, char* out) noexcept {
  const bool neg = ts < 0;
  const std::uint64_t mag =
      neg ? 0 - static_cast<std::uint64_t>(ts) : static_cast<std::uint64_t>(ts);
  const auto r =
      fmt::format_to_n(out, 39, "{}{}.{:09}", neg ? "-" : "", mag / 1000000000U, mag % 1000000000U);
  return r.size;
}

// The decoder reads DNS over TCP from a segment's first octets. tshark (without reassembly)
// shows a DNS message only where one starts (dns_tcp_segments): that layer goes for a
// continuation or retransmission, and where a message starts after the end of a continued
// one, the message there replaces it.
void place_dns_over_tcp(decoded_packet& d, const dns_tcp_segment& seg) noexcept {
  using role = dns_tcp_segment::role;
  if (seg.kind == role::message && seg.message_offset == 0) {
    return;
  }
  if (d.application == layer_id::dns) { // the walk's last layer
    --d.layer_count;
    d.application = layer_id::none;
  }
  if (seg.kind != role::message || d.layer_count == decoded_packet::max_layers) {
    return;
  }
  const auto m = dns::parse_tcp_message(d.l4_payload().subspan(seg.message_offset));
  if (!m || !dns::view::parse(m->message)) {
    return;
  }
  layer& l = d.layers[d.layer_count++];
  l.id = layer_id::dns;
  l.tunnel_depth = d.tunnel_depth;
  l.offset = d.l4_payload_offset + seg.message_offset + 2;
  l.end = l.offset + static_cast<std::uint32_t>(m->message.size());
  l.length = static_cast<std::uint16_t>(std::min<std::size_t>(m->message.size(), 0xffff));
  d.application = layer_id::dns;
}

} // namespace

std::span<const field_info> all_fields() noexcept {
  return fields_table;
}

const field_info& info_of(field f) noexcept {
  return fields_table[static_cast<std::size_t>(f)];
}

std::optional<field> find_field(std::string_view name) noexcept {
  for (const field_info& fi : fields_table) {
    if (fi.name == name) {
      return fi.id;
    }
  }
  return std::nullopt;
}

std::size_t format_time(timestamp_ns ts, time_mode mode, char* out) noexcept {
  return mode == time_mode::iso ? format_iso8601_ns(ts, out) : format_duration(ts, out);
}

// ---- values -----------------------------------------------------------------

char* values::reserve(std::size_t cap) noexcept {
  if (n_ >= max_values || storage_size - used_ < cap) {
    reserved_ = 0;
    return nullptr;
  }
  reserved_ = cap;
  return storage_.data() + used_;
}

void values::commit(std::size_t len) noexcept {
  if (reserved_ == 0) {
    return;
  }
  len = std::min(len, reserved_);
  v_[n_++] = std::string_view(storage_.data() + used_, len);
  used_ += len;
  reserved_ = 0;
}

void values::add(std::string_view text) noexcept {
  if (char* p = reserve(text.size()); p != nullptr) {
    std::memcpy(p, text.data(), text.size());
    commit(text.size());
  }
}

void values::add_u64(std::uint64_t v) noexcept {
  if (char* p = reserve(24); p != nullptr) {
    commit(fmt::format_to_n(p, 24, "{}", v).size);
  }
}

void values::add_hex(std::uint64_t v, int digits) noexcept {
  if (char* p = reserve(24); p != nullptr) {
    commit(fmt::format_to_n(p, 24, "0x{:0{}x}", v, digits).size);
  }
}

// ---- packet_fields ----------------------------------------------------------

packet_fields::packet_fields() = default;

void packet_fields::load(const packet& pkt, std::uint64_t number, timestamp_ns first_ts,
                         timestamp_ns prev_ts, std::uint8_t fcs_len) noexcept {
  pkt_ = &pkt;
  number_ = number;
  first_ts_ = first_ts;
  prev_ts_ = prev_ts;
  decode_options opt;
  opt.fcs_len = fcs_len;
  (void)decode(pkt.data, pkt.link, opt, outer_);
  if (outer_.transport == layer_id::tcp && !outer_.transport_partial &&
      registry::probe_tcp(outer_.src_port, outer_.dst_port, outer_.l4_payload()) == layer_id::dns) {
    place_dns_over_tcp(outer_, dns_tcp_.add(outer_));
  }
  ref_count_ = 0;
  for (const layer& l : outer_) {
    refs_[ref_count_++] = {&outer_, &l};
  }
  // tshark inflates an IPComp payload and dissects the datagram inside: its headers are
  // occurrences of their fields as a tunnel's would be.
  const decoded_packet* innermost = &outer_;
  if (inflater_.decode(outer_, decode_options{}, inflated_)) {
    for (const layer& l : inflated_) {
      refs_[ref_count_++] = {&inflated_, &l};
    }
    innermost = &inflated_;
  }
  quoted_.reset({}, link_type::raw);
  // tshark dissects the datagram an ICMP or ICMPv6 error quotes with the full IP dissector:
  // its addresses, ports and even DNS questions count as occurrences of those fields.
  const layer* icmp_layer = innermost->find_last(layer_id::icmp);
  const layer* icmp6_layer = innermost->find_last(layer_id::icmpv6);
  bytes quoted;
  if (icmp_layer != nullptr) {
    if (const auto v = innermost->view_of<icmp::view>(*icmp_layer)) {
      quoted = v->original_datagram();
    }
  } else if (icmp6_layer != nullptr) {
    if (const auto v = innermost->view_of<icmpv6::view>(*icmp6_layer)) {
      quoted = v->original_packet();
      if (v->kind() == icmpv6::message_type::redirect) {
        // RFC 4861 §4.6.3: the Redirected Header option quotes the packet after 6 reserved
        // octets.
        if (const auto nd = icmpv6::nd_view::parse(*v)) {
          auto it = nd->option_iter();
          while (const auto o = it.next()) {
            if (o->type == icmpv6::nd_option_type::redirected_header && o->body.size() > 6) {
              quoted = o->body.subspan(6);
              break;
            }
          }
        }
      }
    }
  }
  if (!quoted.empty()) {
    decode_options qopt;
    qopt.follow_tunnels = false;
    qopt.partial_transport = true;
    (void)decode(quoted, link_type::raw, qopt, quoted_);
    for (const layer& l : quoted_) {
      if (ref_count_ < refs_.size()) {
        refs_[ref_count_++] = {&quoted_, &l};
      }
    }
  }
}

template <class F> void packet_fields::each(layer_id id, F&& f) const {
  for (std::size_t i = 0; i < ref_count_; ++i) {
    if (refs_[i].l->id == id) {
      f(*refs_[i].owner, *refs_[i].l);
    }
  }
}

bool packet_fields::has_protocol(std::string_view name) const noexcept {
  if (name == "ipv4") {
    name = "ip";
  }
  for (std::size_t i = 0; i < ref_count_; ++i) {
    if (layer_name(refs_[i].l->id) == name) {
      return true;
    }
  }
  return false;
}

void packet_fields::collect(field f, values& out, time_mode tm) const noexcept {
  out.clear();
  const packet& p = *pkt_;
  char buf[max_address_text];
  const auto add_mac = [&out, &buf](bytes b) {
    if (b.size() == 6) {
      out.add({buf, mac_address::from_bytes(b).format_to(buf)});
    }
  };
  const auto add_time = [&out](timestamp_ns ts, time_mode mode) {
    if (char* q = out.reserve(40); q != nullptr) {
      out.commit(format_time(ts, mode, q));
    }
  };
  switch (f) {
  case field::frame_number:
  case field::number: out.add_u64(number_); break;
  case field::frame_time_epoch: add_time(p.ts, time_mode::epoch); break;
  case field::frame_time_relative: add_time(p.ts - first_ts_, time_mode::relative); break;
  case field::frame_time_delta: add_time(p.ts - prev_ts_, time_mode::delta); break;
  case field::time:
    add_time(tm == time_mode::relative ? p.ts - first_ts_
             : tm == time_mode::delta  ? p.ts - prev_ts_
                                       : p.ts,
             tm);
    break;
  case field::frame_len:
  case field::len: out.add_u64(p.original_len); break;
  case field::frame_cap_len:
  case field::caplen: out.add_u64(p.captured_len()); break;

  case field::eth_src:
  case field::eth_dst:
  case field::eth_type:
    each(layer_id::ethernet, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<ethernet::view>(l);
      if (!v) {
        return;
      }
      // The outer header of a Cisco FabricPath frame is tshark's cfp.* fields; eth.* are the
      // customer frame's (the next layer).
      if (v->type_or_length() == fabricpath::ether_type && &l + 1 < o.end() &&
          (&l + 1)->id == layer_id::ethernet) {
        return;
      }
      if (f == field::eth_src) {
        add_mac(v->src_bytes());
      } else if (f == field::eth_dst) {
        add_mac(v->dst_bytes());
      } else if (!v->has_length()) {
        out.add_hex(v->type_or_length(), 4);
      }
    });
    break;
  case field::vlan_id:
  case field::vlan:
  case field::vlan_etype:
    each(layer_id::vlan, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<vlan::view>(l);
      if (!v) {
        return;
      }
      // tshark names an 802.1ad S-tag's fields ieee8021ad.* (its own dissector); vlan.id and
      // vlan.etype are the 802.1Q (and 0x9100) tags only. The TPID precedes the tag.
      if (f != field::vlan && l.offset >= 2 &&
          load_be16(o.frame, l.offset - 2) == static_cast<std::uint16_t>(ether_type::qinq)) {
        return;
      }
      if (f == field::vlan_etype) {
        if (!v->has_length()) {
          out.add_hex(v->type_or_length(), 4);
        }
      } else {
        out.add_u64(v->vid());
      }
    });
    break;
  case field::mpls_label:
    each(layer_id::mpls, [&](const decoded_packet& o, const layer& l) {
      const bytes b = o.frame.subspan(l.offset, l.length);
      for (std::size_t off = 0; off + mpls::header_len <= b.size(); off += mpls::header_len) {
        out.add_u64(mpls::view::parse(b.subspan(off))->label());
      }
    });
    break;
  case field::arp_opcode:
  case field::arp_src_hw_mac:
  case field::arp_src_proto_ipv4:
  case field::arp_dst_proto_ipv4:
    each(layer_id::arp, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<arp::view>(l);
      if (!v) {
        return;
      }
      if (f == field::arp_opcode) {
        out.add_u64(static_cast<std::uint16_t>(v->oper()));
      } else if (f == field::arp_src_hw_mac) {
        add_mac(v->sender_hw());
      } else {
        if (v->has_ipv4_addresses()) {
          const bytes a = f == field::arp_src_proto_ipv4 ? v->sender_proto() : v->target_proto();
          out.add({buf, format_ip(a, buf)});
        }
      }
    });
    break;

  case field::ip_version:
    for (std::size_t i = 0; i < ref_count_; ++i) {
      if (refs_[i].l->id == layer_id::ipv4) {
        out.add_u64(4);
      } else if (refs_[i].l->id == layer_id::ipv6) {
        out.add_u64(6);
      }
    }
    break;
  case field::ip_hdr_len:
  case field::ip_src:
  case field::ip_dst:
  case field::ip_proto:
  case field::ip_ttl:
  case field::ip_len:
  case field::ip_id:
  case field::ip_frag_offset:
  case field::ip_flags_df:
  case field::ip_flags_mf:
    each(layer_id::ipv4, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<ipv4::view>(l);
      if (!v) {
        return;
      }
      switch (f) {
      case field::ip_hdr_len: out.add_u64(v->header_len()); break;
      case field::ip_src: out.add({buf, format_ip(v->src_bytes(), buf)}); break;
      case field::ip_dst: out.add({buf, format_ip(v->dst_bytes(), buf)}); break;
      case field::ip_proto: out.add_u64(static_cast<std::uint8_t>(v->protocol())); break;
      case field::ip_ttl: out.add_u64(v->ttl()); break;
      case field::ip_len:
        if (v->total_length() == 0) {
          // Total length 0 (TCP segmentation offload): tshark substitutes the IP packet's
          // reported length (frame length after the link header; a quote's captured bytes).
          const std::size_t reported = &o == &outer_ ? p.original_len : o.frame.size();
          out.add_u64(reported > l.offset ? reported - l.offset : 0);
        } else {
          out.add_u64(v->total_length());
        }
        break;
      case field::ip_id: out.add_hex(v->identification(), 4); break;
      case field::ip_frag_offset: out.add_u64(v->fragment_offset()); break;
      case field::ip_flags_df: out.add_u64(v->dont_fragment() ? 1 : 0); break;
      case field::ip_flags_mf: out.add_u64(v->more_fragments() ? 1 : 0); break;
      default: break;
      }
    });
    break;
  case field::ipv6_src:
  case field::ipv6_dst:
  case field::ipv6_nxt:
  case field::ipv6_hlim:
  case field::ipv6_plen:
    each(layer_id::ipv6, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<ipv6::view>(l);
      if (!v) {
        return;
      }
      switch (f) {
      case field::ipv6_src: out.add({buf, format_ip(v->src_bytes(), buf)}); break;
      case field::ipv6_dst: out.add({buf, format_ip(v->dst_bytes(), buf)}); break;
      case field::ipv6_nxt: out.add_u64(static_cast<std::uint8_t>(v->next_header())); break;
      case field::ipv6_hlim: out.add_u64(v->hop_limit()); break;
      case field::ipv6_plen: out.add_u64(v->payload_length()); break;
      default: break;
      }
    });
    break;
  case field::gre_proto:
    each(layer_id::gre, [&](const decoded_packet& o, const layer& l) {
      if (const auto v = o.view_of<gre::view>(l)) {
        out.add_hex(v->protocol_type(), 4);
      }
    });
    break;

  case field::tcp_srcport:
  case field::tcp_dstport:
  case field::tcp_seq_raw:
  case field::tcp_ack_raw:
  case field::tcp_flags:
  case field::tcp_window_size_value:
  case field::tcp_hdr_len:
    each(layer_id::tcp, [&](const decoded_packet& o, const layer& l) {
      // A ports-only header quoted by an ICMP error does not parse: its fields are the cut
      // header's (below).
      const auto v = o.view_of<tcp::view>(l);
      if (!v) {
        return;
      }
      switch (f) {
      case field::tcp_srcport: out.add_u64(v->src_port()); break;
      case field::tcp_dstport: out.add_u64(v->dst_port()); break;
      case field::tcp_seq_raw: out.add_u64(v->seq()); break;
      case field::tcp_ack_raw: out.add_u64(v->ack()); break;
      case field::tcp_flags: out.add_hex(v->flags().raw(), 4); break;
      case field::tcp_window_size_value: out.add_u64(v->window()); break;
      case field::tcp_hdr_len: out.add_u64(v->header_length()); break;
      default: break;
      }
    });
    break;
  case field::udp_srcport:
  case field::udp_dstport:
  case field::udp_length:
    each(layer_id::udp, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<udp::view>(l);
      if (!v) {
        return;
      }
      out.add_u64(f == field::udp_srcport   ? v->src_port()
                  : f == field::udp_dstport ? v->dst_port()
                                            : v->length());
    });
    break;
  case field::icmp_type:
  case field::icmp_code:
    each(layer_id::icmp, [&](const decoded_packet& o, const layer& l) {
      if (const auto v = o.view_of<icmp::view>(l)) {
        out.add_u64(f == field::icmp_type ? v->type() : v->code());
      }
    });
    break;
  case field::icmpv6_type:
  case field::icmpv6_code:
    each(layer_id::icmpv6, [&](const decoded_packet& o, const layer& l) {
      if (const auto v = o.view_of<icmpv6::view>(l)) {
        out.add_u64(f == field::icmpv6_type ? v->type() : v->code());
      }
    });
    break;
  case field::vxlan_vni:
    each(layer_id::vxlan, [&](const decoded_packet& o, const layer& l) {
      if (const auto v = o.view_of<vxlan::view>(l)) {
        out.add_u64(v->vni());
      }
    });
    break;
  case field::geneve_vni:
    each(layer_id::geneve, [&](const decoded_packet& o, const layer& l) {
      if (const auto v = o.view_of<geneve::view>(l)) {
        out.add_hex(v->vni(), 6);
      }
    });
    break;

  case field::dns_id:
  case field::dns_flags:
  case field::dns_count_queries:
  case field::dns_count_answers:
  case field::dns_qry_name:
  case field::dns_qry_type:
    each(layer_id::dns, [&](const decoded_packet& o, const layer& l) {
      const auto v = o.view_of<dns::view>(l);
      if (!v) {
        return;
      }
      switch (f) {
      case field::dns_id: out.add_hex(v->id(), 4); return;
      case field::dns_flags: out.add_hex(v->flags(), 4); return;
      case field::dns_count_queries:
      case field::dns_count_answers:
        // RFC 2136 §2.2: in an UPDATE these counts are the zone and prerequisite sections
        // (ZOCOUNT, PRCOUNT), not questions and answers.
        if (v->opcode() != dns::opcode::update) {
          out.add_u64(f == field::dns_count_queries ? v->qdcount() : v->ancount());
        }
        return;
      default: break;
      }
      // A question whose name read_name refuses but whose end is known (dns::question::
      // name_fault) shows tshark's placeholder for the name and its type; the walk stops at
      // a question that cannot be read, where tshark's dissector stops.
      dns::record_cursor c(*v);
      while (c.next_section() == dns::section::question) {
        const auto q = c.next_question();
        if (!q) {
          break;
        }
        if (f == field::dns_qry_type) {
          out.add_u64(static_cast<std::uint16_t>(q->type));
          continue;
        }
        if (q->name_fault != dns::name_fault::none) {
          out.add(dns::placeholder(q->name_fault));
          continue;
        }
        char* dst = out.reserve(dns::max_name_text);
        if (dst == nullptr) {
          break;
        }
        const auto n = dns::read_name(v->message(), q->name_offset, dst, dns::max_name_text);
        out.commit(n ? n->text_len : 0);
      }
    });
    break;

  default: collect_summary(f, out, tm); return;
  }
  // After the layers, in frame order: the header a decode refused ends it, and the quoted
  // datagram is only decoded after an outer decode that did not stop early.
  add_cut_header_field(outer_, f, out);
  add_cut_header_field(inflated_, f, out);
  add_cut_header_field(quoted_, f, out);
}

} // namespace pktscope::cli::dump
