#include <pktscope/analysis/stats/protocol_hierarchy.hpp>

#include <pktscope/core/assert.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/layer_id.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>

namespace pktscope::stats {

namespace {

/// What, besides its id, picks the io,phs name(s) of layer `l`; 0 for most layers.
std::uint8_t layer_variant(const decoded_packet& d, const layer& l) noexcept {
  switch (l.id) {
  case layer_id::mpls:
    // tshark shows one "mpls" per label stack entry; the decoder records the whole stack as
    // one layer of 4 octets per entry. (No path holds 255 names: capping changes nothing.)
    return static_cast<std::uint8_t>(std::clamp<std::uint32_t>(l.length / 4U, 1, 255));
  case layer_id::vlan:
    // An 802.1ad service tag (TPID 0x88a8, the EtherType right before the tag) is tshark's
    // "ieee8021ad"; 802.1Q and 0x9100 tags are "vlan".
    return l.offset >= 2 && l.offset <= d.frame.size() &&
                   load_be16(d.frame, l.offset - 2U) == 0x88a8
               ? 1
               : 0;
  case layer_id::pppoe:
    // Discovery packets (code != 0) are tshark's "pppoed", session packets "pppoes".
    return l.offset + 1U < d.frame.size() && d.frame[l.offset + 1U] != 0 ? 1 : 0;
  default: return 0;
  }
}

/// Appends the io,phs name(s) of a layer `id` of that `variant` to out[n...]; returns the
/// new count.
std::size_t append_named(layer_id id, std::uint8_t variant, std::span<std::string_view> out,
                         std::size_t n) noexcept {
  const auto put = [&](std::string_view name) {
    if (n < out.size()) {
      out[n++] = name;
    }
  };
  switch (id) {
  case layer_id::mpls:
    for (std::uint32_t i = 0; i < variant; ++i) {
      put("mpls");
    }
    break;
  case layer_id::vlan: put(variant != 0 ? "ieee8021ad" : "vlan"); break;
  case layer_id::linux_sll2: put("sll"); break; // one Wireshark dissector for both versions
  case layer_id::pppoe: put(variant != 0 ? "pppoed" : "pppoes"); break;
  case layer_id::payload: put("data"); break;
  default: put(layer_name(id)); break;
  }
  return n;
}

/// Appends the io,phs name(s) of layer `l` of `d` to out[n...]; returns the new count.
std::size_t append_one(const decoded_packet& d, const layer& l, std::span<std::string_view> out,
                       std::size_t n) noexcept {
  return append_named(l.id, layer_variant(d, l), out, n);
}

/// Appends the names of all of `d`'s layers.
std::size_t append_layers(const decoded_packet& d, std::span<std::string_view> out,
                          std::size_t n) noexcept {
  for (const layer& l : d) {
    n = append_one(d, l, out, n);
  }
  return n;
}

/// `a == b`, without a memcmp call for the common cases of this per-layer, per-packet walk:
/// names come from a few static tables, so the same name is nearly always the same pointer,
/// and siblings ("tcp", "udp") mostly differ in their first letter.
bool same_name(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  if (a.data() == b.data() || a.empty()) {
    return true;
  }
  return a.front() == b.front() && a == b;
}

bool is_transport(layer_id id) noexcept {
  return id == layer_id::tcp || id == layer_id::udp || id == layer_id::sctp;
}

} // namespace

protocol_hierarchy::protocol_hierarchy(std::size_t max_nodes) : capacity_(max_nodes) {
  PKTSCOPE_ASSERT(max_nodes > 0);
  nodes_.reserve(max_nodes);
}

std::size_t protocol_hierarchy::path_of(const decoded_packet& d, const decoded_packet* quoted,
                                        std::span<std::string_view> out, std::uint8_t reassembled,
                                        const decoded_packet* inflated) noexcept {
  std::size_t n = 0;
  if (d.link == link_type::raw && n < out.size()) {
    out[n++] = "raw"; // Wireshark's "raw" dissector; LINKTYPE_IPV4/IPV6 have no link node
  }
  if (d.is_fragment) {
    // Up to the innermost IP header (with its IPv6 fragment header): tshark dissects the
    // transport only in the frame that completes the datagram.
    std::size_t keep = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const layer_id id = d.layers[i].id;
      if (d.layers[i].offset == d.ip_offset && (id == layer_id::ipv4 || id == layer_id::ipv6)) {
        keep = i + 1;
      } else if (keep != 0 && id == layer_id::ipv6_fragment) {
        keep = i + 1;
        break;
      } else if (keep != 0 && id != layer_id::ipv6_hop_by_hop && id != layer_id::ipv6_destination &&
                 id != layer_id::ipv6_routing) {
        break;
      }
    }
    for (std::size_t i = 0; i < keep; ++i) {
      n = append_one(d, d.layers[i], out, n);
    }
    if (reassembled != 0 && n < out.size()) {
      switch (reassembled) {
      case 6: out[n++] = "tcp"; break;
      case 17: out[n++] = "udp"; break;
      case 1: out[n++] = "icmp"; break;
      case 58: out[n++] = "icmpv6"; break;
      case 132: out[n++] = "sctp"; break;
      default: break;
      }
    }
    return n;
  }
  n = append_layers(d, out, n);
  if (inflated != nullptr) {
    n = append_layers(*inflated, out, n); // below ipcomp, as tshark dissects it
  }
  // The rest is about the innermost decode: where it stopped, and what its last layer holds.
  const decoded_packet& p = inflated != nullptr ? *inflated : d;
  // A header cut by the capture or contradicting itself is still a node of tshark's tree (it
  // shows the fields it could read and marks the rest), where the decoder records no layer.
  if (const cut_header cut = p.cut_header(); cut.id != layer_id::none) {
    return append_one(p, layer{.id = cut.id}, out, n);
  }
  if (p.size() != 0) {
    const layer& last = p.layers[p.layer_count - 1U];
    if ((last.id == layer_id::icmp || last.id == layer_id::icmpv6) && quoted != nullptr) {
      // tshark nests the quoted IP and transport headers inside the ICMP item, which io,phs
      // does not descend into; an application message in the quoted datagram is a top-level
      // item again (eth:ip:icmp:dns).
      if (quoted->application != layer_id::none) {
        const layer* app = quoted->find(quoted->application);
        if (app != nullptr && n < out.size()) {
          out[n++] = layer_name(app->id);
        }
      }
    } else if (is_transport(last.id) && p.l4_payload_len != 0 && !p.is_fragment && n < out.size()) {
      out[n++] = "data"; // payload no application decoder claimed
    }
  }
  return n;
}

protocol_hierarchy::path_shape
protocol_hierarchy::shape_of(const decoded_packet& d, const decoded_packet* quoted,
                             std::uint8_t reassembled, const decoded_packet* inflated) noexcept {
  // The shape stands for what path_of() reads of an ordinary frame: its link, each layer's
  // name(s), and whether "data" ends it. Fragments, quotes, inflated datagrams, cut headers,
  // long stacks and MPLS stacks of more than three labels read more or do not fit, and are
  // rare: they take the slow path.
  if (quoted != nullptr || inflated != nullptr || d.is_fragment || reassembled != 0 ||
      d.size() > path_shape::max_layers || d.cut_header().id != layer_id::none) {
    return {};
  }
  std::uint64_t ids_lo = 0, ids_hi = 0, variants = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const layer& l = d.layers[i];
    const std::uint8_t variant = layer_variant(d, l);
    if (variant > 3) {
      return {};
    }
    const auto id = static_cast<std::uint64_t>(l.id);
    if (i < 8) {
      ids_lo |= id << (8 * i);
    } else {
      ids_hi |= id << (8 * (i - 8));
    }
    variants |= std::uint64_t{variant} << (2 * i);
  }
  const bool raw = d.link == link_type::raw;
  const bool data =
      d.size() != 0 && is_transport(d.layers[d.layer_count - 1U].id) && d.l4_payload_len != 0;
  const std::uint64_t facts = d.size() | (raw ? 0x10U : 0U) | (data ? 0x20U : 0U) | 0x80U;
  return {.lo = ids_lo, .hi = ids_hi | variants << 32 | facts << 56};
}

void protocol_hierarchy::add(const decoded_packet& d, const decoded_packet* quoted,
                             std::uint64_t wire_len, std::uint8_t reassembled,
                             const decoded_packet* inflated) noexcept {
  ++frames_;
  bytes_ += wire_len;
  const path_shape shape = shape_of(d, quoted, reassembled, inflated);
  cached_shape* entry = nullptr;
  if (shape.hi != 0) {
    const std::uint64_t h = (shape.lo ^ (shape.hi * 0xd6e8feb86659fd93ULL)) * 0x9e3779b97f4a7c15ULL;
    entry = &cache_[h >> (64 - std::countr_zero(cache_entries))];
    if (entry->shape == shape) {
      count_in(entry->leaf, wire_len);
      return;
    }
  }
  const std::size_t n = path_of(d, quoted, path_, reassembled, inflated);
  const std::uint32_t leaf =
      count_along(std::span<const std::string_view>(path_.data(), n), wire_len);
  if (entry != nullptr && leaf != phs_node::none) {
    entry->shape = shape;
    entry->leaf = leaf;
  }
}

void protocol_hierarchy::add_path(std::span<const std::string_view> path,
                                  std::uint64_t wire_len) noexcept {
  ++frames_;
  bytes_ += wire_len;
  count_along(path, wire_len);
}

std::uint32_t protocol_hierarchy::child(std::uint32_t parent, std::string_view name) noexcept {
  std::uint32_t c =
      parent == phs_node::none ? (nodes_.empty() ? phs_node::none : 0) : nodes_[parent].first_child;
  std::uint32_t last = phs_node::none;
  for (; c != phs_node::none; c = nodes_[c].next_sibling) {
    if (same_name(nodes_[c].name, name)) {
      return c;
    }
    last = c;
  }
  if (nodes_.size() >= capacity_) {
    return phs_node::none;
  }
  phs_node node;
  node.name = name;
  node.parent = parent;
  node.depth = parent == phs_node::none ? 0 : nodes_[parent].depth + 1;
  const auto id = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(node); // within the reserved capacity: no allocation
  if (last != phs_node::none) {
    nodes_[last].next_sibling = id;
  }
  if (parent != phs_node::none) {
    if (nodes_[parent].first_child == phs_node::none) {
      nodes_[parent].first_child = id;
    }
    nodes_[parent].last_child = id;
  }
  return id;
}

std::uint32_t protocol_hierarchy::count_along(std::span<const std::string_view> path,
                                              std::uint64_t wire_len) noexcept {
  std::uint32_t at = phs_node::none;
  std::size_t found = 0;
  for (const std::string_view name : path) {
    const std::uint32_t c = child(at, name);
    if (c == phs_node::none) {
      break;
    }
    at = c;
    ++found;
  }
  if (at != phs_node::none) {
    count_in(at, wire_len);
  }
  if (path.empty() || found != path.size()) {
    ++truncated_;
    return phs_node::none;
  }
  return at;
}

std::vector<phs_node> protocol_hierarchy::nodes() const {
  std::vector<phs_node> all = nodes_;
  // A child is made after its parent, so walking backwards adds each node's total into its
  // parent after all of the node's own descendants were added into it.
  for (std::size_t i = all.size(); i-- > 0;) {
    if (const std::uint32_t p = all[i].parent; p != phs_node::none) {
      all[p].frames += all[i].frames;
      all[p].bytes += all[i].bytes;
    }
  }
  return all;
}

phs_total protocol_hierarchy::total(std::string_view name) const {
  phs_total t;
  for (const phs_node& n : nodes()) {
    if (n.name == name) {
      t.frames += n.frames;
      t.bytes += n.bytes;
    }
  }
  return t;
}

} // namespace pktscope::stats
