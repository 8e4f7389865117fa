#include <pktscope/proto/ipv6_ext.hpp>

#include <algorithm>

namespace pktscope {

namespace {

constexpr std::size_t unit8_len(std::uint8_t hdr_ext_len) noexcept {
  return (std::size_t{hdr_ext_len} + 1) * 8;
}

// Fills [from, to) of an options area with padding (RFC 8200 §4.2: Pad1 or PadN).
void pad(mut_bytes out, std::size_t from, std::size_t to) noexcept {
  if (to - from == 1) {
    store_u8(out, from, static_cast<std::uint8_t>(ipv6_opts::option_type::pad1));
  } else if (to > from) {
    store_u8(out, from, static_cast<std::uint8_t>(ipv6_opts::option_type::padn));
    store_u8(out, from + 1, static_cast<std::uint8_t>(to - from - 2));
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(from + 2),
              out.begin() + static_cast<std::ptrdiff_t>(to), std::uint8_t{0});
  }
}

} // namespace

namespace ipv6_opts {

detail::tlv_step<option> option_rule::read(bytes b, std::size_t pos) noexcept {
  using step = detail::tlv_step<option>;
  const auto type = static_cast<option_type>(b[pos]);
  if (type == option_type::pad1) {
    return step::item(option{type, b.subspan(pos, 1), bytes{}}, 1);
  }
  const std::size_t left = b.size() - pos;
  if (left < 2 || std::size_t{b[pos + 1]} + 2 > left) {
    return step::fail(pktscope::malformed(layer_id::ipv6_hop_by_hop, pos));
  }
  const std::size_t len = std::size_t{b[pos + 1]} + 2;
  return step::item(option{type, b.subspan(pos, len), b.subspan(pos + 2, len - 2)}, len);
}

void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::next_header, static_cast<std::uint8_t>(next_header));
  store_u8(out, fields::hdr_ext_len, hdr_ext_len);
  // The 6 octets after the fixed part, and any further units, are one PadN run (its length
  // octet holds at most 255, enough for hdr_ext_len up to 31; longer areas repeat PadN).
  std::size_t off = fields::options;
  const std::size_t end = size();
  while (off < end) {
    const std::size_t run = std::min<std::size_t>(end - off, 257);
    pad(out, off, off + run);
    off += run;
  }
}

result<view> view::parse(bytes b, layer_id layer) noexcept {
  if (b.size() < min_header_len) {
    return truncated(layer, 0, min_header_len, b.size());
  }
  const std::size_t len = unit8_len(load_u8(b, fields::hdr_ext_len));
  if (b.size() < len) {
    return truncated(layer, 0, len, b.size());
  }
  return view(b);
}

std::optional<std::uint32_t> view::jumbo_payload_length() const noexcept {
  option_reader r(options());
  while (const auto o = r.next()) {
    if (o->type == option_type::jumbo_payload && o->value.size() == 4) {
      return load_be32(o->value, 0);
    }
  }
  return std::nullopt;
}

} // namespace ipv6_opts

namespace ipv6_routing {

void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::next_header, static_cast<std::uint8_t>(next_header));
  store_u8(out, fields::hdr_ext_len, hdr_ext_len);
  store_u8(out, fields::routing_type, static_cast<std::uint8_t>(type));
  store_u8(out, fields::segments_left, segments_left);
  std::fill(out.begin() + fields::type_data, out.begin() + static_cast<std::ptrdiff_t>(size()),
            std::uint8_t{0});
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < min_header_len) {
    return truncated(layer_id::ipv6_routing, 0, min_header_len, b.size());
  }
  const std::size_t len = unit8_len(load_u8(b, fields::hdr_ext_len));
  if (b.size() < len) {
    return truncated(layer_id::ipv6_routing, 0, len, b.size());
  }
  return view(b);
}

std::size_t view::address_count() const noexcept {
  switch (type()) {
  case routing_type::source_route:
  case routing_type::type2:
  case routing_type::segment_routing: return (header_len() - fields::addresses) / 16;
  default: return 0;
  }
}

std::optional<ipv6_address> view::final_destination() const noexcept {
  const std::size_t n = address_count();
  if (segments_left() == 0 || n == 0) {
    return std::nullopt;
  }
  if (type() == routing_type::segment_routing) {
    return address(0);
  }
  return address(n - 1);
}

} // namespace ipv6_routing

namespace ipv6_frag {

void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::next_header, static_cast<std::uint8_t>(next_header));
  store_u8(out, fields::reserved, reserved);
  store_be16(out, fields::offset_flags,
             static_cast<std::uint16_t>((unsigned{fragment_offset} << 3) | ((res & 3U) << 1) |
                                        (more_fragments ? 1U : 0U)));
  store_be32(out, fields::identification, identification);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::ipv6_fragment, 0, header_len, b.size());
  }
  return view(b);
}

} // namespace ipv6_frag

namespace ah {

void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::next_header, static_cast<std::uint8_t>(next_header));
  store_u8(out, fields::payload_len, payload_len);
  store_be16(out, fields::reserved, reserved);
  store_be32(out, fields::spi, spi);
  if (size() >= sequenced_header_len) {
    store_be32(out, fields::sequence, sequence);
    std::fill(out.begin() + fields::icv, out.begin() + static_cast<std::ptrdiff_t>(size()),
              std::uint8_t{0});
  }
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < min_header_len) {
    return truncated(layer_id::ah, 0, min_header_len, b.size());
  }
  const std::size_t len = (std::size_t{load_u8(b, fields::payload_len)} + 2) * 4; // >= 8
  if (b.size() < len) {
    return truncated(layer_id::ah, 0, len, b.size());
  }
  return view(b);
}

} // namespace ah

namespace esp {

void header::write_to(mut_bytes out) const noexcept {
  store_be32(out, fields::spi, spi);
  store_be32(out, fields::sequence, sequence);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::esp, 0, header_len, b.size());
  }
  return view(b);
}

} // namespace esp

namespace ipv6_ext {

namespace {

layer_id layer_of(ip_protocol p) noexcept {
  switch (p) {
  case ip_protocol::hopopt: return layer_id::ipv6_hop_by_hop;
  case ip_protocol::routing: return layer_id::ipv6_routing;
  case ip_protocol::fragment: return layer_id::ipv6_fragment;
  case ip_protocol::dstopts: return layer_id::ipv6_destination;
  default: return layer_id::ah;
  }
}

} // namespace

result<chain> walk(const ipv6::view& ip, std::size_t limit) noexcept {
  limit = std::min(limit, max_headers);
  chain c;
  const bytes all = ip.raw();
  // The chain must end inside the payload (payload length, clipped to the capture).
  const std::size_t end = ipv6::header_len + ip.payload().size();
  // Past `end` is a cut capture when the payload reaches the capture's end for want of bytes
  // (or its length is unknown, a jumbogram); otherwise it contradicts the payload length.
  const bool capture_cut = ip.declared_len() > ip.captured_len() || ip.maybe_jumbogram();
  ip_protocol nh = ip.next_header();
  std::size_t off = ipv6::header_len;

  while (nh == ip_protocol::hopopt || nh == ip_protocol::routing || nh == ip_protocol::fragment ||
         nh == ip_protocol::dstopts || nh == ip_protocol::ah) {
    const layer_id layer = layer_of(nh);
    if (c.count == limit) {
      return malformed(layer_id::ipv6, off);
    }
    // Every traversed header has its length in the second octet and is at least 8 long.
    std::size_t len = 8;
    if (off + 2 <= end) {
      if (nh == ip_protocol::ah) {
        len = (std::size_t{all[off + 1]} + 2) * 4;
      } else if (nh != ip_protocol::fragment) {
        len = unit8_len(all[off + 1]);
      }
    }
    if (off + len > end) {
      if (capture_cut) {
        return truncated(layer, off, len, all.size() - off);
      }
      return malformed(layer, off);
    }
    const bytes h = all.subspan(off, len);
    c.headers[c.count++] = ext_header{nh, off, len};
    const auto next = static_cast<ip_protocol>(load_u8(h, 0));
    if (nh == ip_protocol::hopopt && !c.jumbo_payload_length) {
      // in bounds: len >= 8 and within `all`, as ipv6_opts::view::parse() requires.
      if (const auto v = ipv6_opts::view::parse(h); v) {
        c.jumbo_payload_length = v->jumbo_payload_length();
      }
    }
    off += len;
    nh = next;
    if (c.headers[c.count - 1].protocol == ip_protocol::fragment) {
      const auto f = ipv6_frag::view::parse(h);
      // in bounds: len == 8 was checked above.
      c.fragment =
          fragment_info{off - len, f->fragment_offset(), f->more_fragments(), f->identification()};
      if (f->fragment_offset() != 0) {
        break;
      }
    }
  }
  c.upper_protocol = nh;
  c.upper_offset = off;
  return c;
}

} // namespace ipv6_ext

} // namespace pktscope
