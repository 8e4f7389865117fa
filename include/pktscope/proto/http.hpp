#pragma once
/// HTTP/1.x start line and Host header (RFC 9112 §3, §4; RFC 9110 §7.2), read from the start
/// of a TCP payload without allocation. All text is string_views into the payload: valid
/// while the payload bytes are.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::http {

inline constexpr std::uint16_t port = 80;

enum class message_kind : std::uint8_t { request, response };

/// A payload's HTTP/1.x head. A payload cut anywhere after the first token still parses:
/// the fields hold what was captured and start_line_complete() / headers_complete() say how
/// far it got (a cut field is a prefix of the real one).
class view {
public:
  /// Errors: truncated(http, 0, size + 1, size) when the payload ends before the first token
  /// is complete (nothing to tell a request from a response); malformed(http, off) when the
  /// start is not an HTTP/1.x request line (token SP target SP "HTTP/" d "." d) or status
  /// line ("HTTP/" d "." d SP 3 digits), `off` being the first octet that does not fit.
  [[nodiscard]] static result<view> parse(bytes payload) noexcept;

  [[nodiscard]] message_kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool is_request() const noexcept { return kind_ == message_kind::request; }
  /// Requests: method token ("GET"), request target ("/index.html"); empty for responses.
  [[nodiscard]] std::string_view method() const noexcept { return method_; }
  [[nodiscard]] std::string_view target() const noexcept { return target_; }
  /// "HTTP/1.1" (possibly cut short when !start_line_complete()).
  [[nodiscard]] std::string_view version() const noexcept { return version_; }
  /// Responses: the 3-digit status code (0 while not all 3 digits were captured) and the
  /// reason phrase (possibly empty).
  [[nodiscard]] std::uint16_t status_code() const noexcept { return status_; }
  [[nodiscard]] std::string_view reason() const noexcept { return reason_; }
  /// Value of the first Host header (optional whitespace trimmed) among the complete header
  /// lines captured.
  [[nodiscard]] std::optional<std::string_view> host() const noexcept { return host_; }

  /// The start line's line end was captured.
  [[nodiscard]] bool start_line_complete() const noexcept { return start_complete_; }
  /// The empty line ending the header section was captured.
  [[nodiscard]] bool headers_complete() const noexcept { return head_len_ != 0; }
  /// The payload ended inside the head (start line or header section).
  [[nodiscard]] bool truncated() const noexcept { return !headers_complete(); }
  /// Octets of the head, empty line included (0 unless headers_complete()).
  [[nodiscard]] std::size_t head_len() const noexcept { return head_len_; }
  /// The octets after the head (empty unless headers_complete()).
  [[nodiscard]] bytes body() const noexcept {
    return b_.subspan(head_len_ ? head_len_ : b_.size());
  }

private:
  view() noexcept = default;
  void scan_headers(std::size_t from) noexcept;
  bytes b_;
  message_kind kind_ = message_kind::request;
  std::string_view method_, target_, version_, reason_;
  std::optional<std::string_view> host_;
  std::uint16_t status_ = 0;
  bool start_complete_ = false;
  std::size_t head_len_ = 0;
};

/// Cheap probe for port-less detection: the payload starts with a registered method
/// (RFC 9110 §9, RFC 5789 PATCH, WebDAV RFC 4918) followed by a space, or with "HTTP/1.".
[[nodiscard]] bool looks_like_http(bytes payload) noexcept;

} // namespace pktscope::http
