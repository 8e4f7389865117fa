// pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, interfaces
// per section mapped to file-wide indexes, damaged blocks skipped by their
// length fields when those are consistent.
#include "reader_state.hpp"

#include <pktscope/io/ts_resolution.hpp>

#include <algorithm>
#include <limits>
#include <string>

namespace pktscope::io_detail {

namespace {

/// Block types, pcapng draft §4 and §11.1.
namespace block_type {
inline constexpr std::uint32_t section_header = 0x0A0D0D0A;
inline constexpr std::uint32_t interface_description = 1;
inline constexpr std::uint32_t packet_obsolete = 2;
inline constexpr std::uint32_t simple_packet = 3;
inline constexpr std::uint32_t interface_statistics = 5;
inline constexpr std::uint32_t enhanced_packet = 6;
} // namespace block_type

inline constexpr std::uint32_t byte_order_magic = 0x1A2B3C4D;

/// Every block: type, total length, body, total length again (§3.1).
namespace block_fields {
inline constexpr std::size_t type = 0, total_length = 4;
}
inline constexpr std::size_t block_header_len = 8;
inline constexpr std::size_t block_overhead = 12; // header + trailing length

/// Section Header Block, §4.1.
namespace shb_fields {
inline constexpr std::size_t byte_order = 8, major = 12, minor = 14, options = 24;
}
/// Interface Description Block, §4.2.
namespace idb_fields {
inline constexpr std::size_t link_type = 8, snaplen = 12, options = 16;
}
/// Enhanced Packet Block, §4.3; the obsolete Packet Block (Appendix A) has the
/// same layout with a 16-bit interface id followed by a 16-bit drops count.
namespace epb_fields {
inline constexpr std::size_t interface_id = 8, ts_high = 12, ts_low = 16, caplen = 20, origlen = 24,
                             data = 28;
}
/// Simple Packet Block, §4.4.
namespace spb_fields {
inline constexpr std::size_t origlen = 8, data = 12;
}
/// Interface Statistics Block, §4.6.
namespace isb_fields {
inline constexpr std::size_t interface_id = 8, options = 20;
}

namespace option_code {
inline constexpr std::uint16_t end_of_options = 0, comment = 1;
inline constexpr std::uint16_t shb_hardware = 2, shb_os = 3, shb_userappl = 4;
inline constexpr std::uint16_t if_name = 2, if_description = 3, if_tsresol = 9, if_filter = 11,
                               if_os = 12, if_fcslen = 13, if_tsoffset = 14, if_hardware = 15;
inline constexpr std::uint16_t isb_ifrecv = 4, isb_ifdrop = 5, isb_osdrop = 7;
} // namespace option_code

/// Calls f(code, value) for each option in [p, p + len) (§3.5). Returns the
/// offset of an option that overruns the area, or npos when all were well formed.
template <class F>
std::size_t for_each_option(const std::uint8_t* p, std::size_t len, bool be, F&& f) {
  std::size_t i = 0;
  while (len - i >= 4) {
    const std::uint16_t code = load16(p + i, be);
    const std::uint16_t olen = load16(p + i + 2, be);
    if (code == option_code::end_of_options) {
      break;
    }
    const std::size_t padded = (static_cast<std::size_t>(olen) + 3U) & ~std::size_t{3};
    if (padded > len - i - 4) {
      // A last option whose padding is missing is still readable.
      if (olen > len - i - 4) {
        return i;
      }
    }
    f(code, bytes(p + i + 4, olen));
    i += 4 + std::min(padded, len - i - 4);
  }
  return std::string::npos;
}

std::string text(bytes v) {
  std::size_t n = v.size();
  while (n != 0 && v[n - 1] == 0) {
    --n; // some writers count a terminating NUL
  }
  return {reinterpret_cast<const char*>(v.data()), n}; // NOLINT: bytes as chars
}

error damaged_at(std::uint64_t offset) {
  return error{errc::malformed, layer_id::pcapng, 0, 0, offset};
}

enum class outcome : std::uint8_t { packet, next_block, damaged };

struct block {
  const std::uint8_t* p;
  std::uint32_t len;
  std::uint64_t offset;
  bool be;
};

/// Parses a whole SHB at the read position; on success the section is current.
result<void> read_shb(reader_state& st, const char** what) {
  auto& in = st.in;
  const std::uint64_t off = in.offset();
  constexpr std::size_t min_shb = shb_fields::options + 4;
  if (!in.ensure(shb_fields::major)) {
    *what = "section header block";
    return truncated(layer_id::pcapng, off, shb_fields::major, in.available());
  }
  const std::uint32_t bom = load_le<std::uint32_t>(in.data() + shb_fields::byte_order);
  bool be = false;
  if (bom == byte_order_magic) {
    be = false;
  } else if (bom == detail::byteswap(byte_order_magic)) {
    be = true;
  } else {
    *what = "section header byte-order magic 0x1A2B3C4D";
    return malformed(layer_id::pcapng, off + shb_fields::byte_order);
  }
  const std::uint32_t len = load32(in.data() + block_fields::total_length, be);
  if (len < min_shb || len % 4 != 0 || len > st.options.max_record_bytes) {
    *what = "section header block length (multiple of 4, at least 28, within max_record_bytes)";
    return malformed(layer_id::pcapng, off + block_fields::total_length);
  }
  if (!in.ensure(len)) {
    *what = "section header block";
    return truncated(layer_id::pcapng, off, len, in.available());
  }
  const std::uint8_t* p = in.data();
  if (load32(p + len - 4, be) != len) {
    *what = "trailing block length equal to the leading one";
    return malformed(layer_id::pcapng, off + len - 4);
  }
  const std::uint16_t major = load16(p + shb_fields::major, be);
  const std::uint16_t minor = load16(p + shb_fields::minor, be);
  // libpcap reads 1.0 and 1.2 (the same format); the others may differ.
  if (major != 1 || (minor != 0 && minor != 2)) {
    *what = "section version 1.0 or 1.2";
    return unexpected{error{errc::unsupported, layer_id::pcapng, 0, 0, off + shb_fields::major}};
  }
  auto& info = st.info;
  const bool first = info.sections == 0;
  std::string hardware;
  std::string os;
  std::string app;
  const std::size_t bad = for_each_option(p + shb_fields::options, len - shb_fields::options - 4,
                                          be, [&](std::uint16_t code, bytes v) {
                                            switch (code) {
                                            case option_code::comment:
                                              info.comments.push_back(text(v));
                                              break;
                                            case option_code::shb_hardware:
                                              hardware = text(v);
                                              break;
                                            case option_code::shb_os: os = text(v); break;
                                            case option_code::shb_userappl: app = text(v); break;
                                            default: break;
                                            }
                                          });
  if (bad != std::string::npos) {
    *what = "section header option within the block";
    return malformed(layer_id::pcapng, off + shb_fields::options + bad);
  }
  if (first) {
    info.big_endian = be;
    info.version_major = major;
    info.version_minor = minor;
    info.hardware = std::move(hardware);
    info.os = std::move(os);
    info.application = std::move(app);
  }
  ++info.sections;
  st.pcapng.big_endian = be;
  st.pcapng.skipping_section = false;
  st.pcapng.iface_of.clear();
  in.advance(len);
  return {};
}

outcome read_idb(reader_state& st, const block& b, const char** what) {
  if (b.len < idb_fields::options + 4) {
    *what = "interface description block of at least 20 bytes";
    return outcome::damaged;
  }
  interface_info iface;
  iface.link = static_cast<link_type>(load16(b.p + idb_fields::link_type, b.be));
  iface.snaplen = load32(b.p + idb_fields::snaplen, b.be);
  iface.section = st.info.sections - 1;
  iface.id_in_section = static_cast<std::uint32_t>(st.pcapng.iface_of.size());
  const std::size_t bad =
      for_each_option(b.p + idb_fields::options, b.len - idb_fields::options - 4, b.be,
                      [&](std::uint16_t code, bytes v) {
                        switch (code) {
                        case option_code::if_name: iface.name = text(v); break;
                        case option_code::if_description: iface.description = text(v); break;
                        case option_code::if_os: iface.os = text(v); break;
                        case option_code::if_hardware: iface.hardware = text(v); break;
                        case option_code::if_filter:
                          if (!v.empty() && v[0] == 0) { // 0: libpcap filter string
                            iface.filter = text(v.subspan(1));
                          }
                          break;
                        case option_code::if_tsresol:
                          if (v.size() == 1) {
                            iface.ts_base2 = (v[0] & 0x80U) != 0;
                            iface.ts_exponent = static_cast<std::uint8_t>(v[0] & 0x7fU);
                          }
                          break;
                        case option_code::if_fcslen:
                          if (v.size() == 1) {
                            iface.fcs_len_bytes = v[0];
                          }
                          break;
                        case option_code::if_tsoffset:
                          if (v.size() == 8) {
                            iface.ts_offset_s = static_cast<std::int64_t>(load64(v.data(), b.be));
                          }
                          break;
                        default: break;
                        }
                      });
  if (bad != std::string::npos) {
    // Keep the interface (later packets name it by position) with the options
    // read so far, and say where the options broke.
    st.warn(damaged_at(b.offset + idb_fields::options + bad),
            "interface description option within the block");
  }
  st.pcapng.iface_of.push_back(static_cast<std::uint32_t>(st.info.interfaces.size()));
  st.info.interfaces.push_back(std::move(iface));
  return outcome::next_block;
}

inline timestamp_ns to_ns(const interface_info& iface, std::uint64_t units) {
  if (!iface.ts_base2 && iface.ts_exponent == 6 && iface.ts_offset_s == 0 &&
      units <= static_cast<std::uint64_t>(std::numeric_limits<timestamp_ns>::max()) / 1000U) {
    return static_cast<timestamp_ns>(units * 1000U); // the common case, exact
  }
  return ts_units_to_ns(units, iface.ts_exponent, iface.ts_base2, iface.ts_offset_s);
}

/// EPB and the obsolete PB.
outcome read_packet_block(reader_state& st, const block& b, bool obsolete, const char** what) {
  constexpr std::size_t min_len = epb_fields::data + 4;
  if (b.len < min_len) {
    *what = "packet block of at least 32 bytes";
    return outcome::damaged;
  }
  const std::uint32_t local = obsolete ? load16(b.p + epb_fields::interface_id, b.be)
                                       : load32(b.p + epb_fields::interface_id, b.be);
  const auto& iface_of = st.pcapng.iface_of;
  if (local >= iface_of.size()) {
    *what = "interface id of an interface described earlier in the section";
    return outcome::damaged;
  }
  const std::uint32_t caplen = load32(b.p + epb_fields::caplen, b.be);
  if (caplen > b.len - min_len) {
    *what = "captured length within the packet block";
    return outcome::damaged;
  }
  const std::uint32_t global = iface_of[local];
  auto& iface = st.info.interfaces[global];
  const std::uint64_t units = (std::uint64_t{load32(b.p + epb_fields::ts_high, b.be)} << 32) |
                              load32(b.p + epb_fields::ts_low, b.be);
  auto& pkt = st.pkt;
  pkt.ts = to_ns(iface, units);
  pkt.data = bytes(b.p + epb_fields::data, caplen);
  pkt.original_len = load32(b.p + epb_fields::origlen, b.be);
  pkt.link = iface.link;
  pkt.interface = global;
  pkt.file_offset = b.offset;
  ++iface.packets;
  return outcome::packet;
}

outcome read_spb(reader_state& st, const block& b, const char** what) {
  constexpr std::size_t min_len = spb_fields::data + 4;
  if (b.len < min_len) {
    *what = "simple packet block of at least 16 bytes";
    return outcome::damaged;
  }
  if (st.pcapng.iface_of.empty()) {
    *what = "an interface description before a simple packet block";
    return outcome::damaged;
  }
  const std::uint32_t global = st.pcapng.iface_of[0];
  auto& iface = st.info.interfaces[global];
  const std::uint32_t origlen = load32(b.p + spb_fields::origlen, b.be);
  // §4.4: the captured length is the smaller of the original length and the
  // interface's snaplen; the block's own size bounds it as well.
  std::uint32_t caplen =
      std::min<std::uint32_t>(origlen, b.len - static_cast<std::uint32_t>(min_len));
  if (iface.snaplen != 0) {
    caplen = std::min(caplen, iface.snaplen);
  }
  auto& pkt = st.pkt;
  pkt.ts = 0; // a Simple Packet Block carries no timestamp
  pkt.data = bytes(b.p + spb_fields::data, caplen);
  pkt.original_len = origlen;
  pkt.link = iface.link;
  pkt.interface = global;
  pkt.file_offset = b.offset;
  ++iface.packets;
  return outcome::packet;
}

outcome read_isb(reader_state& st, const block& b, const char** what) {
  if (b.len < isb_fields::options + 4) {
    *what = "interface statistics block of at least 24 bytes";
    return outcome::damaged;
  }
  const std::uint32_t local = load32(b.p + isb_fields::interface_id, b.be);
  if (local >= st.pcapng.iface_of.size()) {
    *what = "interface id of an interface described earlier in the section";
    return outcome::damaged;
  }
  auto& iface = st.info.interfaces[st.pcapng.iface_of[local]];
  const std::size_t bad =
      for_each_option(b.p + isb_fields::options, b.len - isb_fields::options - 4, b.be,
                      [&](std::uint16_t code, bytes v) {
                        if (v.size() != 8) {
                          return;
                        }
                        if (code == option_code::isb_ifrecv) {
                          iface.stats_received = load64(v.data(), b.be);
                        } else if (code == option_code::isb_ifdrop) {
                          iface.stats_dropped = load64(v.data(), b.be);
                        } else if (code == option_code::isb_osdrop) {
                          iface.stats_os_dropped = load64(v.data(), b.be);
                        }
                      });
  if (bad != std::string::npos) {
    st.warn(damaged_at(b.offset + isb_fields::options + bad),
            "interface statistics option within the block");
  }
  return outcome::next_block;
}

} // namespace

result<void> pcapng_open(reader_state& st) {
  st.info.format = capture_format::pcapng;
  const char* what = "";
  return read_shb(st, &what);
}

const packet* pcapng_next(reader_state& st) {
  auto& in = st.in;
  for (;;) {
    if (!in.ensure(block_header_len)) {
      if (in.available() == 0) {
        return st.finish();
      }
      return st.stop(
          truncated(layer_id::pcapng, in.offset(), block_header_len, in.available()).value(),
          "pcapng block header");
    }
    const std::uint64_t off = in.offset();
    if (load_le<std::uint32_t>(in.data() + block_fields::type) == block_type::section_header) {
      const char* what = "";
      auto r = read_shb(st, &what);
      if (r) {
        continue;
      }
      if (r.error().code != errc::unsupported) {
        return st.stop(r.error(), what);
      }
      // A section of another version: warn, then skip its blocks up to the next SHB.
      st.warn(r.error(), what);
      st.pcapng.skipping_section = true;
      st.pcapng.iface_of.clear();
      ++st.info.sections;
      const bool section_be =
          load_le<std::uint32_t>(in.data() + shb_fields::byte_order) != byte_order_magic;
      st.pcapng.big_endian = section_be;
      // read_shb checked the length and that the whole block is in the window.
      const std::uint32_t len = load32(in.data() + block_fields::total_length, section_be);
      st.skipped_blocks++;
      st.skipped_bytes += len;
      in.advance(len);
      continue;
    }
    const bool be = st.pcapng.big_endian;
    const std::uint32_t len = load32(in.data() + block_fields::total_length, be);
    if (len < block_overhead || len % 4 != 0) {
      return st.stop(damaged_at(off + block_fields::total_length),
                     "block total length (a multiple of 4, at least 12)");
    }
    if (len > st.options.max_record_bytes) {
      return st.stop(error{errc::malformed, layer_id::pcapng, len, st.options.max_record_bytes,
                           off + block_fields::total_length},
                     "block total length within reader_options::max_record_bytes");
    }
    if (!in.ensure(len)) {
      return st.stop(truncated(layer_id::pcapng, off, len, in.available()).value(), "pcapng block");
    }
    const block b{in.data(), len, off, be};
    if (load32(b.p + len - 4, be) != len) {
      return st.stop(damaged_at(off + len - 4), "trailing block length equal to the leading one");
    }
    if (st.pcapng.skipping_section) {
      st.skipped_blocks++;
      st.skipped_bytes += len;
      in.advance(len);
      continue;
    }
    const char* what = "";
    outcome o = outcome::next_block;
    switch (load32(b.p + block_fields::type, be)) {
    case block_type::enhanced_packet: o = read_packet_block(st, b, false, &what); break;
    case block_type::simple_packet: o = read_spb(st, b, &what); break;
    case block_type::packet_obsolete: o = read_packet_block(st, b, true, &what); break;
    case block_type::interface_description: o = read_idb(st, b, &what); break;
    case block_type::interface_statistics: o = read_isb(st, b, &what); break;
    default: break; // name resolution, custom, decryption secrets, unknown: nothing to read
    }
    in.advance(len);
    if (o == outcome::packet) {
      ++st.packets;
      return &st.pkt;
    }
    if (o == outcome::damaged) {
      st.warn(damaged_at(off), what);
      st.skipped_blocks++;
      st.skipped_bytes += len;
    }
  }
}

} // namespace pktscope::io_detail
