#pragma once
/// TLS record layer and handshake headers (RFC 8446 §5.1, §4; RFC 5246 §6.2, §7.4), with
/// ClientHello parsing up to SNI (RFC 6066 §3), ALPN (RFC 7301) and supported_versions
/// (RFC 8446 §4.2.1), and ServerHello's selected version and cipher suite. Every length is
/// checked against the one that encloses it: an inner length that passes its outer one is
/// malformed; one that passes only the captured bytes is truncated.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::tls {

inline constexpr std::uint16_t port = 443;

namespace fields { // RFC 8446 §5.1 TLSPlaintext
inline constexpr std::size_t content_type = 0, version = 1, length = 3;
}
inline constexpr std::size_t record_header_len = 5;
/// RFC 5246 §6.2.3: TLSCiphertext.length never exceeds 2^14 + 2048.
inline constexpr std::size_t max_fragment_len = 16384 + 2048;

namespace handshake_fields { // RFC 8446 §4
inline constexpr std::size_t msg_type = 0, length = 1;
}
inline constexpr std::size_t handshake_header_len = 4;

enum class content_type : std::uint8_t {
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
  heartbeat = 24, ///< RFC 6520
};
std::string_view describe(content_type t) noexcept;

enum class handshake_type : std::uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  certificate_url = 21,
  certificate_status = 22,
  key_update = 24,
  message_hash = 254,
};
std::string_view describe(handshake_type t) noexcept;

/// Protocol versions (RFC 8446 §4.2.1 and earlier RFCs).
namespace version {
inline constexpr std::uint16_t ssl3 = 0x0300, tls10 = 0x0301, tls11 = 0x0302, tls12 = 0x0303,
                               tls13 = 0x0304;
}
/// "SSL 3.0", "TLS 1.0" .. "TLS 1.3", "GREASE" for RFC 8701 values, "Unknown" otherwise.
std::string_view describe_version(std::uint16_t v) noexcept;

/// Extension code points used here (IANA "TLS ExtensionType Values").
namespace extension_type {
inline constexpr std::uint16_t server_name = 0, alpn = 16, supported_versions = 43;
}

/// One TLS record.
class record_view {
public:
  /// Errors: truncated(tls, 0, 5, size) when b is shorter than the record header;
  /// malformed(tls, 0) for a content type outside 20-24; malformed(tls, 1) when the major
  /// version is not 3; malformed(tls, 3) for a length over max_fragment_len. A fragment cut
  /// by the capture is not an error: fragment() is clipped, complete() is false.
  [[nodiscard]] static result<record_view> parse(bytes b) noexcept;

  // In bounds: parse() checked b_.size() >= 5.
  [[nodiscard]] tls::content_type content_type() const noexcept {
    return static_cast<tls::content_type>(b_[fields::content_type]);
  }
  [[nodiscard]] std::uint16_t version() const noexcept { return load_be16(b_, fields::version); }
  [[nodiscard]] std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(record_header_len); }
  /// [5, min(5 + length, captured)).
  [[nodiscard]] bytes fragment() const noexcept {
    return b_.subspan(record_header_len,
                      std::min<std::size_t>(length(), b_.size() - record_header_len));
  }
  [[nodiscard]] std::size_t declared_len() const noexcept { return record_header_len + length(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] bool complete() const noexcept { return declared_len() <= captured_len(); }

private:
  explicit record_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// One handshake message header at the start of a handshake record's fragment. The message
/// may continue in later records: body() is clipped, complete() tells.
class handshake_view {
public:
  /// Errors: truncated(tls, 0, 4, size) when b is shorter than the handshake header.
  [[nodiscard]] static result<handshake_view> parse(bytes b) noexcept;

  [[nodiscard]] handshake_type msg_type() const noexcept {
    return static_cast<handshake_type>(b_[handshake_fields::msg_type]);
  }
  /// 24-bit body length.
  [[nodiscard]] std::uint32_t length() const noexcept {
    return (std::uint32_t{b_[1]} << 16) | (std::uint32_t{b_[2]} << 8) | b_[3];
  }
  [[nodiscard]] bytes body() const noexcept {
    return b_.subspan(handshake_header_len,
                      std::min<std::size_t>(length(), b_.size() - handshake_header_len));
  }
  [[nodiscard]] std::size_t declared_len() const noexcept {
    return handshake_header_len + length();
  }
  [[nodiscard]] bool complete() const noexcept { return declared_len() <= b_.size(); }
  /// The message as given to parse(), header included.
  [[nodiscard]] bytes message() const noexcept { return b_; }

private:
  explicit handshake_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

struct extension {
  std::uint16_t type = 0;
  bytes data;
};

/// Walks an extensions block's content (after its 2-octet length).
class extension_reader {
public:
  explicit extension_reader(bytes block) noexcept : b_(block) {}
  [[nodiscard]] bool at_end() const noexcept { return off_ >= b_.size(); }
  /// Precondition: !at_end(). Errors: malformed(tls, off) when an extension's header or data
  /// passes the block (off relative to the block); the reader then ends.
  [[nodiscard]] result<extension> next() noexcept;

private:
  bytes b_;
  std::size_t off_ = 0;
};

/// Walks an ALPN ProtocolNameList's content (RFC 7301 §3.1).
class alpn_reader {
public:
  explicit alpn_reader(bytes list) noexcept : b_(list) {}
  [[nodiscard]] bool at_end() const noexcept { return off_ >= b_.size(); }
  /// Precondition: !at_end(). Errors: malformed(tls, off) for an empty name or one passing
  /// the list; the reader then ends.
  [[nodiscard]] result<std::string_view> next() noexcept;

private:
  bytes b_;
  std::size_t off_ = 0;
};

/// ClientHello fields (RFC 8446 §4.1.2); all views into the message.
struct client_hello {
  std::uint16_t legacy_version = 0;
  bytes random;              ///< 32 octets
  bytes session_id;          ///< 0-32 octets
  bytes cipher_suites;       ///< 2 octets per suite
  bytes compression_methods; ///< 1 octet per method
  bytes extensions;          ///< block content; empty when absent
  /// First host_name of server_name, if present.
  std::optional<std::string_view> server_name;
  bytes alpn;               ///< ProtocolNameList content (see alpn_reader); empty when absent
  bytes supported_versions; ///< 2 octets per version; empty when absent
  /// False when the capture ended inside the extensions (the fields found before the cut are
  /// set; extensions is clipped).
  bool complete = true;

  [[nodiscard]] std::size_t cipher_suite_count() const noexcept { return cipher_suites.size() / 2; }
  [[nodiscard]] std::uint16_t cipher_suite(std::size_t i) const noexcept {
    return load_be16(cipher_suites, 2 * i);
  }
  [[nodiscard]] alpn_reader alpn_protocols() const noexcept { return alpn_reader(alpn); }
  /// Highest non-GREASE version offered: from supported_versions if present, else
  /// legacy_version.
  [[nodiscard]] std::uint16_t max_version() const noexcept;
};

/// Parses the body of a ClientHello message (h.msg_type() must be client_hello, else
/// unsupported). Offsets in errors are relative to h.message(). Errors: truncated when the
/// capture ends before the extensions block; malformed when any length passes its enclosing
/// one (handshake body, vector, extension), a session id is longer than 32 octets, the
/// cipher suite list is odd or empty, or SNI/ALPN/supported_versions contents are inconsistent.
[[nodiscard]] result<client_hello> parse_client_hello(const handshake_view& h) noexcept;

/// ServerHello fields (RFC 8446 §4.1.3).
struct server_hello {
  std::uint16_t legacy_version = 0;
  bytes random;
  bytes session_id;
  std::uint16_t cipher_suite = 0;
  std::uint8_t compression_method = 0;
  bytes extensions;
  /// supported_versions if present (TLS 1.3), else legacy_version.
  std::uint16_t selected_version = 0;
  /// The selected ALPN protocol, if the extension is present.
  std::optional<std::string_view> alpn;
  /// The random is RFC 8446 §4.1.3's HelloRetryRequest value.
  bool hello_retry_request = false;
};

/// As parse_client_hello, for ServerHello (the whole message must be captured; a cut one is
/// truncated).
[[nodiscard]] result<server_hello> parse_server_hello(const handshake_view& h) noexcept;

} // namespace pktscope::tls
