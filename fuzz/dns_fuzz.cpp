// libFuzzer target: a DNS message (UDP payload) or, when the first octet is odd, a TCP stream
// with the 2-octet length prefix. Parses the header, walks every question and record, decodes
// every name (owner names and CNAME/NS/PTR/MX targets) with a full-size and a tiny text
// buffer and checks check_name agrees, reads TXT strings, and rebuilds the questions with the
// message builder.

#include <pktscope/proto/dns.hpp>

#include "require.hpp"
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using pktscope::fuzz::require;

using namespace pktscope;

void decode_name(bytes msg, std::size_t off) {
  std::array<char, dns::max_name_text> text{};
  const auto full = dns::read_name(msg, off, text.data(), text.size());
  std::array<char, 3> tiny{};
  const auto cut = dns::read_name(msg, off, tiny.data(), tiny.size());
  const auto bare = dns::read_name(msg, off, nullptr, 0);
  require(full.has_value() == cut.has_value() && full.has_value() == bare.has_value());
  const auto checked = dns::check_name(msg, off);
  require(full.has_value() == (checked.fault == dns::name_fault::none));
  require(checked.end_offset <= msg.size() && (!full || checked.end_offset == full->end_offset));
  if (full) {
    require(full->text_complete && full->text_len <= text.size());
    require(full->wire_len <= dns::max_name_len && full->end_offset <= msg.size());
    require(cut->end_offset == full->end_offset && cut->text_len <= tiny.size());
  }
}

void walk(bytes msg) {
  const auto v = dns::view::parse(msg);
  if (!v) {
    return;
  }
  std::array<std::uint8_t, 2048> out{};
  dns::message_builder b(out, v->id(), v->flags());
  dns::record_cursor c(*v);
  std::array<char, dns::max_name_text> text{};
  while (!c.at_end()) {
    if (c.next_section() == dns::section::question) {
      const auto q = c.next_question();
      if (!q) {
        return;
      }
      decode_name(msg, q->name_offset);
      const auto n = dns::read_name(msg, q->name_offset, text.data(), text.size());
      require(n.has_value() == (q->name_fault == dns::name_fault::none));
      if (n) {
        // The text form is for display ('.' inside labels is not escaped), so it need not
        // re-encode; the builder must only never fail unsafely.
        (void)b.add_question(std::string_view(text.data(), n->text_len), q->type, q->qclass);
      }
      continue;
    }
    const auto rr = c.next_record();
    if (!rr) {
      return;
    }
    require(rr->end_offset <= msg.size() && rr->rdata.size() <= msg.size());
    decode_name(msg, rr->name_offset);
    (void)rr->a();
    (void)rr->aaaa();
    (void)rr->target(text.data(), text.size());
    (void)rr->mx(text.data(), text.size());
    for (auto t = rr->txt(); !t.at_end();) {
      if (!t.next()) {
        break;
      }
    }
  }
  const auto rebuilt = dns::view::parse(b.message());
  require(!rebuilt || rebuilt->ancount() == 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bytes in(data, size);
  if (size > 0 && (data[0] & 1) != 0) {
    if (const auto m = dns::parse_tcp_message(in.subspan(1)); m) {
      walk(m->message);
    }
  }
  walk(in);
  return 0;
}
