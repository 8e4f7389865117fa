#include <pktscope/proto/gre.hpp>

#include <pktscope/core/checksum.hpp>
#include <pktscope/proto/detail/verify_checksum.hpp>

namespace pktscope::gre {

namespace {

constexpr std::size_t word = 4;
// RFC 1701 §2.1 routing entry (SRE): address family (2), SRE offset (1), SRE length (1), then
// SRE length bytes; the list ends with an entry of family 0 and length 0.
constexpr std::size_t sre_head_len = 4, sre_length_field = 3;

// Length of the fixed part and the optional fields the flags announce.
std::size_t fields_len(std::uint16_t fv) noexcept {
  std::size_t n = base_header_len;
  if ((fv & (bits::checksum_present | bits::routing_present)) != 0) {
    n += word;
  }
  if ((fv & bits::key_present) != 0) {
    n += word;
  }
  if ((fv & bits::seq_present) != 0) {
    n += word;
  }
  if ((fv & bits::version_mask) == 1 && (fv & bits::ack_present) != 0) {
    n += word;
  }
  return n;
}

} // namespace

std::size_t header::size() const noexcept {
  return fields_len(flags_version);
}

void header::write_to(mut_bytes out) const noexcept {
  store_be16(out, fields::flags_version, flags_version);
  store_be16(out, fields::protocol_type, protocol_type);
  std::size_t pos = fields::optional;
  if ((flags_version & (bits::checksum_present | bits::routing_present)) != 0) {
    store_be16(out, pos, checksum);
    store_be16(out, pos + 2, offset);
    pos += word;
  }
  if ((flags_version & bits::key_present) != 0) {
    store_be32(out, pos, key);
    pos += word;
  }
  if ((flags_version & bits::seq_present) != 0) {
    store_be32(out, pos, sequence);
    pos += word;
  }
  if ((flags_version & bits::version_mask) == 1 && (flags_version & bits::ack_present) != 0) {
    store_be32(out, pos, ack);
  }
}

bool operator==(const header& a, const header& b) noexcept {
  const std::uint16_t fv = a.flags_version;
  const bool cw = (fv & (bits::checksum_present | bits::routing_present)) != 0;
  return fv == b.flags_version && a.protocol_type == b.protocol_type &&
         (!cw || (a.checksum == b.checksum && a.offset == b.offset)) &&
         ((fv & bits::key_present) == 0 || a.key == b.key) &&
         ((fv & bits::seq_present) == 0 || a.sequence == b.sequence) &&
         ((fv & bits::version_mask) != 1 || (fv & bits::ack_present) == 0 || a.ack == b.ack);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < base_header_len) {
    return truncated(layer_id::gre, 0, base_header_len, b.size());
  }
  const std::uint16_t fv = load_be16(b, fields::flags_version);
  if ((fv & bits::version_mask) > 1) {
    return malformed(layer_id::gre, fields::version);
  }
  std::size_t len = fields_len(fv);
  if (b.size() < len) {
    return truncated(layer_id::gre, 0, len, b.size());
  }
  if ((fv & bits::routing_present) != 0) {
    // Bounded: every entry advances by at least 4 bytes within the captured data.
    for (;;) {
      if (b.size() - len < sre_head_len) {
        return truncated(layer_id::gre, 0, len + sre_head_len, b.size());
      }
      const std::size_t sre_len = load_u8(b, len + sre_length_field);
      const std::uint16_t family = load_be16(b, len);
      const std::size_t entry = sre_head_len + sre_len;
      if (b.size() - len < entry) {
        return truncated(layer_id::gre, 0, len + entry, b.size());
      }
      len += entry;
      if (family == 0 && sre_len == 0) {
        break;
      }
    }
  }
  return view(b, len);
}

checksum_status view::verify_checksum(std::size_t packet_len) const noexcept {
  if (!has_checksum()) {
    return checksum_status::absent;
  }
  return detail::verify_internet_checksum({}, b_, packet_len);
}

header view::to_header() const noexcept {
  header h;
  h.flags_version = flags_version();
  h.protocol_type = protocol_type();
  h.checksum = checksum().value_or(0);
  h.offset = offset().value_or(0);
  h.key = key().value_or(0);
  h.sequence = sequence().value_or(0);
  h.ack = ack().value_or(0);
  return h;
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  const auto v = view::parse(bytes(b));
  if (!v) {
    return unexpected(v.error());
  }
  return mut_view(b);
}

void mut_view::set_key(std::uint32_t v) noexcept {
  const std::uint16_t fv = load_be16(b_, fields::flags_version);
  const bool cw = (fv & (bits::checksum_present | bits::routing_present)) != 0;
  store_be32(b_, fields::optional + (cw ? word : 0), v);
}

void mut_view::set_sequence(std::uint32_t v) noexcept {
  const std::uint16_t fv = load_be16(b_, fields::flags_version);
  const bool cw = (fv & (bits::checksum_present | bits::routing_present)) != 0;
  const bool k = (fv & bits::key_present) != 0;
  store_be32(b_, fields::optional + (cw ? word : 0) + (k ? word : 0), v);
}

result<void> mut_view::fill_checksum(std::size_t packet_len) noexcept {
  if ((load_be16(b_, fields::flags_version) & bits::checksum_present) == 0) {
    return malformed(layer_id::gre, fields::flags_version);
  }
  if (packet_len > b_.size()) {
    return truncated(layer_id::gre, 0, packet_len, b_.size());
  }
  store_be16(b_, fields::optional, 0);
  internet_checksum c;
  c.add(bytes(b_.first(packet_len)));
  store_be16(b_, fields::optional, c.finish());
  return {};
}

} // namespace pktscope::gre
