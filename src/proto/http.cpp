#include <pktscope/proto/http.hpp>

#include <pktscope/core/chars.hpp>

#include <array>

namespace pktscope::http {

namespace {

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    return true;
  }
  switch (c) {
  case '!':
  case '#':
  case '$':
  case '%':
  case '&':
  case '\'':
  case '*':
  case '+':
  case '-':
  case '.':
  case '^':
  case '_':
  case '`':
  case '|':
  case '~': return true;
  default: return false;
  }
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

constexpr std::string_view http_prefix = "HTTP/";
constexpr std::size_t version_len = 8; // "HTTP/1.1"

// Matches "HTTP/" DIGIT "." DIGIT against s[0, min(size, 8)). Returns the number of octets
// that fit the pattern (8 = whole version).
std::size_t match_version(std::string_view s) noexcept {
  std::size_t i = 0;
  for (; i < s.size() && i < version_len; ++i) {
    const char c = s[i];
    const bool ok = i < http_prefix.size() ? c == http_prefix[i] : i == 6 ? c == '.' : is_digit(c);
    if (!ok) {
      break;
    }
  }
  return i;
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Line content without its CR, and the offset after the LF; npos when no LF.
struct line {
  std::string_view text;
  std::size_t next;
};
line line_at(std::string_view s, std::size_t from) noexcept {
  const std::size_t lf = s.find('\n', from);
  if (lf == std::string_view::npos) {
    std::string_view t = s.substr(from);
    if (!t.empty() && t.back() == '\r') {
      t.remove_suffix(1); // cut between CR and LF
    }
    return {t, std::string_view::npos};
  }
  std::string_view t = s.substr(from, lf - from);
  if (!t.empty() && t.back() == '\r') {
    t.remove_suffix(1);
  }
  return {t, lf + 1};
}

} // namespace

void view::scan_headers(std::size_t from) noexcept {
  const std::string_view s = as_chars(b_);
  std::size_t pos = from;
  while (pos < s.size()) {
    const line l = line_at(s, pos);
    if (l.next == std::string_view::npos) {
      return; // cut mid-line
    }
    if (l.text.empty()) {
      head_len_ = l.next;
      return;
    }
    const std::size_t colon = l.text.find(':');
    if (!host_ && colon != std::string_view::npos && iequals(l.text.substr(0, colon), "host")) {
      host_ = trim_ows(l.text.substr(colon + 1));
    }
    pos = l.next;
  }
}

result<view> view::parse(bytes payload) noexcept {
  const std::string_view s = as_chars(payload);
  view v;
  v.b_ = payload;
  const std::size_t sp = s.find(' ');
  const std::string_view first = s.substr(0, sp);
  if (sp == std::string_view::npos) {
    // Cut inside the first token: still reject what cannot become HTTP.
    if (match_version(s) == s.size()) { // a cut "HTTP/1.1"
      return pktscope::truncated(layer_id::http, 0, s.size() + 1, s.size());
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!is_tchar(s[i])) {
        return malformed(layer_id::http, i);
      }
    }
    return pktscope::truncated(layer_id::http, 0, s.size() + 1, s.size());
  }
  if (first.size() >= http_prefix.size() && first.substr(0, http_prefix.size()) == http_prefix) {
    // Status line: HTTP-version SP status-code SP [reason-phrase] CRLF
    if (match_version(first) != version_len || first.size() != version_len) {
      return malformed(layer_id::http, match_version(first));
    }
    v.kind_ = message_kind::response;
    v.version_ = first;
    const line l = line_at(s, 0);
    const std::string_view rest = l.text.substr(sp + 1);
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 3 && is_digit(rest[digits])) {
      ++digits;
    }
    const bool cut = l.next == std::string_view::npos && digits == rest.size();
    if (digits < 3 && !cut) {
      return malformed(layer_id::http, sp + 1 + digits);
    }
    if (digits == 3) {
      if (rest.size() > 3 && rest[3] != ' ') {
        return malformed(layer_id::http, sp + 4);
      }
      v.status_ = static_cast<std::uint16_t>((rest[0] - '0') * 100 + (rest[1] - '0') * 10 +
                                             (rest[2] - '0'));
      v.reason_ = rest.size() > 4 ? rest.substr(4) : std::string_view{};
    }
    v.start_complete_ = l.next != std::string_view::npos;
    if (v.start_complete_) {
      v.scan_headers(l.next);
    }
    return v;
  }
  // Request line: method SP request-target SP HTTP-version CRLF
  if (first.empty()) {
    return malformed(layer_id::http, 0);
  }
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (!is_tchar(first[i])) {
      return malformed(layer_id::http, i);
    }
  }
  v.kind_ = message_kind::request;
  v.method_ = first;
  const line l = line_at(s, 0);
  const std::size_t target_start = sp + 1;
  const std::size_t sp2 = l.text.find(' ', target_start);
  if (sp2 == std::string_view::npos) {
    if (l.next != std::string_view::npos) {
      return malformed(layer_id::http, l.text.size()); // no version (HTTP/0.9 is not 1.x)
    }
    v.target_ = l.text.substr(target_start); // cut inside the target
    return v;
  }
  v.target_ = l.text.substr(target_start, sp2 - target_start);
  if (v.target_.empty()) {
    return malformed(layer_id::http, target_start);
  }
  const std::string_view ver = l.text.substr(sp2 + 1);
  const std::size_t matched = match_version(ver);
  const bool version_ok = l.next != std::string_view::npos
                              ? matched == version_len && ver.size() == version_len
                              : matched == ver.size() && ver.size() <= version_len;
  if (!version_ok) {
    return malformed(layer_id::http, sp2 + 1 + matched);
  }
  v.version_ = ver;
  v.start_complete_ = l.next != std::string_view::npos;
  if (v.start_complete_) {
    v.scan_headers(l.next);
  }
  return v;
}

bool looks_like_http(bytes payload) noexcept {
  static constexpr std::array<std::string_view, 17> methods = {
      "GET ",   "POST ",    "HEAD ",  "PUT ",      "DELETE ",    "OPTIONS ",
      "TRACE ", "CONNECT ", "PATCH ", "PROPFIND ", "PROPPATCH ", "MKCOL ",
      "COPY ",  "MOVE ",    "LOCK ",  "UNLOCK ",   "SEARCH "};
  const std::string_view s = as_chars(payload);
  if (s.substr(0, 7) == "HTTP/1.") {
    return true;
  }
  for (const auto m : methods) {
    if (s.substr(0, m.size()) == m) {
      return true;
    }
  }
  return false;
}

} // namespace pktscope::http
