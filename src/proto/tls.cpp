#include <pktscope/proto/tls.hpp>

#include <pktscope/core/chars.hpp>

#include <array>

namespace pktscope::tls {

namespace {

// A window [pos, end) of a message whose captured bytes are data[0, data.size()). `end` is
// what the enclosing length declares and may pass the captured bytes; `base` turns positions
// into offsets for errors.
struct cursor {
  bytes data;
  std::size_t pos = 0;
  std::size_t end = 0;

  [[nodiscard]] bool at_end() const noexcept { return pos >= end; }
  [[nodiscard]] result<bytes> take(std::size_t n) noexcept {
    if (end - pos < n) {
      return malformed(layer_id::tls, pos);
    }
    if (data.size() < pos || data.size() - pos < n) {
      const std::size_t have = data.size() > pos ? data.size() - pos : 0;
      return truncated(layer_id::tls, pos, n, have);
    }
    const bytes b = data.subspan(pos, n);
    pos += n;
    return b;
  }
  [[nodiscard]] result<std::uint32_t> uint(std::size_t width) noexcept {
    const auto b = take(width);
    if (!b) {
      return unexpected{b.error()};
    }
    std::uint32_t v = 0;
    for (const std::uint8_t o : *b) {
      v = (v << 8) | o;
    }
    return v;
  }
  /// A vector with a `width`-octet length: returns the cursor over its content and skips it.
  /// The content must fit this window (malformed), not necessarily the captured bytes.
  [[nodiscard]] result<cursor> vec(std::size_t width) noexcept {
    const auto len = uint(width);
    if (!len) {
      return unexpected{len.error()};
    }
    if (end - pos < *len) {
      return malformed(layer_id::tls, pos - width);
    }
    cursor c{data, pos, pos + *len};
    pos += *len;
    return c;
  }
  /// The window's captured content.
  [[nodiscard]] bytes captured() const noexcept {
    const std::size_t stop = std::min(end, data.size());
    return stop > pos ? data.subspan(pos, stop - pos) : bytes{};
  }
  [[nodiscard]] bool fully_captured() const noexcept { return end <= data.size(); }
};

#define PKTSCOPE_TRY(var, expr)                                                                    \
  auto var = (expr);                                                                               \
  if (!var) {                                                                                      \
    return unexpected{var.error()};                                                                \
  }

constexpr std::array<std::uint8_t, 32> hello_retry_random = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

bool is_grease(std::uint16_t v) noexcept { // RFC 8701 §2
  return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

// Checks an ALPN ProtocolNameList (RFC 7301 §3.1): non-empty, filling the extension, names
// of 1+ octets. Returns the list content.
[[nodiscard]] result<bytes> alpn_list(cursor ext) noexcept {
  PKTSCOPE_TRY(list, ext.vec(2));
  if (list->end == list->pos || list->end != ext.end) {
    return malformed(layer_id::tls, list->pos - 2);
  }
  if (!list->fully_captured()) {
    return truncated(layer_id::tls, list->pos, list->end - list->pos,
                     list->data.size() > list->pos ? list->data.size() - list->pos : 0);
  }
  const bytes content = list->captured();
  while (!list->at_end()) {
    PKTSCOPE_TRY(name, list->vec(1));
    if (name->end == name->pos) {
      return malformed(layer_id::tls, name->pos - 1);
    }
  }
  return content;
}

// server_name (RFC 6066 §3): first host_name (type 0).
[[nodiscard]] result<std::optional<std::string_view>> sni(cursor ext) noexcept {
  PKTSCOPE_TRY(list, ext.vec(2));
  if (list->end != ext.end) {
    return malformed(layer_id::tls, list->pos);
  }
  std::optional<std::string_view> found;
  while (!list->at_end()) {
    PKTSCOPE_TRY(type, list->uint(1));
    PKTSCOPE_TRY(name, list->vec(2));
    PKTSCOPE_TRY(octets, name->take(name->end - name->pos));
    if (*type == 0 && !found) {
      found = as_chars(*octets);
    }
  }
  return found;
}

} // namespace

std::string_view describe(content_type t) noexcept {
  switch (t) {
  case content_type::change_cipher_spec: return "Change Cipher Spec";
  case content_type::alert: return "Alert";
  case content_type::handshake: return "Handshake";
  case content_type::application_data: return "Application Data";
  case content_type::heartbeat: return "Heartbeat";
  }
  return "Unknown";
}

std::string_view describe(handshake_type t) noexcept {
  switch (t) {
  case handshake_type::hello_request: return "Hello Request";
  case handshake_type::client_hello: return "Client Hello";
  case handshake_type::server_hello: return "Server Hello";
  case handshake_type::new_session_ticket: return "New Session Ticket";
  case handshake_type::end_of_early_data: return "End of Early Data";
  case handshake_type::encrypted_extensions: return "Encrypted Extensions";
  case handshake_type::certificate: return "Certificate";
  case handshake_type::server_key_exchange: return "Server Key Exchange";
  case handshake_type::certificate_request: return "Certificate Request";
  case handshake_type::server_hello_done: return "Server Hello Done";
  case handshake_type::certificate_verify: return "Certificate Verify";
  case handshake_type::client_key_exchange: return "Client Key Exchange";
  case handshake_type::finished: return "Finished";
  case handshake_type::certificate_url: return "Client Certificate URL";
  case handshake_type::certificate_status: return "Certificate Status";
  case handshake_type::key_update: return "Key Update";
  case handshake_type::message_hash: return "Message Hash";
  }
  return "Unknown";
}

std::string_view describe_version(std::uint16_t v) noexcept {
  switch (v) {
  case version::ssl3: return "SSL 3.0";
  case version::tls10: return "TLS 1.0";
  case version::tls11: return "TLS 1.1";
  case version::tls12: return "TLS 1.2";
  case version::tls13: return "TLS 1.3";
  default: break;
  }
  return is_grease(v) ? "GREASE" : "Unknown";
}

result<record_view> record_view::parse(bytes b) noexcept {
  if (b.size() < record_header_len) {
    return truncated(layer_id::tls, 0, record_header_len, b.size());
  }
  const std::uint8_t type = b[fields::content_type];
  if (type < static_cast<std::uint8_t>(content_type::change_cipher_spec) ||
      type > static_cast<std::uint8_t>(content_type::heartbeat)) {
    return malformed(layer_id::tls, fields::content_type);
  }
  if (b[fields::version] != 3) {
    return malformed(layer_id::tls, fields::version);
  }
  if (load_be16(b, fields::length) > max_fragment_len) {
    return malformed(layer_id::tls, fields::length);
  }
  return record_view(b);
}

result<handshake_view> handshake_view::parse(bytes b) noexcept {
  if (b.size() < handshake_header_len) {
    return truncated(layer_id::tls, 0, handshake_header_len, b.size());
  }
  return handshake_view(b);
}

result<extension> extension_reader::next() noexcept {
  cursor c{b_, off_, b_.size()};
  off_ = b_.size(); // ends the walk on error; set again on success
  PKTSCOPE_TRY(type, c.uint(2));
  PKTSCOPE_TRY(data, c.vec(2));
  PKTSCOPE_TRY(octets, data->take(data->end - data->pos));
  off_ = c.pos;
  return extension{static_cast<std::uint16_t>(*type), *octets};
}

result<std::string_view> alpn_reader::next() noexcept {
  cursor c{b_, off_, b_.size()};
  off_ = b_.size();
  PKTSCOPE_TRY(name, c.vec(1));
  if (name->end == name->pos) {
    return malformed(layer_id::tls, name->pos - 1);
  }
  PKTSCOPE_TRY(octets, name->take(name->end - name->pos));
  off_ = c.pos;
  return as_chars(*octets);
}

std::uint16_t client_hello::max_version() const noexcept {
  std::uint16_t best = 0;
  for (std::size_t i = 0; i + 1 < supported_versions.size(); i += 2) {
    const std::uint16_t v = load_be16(supported_versions, i);
    if (!is_grease(v) && v > best) {
      best = v;
    }
  }
  return best != 0 ? best : legacy_version;
}

result<client_hello> parse_client_hello(const handshake_view& h) noexcept {
  if (h.msg_type() != handshake_type::client_hello) {
    return unexpected{error{errc::unsupported, layer_id::tls, 0, 0, handshake_fields::msg_type}};
  }
  cursor body{h.message(), handshake_header_len, h.declared_len()};
  client_hello ch;
  PKTSCOPE_TRY(ver, body.uint(2));
  ch.legacy_version = static_cast<std::uint16_t>(*ver);
  PKTSCOPE_TRY(random, body.take(32));
  ch.random = *random;
  PKTSCOPE_TRY(sid, body.vec(1));
  if (sid->end - sid->pos > 32) {
    return malformed(layer_id::tls, sid->pos - 1);
  }
  PKTSCOPE_TRY(sid_octets, sid->take(sid->end - sid->pos));
  ch.session_id = *sid_octets;
  PKTSCOPE_TRY(suites, body.vec(2));
  const std::size_t suites_len = suites->end - suites->pos;
  if (suites_len == 0 || suites_len % 2 != 0) {
    return malformed(layer_id::tls, suites->pos - 2);
  }
  PKTSCOPE_TRY(suite_octets, suites->take(suites_len));
  ch.cipher_suites = *suite_octets;
  PKTSCOPE_TRY(comp, body.vec(1));
  if (comp->end == comp->pos) {
    return malformed(layer_id::tls, comp->pos - 1);
  }
  PKTSCOPE_TRY(comp_octets, comp->take(comp->end - comp->pos));
  ch.compression_methods = *comp_octets;
  if (body.at_end()) {
    return ch; // no extensions (TLS 1.0-1.2 may omit them)
  }
  PKTSCOPE_TRY(exts, body.vec(2));
  ch.extensions = exts->captured();
  ch.complete = exts->fully_captured() && body.fully_captured();
  if (!body.at_end() && body.pos < body.data.size()) {
    return malformed(layer_id::tls, body.pos); // octets after the extensions
  }
  while (!exts->at_end()) {
    auto type = exts->uint(2);
    auto data = type ? exts->vec(2) : result<cursor>(unexpected{type.error()});
    if (!data) {
      if (data.error().code == errc::truncated) {
        ch.complete = false;
        return ch;
      }
      return unexpected{data.error()};
    }
    if (!data->fully_captured()) {
      ch.complete = false;
      return ch;
    }
    switch (*type) {
    case extension_type::server_name: {
      PKTSCOPE_TRY(name, sni(*data));
      ch.server_name = *name;
      break;
    }
    case extension_type::alpn: {
      PKTSCOPE_TRY(list, alpn_list(*data));
      ch.alpn = *list;
      break;
    }
    case extension_type::supported_versions: {
      PKTSCOPE_TRY(list, data->vec(1));
      const std::size_t n = list->end - list->pos;
      if (n == 0 || n % 2 != 0 || list->end != data->end) {
        return malformed(layer_id::tls, list->pos - 1);
      }
      PKTSCOPE_TRY(octets, list->take(n));
      ch.supported_versions = *octets;
      break;
    }
    default: break;
    }
  }
  return ch;
}

result<server_hello> parse_server_hello(const handshake_view& h) noexcept {
  if (h.msg_type() != handshake_type::server_hello) {
    return unexpected{error{errc::unsupported, layer_id::tls, 0, 0, handshake_fields::msg_type}};
  }
  cursor body{h.message(), handshake_header_len, h.declared_len()};
  server_hello sh;
  PKTSCOPE_TRY(ver, body.uint(2));
  sh.legacy_version = static_cast<std::uint16_t>(*ver);
  sh.selected_version = sh.legacy_version;
  PKTSCOPE_TRY(random, body.take(32));
  sh.random = *random;
  sh.hello_retry_request = std::equal(random->begin(), random->end(), hello_retry_random.begin());
  PKTSCOPE_TRY(sid, body.vec(1));
  if (sid->end - sid->pos > 32) {
    return malformed(layer_id::tls, sid->pos - 1);
  }
  PKTSCOPE_TRY(sid_octets, sid->take(sid->end - sid->pos));
  sh.session_id = *sid_octets;
  PKTSCOPE_TRY(suite, body.uint(2));
  sh.cipher_suite = static_cast<std::uint16_t>(*suite);
  PKTSCOPE_TRY(comp, body.uint(1));
  sh.compression_method = static_cast<std::uint8_t>(*comp);
  if (body.at_end()) {
    return sh;
  }
  PKTSCOPE_TRY(exts, body.vec(2));
  if (!body.at_end()) {
    if (body.pos < body.data.size()) {
      return malformed(layer_id::tls, body.pos); // octets after the extensions
    }
    return truncated(layer_id::tls, body.pos, body.end - body.pos, 0);
  }
  if (!exts->fully_captured()) {
    return truncated(layer_id::tls, exts->pos, exts->end - exts->pos,
                     h.message().size() > exts->pos ? h.message().size() - exts->pos : 0);
  }
  sh.extensions = exts->captured();
  while (!exts->at_end()) {
    PKTSCOPE_TRY(type, exts->uint(2));
    PKTSCOPE_TRY(data, exts->vec(2));
    if (*type == extension_type::supported_versions) {
      PKTSCOPE_TRY(v, data->uint(2));
      if (!data->at_end()) {
        return malformed(layer_id::tls, data->pos);
      }
      sh.selected_version = static_cast<std::uint16_t>(*v);
    } else if (*type == extension_type::alpn) {
      PKTSCOPE_TRY(list, alpn_list(*data));
      alpn_reader r(*list);
      PKTSCOPE_TRY(name, r.next());
      if (!r.at_end()) {
        return malformed(layer_id::tls, data->pos); // RFC 7301 §3.1: exactly one name
      }
      sh.alpn = *name;
    }
  }
  return sh;
}

#undef PKTSCOPE_TRY

} // namespace pktscope::tls
