#include <pktscope/build/transport_steps.hpp>

#include "checksummed.hpp"

#include <pktscope/core/assert.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/proto/pseudo_header.hpp>

#include <algorithm>

namespace pktscope::build {

internet_checksum pseudo_header_sum(const context& c, std::uint8_t protocol,
                                    std::size_t len) noexcept {
  PKTSCOPE_ASSERT(c.ip_src.size() == c.ip_dst.size() &&
                  (c.ip_src.size() == pseudo_header::ipv4_address_len ||
                   c.ip_src.size() == pseudo_header::ipv6_address_len));
  return pseudo_header::for_addresses(c.ip_src, c.ip_dst, protocol,
                                      static_cast<std::uint32_t>(len));
}

tcp_step tcp_step::make(std::uint16_t src_port, std::uint16_t dst_port,
                        const tcp_params& p) noexcept {
  const encoded_tcp_options o = encode(p.options);
  tcp_step s;
  s.h.src_port = src_port;
  s.h.dst_port = dst_port;
  s.h.seq = p.seq;
  s.h.ack = p.ack;
  s.h.data_offset = static_cast<std::uint8_t>((tcp::header_len + o.size) / 4);
  s.h.flags = p.flags;
  s.h.window = p.window;
  s.h.checksum = p.checksum;
  s.h.urgent_ptr = p.urgent_ptr;
  s.h.options = o.octets;
  return s;
}

void tcp_step::write(mut_bytes out, const context& c) const noexcept {
  detail::write_checksummed<tcp::mut_view>(h, &tcp::header::checksum, out, c, [&](auto& m) {
    static_cast<void>(
        m.fill_checksum(pseudo_header_sum(c, tcp::ip_protocol, out.size()), out.size()));
  });
}

void udp_step::write(mut_bytes out, const context& c) const noexcept {
  PKTSCOPE_ASSERT(out.size() <= 0xffff);
  udp::header v = h;
  v.length = static_cast<std::uint16_t>(out.size());
  context here = c;
  if (!checksum) {
    v.checksum = 0;
    here.checksums = checksum_policy::keep;
  }
  detail::write_checksummed<udp::mut_view>(v, &udp::header::checksum, out, here, [&](auto& m) {
    static_cast<void>(m.fill_checksum(pseudo_header_sum(c, udp::ip_protocol, out.size())));
  });
}

void sctp_step::write(mut_bytes out, const context& c) const noexcept {
  detail::write_checksummed<sctp::mut_view>(h, &sctp::header::checksum, out, c, [&](auto& m) {
    static_cast<void>(m.fill_checksum(out.size()));
  });
}

void sctp_chunk_step::write(mut_bytes out, const context& /*c*/) const noexcept {
  store_u8(out, sctp::chunk_fields::type, static_cast<std::uint8_t>(type));
  store_u8(out, sctp::chunk_fields::flags, flags);
  store_be16(out, sctp::chunk_fields::length,
             static_cast<std::uint16_t>(sctp::chunk_header_len + value.size()));
  const auto end = std::copy(value.begin(), value.end(), out.begin() + sctp::chunk_fields::value);
  std::fill(end, out.begin() + static_cast<std::ptrdiff_t>(size()), std::uint8_t{0});
}

} // namespace pktscope::build
