#include <pktscope/build/icmp_steps.hpp>

#include <pktscope/build/transport_steps.hpp>
#include <pktscope/core/endian.hpp>

#include "checksummed.hpp"

#include <algorithm>

namespace pktscope::build {

void icmp_step::write(mut_bytes out, const context& c) const noexcept {
  detail::write_checksummed<icmp::mut_view>(h, &icmp::header::checksum, out, c,
                                            [](auto& m) { m.fill_checksum(); });
}

void icmpv6_step::write(mut_bytes out, const context& c) const noexcept {
  detail::write_checksummed<icmpv6::mut_view>(h, &icmpv6::header::checksum, out, c, [&](auto& m) {
    m.fill_checksum(
        pseudo_header_sum(c, static_cast<std::uint8_t>(ip_protocol::icmpv6), out.size()));
  });
}

void nd_step::write(mut_bytes out, const context& /*c*/) const noexcept {
  std::copy(target.octets.begin(), target.octets.end(), out.begin());
  if (link_address) {
    const auto opt = out.subspan(ipv6_address_len, lla_option_len);
    // RFC 4861 §4.6: type, length in units of 8 octets, then the address.
    constexpr std::size_t type_off = 0, length_off = 1, address_off = 2;
    store_u8(opt, type_off, static_cast<std::uint8_t>(option));
    store_u8(opt, length_off, static_cast<std::uint8_t>(lla_option_len / 8));
    std::copy(link_address->octets.begin(), link_address->octets.end(), opt.begin() + address_off);
  }
}

} // namespace pktscope::build
