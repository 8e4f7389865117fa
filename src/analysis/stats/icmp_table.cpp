#include <pktscope/analysis/stats/icmp_table.hpp>

#include <pktscope/core/assert.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>

namespace pktscope::stats {

namespace {
constexpr std::size_t per_version = 256U * 256U;
std::size_t cell_index(std::uint8_t ip_version, std::uint8_t type, std::uint8_t code) noexcept {
  return (ip_version == 6 ? per_version : 0U) + std::size_t{type} * 256U + code;
}
} // namespace

// Zero-filled and committed where written: most captures use a handful of the 2 MB of cells.
icmp_table::icmp_table() : cells_(2 * per_version) {
  PKTSCOPE_ASSERT(detail::value_is_zero_bytes<cell>());
}

void icmp_table::add(std::uint8_t ip_version, std::uint8_t type, std::uint8_t code,
                     std::uint32_t wire_len) noexcept {
  cell& c = cells_[cell_index(ip_version, type, code)];
  c.packets += 1;
  c.bytes += wire_len;
}

void icmp_table::add(const decoded_packet& d, std::uint32_t wire_len) noexcept {
  if (d.transport == layer_id::icmp) {
    add(4, d.icmp_type, d.icmp_code, wire_len);
  } else if (d.transport == layer_id::icmpv6) {
    add(6, d.icmp_type, d.icmp_code, wire_len);
  }
}

std::uint64_t icmp_table::packets(std::uint8_t ip_version, std::uint8_t type,
                                  std::uint8_t code) const noexcept {
  return cells_[cell_index(ip_version, type, code)].packets;
}

std::vector<icmp_row> icmp_table::rows() const {
  std::vector<icmp_row> out;
  for (std::size_t i = 0; i < 2 * per_version; ++i) {
    if (cells_[i].packets == 0) {
      continue;
    }
    icmp_row r;
    r.ip_version = i >= per_version ? 6 : 4;
    r.type = static_cast<std::uint8_t>((i % per_version) / 256U);
    r.code = static_cast<std::uint8_t>(i % 256U);
    r.packets = cells_[i].packets;
    r.bytes = cells_[i].bytes;
    r.type_name = r.ip_version == 4 ? icmp::describe_type(r.type) : icmpv6::describe_type(r.type);
    r.code_name =
        r.ip_version == 4 ? icmp::describe(r.type, r.code) : icmpv6::describe(r.type, r.code);
    out.push_back(r);
  }
  return out;
}

} // namespace pktscope::stats
