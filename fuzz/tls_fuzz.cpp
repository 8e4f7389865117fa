// libFuzzer target: a TCP payload holding TLS records. Walks the records; for handshake
// records parses the message header and, for hellos, the ClientHello/ServerHello with their
// extensions, SNI and ALPN lists.

#include <pktscope/core/chars.hpp>
#include <pktscope/proto/tls.hpp>

#include "require.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using pktscope::fuzz::require;

using namespace pktscope;

void inside(bytes outer, bytes inner) {
  if (!inner.empty()) {
    require(inner.data() >= outer.data() &&
            inner.data() + inner.size() <= outer.data() + outer.size());
  }
}

void hello(bytes fragment) {
  const auto h = tls::handshake_view::parse(fragment);
  if (!h) {
    return;
  }
  inside(fragment, h->body());
  if (const auto ch = tls::parse_client_hello(*h); ch) {
    inside(fragment, ch->extensions);
    inside(fragment, ch->cipher_suites);
    if (ch->server_name) {
      inside(fragment, as_bytes(*ch->server_name));
    }
    for (auto a = ch->alpn_protocols(); !a.at_end();) {
      if (!a.next()) {
        break;
      }
    }
    for (tls::extension_reader e(ch->extensions); !e.at_end();) {
      const auto x = e.next();
      if (!x) {
        break;
      }
      inside(fragment, x->data);
    }
    (void)ch->max_version();
  }
  if (const auto sh = tls::parse_server_hello(*h); sh) {
    inside(fragment, sh->extensions);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bytes rest(data, size);
  // Also try the input as a bare handshake message (records may be reassembled upstream).
  hello(rest);
  while (!rest.empty()) {
    const auto r = tls::record_view::parse(rest);
    if (!r) {
      break;
    }
    inside(rest, r->fragment());
    if (r->content_type() == tls::content_type::handshake) {
      hello(r->fragment());
    }
    if (!r->complete()) {
      break;
    }
    rest = rest.subspan(r->declared_len());
  }
  return 0;
}
