// Classic pcap (draft-ietf-opsawg-pcap; libpcap's sf-pcap.c for the versions and
// quirks that real files carry).
#include "reader_state.hpp"

namespace pktscope::io_detail {

namespace {

/// File header, pcap draft §4.
namespace file_fields {
inline constexpr std::size_t magic = 0, version_major = 4, version_minor = 6, snaplen = 16,
                             link = 20;
}
inline constexpr std::size_t file_header_len = 24;

/// Record header, pcap draft §5.
namespace record_fields {
inline constexpr std::size_t ts_sec = 0, ts_frac = 4, caplen = 8, origlen = 12;
}

inline constexpr std::uint32_t magic_usec = 0xa1b2c3d4;
inline constexpr std::uint32_t magic_nsec = 0xa1b23c4d;
/// Alexey Kuznetzov's patched libpcap: 8 more bytes per record header.
inline constexpr std::uint32_t magic_kuznetzov = 0xa1b2cd34;
inline constexpr std::size_t kuznetzov_extra = 8;

inline constexpr std::uint16_t dgux_major = 543; // DG/UX tcpdump, accepted by libpcap

} // namespace

result<void> pcap_open(reader_state& st) {
  auto& in = st.in;
  if (!in.ensure(file_header_len)) {
    if (in.has_stream_error()) {
      return unexpected{in.stream_error()};
    }
    return truncated(layer_id::pcap, in.offset(), file_header_len, in.available());
  }
  const std::uint8_t* p = in.data();
  const std::uint32_t le = load_le<std::uint32_t>(p + file_fields::magic);
  const std::uint32_t be = load_be<std::uint32_t>(p + file_fields::magic);
  auto& ps = st.pcap;
  std::uint32_t magic = le;
  if (le == magic_usec || le == magic_nsec || le == magic_kuznetzov) {
    ps.big_endian = false;
  } else if (be == magic_usec || be == magic_nsec || be == magic_kuznetzov) {
    ps.big_endian = true;
    magic = be;
  } else {
    return unexpected{error{errc::bad_format, layer_id::pcap, 4, 4, in.offset()}};
  }
  ps.nsec = magic == magic_nsec;
  ps.record_header_len =
      static_cast<std::uint8_t>(16 + (magic == magic_kuznetzov ? kuznetzov_extra : 0));

  const std::uint16_t major = load16(p + file_fields::version_major, ps.big_endian);
  const std::uint16_t minor = load16(p + file_fields::version_minor, ps.big_endian);
  // libpcap reads 2.0 .. 2.4 and DG/UX's 543.0; before 2.3 caplen and len were
  // written in the other order, and 2.3 files may have either order.
  if (major == 2 && minor <= 4) {
    ps.lengths = minor < 3    ? pcap_state::length_order::swapped
                 : minor == 3 ? pcap_state::length_order::maybe_swapped
                              : pcap_state::length_order::as_is;
  } else if (major == dgux_major && minor == 0) {
    ps.lengths = pcap_state::length_order::swapped;
  } else {
    return unexpected{
        error{errc::unsupported, layer_id::pcap, 0, 0, in.offset() + file_fields::version_major}};
  }
  const link_field lf = link_field::decode(load32(p + file_fields::link, ps.big_endian));
  if (lf.reserved_bits_set) {
    // libpcap refuses these too ("linktype reserved field not zero").
    return malformed(layer_id::pcap, in.offset() + file_fields::link);
  }
  auto& info = st.info;
  info.format = capture_format::pcap;
  info.big_endian = ps.big_endian;
  info.version_major = major;
  info.version_minor = minor;
  interface_info iface;
  iface.link = lf.type;
  iface.fcs_len_bytes = lf.fcs_len_bytes;
  iface.snaplen = load32(p + file_fields::snaplen, ps.big_endian);
  iface.ts_exponent = ps.nsec ? 9 : 6;
  info.interfaces.push_back(std::move(iface));
  st.pkt.link = lf.type;
  st.pkt.interface = 0;
  in.advance(file_header_len);
  return {};
}

const packet* pcap_next(reader_state& st) {
  auto& in = st.in;
  const auto& ps = st.pcap;
  const std::size_t hlen = ps.record_header_len;
  if (!in.ensure(hlen)) {
    if (in.available() == 0) {
      return st.finish();
    }
    return st.stop(truncated(layer_id::pcap, in.offset(), hlen, in.available()).value(),
                   "pcap record header");
  }
  const std::uint8_t* p = in.data();
  std::uint32_t caplen = load32(p + record_fields::caplen, ps.big_endian);
  std::uint32_t origlen = load32(p + record_fields::origlen, ps.big_endian);
  if (ps.lengths != pcap_state::length_order::as_is) [[unlikely]] {
    if (ps.lengths == pcap_state::length_order::swapped || caplen > origlen) {
      std::swap(caplen, origlen);
    }
  }
  if (caplen > st.options.max_record_bytes) [[unlikely]] {
    return st.stop(error{errc::malformed, layer_id::pcap, caplen, st.options.max_record_bytes,
                         in.offset() + record_fields::caplen},
                   "pcap record captured length within reader_options::max_record_bytes");
  }
  const std::size_t total = hlen + caplen;
  if (!in.ensure(total)) [[unlikely]] {
    return st.stop(truncated(layer_id::pcap, in.offset(), total, in.available()).value(),
                   "pcap record data");
  }
  p = in.data(); // the window may have moved
  const std::uint64_t sec = load32(p + record_fields::ts_sec, ps.big_endian);
  const std::uint64_t frac = load32(p + record_fields::ts_frac, ps.big_endian);
  // Both fit: < 2^32 * 10^9 + 2^32 * 10^3 < 2^63.
  st.pkt.ts = static_cast<timestamp_ns>(sec * 1'000'000'000U + frac * (ps.nsec ? 1U : 1000U));
  st.pkt.data = bytes(p + hlen, caplen);
  st.pkt.original_len = origlen;
  st.pkt.file_offset = in.offset();
  in.advance(total);
  ++st.packets;
  ++st.info.interfaces.front().packets;
  return &st.pkt;
}

} // namespace pktscope::io_detail
