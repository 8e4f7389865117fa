#include <pktscope/build/ip_steps.hpp>

#include "checksummed.hpp"

#include <pktscope/core/assert.hpp>

#include <algorithm>

namespace pktscope::build {

void ipv4_step::write(mut_bytes out, const context& c) const noexcept {
  PKTSCOPE_ASSERT(out.size() <= 0xffff);
  ipv4::header v = h;
  v.total_length = static_cast<std::uint16_t>(out.size());
  v.protocol = ip_protocol_or(c, h.protocol);
  detail::write_checksummed<ipv4::mut_view>(v, &ipv4::header::checksum, out, c,
                                            [](auto& m) { m.fill_checksum(); });
}

void ipv6_step::write(mut_bytes out, const context& c) const noexcept {
  PKTSCOPE_ASSERT(out.size() - ipv6::header_len <= 0xffff);
  ipv6::header v = h;
  v.payload_length = static_cast<std::uint16_t>(out.size() - ipv6::header_len);
  v.next_header = ip_protocol_or(c, h.next_header);
  v.write_to(out);
}

namespace {

// RFC 8200 §4.2: one padding octet is Pad1, more are one PadN option (type, data length,
// zero data). The runs here are shorter than 8 octets.
void pad_options(mut_bytes area) noexcept {
  if (area.empty()) {
    return;
  }
  std::fill(area.begin(), area.end(), std::uint8_t{0});
  if (area.size() >= 2) {
    area[0] = static_cast<std::uint8_t>(ipv6_opts::option_type::padn);
    area[1] = static_cast<std::uint8_t>(area.size() - 2);
  }
}

} // namespace

void ipv6_options_step::write(mut_bytes out, const context& c) const noexcept {
  const std::size_t len = size();
  ipv6_opts::header v{ip_protocol_or(c, ip_protocol::no_next),
                      static_cast<std::uint8_t>(len / 8 - 1)};
  v.write_to(out);
  const auto area = out.subspan(ipv6_opts::fields::options, len - ipv6_opts::fields::options);
  std::copy(options.begin(), options.end(), area.begin());
  pad_options(area.subspan(options.size()));
}

void ipv6_fragment_step::write(mut_bytes out, const context& c) const noexcept {
  ipv6_frag::header v = h;
  v.next_header = ip_protocol_or(c, h.next_header);
  v.write_to(out);
}

} // namespace pktscope::build
