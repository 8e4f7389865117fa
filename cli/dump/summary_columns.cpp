// `pktscope dump`'s own summary columns (number, time, src, dst, proto, info, ...; not tshark
// fields): packet_fields::collect_summary, from the decoded layers.
#include "dump/fields.hpp"

#include <pktscope/core/address.hpp>
#include <pktscope/decode/anomaly.hpp>
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
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace pktscope::cli::dump {

namespace {

/// Appends text to a fixed char range; drops what does not fit.
class text_builder {
public:
  text_builder(char* out, std::size_t cap) noexcept : out_(out), cap_(cap) {}
  text_builder& operator<<(std::string_view s) noexcept {
    if (s.empty()) { // its data() may be null, which memcpy must not get
      return *this;
    }
    const std::size_t n = std::min(s.size(), cap_ - len_);
    std::memcpy(out_ + len_, s.data(), n);
    len_ += n;
    return *this;
  }
  template <class... Args> void format(fmt::format_string<Args...> f, Args&&... args) noexcept {
    len_ += fmt::format_to_n(out_ + len_, cap_ - len_, f, std::forward<Args>(args)...).size;
    len_ = std::min(len_, cap_);
  }
  void ip(bytes addr) noexcept {
    char buf[max_address_text];
    *this << std::string_view(buf, format_ip(addr, buf));
  }
  [[nodiscard]] std::size_t size() const noexcept { return len_; }
  [[nodiscard]] bool empty() const noexcept { return len_ == 0; }

private:
  char* out_;
  std::size_t cap_;
  std::size_t len_ = 0;
};

constexpr std::size_t summary_cap = 1536;

/// Name of the innermost layer worth naming: application, else transport, else network, else
/// link. Tunnel headers do not count once something is decoded inside them.
layer_id innermost(const decoded_packet& d) noexcept {
  if (d.application != layer_id::none) {
    return d.application;
  }
  if (d.transport != layer_id::none) {
    return d.transport;
  }
  for (std::size_t i = d.layer_count; i-- > 0;) {
    const layer_id id = d.layers[i].id;
    if (id == layer_id::ipv4 || id == layer_id::ipv6 || id == layer_id::arp) {
      return id;
    }
  }
  return d.layer_count == 0 ? layer_id::none : d.layers[d.layer_count - 1].id;
}

} // namespace

void packet_fields::collect_summary(field f, values& out, time_mode /*tm*/) const noexcept {
  const decoded_packet& d = outer_;
  if (f == field::anomalies) { // one occurrence per anomaly, then where decoding stopped
    d.anomalies.for_each([&out](anomaly a) { out.add(anomaly_name(a)); });
    if (d.stopped) {
      if (char* q = out.reserve(64); q != nullptr) {
        out.commit(fmt::format_to_n(q, 64, "stopped:{}:{}@{}", layer_name(d.stopped->layer),
                                    errc_name(d.stopped->code), d.stopped->offset)
                       .size);
      }
    }
    return;
  }
  char* dst = out.reserve(summary_cap);
  if (dst == nullptr) {
    return;
  }
  text_builder t(dst, summary_cap);
  const layer* arp_layer = d.find(layer_id::arp);
  const result<arp::view> arp = arp_layer != nullptr ? d.view_of<arp::view>(*arp_layer)
                                                     : result<arp::view>(unexpected{error{}});
  const bool ports =
      d.transport == layer_id::tcp || d.transport == layer_id::udp || d.transport == layer_id::sctp;
  switch (f) {
  case field::src:
  case field::dst:
    if (d.ip_version != 0) {
      t.ip(f == field::src ? d.src_address() : d.dst_address());
    } else if (arp && arp->has_ipv4_addresses()) {
      t.ip(f == field::src ? arp->sender_proto() : arp->target_proto());
    } else if (const layer* e = d.find_last(layer_id::ethernet); e != nullptr) {
      if (const auto v = d.view_of<ethernet::view>(*e)) {
        char buf[max_address_text];
        t << std::string_view(
            buf, mac_address::from_bytes(f == field::src ? v->src_bytes() : v->dst_bytes())
                     .format_to(buf));
      }
    }
    break;
  case field::sport:
    if (ports) {
      t.format("{}", d.src_port);
    }
    break;
  case field::dport:
    if (ports) {
      t.format("{}", d.dst_port);
    }
    break;
  case field::proto:
    if (const layer_id id = innermost(d); id != layer_id::none) {
      t << layer_name(id);
    }
    break;
  case field::flags:
    if (d.transport == layer_id::tcp) {
      char buf[tcp::max_flags_text];
      t << std::string_view(buf, tcp::format_flags(tcp::flag_set(d.tcp_flags), buf));
    }
    break;
  case field::icmp_desc:
    if (d.transport == layer_id::icmp) {
      t << icmp::describe_type(d.icmp_type) << ": " << icmp::describe(d.icmp_type, d.icmp_code);
    } else if (d.transport == layer_id::icmpv6) {
      t << icmpv6::describe_type(d.icmp_type) << ": " << icmpv6::describe(d.icmp_type, d.icmp_code);
    }
    break;
  case field::tunnel:
    if (d.tunnel_depth > 0) {
      // The header that opened the first tunnel (the last one before depth 1), and the
      // outermost IP header's addresses.
      const layer* opener = nullptr;
      const layer* outer_ip = nullptr;
      for (const layer& l : d) {
        if (l.tunnel_depth != 0) {
          break;
        }
        opener = &l;
        if (outer_ip == nullptr && (l.id == layer_id::ipv4 || l.id == layer_id::ipv6)) {
          outer_ip = &l;
        }
      }
      if (opener != nullptr) {
        if (opener->id == layer_id::vxlan) {
          if (const auto v = d.view_of<vxlan::view>(*opener)) {
            t.format("vxlan vni {}", v->vni());
          }
        } else if (opener->id == layer_id::geneve) {
          if (const auto v = d.view_of<geneve::view>(*opener)) {
            t.format("geneve vni {}", v->vni());
          }
        } else if (opener->id == layer_id::gre) {
          t << "gre";
          if (const auto v = d.view_of<gre::view>(*opener); v && v->key()) {
            t.format(" key {}", *v->key());
          }
        } else if (opener->id == layer_id::l2tp) {
          if (const auto v = d.view_of<l2tp::view>(*opener)) {
            t.format("l2tp tunnel {} session {}", v->tunnel_id(), v->session_id());
          }
        } else if (opener->id == layer_id::ipv4 || opener->id == layer_id::ipv6) {
          t << "ip-in-ip";
        } else {
          t << layer_name(opener->id);
        }
      }
      if (outer_ip != nullptr) {
        bytes src;
        bytes dst_addr;
        if (outer_ip->id == layer_id::ipv4) {
          if (const auto v = d.view_of<ipv4::view>(*outer_ip)) {
            src = v->src_bytes();
            dst_addr = v->dst_bytes();
          }
        } else if (const auto v = d.view_of<ipv6::view>(*outer_ip)) {
          src = v->src_bytes();
          dst_addr = v->dst_bytes();
        }
        if (!src.empty()) {
          t << (t.empty() ? "" : " ");
          t.ip(src);
          t << " > ";
          t.ip(dst_addr);
        }
      }
    }
    break;
  case field::info: {
    const layer* dns_layer = d.find(layer_id::dns);
    if (dns_layer != nullptr) {
      // the DNS summary says it all
    } else if (d.transport == layer_id::tcp) {
      char buf[tcp::max_flags_text];
      t << "[" << std::string_view(buf, tcp::format_flags(tcp::flag_set(d.tcp_flags), buf)) << "]";
      t.format(" seq {}", d.tcp_seq);
      if ((d.tcp_flags & static_cast<std::uint16_t>(tcp::flag::ack)) != 0) {
        t.format(" ack {}", d.tcp_ack);
      }
      if (const layer* l = d.find_last(layer_id::tcp); l != nullptr) {
        if (const auto v = d.view_of<tcp::view>(*l)) {
          t.format(" win {}", v->window());
        }
      }
      t.format(" len {}", d.l4_payload_len);
    } else if (d.transport == layer_id::udp) {
      t.format("len {}", d.l4_payload_len);
    } else if (d.transport == layer_id::icmp || d.transport == layer_id::icmpv6) {
      const bool v4 = d.transport == layer_id::icmp;
      const std::string_view type_text =
          v4 ? icmp::describe_type(d.icmp_type) : icmpv6::describe_type(d.icmp_type);
      const std::string_view code_text = v4 ? icmp::describe(d.icmp_type, d.icmp_code)
                                            : icmpv6::describe(d.icmp_type, d.icmp_code);
      t.format("{}/{} {}", d.icmp_type, d.icmp_code, type_text);
      if (!code_text.empty() && code_text != "No Code" && code_text != type_text) {
        t << " (" << code_text << ")";
      }
    } else if (arp) {
      const auto op = arp->oper();
      if (op == arp::operation::request && arp->has_ipv4_addresses()) {
        t << "who-has ";
        t.ip(arp->target_proto());
        t << " tell ";
        t.ip(arp->sender_proto());
      } else if (op == arp::operation::reply && arp->has_ipv4_addresses() && arp->hlen() == 6) {
        t.ip(arp->sender_proto());
        char buf[max_address_text];
        t << " is-at "
          << std::string_view(buf, mac_address::from_bytes(arp->sender_hw()).format_to(buf));
      } else {
        t << arp::describe(op);
      }
    } else if (d.ip_version != 0) {
      t.format("ip-proto {}", d.ip_protocol);
      if (d.is_fragment) {
        t << " fragment";
      }
    } else if (const layer* e = d.find_last(layer_id::ethernet); e != nullptr) {
      if (const auto v = d.view_of<ethernet::view>(*e)) {
        if (v->has_length()) {
          t.format("802.3 length {}", v->type_or_length());
        } else {
          t.format("ethertype 0x{:04x}", v->type_or_length());
        }
      }
    }
    if (dns_layer != nullptr) {
      if (const auto v = d.view_of<dns::view>(*dns_layer)) {
        t.format("0x{:04x} {}", v->id(), v->qr() ? "response" : "query");
        if (v->qr() && v->rcode() != dns::rcode::noerror) {
          t << " " << dns::describe(v->rcode());
        }
        dns::record_cursor c(*v);
        if (c.next_section() == dns::section::question) {
          if (const auto q = c.next_question()) {
            char name[dns::max_name_text];
            const auto n = dns::read_name(v->message(), q->name_offset, name, sizeof name);
            t << " " << dns::describe(q->type) << " "
              << (n ? std::string_view(name, n->text_len) : dns::placeholder(q->name_fault));
          }
        }
        if (v->qr()) {
          t.format(" ({} answers)", v->ancount());
        }
      }
    }
    break;
  }
  default: break;
  }
  if (t.empty()) {
    out.commit(0);
    // An empty summary value is no occurrence.
    out.clear();
    return;
  }
  out.commit(t.size());
}

} // namespace pktscope::cli::dump
