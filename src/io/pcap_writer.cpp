// Classic libpcap format: a 24-byte file header, then a 16-byte header per record
// (draft-ietf-opsawg-pcap §4, §5). Written little-endian.

#include "output_sink.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace pktscope {

namespace {

namespace file_header {
inline constexpr std::size_t magic = 0, version_major = 4, version_minor = 6, thiszone = 8,
                             sigfigs = 12, snaplen = 16, link = 20, size = 24;
} // namespace file_header
namespace record_header {
inline constexpr std::size_t ts_sec = 0, ts_frac = 4, incl_len = 8, orig_len = 12, size = 16;
} // namespace record_header

inline constexpr std::uint32_t magic_us = 0xa1b2c3d4;
inline constexpr std::uint32_t magic_ns = 0xa1b23c4d;
/// libpcap's MAXIMUM_SNAPLEN: what "no limit" is written as.
inline constexpr std::uint32_t default_snaplen = 262144;

class pcap_writer final : public capture_writer {
public:
  pcap_writer(std::unique_ptr<sink> out, const writer_options& options)
      : capture_writer(std::move(out), options) {}

private:
  /// pcap's ts_sec is an unsigned 32-bit count of seconds.
  static bool storable(timestamp_ns ts) noexcept {
    return ts >= 0 && ts / 1'000'000'000 <= std::numeric_limits<std::uint32_t>::max();
  }

  result<void> write_header(const packet* first) noexcept override {
    // A packet refused for its timestamp must not choose the file's link type: the header
    // waits for the first packet that is written.
    if (first != nullptr && !storable(first->ts)) {
      return unsupported_error(bytes_written());
    }
    link_ = options_.link.value_or(first != nullptr ? first->link : link_type::ethernet);
    std::array<std::uint8_t, file_header::size> h{};
    store_le32(h, file_header::magic, options_.nanosecond ? magic_ns : magic_us);
    store_le16(h, file_header::version_major, 2);
    store_le16(h, file_header::version_minor, 4);
    store_le32(h, file_header::thiszone, 0);
    store_le32(h, file_header::sigfigs, 0);
    store_le32(h, file_header::snaplen, options_.snaplen != 0 ? options_.snaplen : default_snaplen);
    store_le32(h, file_header::link, static_cast<std::uint32_t>(link_));
    return out().put(h);
  }

  result<void> write_packet(const packet& pkt, std::string_view) noexcept override {
    if (pkt.link != link_ || !storable(pkt.ts)) {
      return unsupported_error(bytes_written());
    }
    const auto seconds = static_cast<std::uint32_t>(pkt.ts / 1'000'000'000);
    const auto frac = static_cast<std::uint32_t>(pkt.ts % 1'000'000'000);
    bytes data = pkt.data;
    if (options_.snaplen != 0 && data.size() > options_.snaplen) {
      data = data.first(options_.snaplen);
    }
    std::array<std::uint8_t, record_header::size> h{};
    store_le32(h, record_header::ts_sec, seconds);
    store_le32(h, record_header::ts_frac, options_.nanosecond ? frac : frac / 1000);
    store_le32(h, record_header::incl_len, static_cast<std::uint32_t>(data.size()));
    store_le32(h, record_header::orig_len, pkt.original_len);
    if (auto ok = out().put(h); !ok) {
      return ok;
    }
    return out().put(data);
  }

  link_type link_ = link_type::ethernet;
};

} // namespace

std::unique_ptr<capture_writer> make_pcap_writer(std::unique_ptr<capture_writer::sink> out,
                                                 const writer_options& options) {
  return std::make_unique<pcap_writer>(std::move(out), options);
}

} // namespace pktscope
