#include "dns_name_walk.hpp"

#include <pktscope/core/chars.hpp>
#include <pktscope/proto/dns.hpp>

#include <algorithm>

namespace pktscope::dns {

namespace {

template <class T> unexpected fail(const result<T>& r) noexcept {
  return unexpected{r.error()};
}

} // namespace

std::string_view describe(opcode v) noexcept {
  switch (v) {
  case opcode::query: return "Query";
  case opcode::iquery: return "IQuery";
  case opcode::status: return "Status";
  case opcode::notify: return "Notify";
  case opcode::update: return "Update";
  case opcode::dso: return "DSO";
  }
  return "Unknown";
}

std::string_view describe(rcode v) noexcept {
  switch (v) {
  case rcode::noerror: return "NOERROR";
  case rcode::formerr: return "FORMERR";
  case rcode::servfail: return "SERVFAIL";
  case rcode::nxdomain: return "NXDOMAIN";
  case rcode::notimp: return "NOTIMP";
  case rcode::refused: return "REFUSED";
  case rcode::yxdomain: return "YXDOMAIN";
  case rcode::yxrrset: return "YXRRSET";
  case rcode::nxrrset: return "NXRRSET";
  case rcode::notauth: return "NOTAUTH";
  case rcode::notzone: return "NOTZONE";
  case rcode::dsotypeni: return "DSOTYPENI";
  case rcode::badvers: return "BADVERS";
  case rcode::badkey: return "BADKEY";
  case rcode::badtime: return "BADTIME";
  case rcode::badmode: return "BADMODE";
  case rcode::badname: return "BADNAME";
  case rcode::badalg: return "BADALG";
  case rcode::badtrunc: return "BADTRUNC";
  case rcode::badcookie: return "BADCOOKIE";
  }
  return "Unknown";
}

std::string_view describe(qtype v) noexcept {
  switch (v) {
  case qtype::a: return "A";
  case qtype::ns: return "NS";
  case qtype::cname: return "CNAME";
  case qtype::soa: return "SOA";
  case qtype::null_: return "NULL";
  case qtype::wks: return "WKS";
  case qtype::ptr: return "PTR";
  case qtype::hinfo: return "HINFO";
  case qtype::mx: return "MX";
  case qtype::txt: return "TXT";
  case qtype::rp: return "RP";
  case qtype::afsdb: return "AFSDB";
  case qtype::sig: return "SIG";
  case qtype::key: return "KEY";
  case qtype::aaaa: return "AAAA";
  case qtype::loc: return "LOC";
  case qtype::srv: return "SRV";
  case qtype::naptr: return "NAPTR";
  case qtype::kx: return "KX";
  case qtype::cert: return "CERT";
  case qtype::dname: return "DNAME";
  case qtype::opt: return "OPT";
  case qtype::apl: return "APL";
  case qtype::ds: return "DS";
  case qtype::sshfp: return "SSHFP";
  case qtype::ipseckey: return "IPSECKEY";
  case qtype::rrsig: return "RRSIG";
  case qtype::nsec: return "NSEC";
  case qtype::dnskey: return "DNSKEY";
  case qtype::dhcid: return "DHCID";
  case qtype::nsec3: return "NSEC3";
  case qtype::nsec3param: return "NSEC3PARAM";
  case qtype::tlsa: return "TLSA";
  case qtype::smimea: return "SMIMEA";
  case qtype::hip: return "HIP";
  case qtype::cds: return "CDS";
  case qtype::cdnskey: return "CDNSKEY";
  case qtype::openpgpkey: return "OPENPGPKEY";
  case qtype::csync: return "CSYNC";
  case qtype::zonemd: return "ZONEMD";
  case qtype::svcb: return "SVCB";
  case qtype::https: return "HTTPS";
  case qtype::spf: return "SPF";
  case qtype::tkey: return "TKEY";
  case qtype::tsig: return "TSIG";
  case qtype::ixfr: return "IXFR";
  case qtype::axfr: return "AXFR";
  case qtype::mailb: return "MAILB";
  case qtype::maila: return "MAILA";
  case qtype::any: return "ANY";
  case qtype::uri: return "URI";
  case qtype::caa: return "CAA";
  }
  return "Unknown";
}

std::string_view describe(qclass v) noexcept {
  switch (static_cast<qclass>(static_cast<std::uint16_t>(v) & class_mask)) {
  case qclass::in: return "IN";
  case qclass::cs: return "CS";
  case qclass::ch: return "CH";
  case qclass::hs: return "HS";
  case qclass::none: return "NONE";
  case qclass::any: return "ANY";
  }
  return "Unknown";
}

std::string_view describe(section s) noexcept {
  switch (s) {
  case section::question: return "question";
  case section::answer: return "answer";
  case section::authority: return "authority";
  case section::additional: return "additional";
  case section::end: return "end";
  }
  return "unknown";
}

result<std::string_view> txt_reader::next() noexcept {
  const std::size_t len = rdata_[off_]; // in bounds: precondition !at_end()
  if (rdata_.size() - off_ - 1 < len) {
    const std::size_t at = off_;
    off_ = rdata_.size();
    return malformed(layer_id::dns, at);
  }
  const auto s = as_chars(rdata_.subspan(off_ + 1, len));
  off_ += 1 + len;
  return s;
}

result<ipv4_address> resource_record::a() const noexcept {
  if (rdata.size() != 4) {
    return malformed(layer_id::dns, rdata_offset);
  }
  return ipv4_address::from_bytes(rdata);
}

result<ipv6_address> resource_record::aaaa() const noexcept {
  if (rdata.size() != 16) {
    return malformed(layer_id::dns, rdata_offset);
  }
  return ipv6_address::from_bytes(rdata);
}

result<name_info> resource_record::target(char* out, std::size_t out_cap) const noexcept {
  auto n = read_name(msg, rdata_offset, out, out_cap);
  if (n && n->end_offset != rdata_offset + rdata.size()) {
    return malformed(layer_id::dns, rdata_offset);
  }
  return n;
}

result<mx_data> resource_record::mx(char* out, std::size_t out_cap) const noexcept {
  if (rdata.size() < 2) {
    return malformed(layer_id::dns, rdata_offset);
  }
  const auto n = read_name(msg, rdata_offset + 2, out, out_cap);
  if (!n) {
    return fail(n);
  }
  if (n->end_offset != rdata_offset + rdata.size()) {
    return malformed(layer_id::dns, rdata_offset);
  }
  return mx_data{load_be16(rdata, 0), *n};
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::dns, 0, header_len, b.size());
  }
  return view(b);
}

record_cursor::record_cursor(const view& v) noexcept
    : msg_(v.message()), left_{v.qdcount(), v.ancount(), v.nscount(), v.arcount()} {}

section record_cursor::next_section() const noexcept {
  for (std::size_t i = 0; i < 4; ++i) {
    if (left_[i] != 0) {
      return static_cast<section>(i);
    }
  }
  return section::end;
}

void record_cursor::stop() noexcept {
  std::fill(std::begin(left_), std::end(left_), 0U);
}

result<question> record_cursor::next_question() noexcept {
  PKTSCOPE_ASSERT(next_section() == section::question);
  detail::text_sink none{nullptr, 0};
  const detail::name_walk n = detail::walk_name(msg_, off_, none);
  if (!n.end_known()) {
    stop();
    return n.to_error();
  }
  const std::size_t p = n.info.end_offset;
  if (msg_.size() - p < 4) {
    stop();
    return truncated(layer_id::dns, p, 4, msg_.size() - p);
  }
  question q;
  q.name_offset = off_;
  q.name_fault = n.fault;
  q.type = static_cast<qtype>(load_be16(msg_, p));
  q.qclass = load_be16(msg_, p + 2);
  q.end_offset = p + 4;
  off_ = q.end_offset;
  --left_[0];
  return q;
}

result<resource_record> record_cursor::next_record() noexcept {
  const section s = next_section();
  PKTSCOPE_ASSERT(s != section::question && s != section::end);
  const auto n = read_name(msg_, off_, nullptr, 0);
  if (!n) {
    stop();
    return fail(n);
  }
  constexpr std::size_t fixed = 10; // TYPE, CLASS, TTL, RDLENGTH
  const std::size_t p = n->end_offset;
  if (msg_.size() - p < fixed) {
    stop();
    return truncated(layer_id::dns, p, fixed, msg_.size() - p);
  }
  const std::size_t rdlen = load_be16(msg_, p + 8);
  if (msg_.size() - p - fixed < rdlen) {
    stop();
    return truncated(layer_id::dns, p + fixed, rdlen, msg_.size() - p - fixed);
  }
  resource_record rr;
  rr.msg = msg_;
  rr.section = s;
  rr.name_offset = off_;
  rr.type = static_cast<qtype>(load_be16(msg_, p));
  rr.rclass = load_be16(msg_, p + 2);
  rr.ttl = load_be32(msg_, p + 4);
  rr.rdata_offset = p + fixed;
  rr.rdata = msg_.subspan(p + fixed, rdlen);
  rr.end_offset = p + fixed + rdlen;
  off_ = rr.end_offset;
  --left_[static_cast<std::size_t>(s)];
  return rr;
}

bool looks_like_message(bytes payload) noexcept {
  constexpr std::uint16_t max_answers = 100, max_authority = 10, max_additional = 10;
  if (payload.size() <= header_len) {
    return false;
  }
  const view v = *view::parse(payload);
  if (v.opcode() != opcode::query || v.arcount() > max_additional) {
    return false;
  }
  if (!v.qr()) {
    return v.qdcount() == 1 && v.ancount() == 0 && v.nscount() == 0;
  }
  return v.qdcount() <= 1 && v.ancount() <= max_answers && v.nscount() <= max_authority;
}

result<tcp_message> parse_tcp_message(bytes stream) noexcept {
  if (stream.size() < 2) {
    return truncated(layer_id::dns, 0, 2, stream.size());
  }
  tcp_message m;
  m.declared_len = load_be16(stream, 0);
  m.message = stream.subspan(2, std::min(m.declared_len, stream.size() - 2));
  return m;
}

} // namespace pktscope::dns
