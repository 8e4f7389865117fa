#include <pktscope/proto/udp.hpp>

#include <pktscope/proto/detail/verify_checksum.hpp>

namespace pktscope::udp {

void header::write_to(mut_bytes out) const noexcept {
  store_be16(out, fields::src_port, src_port);
  store_be16(out, fields::dst_port, dst_port);
  store_be16(out, fields::length, length);
  store_be16(out, fields::checksum, checksum);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::udp, 0, header_len, b.size());
  }
  if (load_be16(b, fields::length) < header_len) {
    return malformed(layer_id::udp, fields::length);
  }
  return view(b);
}

checksum_status view::verify_checksum(internet_checksum pseudo) const noexcept {
  if (!has_checksum()) {
    return checksum_status::absent;
  }
  // unverified unless complete(): declared_len() <= captured_len()
  return detail::verify_internet_checksum(pseudo, b_, declared_len());
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  const auto v = view::parse(bytes(b));
  if (!v) {
    return unexpected(v.error());
  }
  return mut_view(b);
}

result<void> mut_view::fill_checksum(internet_checksum pseudo) noexcept {
  const std::size_t len = load_be16(b_, fields::length);
  if (len > b_.size()) {
    return truncated(layer_id::udp, 0, len, b_.size());
  }
  store_be16(b_, fields::checksum, 0);
  pseudo.add(bytes(b_.first(len)));
  const std::uint16_t c = pseudo.finish();
  store_be16(b_, fields::checksum, c == 0 ? std::uint16_t{0xffff} : c);
  return {};
}

} // namespace pktscope::udp
