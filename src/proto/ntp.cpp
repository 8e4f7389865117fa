#include <pktscope/proto/ntp.hpp>

namespace pktscope::ntp {

std::string_view describe(mode m) noexcept {
  switch (m) {
  case mode::reserved: return "reserved";
  case mode::symmetric_active: return "symmetric active";
  case mode::symmetric_passive: return "symmetric passive";
  case mode::client: return "client";
  case mode::server: return "server";
  case mode::broadcast: return "broadcast";
  case mode::control: return "reserved for NTP control message";
  case mode::private_: return "reserved for private use";
  }
  return "unknown";
}

void header::write_to(mut_bytes out) const noexcept {
  out[fields::li_vn_mode] = static_cast<std::uint8_t>(((li & 0x3) << 6) | ((version & 0x7) << 3) |
                                                      (static_cast<std::uint8_t>(mode) & 0x7));
  out[fields::stratum] = stratum;
  out[fields::poll] = static_cast<std::uint8_t>(poll);
  out[fields::precision] = static_cast<std::uint8_t>(precision);
  store_be32(out, fields::root_delay, root_delay);
  store_be32(out, fields::root_dispersion, root_dispersion);
  store_be32(out, fields::reference_id, reference_id);
  store_be64(out, fields::reference_ts, reference.raw());
  store_be64(out, fields::origin_ts, origin.raw());
  store_be64(out, fields::receive_ts, receive.raw());
  store_be64(out, fields::transmit_ts, transmit.raw());
}

result<view> view::parse(bytes b) noexcept {
  if (!b.empty()) {
    const auto m = static_cast<ntp::mode>(b[fields::li_vn_mode] & 0x7);
    if (m == ntp::mode::control || m == ntp::mode::private_) {
      return unexpected{error{errc::unsupported, layer_id::ntp, 0, 0, fields::li_vn_mode}};
    }
  }
  if (b.size() < header_len) {
    return truncated(layer_id::ntp, 0, header_len, b.size());
  }
  const std::uint8_t vn = (b[fields::li_vn_mode] >> 3) & 0x7;
  if (vn == 0 || vn > 4) {
    return malformed(layer_id::ntp, fields::li_vn_mode);
  }
  return view(b);
}

header view::to_header() const noexcept {
  return {li(),           version(),      mode(),       stratum(),
          poll(),         precision(),    root_delay(), root_dispersion(),
          reference_id(), reference_ts(), origin_ts(),  receive_ts(),
          transmit_ts()};
}

} // namespace pktscope::ntp
