#include <pktscope/analysis/flow_key.hpp>

#include <pktscope/core/endian.hpp>
#include <pktscope/core/hash.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/gre.hpp>
#include <pktscope/proto/ipv6_ext.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <algorithm>
#include <cstring>
#include <optional>

namespace pktscope {

oriented_key make_flow_key(const flow_endpoints& e) noexcept {
  oriented_key out;
  flow_key& k = out.key;
  k.ip_version = e.ip_version;
  k.ip_protocol = e.ip_protocol;
  k.vlan = e.vlan;
  k.inner_vlan = e.inner_vlan;
  k.tunnel_kind = e.tunnel_kind;
  k.tunnel_id = e.tunnel_id;
  // Byte-wise address order, as two big-endian 64-bit words.
  const bytes src(e.src_addr), dst(e.dst_addr);
  const std::uint64_t s0 = load_be64(src, 0), d0 = load_be64(dst, 0);
  const std::uint64_t s1 = load_be64(src, 8), d1 = load_be64(dst, 8);
  const bool less = s0 != d0 ? s0 < d0 : s1 < d1;
  const bool equal = s0 == d0 && s1 == d1;
  out.src_is_a = less || (equal && e.src_port <= e.dst_port);
  if (out.src_is_a) {
    k.addr_a = e.src_addr;
    k.addr_b = e.dst_addr;
    k.port_a = e.src_port;
    k.port_b = e.dst_port;
  } else {
    k.addr_a = e.dst_addr;
    k.addr_b = e.src_addr;
    k.port_a = e.dst_port;
    k.port_b = e.src_port;
  }
  return out;
}

namespace {

std::uint64_t word(const std::array<std::uint8_t, 16>& a, std::size_t off) noexcept {
  return load_word(a.data() + off);
}

} // namespace

std::uint64_t hash_flow_key(const flow_key& k) noexcept {
  // Three independent products of two key words each (each word offset by its own odd
  // constant, so that zero words do not zero a product), then one more to mix them: a few
  // dozen instructions per packet where a chain of per-word rounds took over a hundred.
  const std::uint64_t ports_and_kind =
      (std::uint64_t{k.port_a} << 48) | (std::uint64_t{k.port_b} << 32) |
      (std::uint64_t{k.ip_version} << 24) | (std::uint64_t{k.ip_protocol} << 16) | k.vlan;
  const std::uint64_t context = (std::uint64_t{k.inner_vlan} << 48) |
                                (std::uint64_t{static_cast<std::uint8_t>(k.tunnel_kind)} << 32) |
                                k.tunnel_id;
  const std::uint64_t h =
      folded_product(word(k.addr_a, 0) ^ 0xa0761d6478bd642fULL,
                     word(k.addr_a, 8) ^ 0xe7037ed1a0b428dbULL) ^
      folded_product(word(k.addr_b, 0) ^ 0x8ebc6af09c88c6e3ULL,
                     word(k.addr_b, 8) ^ 0x589965cc75374cc3ULL) ^
      folded_product(ports_and_kind ^ 0x1d8e4e27c47d124fULL, context ^ 0x9e3779b97f4a7c15ULL);
  return folded_product(h ^ 0x243f6a8885a308d3ULL, 0xff51afd7ed558ccdULL);
}

namespace {

/// The outermost tunnel: the last depth-0 layer before the first depth-1 layer.
void set_outermost_tunnel(const decoded_packet& d, flow_endpoints& e) noexcept {
  for (std::size_t i = 0; i + 1 < d.size(); ++i) {
    const layer& l = d.layers[i];
    if (d.layers[i + 1].tunnel_depth <= l.tunnel_depth) {
      continue;
    }
    e.tunnel_kind = l.id;
    if (l.id == layer_id::vxlan) {
      if (auto v = d.view_of<vxlan::view>(l)) {
        e.tunnel_id = v->vni();
      }
    } else if (l.id == layer_id::geneve) {
      if (auto v = d.view_of<geneve::view>(l)) {
        e.tunnel_id = v->vni();
      }
    } else if (l.id == layer_id::gre) {
      if (auto v = d.view_of<gre::view>(l)) {
        e.tunnel_id = v->key().value_or(0);
      }
    }
    return;
  }
}

bool is_ipv6_extension(layer_id id) noexcept {
  return id == layer_id::ipv6_hop_by_hop || id == layer_id::ipv6_routing ||
         id == layer_id::ipv6_fragment || id == layer_id::ipv6_destination || id == layer_id::ah;
}

/// The endpoints the upper-layer pseudo-header uses (RFC 8200 §8.1, RFC 6275 §6.3): the home
/// address and the final destination from the extension headers that follow the IPv6 header
/// d.layers[ip] (the decoder records each as a layer of the same depth).
void set_upper_layer_endpoints(const decoded_packet& d, std::size_t ip,
                               flow_endpoints& e) noexcept {
  for (std::size_t i = ip + 1; i < d.size(); ++i) {
    const layer& l = d.layers[i];
    if (l.tunnel_depth != d.layers[ip].tunnel_depth || !is_ipv6_extension(l.id)) {
      return;
    }
    if (l.id == layer_id::ipv6_routing) {
      const auto r = d.view_of<ipv6_routing::view>(l);
      if (const auto final_dst = r ? r->final_destination() : std::nullopt) {
        e.dst_addr = final_dst->octets;
      }
    } else if (l.id == layer_id::ipv6_destination) {
      const auto opts = d.view_of<ipv6_opts::view>(l);
      if (!opts) {
        continue;
      }
      auto it = opts->option_iter();
      while (const auto o = it.next()) {
        if (o->type == ipv6_opts::option_type::home_address && o->value.size() == 16) {
          std::copy(o->value.begin(), o->value.end(), e.src_addr.begin());
        }
      }
    }
  }
}

} // namespace

void set_ip_context(const decoded_packet& d, std::size_t ip, flow_endpoints& e) noexcept {
  if (ip >= d.size() || (d.layers[ip].id != layer_id::ipv4 && d.layers[ip].id != layer_id::ipv6)) {
    return;
  }
  // vlan_ids holds the tags in frame order: those in front of this header come first.
  const auto tags =
      d.vlan_count == 0
          ? std::size_t{0}
          : static_cast<std::size_t>(std::count_if(
                d.begin(), d.begin() + ip, [](const layer& l) { return l.id == layer_id::vlan; }));
  const std::size_t known = std::min<std::size_t>(tags, d.vlan_count);
  e.vlan = known > 0 ? d.vlan_ids[0] : 0;
  e.inner_vlan = known > 1 ? d.vlan_ids[1] : 0;
  e.tunnel_kind = layer_id::none;
  e.tunnel_id = 0;
  if (d.layers[ip].tunnel_depth > 0) {
    set_outermost_tunnel(d, e);
  }
  if (d.layers[ip].id == layer_id::ipv6) {
    set_upper_layer_endpoints(d, ip, e);
  }
}

void set_flow_context(const decoded_packet& d, flow_endpoints& e) noexcept {
  // A VXLAN packet whose inner frame is not IP keeps the outer IP header as its summary, and
  // so the outer flow.
  if (d.ip_version != 0) {
    set_ip_context(d, d.ip_layer, e);
  }
}

} // namespace pktscope
