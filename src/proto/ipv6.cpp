#include <pktscope/proto/ipv6.hpp>

#include <algorithm>

namespace pktscope::ipv6 {

void header::write_to(mut_bytes out) const noexcept {
  store_be32(out, fields::version_class_flow,
             (std::uint32_t{version_number} << 28) | (std::uint32_t{traffic_class} << 20) |
                 (flow_label & 0xfffffU));
  store_be16(out, fields::payload_length, payload_length);
  store_u8(out, fields::next_header, static_cast<std::uint8_t>(next_header));
  store_u8(out, fields::hop_limit, hop_limit);
  std::copy(src.octets.begin(), src.octets.end(), out.begin() + fields::src);
  std::copy(dst.octets.begin(), dst.octets.end(), out.begin() + fields::dst);
}

namespace {

result<void> check(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::ipv6, 0, header_len, b.size());
  }
  if ((load_u8(b, fields::version_class_flow) >> 4) != version_number) {
    return malformed(layer_id::ipv6, fields::version_class_flow);
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

header view::to_header() const noexcept {
  return header{traffic_class(), flow_label(), payload_length(), next_header(), hop_limit(),
                src(),           dst()};
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  if (auto r = check(b); !r) {
    return unexpected{r.error()};
  }
  return mut_view(b);
}

void mut_view::set_traffic_class(std::uint8_t tc) noexcept {
  const std::uint32_t w = load_be32(b_, fields::version_class_flow);
  store_be32(b_, fields::version_class_flow, (w & 0xf00fffffU) | (std::uint32_t{tc} << 20));
}

void mut_view::set_flow_label(std::uint32_t label) noexcept {
  const std::uint32_t w = load_be32(b_, fields::version_class_flow);
  store_be32(b_, fields::version_class_flow, (w & 0xfff00000U) | (label & 0xfffffU));
}

void mut_view::set_src(const ipv6_address& a) noexcept {
  std::copy(a.octets.begin(), a.octets.end(), b_.begin() + fields::src);
}

void mut_view::set_dst(const ipv6_address& a) noexcept {
  std::copy(a.octets.begin(), a.octets.end(), b_.begin() + fields::dst);
}

} // namespace pktscope::ipv6
