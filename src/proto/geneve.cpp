#include <pktscope/proto/geneve.hpp>

#include <algorithm>

namespace pktscope::geneve {

detail::tlv_step<option> option_rule::read(bytes b, std::size_t pos) noexcept {
  using step = detail::tlv_step<option>;
  const std::size_t avail = b.size() - pos;
  if (avail < option_header_len) {
    return step::fail(malformed(layer_id::geneve, pos));
  }
  const bytes o = b.subspan(pos);
  const std::uint8_t len_byte = load_u8(o, option_fields::length);
  const std::size_t data_len = std::size_t{static_cast<std::uint8_t>(len_byte & 0x1f)} * 4U;
  if (avail - option_header_len < data_len) {
    return step::fail(malformed(layer_id::geneve, pos));
  }
  return step::item(option{load_be16(o, option_fields::option_class),
                           load_u8(o, option_fields::type),
                           static_cast<std::uint8_t>(len_byte >> 5), pos,
                           o.subspan(option_fields::data, data_len)},
                    option_header_len + data_len);
}

void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::version_opt_len, static_cast<std::uint8_t>((version << 6) | opt_len));
  store_u8(out, fields::flags, flags);
  store_be16(out, fields::protocol_type, protocol_type);
  store_be32(out, fields::vni, (vni << 8) | reserved);
  std::copy_n(options.begin(), options_len(), out.begin() + fields::options);
}

bool operator==(const header& a, const header& b) noexcept {
  return a.version == b.version && a.opt_len == b.opt_len && a.flags == b.flags &&
         a.protocol_type == b.protocol_type && a.vni == b.vni && a.reserved == b.reserved &&
         std::equal(a.options.begin(),
                    a.options.begin() + static_cast<std::ptrdiff_t>(a.options_len()),
                    b.options.begin());
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::geneve, 0, header_len, b.size());
  }
  const std::uint8_t first = load_u8(b, fields::version_opt_len);
  if ((first >> 6) != 0) {
    return malformed(layer_id::geneve, fields::version_opt_len);
  }
  const std::size_t len = header_len + std::size_t{static_cast<std::uint8_t>(first & 0x3f)} * 4U;
  if (b.size() < len) {
    return truncated(layer_id::geneve, 0, len, b.size());
  }
  return view(b);
}

header view::to_header() const noexcept {
  header h;
  h.version = version();
  h.opt_len = opt_len();
  h.flags = flags();
  h.protocol_type = protocol_type();
  h.vni = vni();
  h.reserved = reserved();
  const bytes opts = options_bytes();
  std::copy(opts.begin(), opts.end(), h.options.begin());
  return h;
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  const auto v = view::parse(bytes(b));
  if (!v) {
    return unexpected(v.error());
  }
  return mut_view(b);
}

} // namespace pktscope::geneve
