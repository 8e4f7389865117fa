#include <pktscope/proto/ipv4.hpp>

#include <algorithm>

namespace pktscope::ipv4 {

std::string_view describe(option_type t) noexcept {
  // IANA "IP Option Numbers" (names as registered).
  switch (static_cast<std::uint8_t>(t)) {
  case 0: return "End of Options List";
  case 1: return "No Operation";
  case 130: return "Security";
  case 131: return "Loose Source Route";
  case 68: return "Time Stamp";
  case 133: return "Extended Security";
  case 134: return "Commercial Security";
  case 7: return "Record Route";
  case 136: return "Stream ID";
  case 137: return "Strict Source Route";
  case 10: return "Experimental Measurement";
  case 11: return "MTU Probe";
  case 12: return "MTU Reply";
  case 205: return "Experimental Flow Control";
  case 142: return "Experimental Access Control";
  case 15: return "ENCODE";
  case 144: return "IMI Traffic Descriptor";
  case 145: return "Extended Internet Protocol";
  case 82: return "Traceroute";
  case 147: return "Address Extension";
  case 148: return "Router Alert";
  case 149: return "Selective Directed Broadcast";
  case 151: return "Dynamic Packet State";
  case 152: return "Upstream Multicast Packet";
  case 25: return "Quick-Start";
  case 30:
  case 94:
  case 158:
  case 222: return "RFC3692-style Experiment";
  default: return "Unknown";
  }
}

detail::tlv_step<option> option_rule::read(bytes b, std::size_t pos) noexcept {
  using step = detail::tlv_step<option>;
  const auto type = static_cast<option_type>(b[pos]);
  if (type == option_type::end_of_list) {
    return step::end();
  }
  if (type == option_type::nop) {
    return step::item(option{type, b.subspan(pos, 1), bytes{}}, 1);
  }
  // TLV form: need the length octet, length >= 2 and within the area.
  const std::size_t left = b.size() - pos;
  if (left < 2 || b[pos + 1] < 2 || b[pos + 1] > left) {
    return step::fail(pktscope::malformed(layer_id::ipv4, pos));
  }
  const std::size_t len = b[pos + 1];
  return step::item(option{type, b.subspan(pos, len), b.subspan(pos + 2, len - 2)}, len);
}

void header::write_to(mut_bytes out) const noexcept {
  const std::size_t len = size();
  store_u8(out, fields::version_ihl,
           static_cast<std::uint8_t>((std::size_t{version_number} << 4) | (len / 4)));
  store_u8(out, fields::tos, tos);
  store_be16(out, fields::total_length, total_length);
  store_be16(out, fields::identification, identification);
  store_be16(out, fields::flags_fragment,
             static_cast<std::uint16_t>(((flags & 7U) << 13) | (fragment_offset & 0x1fffU)));
  store_u8(out, fields::ttl, ttl);
  store_u8(out, fields::protocol, static_cast<std::uint8_t>(protocol));
  store_be16(out, fields::checksum, checksum);
  std::copy(src.octets.begin(), src.octets.end(), out.begin() + fields::src);
  std::copy(dst.octets.begin(), dst.octets.end(), out.begin() + fields::dst);
  const auto opt_end = options.begin() + options_len;
  std::copy(options.begin(), opt_end, out.begin() + fields::options);
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(fields::options + options_len),
            out.begin() + static_cast<std::ptrdiff_t>(len), std::uint8_t{0});
}

namespace {

result<void> check(bytes b) noexcept {
  if (b.size() < min_header_len) {
    return truncated(layer_id::ipv4, 0, min_header_len, b.size());
  }
  const std::uint8_t vi = load_u8(b, fields::version_ihl);
  const std::size_t hlen = std::size_t{vi & 0x0fU} * 4;
  if ((vi >> 4) != version_number || hlen < min_header_len) {
    return malformed(layer_id::ipv4, fields::version_ihl);
  }
  if (b.size() < hlen) {
    return truncated(layer_id::ipv4, 0, hlen, b.size());
  }
  const std::uint16_t total = load_be16(b, fields::total_length);
  if (total != 0 && total < hlen) {
    return malformed(layer_id::ipv4, fields::total_length);
  }
  return {};
}

} // namespace

result<view> view::parse(bytes b) noexcept {
  if (auto r = check(b); !r) {
    return unexpected{r.error()};
  }
  return view(b);
}

bool view::checksum_ok() const noexcept {
  internet_checksum c;
  c.add(header_bytes());
  return c.verifies();
}

bytes view::payload() const noexcept {
  const std::size_t end = std::min(declared_len(), b_.size());
  // in bounds: parse() checked header_len() <= b.size() and total length >= header_len().
  return b_.subspan(header_len(), end - header_len());
}

header view::to_header() const noexcept {
  header h;
  h.tos = tos();
  h.total_length = total_length();
  h.identification = identification();
  h.flags = flags();
  h.fragment_offset = fragment_offset();
  h.ttl = ttl();
  h.protocol = protocol();
  h.checksum = checksum();
  h.src = src();
  h.dst = dst();
  const bytes o = options();
  std::copy(o.begin(), o.end(), h.options.begin());
  h.options_len = static_cast<std::uint8_t>(o.size());
  return h;
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  if (auto r = check(b); !r) {
    return unexpected{r.error()};
  }
  return mut_view(b);
}

view mut_view::as_view() const noexcept {
  return view(b_);
}

void mut_view::set_src(const ipv4_address& a) noexcept {
  std::copy(a.octets.begin(), a.octets.end(), b_.begin() + fields::src);
}

void mut_view::set_dst(const ipv4_address& a) noexcept {
  std::copy(a.octets.begin(), a.octets.end(), b_.begin() + fields::dst);
}

void mut_view::fill_checksum() noexcept {
  set_checksum(0);
  const std::size_t hlen = std::size_t{load_u8(b_, fields::version_ihl) & 0x0fU} * 4;
  set_checksum(checksum_of(bytes(b_).first(std::min(hlen, b_.size()))));
}

} // namespace pktscope::ipv4
