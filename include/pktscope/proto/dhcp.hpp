#pragma once
/// BOOTP/DHCP messages (RFC 951, RFC 2131 §2, options RFC 2132) as views.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::dhcp {

inline constexpr std::uint16_t server_port = 67, client_port = 68;

namespace fields { // RFC 2131 §2, Figure 1
inline constexpr std::size_t op = 0, htype = 1, hlen = 2, hops = 3, xid = 4, secs = 8, flags = 10,
                             ciaddr = 12, yiaddr = 16, siaddr = 20, giaddr = 24, chaddr = 28,
                             sname = 44, file = 108, magic_cookie = 236, options = 240;
} // namespace fields
inline constexpr std::size_t chaddr_len = 16, sname_len = 64, file_len = 128;
/// The fixed BOOTP fields plus the 4-octet magic cookie.
inline constexpr std::size_t header_len = fields::options;
/// RFC 2131 §3: 99.130.83.99.
inline constexpr std::uint32_t magic_cookie = 0x63825363;
/// flags: RFC 2131 §2, Figure 2.
inline constexpr std::uint16_t flag_broadcast = 0x8000;

enum class op : std::uint8_t { request = 1, reply = 2 };

/// Option 53 values (RFC 2132 §9.6, RFC 3203, RFC 4388, RFC 6926, RFC 7724).
enum class message_type : std::uint8_t {
  discover = 1,
  offer = 2,
  request = 3,
  decline = 4,
  ack = 5,
  nak = 6,
  release = 7,
  inform = 8,
  force_renew = 9,
  lease_query = 10,
  lease_unassigned = 11,
  lease_unknown = 12,
  lease_active = 13,
  bulk_lease_query = 14,
  lease_query_done = 15,
  active_lease_query = 16,
  lease_query_status = 17,
  tls = 18,
};
/// As tshark names them in "DHCP Message Type (...)": "Discover", "Offer", "Request",
/// "Decline", "ACK", "NAK", "Release", "Inform", ...; "Unknown" when unlisted.
std::string_view describe(message_type t) noexcept;

/// Common option codes (RFC 2132; IANA "BOOTP Vendor Extensions and DHCP Options").
enum class option_code : std::uint8_t {
  pad = 0,
  subnet_mask = 1,
  router = 3,
  dns_server = 6,
  host_name = 12,
  domain_name = 15,
  broadcast_address = 28,
  requested_address = 50,
  lease_time = 51,
  overload = 52,
  message_type = 53,
  server_id = 54,
  parameter_request_list = 55,
  message = 56,
  max_message_size = 57,
  renewal_time = 58,
  rebinding_time = 59,
  vendor_class_id = 60,
  client_id = 61,
  client_fqdn = 81,
  relay_agent_info = 82,
  end = 255,
};

/// One option: its code and value (a view into the message).
struct option {
  std::uint8_t code = 0;
  bytes data;
  std::size_t offset = 0; ///< of the code octet, relative to the area given to option_reader
};

/// Walks an options area (the bytes after the cookie, or an overloaded sname/file field):
/// pad octets are skipped, the end option stops the walk, so does the end of the area.
class option_reader {
public:
  explicit option_reader(bytes area) noexcept : area_(area) { skip_pad(); }
  [[nodiscard]] bool at_end() const noexcept { return off_ >= area_.size(); }
  /// True once the end option (255) was reached.
  [[nodiscard]] bool saw_end() const noexcept { return saw_end_; }
  /// Precondition: !at_end(). Errors: truncated(dhcp, off, needed, have) when the length
  /// octet or the value runs past the area (off relative to the area); the reader then ends.
  [[nodiscard]] result<option> next() noexcept;

private:
  void skip_pad() noexcept;
  bytes area_;
  std::size_t off_ = 0;
  bool saw_end_ = false;
};

/// Plain value of the fixed fields and cookie (240 octets). write_to() writes them as given.
struct header {
  dhcp::op op = op::request;
  std::uint8_t htype = 1, hlen = 6, hops = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0, flags = 0;
  ipv4_address ciaddr, yiaddr, siaddr, giaddr;
  std::array<std::uint8_t, chaddr_len> chaddr{};
  std::array<std::uint8_t, sname_len> sname{};
  std::array<std::uint8_t, file_len> file{};
  std::uint32_t cookie = magic_cookie;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(dhcp, 0, 240, size) when b is shorter than the fixed fields and
  /// cookie. A wrong cookie is not an error (plain BOOTP): has_magic_cookie() says so and
  /// options() is then empty.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b_.size() >= 240.
  [[nodiscard]] dhcp::op op() const noexcept { return static_cast<dhcp::op>(b_[fields::op]); }
  [[nodiscard]] std::uint8_t htype() const noexcept { return b_[fields::htype]; }
  [[nodiscard]] std::uint8_t hlen() const noexcept { return b_[fields::hlen]; }
  [[nodiscard]] std::uint8_t hops() const noexcept { return b_[fields::hops]; }
  [[nodiscard]] std::uint32_t xid() const noexcept { return load_be32(b_, fields::xid); }
  [[nodiscard]] std::uint16_t secs() const noexcept { return load_be16(b_, fields::secs); }
  [[nodiscard]] std::uint16_t flags() const noexcept { return load_be16(b_, fields::flags); }
  [[nodiscard]] bool broadcast() const noexcept { return (flags() & flag_broadcast) != 0; }
  [[nodiscard]] ipv4_address ciaddr() const noexcept { return addr(fields::ciaddr); }
  [[nodiscard]] ipv4_address yiaddr() const noexcept { return addr(fields::yiaddr); }
  [[nodiscard]] ipv4_address siaddr() const noexcept { return addr(fields::siaddr); }
  [[nodiscard]] ipv4_address giaddr() const noexcept { return addr(fields::giaddr); }
  /// All 16 octets; the hardware address is the first hlen() (at most 16) of them.
  [[nodiscard]] bytes chaddr() const noexcept { return b_.subspan(fields::chaddr, chaddr_len); }
  /// The client MAC when htype is Ethernet (1) and hlen 6.
  [[nodiscard]] std::optional<mac_address> client_mac() const noexcept;
  /// Raw 64/128-octet fields (NUL padded; options when overloaded, see overload()).
  [[nodiscard]] bytes sname() const noexcept { return b_.subspan(fields::sname, sname_len); }
  [[nodiscard]] bytes file() const noexcept { return b_.subspan(fields::file, file_len); }
  /// sname/file up to their first NUL, as text.
  [[nodiscard]] std::string_view sname_text() const noexcept;
  [[nodiscard]] std::string_view file_text() const noexcept;
  [[nodiscard]] std::uint32_t cookie() const noexcept {
    return load_be32(b_, fields::magic_cookie);
  }
  [[nodiscard]] bool has_magic_cookie() const noexcept { return cookie() == magic_cookie; }

  /// Options after the cookie (empty without the cookie).
  [[nodiscard]] option_reader options() const noexcept {
    return option_reader(has_magic_cookie() ? b_.subspan(header_len) : bytes{});
  }
  /// First option with this code among options() (the value may be any length), if any
  /// and well formed up to it.
  [[nodiscard]] std::optional<option> find(option_code code) const noexcept;
  /// Option 53 with a 1-octet value.
  [[nodiscard]] std::optional<dhcp::message_type> message_type() const noexcept;
  /// Option 52 (RFC 2132 §9.3): 1 = file holds options, 2 = sname, 3 = both; 0 if absent.
  [[nodiscard]] std::uint8_t overload() const noexcept;

  [[nodiscard]] bytes message() const noexcept { return b_; }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept;

private:
  explicit view(bytes b) noexcept : b_(b) {}
  [[nodiscard]] ipv4_address addr(std::size_t off) const noexcept {
    return ipv4_address::from_u32(load_be32(b_, off));
  }
  bytes b_;
};

} // namespace pktscope::dhcp
