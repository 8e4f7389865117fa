#include <pktscope/proto/sctp.hpp>

#include <pktscope/proto/crc32c.hpp>

#include <algorithm>
#include <array>

namespace pktscope::sctp {

namespace {

constexpr std::size_t pad4(std::size_t n) noexcept {
  return (n + 3U) & ~std::size_t{3};
}

// CRC32c of the packet with the checksum field taken as zero.
std::uint32_t packet_crc(bytes p) noexcept {
  constexpr std::array<std::uint8_t, 4> zero{};
  std::uint32_t c = crc32c(0, p.first(fields::checksum));
  c = crc32c(c, zero);
  return crc32c(c, p.subspan(fields::checksum + zero.size()));
}

} // namespace

std::string_view describe(chunk_type t) noexcept {
  switch (t) {
  case chunk_type::data: return "DATA";
  case chunk_type::init: return "INIT";
  case chunk_type::init_ack: return "INIT_ACK";
  case chunk_type::sack: return "SACK";
  case chunk_type::heartbeat: return "HEARTBEAT";
  case chunk_type::heartbeat_ack: return "HEARTBEAT_ACK";
  case chunk_type::abort: return "ABORT";
  case chunk_type::shutdown: return "SHUTDOWN";
  case chunk_type::shutdown_ack: return "SHUTDOWN_ACK";
  case chunk_type::error: return "ERROR";
  case chunk_type::cookie_echo: return "COOKIE_ECHO";
  case chunk_type::cookie_ack: return "COOKIE_ACK";
  case chunk_type::ecne: return "ECNE";
  case chunk_type::cwr: return "CWR";
  case chunk_type::shutdown_complete: return "SHUTDOWN_COMPLETE";
  case chunk_type::auth: return "AUTH";
  case chunk_type::nr_sack: return "NR_SACK";
  case chunk_type::i_data: return "I_DATA";
  case chunk_type::asconf_ack: return "ASCONF_ACK";
  case chunk_type::pktdrop: return "PKTDROP";
  case chunk_type::re_config: return "RE_CONFIG";
  case chunk_type::pad: return "PAD";
  case chunk_type::forward_tsn: return "FORWARD_TSN";
  case chunk_type::asconf: return "ASCONF";
  case chunk_type::i_forward_tsn: return "I_FORWARD_TSN";
  case chunk_type::ietf_extension: return "IETF_EXTENSION";
  }
  return "UNKNOWN";
}

detail::tlv_step<chunk> chunk_rule::read(bytes b, std::size_t pos) noexcept {
  using step = detail::tlv_step<chunk>;
  const std::size_t avail = b.size() - pos;
  if (avail < chunk_header_len) {
    return step::fail(truncated(layer_id::sctp, pos, chunk_header_len, avail));
  }
  const bytes c = b.subspan(pos);
  const std::uint16_t len = load_be16(c, chunk_fields::length);
  if (len < chunk_header_len) {
    return step::fail(malformed(layer_id::sctp, pos + chunk_fields::length));
  }
  if (len > avail) {
    return step::fail(truncated(layer_id::sctp, pos, len, avail));
  }
  return step::item(chunk{static_cast<chunk_type>(load_u8(c, chunk_fields::type)),
                          load_u8(c, chunk_fields::flags), len, pos,
                          c.subspan(chunk_fields::value, len - chunk_header_len)},
                    std::min(pad4(len), avail));
}

void header::write_to(mut_bytes out) const noexcept {
  store_be16(out, fields::src_port, src_port);
  store_be16(out, fields::dst_port, dst_port);
  store_be32(out, fields::verification_tag, verification_tag);
  store_be32(out, fields::checksum, checksum);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::sctp, 0, header_len, b.size());
  }
  return view(b);
}

checksum_status view::verify_checksum(std::size_t packet_len) const noexcept {
  if (packet_len > b_.size() || packet_len < header_len) {
    return checksum_status::unverified;
  }
  return packet_crc(b_.first(packet_len)) == load_le32(b_, fields::checksum) ? checksum_status::good
                                                                             : checksum_status::bad;
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  const auto v = view::parse(bytes(b));
  if (!v) {
    return unexpected(v.error());
  }
  return mut_view(b);
}

result<void> mut_view::fill_checksum(std::size_t packet_len) noexcept {
  if (packet_len > b_.size() || packet_len < header_len) {
    return truncated(layer_id::sctp, 0, std::max(packet_len, header_len), b_.size());
  }
  store_le32(b_, fields::checksum, packet_crc(bytes(b_.first(packet_len))));
  return {};
}

} // namespace pktscope::sctp
