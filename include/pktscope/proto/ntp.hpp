#pragma once
/// NTP packet header, versions 1-4 (RFC 1059, RFC 1119, RFC 1305, RFC 5905 §7.3).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pktscope::ntp {

inline constexpr std::uint16_t port = 123;

namespace fields { // RFC 5905 §7.3, Figure 8
inline constexpr std::size_t li_vn_mode = 0, stratum = 1, poll = 2, precision = 3, root_delay = 4,
                             root_dispersion = 8, reference_id = 12, reference_ts = 16,
                             origin_ts = 24, receive_ts = 32, transmit_ts = 40;
} // namespace fields
inline constexpr std::size_t header_len = 48;

/// RFC 5905 §7.3 "Mode".
enum class mode : std::uint8_t {
  reserved = 0,
  symmetric_active = 1,
  symmetric_passive = 2,
  client = 3,
  server = 4,
  broadcast = 5,
  control = 6,  ///< RFC 1305 Appendix B: a different (12-octet) header, not this view's
  private_ = 7, ///< implementation specific (ntpd mode 7), not this view's
};
/// tshark's names: "reserved", "symmetric active", "symmetric passive", "client", "server",
/// "broadcast", "reserved for NTP control message", "reserved for private use".
std::string_view describe(mode m) noexcept;

/// RFC 5905 §7.3 "LI": 3 = clock unsynchronized.
enum class leap : std::uint8_t { none = 0, add_second = 1, delete_second = 2, unknown = 3 };

/// NTP 64-bit timestamp (RFC 5905 §6): seconds since 1900 and a binary fraction.
struct timestamp {
  std::uint32_t seconds = 0;
  std::uint32_t fraction = 0;

  /// Zero means "unknown" (RFC 5905 §7.3); tshark prints "NULL".
  [[nodiscard]] constexpr bool is_zero() const noexcept { return seconds == 0 && fraction == 0; }
  /// Unix time in nanoseconds, the fraction truncated (as tshark does). Seconds with the top
  /// bit clear are taken as era 1 (from 2036-02-07), per RFC 4330 §3.
  [[nodiscard]] constexpr timestamp_ns to_unix_ns() const noexcept {
    constexpr std::int64_t unix_minus_ntp = 2208988800;
    std::int64_t s = static_cast<std::int64_t>(seconds) - unix_minus_ntp;
    if ((seconds & 0x80000000U) == 0) {
      s += std::int64_t{1} << 32;
    }
    const auto ns = static_cast<std::int64_t>((std::uint64_t{fraction} * 1000000000U) >> 32);
    return s * 1000000000 + ns;
  }
  [[nodiscard]] constexpr std::uint64_t raw() const noexcept {
    return (std::uint64_t{seconds} << 32) | fraction;
  }
  [[nodiscard]] static constexpr timestamp from_raw(std::uint64_t v) noexcept {
    return {static_cast<std::uint32_t>(v >> 32), static_cast<std::uint32_t>(v)};
  }
  friend constexpr bool operator==(const timestamp&, const timestamp&) = default;
};

/// Plain value of the 48-octet header.
struct header {
  std::uint8_t li = 0, version = 4;
  ntp::mode mode = mode::client;
  std::uint8_t stratum = 0;
  std::int8_t poll = 0, precision = 0;
  std::uint32_t root_delay = 0, root_dispersion = 0; ///< NTP short format, 16.16 seconds
  std::uint32_t reference_id = 0;
  timestamp reference, origin, receive, transmit;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size(). li, version and mode are masked to their widths.
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(ntp, 0, 48, size) when b is shorter than the header;
  /// malformed(ntp, 0) when the version is 0 or above 4; unsupported(ntp) for modes 6 and 7,
  /// whose packets have another layout (b needs only 1 octet to tell).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b_.size() >= 48.
  [[nodiscard]] std::uint8_t li() const noexcept { return b_[fields::li_vn_mode] >> 6; }
  [[nodiscard]] ntp::leap leap() const noexcept { return static_cast<ntp::leap>(li()); }
  [[nodiscard]] std::uint8_t version() const noexcept {
    return (b_[fields::li_vn_mode] >> 3) & 0x7;
  }
  [[nodiscard]] ntp::mode mode() const noexcept {
    return static_cast<ntp::mode>(b_[fields::li_vn_mode] & 0x7);
  }
  [[nodiscard]] std::uint8_t stratum() const noexcept { return b_[fields::stratum]; }
  /// log2 seconds, signed.
  [[nodiscard]] std::int8_t poll() const noexcept {
    return static_cast<std::int8_t>(b_[fields::poll]);
  }
  [[nodiscard]] std::int8_t precision() const noexcept {
    return static_cast<std::int8_t>(b_[fields::precision]);
  }
  [[nodiscard]] std::uint32_t root_delay() const noexcept {
    return load_be32(b_, fields::root_delay);
  }
  [[nodiscard]] std::uint32_t root_dispersion() const noexcept {
    return load_be32(b_, fields::root_dispersion);
  }
  [[nodiscard]] double root_delay_seconds() const noexcept { return root_delay() / 65536.0; }
  [[nodiscard]] double root_dispersion_seconds() const noexcept {
    return root_dispersion() / 65536.0;
  }
  /// Raw reference id: an IPv4 address (stratum >= 2, IPv4), an MD5 hash prefix (IPv6), or
  /// 4 ASCII octets (stratum 0 "kiss code", stratum 1 source such as "GPS").
  [[nodiscard]] std::uint32_t reference_id() const noexcept {
    return load_be32(b_, fields::reference_id);
  }
  [[nodiscard]] bytes reference_id_bytes() const noexcept {
    return b_.subspan(fields::reference_id, 4);
  }
  [[nodiscard]] timestamp reference_ts() const noexcept { return ts(fields::reference_ts); }
  [[nodiscard]] timestamp origin_ts() const noexcept { return ts(fields::origin_ts); }
  [[nodiscard]] timestamp receive_ts() const noexcept { return ts(fields::receive_ts); }
  [[nodiscard]] timestamp transmit_ts() const noexcept { return ts(fields::transmit_ts); }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Extension fields and/or MAC (RFC 5905 §7.5), unparsed.
  [[nodiscard]] bytes trailer() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept;

private:
  explicit view(bytes b) noexcept : b_(b) {}
  [[nodiscard]] timestamp ts(std::size_t off) const noexcept {
    return {load_be32(b_, off), load_be32(b_, off + 4)};
  }
  bytes b_;
};

} // namespace pktscope::ntp
