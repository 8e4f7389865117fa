#include <pktscope/proto/macsec.hpp>

#include <algorithm>

namespace pktscope::macsec {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < sectag_len) {
    return truncated(layer_id::macsec, 0, sectag_len, b.size());
  }
  if ((load_u8(b, fields::tci_an) & bits::version) != 0) {
    return malformed(layer_id::macsec, fields::tci_an);
  }
  const view v(b);
  if (b.size() < v.header_length()) {
    return truncated(layer_id::macsec, 0, v.header_length(), b.size());
  }
  return v;
}

std::optional<std::uint64_t> view::sci() const noexcept {
  if (!has_sci()) {
    return std::nullopt;
  }
  return (std::uint64_t{load_be32(b_, fields::sci)} << 32) | load_be32(b_, fields::sci + 4);
}

bytes view::secure_data() const noexcept {
  const bytes rest = b_.subspan(header_length());
  if (short_length() != 0) {
    return rest.first(std::min<std::size_t>(short_length(), rest.size()));
  }
  return rest.first(rest.size() - std::min(rest.size(), default_icv_len));
}

} // namespace pktscope::macsec
