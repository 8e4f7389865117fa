#include "generator_impl.hpp"

namespace pktscope::synth {

using namespace detail;

// --- payloads -------------------------------------------------------------------------------

bytes generator::impl::http_request(conv& c) noexcept {
  char* t = text.data();
  const std::size_t cap = 1400;
  const std::string_view path = paths[(c.site + c.req_i) % paths.size()];
  const std::string_view site = site_names[c.site];
  const std::string_view ua = user_agents[c.c.v4.octets[3] % user_agents.size()];
  const int n =
      std::snprintf(t, cap,
                    "GET %.*s HTTP/1.1\r\nHost: %.*s\r\nUser-Agent: %.*s\r\nAccept: "
                    "*/*\r\nConnection: keep-alive\r\n",
                    static_cast<int>(path.size()), path.data(), static_cast<int>(site.size()),
                    site.data(), static_cast<int>(ua.size()), ua.data());
  auto len = static_cast<std::size_t>(std::max(n, 0));
  const std::size_t want = std::min<std::size_t>(c.req_size[c.req_i], cap - 4);
  constexpr std::string_view cookie = "Cookie: sid=";
  if (want > len + cookie.size() + 4) {
    std::memcpy(t + len, cookie.data(), cookie.size());
    len += cookie.size();
    const std::size_t fill = want - len - 4;
    for (std::size_t i = 0; i < fill; ++i) {
      t[len + i] = base32_alphabet[noise[(c.c_seq + i) % noise.size()] & 31];
    }
    len += fill;
    t[len++] = '\r';
    t[len++] = '\n';
  }
  t[len++] = '\r';
  t[len++] = '\n';
  return as_bytes(std::string_view(t, len));
}

std::size_t generator::impl::http_header(const conv& c, char* out, std::size_t cap) const noexcept {
  const std::uint32_t body = c.body[c.req_i];
  const bool missing = (c.site + c.req_i) % 23 == 7;
  const int n = std::snprintf(out, cap,
                              "HTTP/1.1 %s\r\nServer: nginx\r\nContent-Type: "
                              "application/octet-stream\r\nContent-Length: %u\r\n\r\n",
                              missing ? "404 Not Found" : "200 OK", body);
  return static_cast<std::size_t>(std::max(n, 0));
}

bytes generator::impl::http_segment(conv& c, std::size_t len) noexcept {
  if (c.seg_k == 0) {
    const std::size_t h = std::min(http_header(c, text.data(), 200), len);
    std::memcpy(scratch.data(), text.data(), h);
    const std::size_t rest = len - h;
    const std::size_t off = r.below(noise.size() - rest);
    std::memcpy(scratch.data() + h, noise.data() + off, rest);
    return bytes(scratch.data(), len);
  }
  return bytes(noise).subspan(r.below(noise.size() - len), len);
}

bytes generator::impl::ping_payload(timestamp_ns t, std::uint16_t len) noexcept {
  // Linux ping: a struct timeval (little-endian seconds and microseconds), then 0x10, 0x11, ...
  std::array<std::uint8_t, 16> tv{};
  const auto secs = static_cast<std::uint64_t>(t / sec);
  const auto usecs = static_cast<std::uint64_t>((t % sec) / us);
  for (int i = 0; i < 8; ++i) {
    tv[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(secs >> (8 * i));
    tv[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(usecs >> (8 * i));
  }
  const std::size_t n = std::min<std::size_t>(len, 1472);
  for (std::size_t i = 0; i < n; ++i) {
    scratch[i] = i < 16 ? tv[i] : static_cast<std::uint8_t>(i);
  }
  return bytes(scratch.data(), n);
}

std::size_t generator::impl::tunnel_name(std::uint64_t seed, std::string_view domain,
                                         char* out) const noexcept {
  rng g(seed);
  std::size_t len = 0;
  const std::size_t budget = 250 - domain.size();
  const auto n_labels = static_cast<int>(g.between(2, 3));
  for (int l = 0; l < n_labels; ++l) {
    const std::size_t room = budget - len - 1;
    if (room < 10) {
      break;
    }
    const std::size_t n = std::min<std::size_t>(g.between(40, 63), room - 1);
    for (std::size_t i = 0; i < n; ++i) {
      out[len++] = base32_alphabet[g.next_u32() & 31];
    }
    out[len++] = '.';
  }
  std::memcpy(out + len, domain.data(), domain.size());
  return len + domain.size();
}

bytes generator::impl::dns_query(const conv& c) noexcept {
  dns::message_builder m(mut_bytes(dns_buf), c.dns_id, dns::flag::rd);
  if (c.event >= 0) {
    char name[260];
    const std::size_t n =
        tunnel_name(c.aux, events[static_cast<std::size_t>(c.event)].spec.domain, name);
    use(m.add_question(std::string_view(name, n), static_cast<dns::qtype>(c.qtype)));
  } else {
    use(m.add_question(site_names[c.site], static_cast<dns::qtype>(c.qtype)));
  }
  return m.message();
}

bytes generator::impl::dns_response(const conv& c) noexcept {
  if (c.event >= 0) {
    char name[260];
    const std::size_t n =
        tunnel_name(c.aux, events[static_cast<std::size_t>(c.event)].spec.domain, name);
    dns::message_builder m(mut_bytes(dns_buf), c.dns_id,
                           dns::flag::qr | dns::flag::rd | dns::flag::ra);
    const std::string_view qname(name, n);
    use(m.add_question(qname, dns::qtype::txt));
    char txt[200];
    rng g(c.aux ^ 0x7478'7400ULL);
    const std::size_t tlen = g.between(60, 180);
    for (std::size_t i = 0; i < tlen; ++i) {
      txt[i] = base32_alphabet[g.next_u32() & 31];
    }
    use(m.add_txt(qname, 0, std::string_view(txt, tlen)));
    return m.message();
  }
  const std::string_view site = site_names[c.site];
  const bool nx = (c.dns_id % 29) == 3;
  dns::message_builder m(
      mut_bytes(dns_buf), c.dns_id,
      static_cast<std::uint16_t>(dns::flag::qr | dns::flag::rd | dns::flag::ra | (nx ? 3 : 0)));
  const auto qt = static_cast<dns::qtype>(c.qtype);
  use(m.add_question(site, qt));
  if (nx) {
    return m.message();
  }
  const std::uint32_t ttl = 60 + c.dns_id % 3600;
  std::string_view owner = site;
  if (c.site % 3 == 0) {
    // A CNAME to a CDN name, as many sites have.
    static constexpr std::array<std::string_view, 3> cdn{
        "edge1.cdn-example.net", "edge2.cdn-example.net", "lb.cdn-example.net"};
    owner = cdn[c.site % cdn.size()];
    use(m.add_cname(site, ttl, owner));
  }
  const std::uint32_t answers = 1 + c.dns_id % 2;
  for (std::uint32_t i = 0; i < answers; ++i) {
    const std::uint32_t j = (c.site * 7U + i) % 200U;
    if (qt == dns::qtype::aaaa) {
      use(m.add_aaaa(owner, ttl, external_v6(j)));
    } else {
      use(m.add_a(owner, ttl, external_v4(j)));
    }
  }
  return m.message();
}

} // namespace pktscope::synth
