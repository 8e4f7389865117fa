#pragma once
/// BSD loopback encapsulation: LINKTYPE_NULL (0), a 4-octet address family in the capturing
/// host's byte order, and LINKTYPE_LOOP (108), the same in network byte order
/// (tcpdump.org/linktypes). The host order is not recorded in the file, so for NULL the value
/// is recovered the way Wireshark does (packet-null.c, read on a little-endian host, which is
/// where tshark runs for our differential tests): AF_ values are small, so whichever reading
/// leaves the upper 16 bits zero wins; a value above 1500 is an EtherType (some Linux
/// captures); a frame starting 0xFF 0x03 is PPP in HDLC-like framing with no loopback header.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ethernet.hpp>

#include <bit>
#include <cstdint>
#include <string_view>

namespace pktscope::null_loopback {

namespace fields {
inline constexpr std::size_t family = 0;
}
inline constexpr std::size_t header_len = 4;

/// BSD address family values as found in captures (they differ per OS for IPv6; the file
/// records the capturing OS's values). Unlisted values stay valid.
enum class address_family : std::uint32_t {
  unspec = 0,
  inet = 2, ///< IPv4 on every OS
  iso = 7,
  inet6_linux = 10, ///< Linux AF_INET6 (loopback captures converted from Linux)
  appletalk = 16,
  ipx = 23,
  inet6_bsd = 24,     ///< NetBSD, OpenBSD, BSD/OS
  inet6_freebsd = 28, ///< FreeBSD, DragonFly BSD
  inet6_darwin = 30,  ///< macOS, iOS
};
std::string_view describe(address_family f) noexcept;

constexpr bool is_ipv4(address_family f) noexcept {
  return f == address_family::inet;
}
constexpr bool is_ipv6(address_family f) noexcept {
  return f == address_family::inet6_linux || f == address_family::inet6_bsd ||
         f == address_family::inet6_freebsd || f == address_family::inet6_darwin;
}

/// Which link type the header belongs to.
enum class encoding : std::uint8_t {
  host_order,    ///< LINKTYPE_NULL: byte order guessed
  network_order, ///< LINKTYPE_LOOP: big-endian
};

/// What the 4 octets turned out to be.
enum class header_kind : std::uint8_t {
  family,     ///< an address family: family()
  ether_type, ///< a value above 1500 taken as an EtherType: ether_type()
  ppp,        ///< NULL only: no loopback header, the frame is PPP (0xFF 0x03 ...)
};

/// Decodes LINKTYPE_NULL's 4 octets as Wireshark does on a little-endian host: returns the
/// family or EtherType value.
constexpr std::uint32_t decode_host_order(std::uint32_t le) noexcept {
  if ((le & 0xffff0000U) != 0) {
    // IRIX/UNICOS loopback: a 16-bit AF_ value in the first two octets.
    if ((le & 0xff000000U) == 0 && (le & 0x00ff0000U) < 0x00060000U) {
      return le >> 16;
    }
    return (le >> 24) | ((le >> 8) & 0xff00U) | ((le << 8) & 0xff0000U) | (le << 24);
  }
  if ((le & 0xffU) == 0 && (le & 0xff00U) < 0x0600U) {
    return ((le >> 8) & 0xffU) | ((le << 8) & 0xff00U); // the IRIX form, other order
  }
  return le;
}

/// Plain value for building and comparing: the 32-bit value and the byte order to write it
/// in (LOOP is always big-endian).
struct header {
  std::uint32_t value = static_cast<std::uint32_t>(address_family::inet);
  std::endian order = std::endian::little;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept {
    if (order == std::endian::big) {
      store_be32(out, fields::family, value);
    } else {
      store_le32(out, fields::family, value);
    }
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::null_loopback,
  /// 0, 4, have) when fewer than 4 octets remain (for NULL, a frame starting 0xFF 0x03 needs
  /// only those 2: it is PPP and has no loopback header; a lone 0xFF is truncated).
  [[nodiscard]] static result<view> parse(bytes b, encoding e = encoding::host_order) noexcept {
    if (e == encoding::host_order && b.size() >= 2 && b[0] == 0xff && b[1] == 0x03) {
      return view(b, 0, header_kind::ppp);
    }
    if (b.size() < null_loopback::header_len) {
      return truncated(layer_id::null_loopback, 0, null_loopback::header_len, b.size());
    }
    const std::uint32_t v = e == encoding::network_order
                                ? load_be32(b, fields::family)
                                : decode_host_order(load_le32(b, fields::family));
    return view(b, v, v > max_802_3_length ? header_kind::ether_type : header_kind::family);
  }

  [[nodiscard]] header_kind kind() const noexcept { return kind_; }
  /// The decoded value: an address family or an EtherType (0 for ppp).
  [[nodiscard]] std::uint32_t value() const noexcept { return value_; }
  [[nodiscard]] address_family family() const noexcept {
    return static_cast<address_family>(value_);
  }
  /// Meaningful when kind() == ether_type (Wireshark keeps the low 16 bits).
  [[nodiscard]] pktscope::ether_type ether_type() const noexcept {
    return static_cast<pktscope::ether_type>(value_ & 0xffffU);
  }
  [[nodiscard]] bool is_ipv4() const noexcept {
    return kind_ == header_kind::family && null_loopback::is_ipv4(family());
  }
  [[nodiscard]] bool is_ipv6() const noexcept {
    return kind_ == header_kind::family && null_loopback::is_ipv6(family());
  }
  /// The byte order the field was found in: big when its big-endian reading is value().
  [[nodiscard]] std::endian order() const noexcept {
    return kind_ != header_kind::ppp && load_be32(b_, fields::family) == value_
               ? std::endian::big
               : std::endian::little;
  }

  [[nodiscard]] std::size_t header_len() const noexcept {
    return kind_ == header_kind::ppp ? 0 : null_loopback::header_len;
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len()); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// Precondition: kind() != ppp.
  [[nodiscard]] header to_header() const noexcept { return {value_, order()}; }

private:
  view(bytes b, std::uint32_t value, header_kind kind) noexcept
      : b_(b), value_(value), kind_(kind) {}
  bytes b_;
  std::uint32_t value_;
  header_kind kind_;
};

} // namespace pktscope::null_loopback
