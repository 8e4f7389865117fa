#include <pktscope/proto/dns.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;
using bytes_vec = std::vector<std::uint8_t>;

std::string name_at(bytes msg, std::size_t off) {
  std::array<char, dns::max_name_text> buf{};
  const auto r = dns::read_name(msg, off, buf.data(), buf.size());
  EXPECT_TRUE(r) << "name at " << off;
  if (!r) {
    return "<error>";
  }
  EXPECT_TRUE(r->text_complete);
  return {buf.data(), r->text_len};
}

std::string target_of(const dns::resource_record& rr) {
  std::array<char, dns::max_name_text> buf{};
  const auto r = rr.target(buf.data(), buf.size());
  EXPECT_TRUE(r);
  return r ? std::string(buf.data(), r->text_len) : "<error>";
}

// Collects every entry of a message; fails the test on a decode error.
struct walked {
  std::vector<dns::question> questions;
  std::vector<dns::resource_record> records;
};
walked walk(const dns::view& v) {
  walked w;
  dns::record_cursor c(v);
  while (c.next_section() == dns::section::question) {
    auto q = c.next_question();
    EXPECT_TRUE(q);
    if (!q) {
      return w;
    }
    w.questions.push_back(*q);
  }
  while (!c.at_end()) {
    auto rr = c.next_record();
    EXPECT_TRUE(rr);
    if (!rr) {
      return w;
    }
    w.records.push_back(*rr);
  }
  return w;
}

// The first error of a full walk (or errc::ok when every counted entry decodes).
error walk_error(bytes msg) {
  const auto v = dns::view::parse(msg);
  if (!v) {
    return v.error();
  }
  dns::record_cursor c(*v);
  while (!c.at_end()) {
    if (c.next_section() == dns::section::question) {
      if (auto q = c.next_question(); !q) {
        return q.error();
      }
    } else if (auto rr = c.next_record(); !rr) {
      return rr.error();
    }
  }
  return {};
}

// kbandla__dpkt/examples/data/dns_icmp.pcap frame 1 (UDP payload): PTR query.
const char* const ptr_query = "528e01000001000000000000013801380138013807696e2d616464720461727061"
                              "00000c0001";
// Same file, frame 2: the response, answer name compressed to offset 12.
const char* const ptr_response =
    "528e81800001000100000000013801380138013807696e2d6164647204617270610000"
    "0c0001c00c000c00010000acb7002013676f6f676c652d7075626c69632d646e732d61"
    "06676f6f676c6503636f6d00";
// kbandla__dpkt/examples/data/nb6-http.pcap frame 52: two AAAA answers.
const char* const aaaa_response =
    "f44b818000010002000000000469707636096963616e68617a697003636f6d00001c00"
    "01c00c001c00010000012c00102606f200000000070badf00dd00d0001c00c001c0001"
    "0000012c00102606f200000000070badf00dd00d0002";
// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/DnsEdit7.pcap frame 1: three MX
// answers; the 2nd and 3rd exchanges point into the 1st one's RDATA (c02e).
const char* const mx_response =
    "026481800001000300000000057961686f6f03636f6d00000f0001c00c000f00010000"
    "00bb00190001046d74613503616d30087961686f6f646e73036e657400c00c000f0001"
    "000000bb00090001046d746137c02ec00c000f0001000000bb00090001046d746136c02e";
// zeek__zeek/testing/btest/Traces/dns-txt-multiple.pcap frame 2: CNAME chain, a TXT record
// of two strings, five NS and five A records.
const char* const txt_response =
    "6daf8500000100030005000504666c6b720a5f646f6d61696e6b657906666c69636b72"
    "03636f6d0000100001c00c000500010000038400070466613134c011c0380005000100"
    "000384001804666131340a5f646f6d61696e6b6579057961686f6fc023c04b00100001"
    "00001c2000e37f6b3d7273613b20703d4d4947664d413047435371475349623344514542"
    "415155414134474e4144434269514b4267514450645066794a4d32523247714d795a4d31"
    "666c547a46654449552b65374b6d694b527735797a335868742b6367454969486d6d356c"
    "49474275574363357274697930436378655070716363504b6a6e624853724449323350"
    "552b484f75714a366572674531494f734c364c4f4567473659543533764d62385a365569"
    "42537359506c724445432b384355496b544c4d4c584a6175524b35624e524b5631415447"
    "7a4746706633546a5a745777494441514142c050000200010002a3000006036e7335c05b"
    "c050000200010002a3000006036e7334c05bc050000200010002a3000006036e7333c05b"
    "c050000200010002a3000006036e7332c05bc050000200010002a3000006036e7331c05b"
    "c1a60001000100127500000444b48310c19400010001001275000004448eff10c18200010"
    "001001275000004cb54dd35c17000010001001275000004628a0b9dc15e000100010012"
    "7500000477a0f77c";

// Expected values below: tshark -T fields -e dns.id -e dns.flags -e dns.count.* -e
// dns.qry.name -e dns.qry.type -e dns.resp.* ... on the same frames.
TEST(Dns, DecodesPtrQuery) {
  const auto msg = from_hex(ptr_query);
  const auto v = dns::view::parse(msg);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->id(), 0x528e);
  EXPECT_EQ(v->flags(), 0x0100);
  EXPECT_FALSE(v->qr());
  EXPECT_TRUE(v->rd());
  EXPECT_EQ(v->opcode(), dns::opcode::query);
  EXPECT_EQ(v->qdcount(), 1);
  EXPECT_EQ(v->ancount(), 0);
  const auto w = walk(*v);
  ASSERT_EQ(w.questions.size(), 1U);
  EXPECT_EQ(name_at(msg, w.questions[0].name_offset), "8.8.8.8.in-addr.arpa");
  EXPECT_EQ(w.questions[0].type, dns::qtype::ptr);
  EXPECT_EQ(w.questions[0].klass(), dns::qclass::in);
  EXPECT_EQ(w.questions[0].end_offset, msg.size());
}

TEST(Dns, DecodesCompressedPtrAnswer) {
  const auto msg = from_hex(ptr_response);
  const auto v = dns::view::parse(msg);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags(), 0x8180);
  EXPECT_TRUE(v->qr());
  EXPECT_TRUE(v->ra());
  EXPECT_EQ(v->rcode(), dns::rcode::noerror);
  const auto w = walk(*v);
  ASSERT_EQ(w.records.size(), 1U);
  const auto& rr = w.records[0];
  EXPECT_EQ(rr.section, dns::section::answer);
  EXPECT_EQ(name_at(msg, rr.name_offset), "8.8.8.8.in-addr.arpa");
  EXPECT_EQ(rr.type, dns::qtype::ptr);
  EXPECT_EQ(rr.ttl, 44215U);
  EXPECT_EQ(target_of(rr), "google-public-dns-a.google.com");
  EXPECT_EQ(rr.end_offset, msg.size());
  // A PTR is not an address record.
  EXPECT_EQ(rr.a().error().code, errc::malformed);
}

TEST(Dns, DecodesAaaaAnswers) {
  const auto msg = from_hex(aaaa_response);
  const auto w = walk(*dns::view::parse(msg));
  ASSERT_EQ(w.records.size(), 2U);
  EXPECT_EQ(name_at(msg, w.questions[0].name_offset), "ipv6.icanhazip.com");
  EXPECT_EQ(w.questions[0].type, dns::qtype::aaaa);
  EXPECT_EQ(w.records[0].ttl, 300U);
  EXPECT_EQ(w.records[0].aaaa()->to_string(), "2606:f200:0:7:bad:f00d:d00d:1");
  EXPECT_EQ(w.records[1].aaaa()->to_string(), "2606:f200:0:7:bad:f00d:d00d:2");
}

TEST(Dns, DecodesMxWithPointersIntoRdata) {
  const auto msg = from_hex(mx_response);
  const auto w = walk(*dns::view::parse(msg));
  ASSERT_EQ(w.records.size(), 3U);
  const char* const expected[] = {"mta5.am0.yahoodns.net", "mta7.am0.yahoodns.net",
                                  "mta6.am0.yahoodns.net"};
  for (std::size_t i = 0; i < 3; ++i) {
    std::array<char, dns::max_name_text> buf{};
    const auto mx = w.records[i].mx(buf.data(), buf.size());
    ASSERT_TRUE(mx);
    EXPECT_EQ(mx->preference, 1);
    EXPECT_EQ(std::string(buf.data(), mx->exchange.text_len), expected[i]);
    EXPECT_EQ(w.records[i].ttl, 187U);
    EXPECT_EQ(name_at(msg, w.records[i].name_offset), "yahoo.com");
  }
}

TEST(Dns, DecodesAllSectionsAndTxt) {
  const auto msg = from_hex(txt_response);
  const auto v = dns::view::parse(msg);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags(), 0x8500);
  EXPECT_TRUE(v->aa());
  EXPECT_EQ(v->to_header(), (dns::header{0x6daf, 0x8500, 1, 3, 5, 5}));
  const auto w = walk(*v);
  ASSERT_EQ(w.records.size(), 13U);
  const char* const names[] = {"flkr._domainkey.flickr.com",
                               "fa14._domainkey.flickr.com",
                               "fa14._domainkey.yahoo.com",
                               "_domainkey.yahoo.com",
                               "_domainkey.yahoo.com",
                               "_domainkey.yahoo.com",
                               "_domainkey.yahoo.com",
                               "_domainkey.yahoo.com",
                               "ns1.yahoo.com",
                               "ns2.yahoo.com",
                               "ns3.yahoo.com",
                               "ns4.yahoo.com",
                               "ns5.yahoo.com"};
  const std::uint16_t types[] = {5, 5, 16, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1};
  const std::uint32_t ttls[] = {900,    900,     7200,    172800,  172800,  172800, 172800,
                                172800, 1209600, 1209600, 1209600, 1209600, 1209600};
  for (std::size_t i = 0; i < 13; ++i) {
    EXPECT_EQ(name_at(msg, w.records[i].name_offset), names[i]) << i;
    EXPECT_EQ(static_cast<std::uint16_t>(w.records[i].type), types[i]) << i;
    EXPECT_EQ(w.records[i].ttl, ttls[i]) << i;
  }
  EXPECT_EQ(w.records[2].section, dns::section::answer);
  EXPECT_EQ(w.records[3].section, dns::section::authority);
  EXPECT_EQ(w.records[8].section, dns::section::additional);
  EXPECT_EQ(target_of(w.records[0]), "fa14._domainkey.flickr.com");
  EXPECT_EQ(target_of(w.records[1]), "fa14._domainkey.yahoo.com");
  EXPECT_EQ(target_of(w.records[3]), "ns5.yahoo.com");
  EXPECT_EQ(target_of(w.records[7]), "ns1.yahoo.com");
  auto txt = w.records[2].txt();
  std::vector<std::string> strings;
  while (!txt.at_end()) {
    auto s = txt.next();
    ASSERT_TRUE(s);
    strings.emplace_back(*s);
  }
  ASSERT_EQ(strings.size(), 2U);
  EXPECT_EQ(strings[0], "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDPdPfyJM2R2GqMyZM1flTzFeDI"
                        "U+e7KmiKRw5yz3Xht+cgEIiHmm5lIGBuWCc5rtiy0CcxePpqccPKjn");
  EXPECT_EQ(strings[1], "HSrDI23PU+HOuqJ6ergE1IOsL6LOEgG6YT53vMb8Z6UiBSsYPlrDEC+8CUIkTLMLXJauRK"
                        "5bNRKV1ATGzGFpf3TjZtWwIDAQAB");
  const char* const addrs[] = {"68.180.131.16", "68.142.255.16", "203.84.221.53", "98.138.11.157",
                               "119.160.247.124"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(w.records[8 + i].a()->to_string(), addrs[i]);
  }
}

// the-tcpdump-group__tcpdump/tests/dns_tcp.pcap frame 4 (TCP payload): tshark dns.length 56,
// dns.id 0x4319, dns.flags 0x0120 (RD, AD), query www.tcpdump.org A with an OPT record.
TEST(Dns, TcpLengthPrefix) {
  const auto seg = from_hex("0038431901200001000000000001037777770774637064756d70036f72670000010001"
                            "000029100000000000000c000a00088f06be7d691442f0");
  const auto m = dns::parse_tcp_message(seg);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->declared_len, 56U);
  EXPECT_TRUE(m->complete());
  EXPECT_EQ(m->framed_len(), seg.size());
  const auto v = dns::view::parse(m->message);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->id(), 0x4319);
  EXPECT_TRUE(v->ad());
  EXPECT_TRUE(v->rd());
  const auto w = walk(*v);
  EXPECT_EQ(name_at(m->message, w.questions.at(0).name_offset), "www.tcpdump.org");
  ASSERT_EQ(w.records.size(), 1U);
  EXPECT_EQ(w.records[0].type, dns::qtype::opt);
  EXPECT_EQ(name_at(m->message, w.records[0].name_offset), "<Root>");

  // Cut segment: the prefix still parses, the message is clipped.
  const bytes_vec cut(seg.begin(), seg.begin() + 20);
  const auto c = dns::parse_tcp_message(cut);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->complete());
  EXPECT_EQ(c->message.size(), 18U);
  const bytes_vec one{0x00};
  EXPECT_EQ(dns::parse_tcp_message(one).error(), (error{errc::truncated, layer_id::dns, 2, 1, 0}));
  std::array<std::uint8_t, 2> prefix{};
  dns::write_tcp_length(prefix, 56);
  EXPECT_EQ(prefix[0], 0x00);
  EXPECT_EQ(prefix[1], 0x38);
}

// RFC 1035 §4.1.1 layout written by hand: id 0xbeef, QR|AA|RD|RA + rcode 3, counts 1,2,3,4.
TEST(Dns, HeaderToBytes) {
  const dns::header h{0xbeef, 0x8583, 1, 2, 3, 4};
  std::array<std::uint8_t, dns::header_len> out{};
  h.write_to(out);
  EXPECT_EQ(bytes_vec(out.begin(), out.end()), from_hex("beef 8583 0001 0002 0003 0004"));
  const auto v = dns::view::parse(out);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_header(), h);
  EXPECT_EQ(v->rcode(), dns::rcode::nxdomain);
  EXPECT_TRUE(v->aa());
  const dns::flag_set f{
      .qr = true, .aa = true, .rd = true, .ra = true, .rcode = dns::rcode::nxdomain};
  EXPECT_EQ(f.to_u16(), 0x8583);
  EXPECT_EQ(dns::flag_set::from_u16(0x8583), f);
  EXPECT_EQ(v->flag_fields(), f);
  // opcode 5 (UPDATE) sits in bits 11-14 (RFC 2136 §2.2): 0x2800.
  EXPECT_EQ((dns::flag_set{.opcode = dns::opcode::update}.to_u16()), 0x2800);
}

TEST(Dns, FlagSetRoundTripsEveryWord) {
  for (std::uint32_t f = 0; f <= 0xffff; ++f) {
    const auto w = static_cast<std::uint16_t>(f);
    ASSERT_EQ(dns::flag_set::from_u16(w).to_u16(), w);
  }
}

TEST(Dns, RandomHeadersRoundTrip) {
  std::mt19937 rng(1035);
  std::uniform_int_distribution<unsigned> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    const dns::header h{static_cast<std::uint16_t>(u16(rng)), static_cast<std::uint16_t>(u16(rng)),
                        static_cast<std::uint16_t>(u16(rng)), static_cast<std::uint16_t>(u16(rng)),
                        static_cast<std::uint16_t>(u16(rng)), static_cast<std::uint16_t>(u16(rng))};
    std::array<std::uint8_t, dns::header_len> out{};
    h.write_to(out);
    ASSERT_EQ(dns::view::parse(out)->to_header(), h);
  }
}

TEST(Dns, HeaderTruncationSweep) {
  test::expect_truncation_sweep<dns::view>(from_hex(ptr_response), dns::header_len);
  const bytes_vec eleven(11, 0);
  EXPECT_EQ(dns::view::parse(eleven).error(), (error{errc::truncated, layer_id::dns, 12, 11, 0}));
}

// Every proper prefix of a response cuts some counted entry: the walk must report truncated.
TEST(Dns, RecordWalkTruncationSweep) {
  for (const char* hex : {ptr_response, aaaa_response, mx_response, txt_response}) {
    const auto msg = from_hex(hex);
    EXPECT_EQ(walk_error(msg).code, errc::ok);
    for (std::size_t n = dns::header_len; n < msg.size(); ++n) {
      const bytes_vec prefix(msg.begin(), msg.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_EQ(walk_error(prefix).code, errc::truncated) << n;
    }
  }
}

// --- malicious names -------------------------------------------------------------------------

bytes_vec with_question_name(const char* name_hex) {
  auto m = from_hex("0001 0100 0001 0000 0000 0000");
  const auto n = from_hex(name_hex);
  m.insert(m.end(), n.begin(), n.end());
  const auto tail = from_hex("0001 0001");
  m.insert(m.end(), tail.begin(), tail.end());
  return m;
}

TEST(Dns, PointerToItselfIsMalformed) {
  const auto m = with_question_name("c00c");
  EXPECT_EQ(dns::read_name(m, 12, nullptr, 0).error(),
            (error{errc::malformed, layer_id::dns, 0, 0, 12}));
  // The loop starts at the name's first octet, so the name ends in place after the pointer
  // (offset 14) and the question's type and class (A, IN) are read after it.
  EXPECT_EQ(dns::check_name(m, 12).fault, dns::name_fault::pointer_loop);
  EXPECT_EQ(dns::check_name(m, 12).end_offset, 14U);
  const auto w = walk(*dns::view::parse(m));
  ASSERT_EQ(w.questions.size(), 1U);
  EXPECT_EQ(w.questions[0].name_fault, dns::name_fault::pointer_loop);
  EXPECT_EQ(w.questions[0].type, dns::qtype::a);
  EXPECT_EQ(w.questions[0].end_offset, 18U);
}

TEST(Dns, PointerLoopThroughForwardPointerIsMalformed) {
  // "a", a pointer forward to offset 16, which points back to 12: a two-step loop.
  const auto m = with_question_name("0161 c010 c00c");
  EXPECT_EQ(dns::read_name(m, 12, nullptr, 0).error(),
            (error{errc::malformed, layer_id::dns, 0, 0, 14}));
  EXPECT_EQ(dns::check_name(m, 12).fault, dns::name_fault::pointer_loop);
}

TEST(Dns, ForwardPointerIsFollowed) {
  // Offset 12: a pointer to offset 18, past the question's type and class (14..17), where
  // "a" and the root are: RFC 1035 §4.1.4 foresees only earlier targets, tshark follows it.
  const auto m = from_hex("0001 0100 0001 0000 0000 0000 c012 0001 0001 0161 00");
  EXPECT_EQ(name_at(m, 12), "a");
  const auto c = dns::check_name(m, 12);
  EXPECT_EQ(c.fault, dns::name_fault::none);
  EXPECT_EQ(c.end_offset, 14U);
}

TEST(Dns, PointerBackToOwnRunIsMalformed) {
  // Pointer at 14 to offset 12, the start of the same run of labels: backwards but a loop.
  const auto m = with_question_name("0161 c00c");
  EXPECT_EQ(dns::read_name(m, 12, nullptr, 0).error().code, errc::malformed);
  // From a later run, a pointer into the earlier run is fine (offset 12 -> "a" + root at 14).
  const auto ok = with_question_name("0161 00");
  bytes_vec m2 = ok;
  m2.push_back(0xc0);
  m2.push_back(0x0c);
  EXPECT_EQ(name_at(m2, m2.size() - 2), "a");
}

TEST(Dns, LongPointerChainIsCapped) {
  // Offset 12: root. Then 200 pointers, each to the one before it: every jump goes backwards,
  // but the chain is longer than any legitimate name needs.
  bytes_vec m = from_hex("0001 0100 0000 0000 0000 0000 00");
  for (std::size_t i = 0; i < 200; ++i) {
    const std::size_t prev = m.size() - (i == 0 ? 1 : 2);
    m.push_back(static_cast<std::uint8_t>(0xc0 | (prev >> 8)));
    m.push_back(static_cast<std::uint8_t>(prev));
  }
  const std::size_t last = m.size() - 2;
  EXPECT_EQ(dns::read_name(m, last, nullptr, 0).error().code, errc::malformed);
  // 127 jumps are allowed.
  const std::size_t at127 = 13 + 2 * 126;
  const auto r = dns::read_name(m, at127, nullptr, 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->jumps, 127);
  EXPECT_TRUE(r->is_root());
}

TEST(Dns, LabelTypes01And10AreMalformed) {
  // 0x40 = "length 64" / extended label type; 0x80 reserved.
  for (const char* n : {"40", "80", "bf"}) {
    auto name = std::string(n) + std::string(128, '0') + "00";
    const auto m = with_question_name(name.c_str());
    EXPECT_EQ(dns::read_name(m, 12, nullptr, 0).error(),
              (error{errc::malformed, layer_id::dns, 0, 0, 12}))
        << n;
    const auto c = dns::check_name(m, 12);
    if (n[0] == '4') {
      // tshark reads on right after an extended label's type octet: QTYPE from 13..14.
      EXPECT_EQ(c.fault, dns::name_fault::extended_label);
      EXPECT_EQ(c.end_offset, 13U);
      const auto w = walk(*dns::view::parse(m));
      ASSERT_EQ(w.questions.size(), 1U);
      EXPECT_EQ(w.questions[0].name_fault, dns::name_fault::extended_label);
      EXPECT_EQ(static_cast<std::uint16_t>(w.questions[0].type), 0U);
      EXPECT_EQ(w.questions[0].end_offset, 17U);
    } else {
      // A reserved label type ends the walk: the question is not read.
      EXPECT_EQ(c.fault, dns::name_fault::reserved_label) << n;
      EXPECT_EQ(c.end_offset, 0U) << n;
      EXPECT_EQ(walk_error(m), (error{errc::malformed, layer_id::dns, 0, 0, 12})) << n;
    }
  }
}

TEST(Dns, BitstringLabels) {
  // RFC 2673 §3.1: type 0x41, a bit count, then ceil(count / 8) octets; §3.2's text form.
  // 32 bits c0000201, then "a" and the root: 2 + 4 + 2 + 1 = 9 octets.
  const auto m = with_question_name("4120c0000201 0161 00");
  EXPECT_EQ(name_at(m, 12), "\\[xc0000201/32].a");
  EXPECT_EQ(dns::read_name(m, 12, nullptr, 0)->wire_len, 9U);
  EXPECT_EQ(dns::check_name(m, 12).end_offset, 21U);
  // 9 bits take two octets.
  EXPECT_EQ(name_at(with_question_name("4109ff80 00"), 12), "\\[xff80/9]");
  // 71 bits need 9 octets; only 7 follow in a message that ends there (dns_fwdptr.pcap's
  // last question): cut, so the question is not read.
  const auto cut = from_hex("0001 0100 0001 0000 0000 0000 4147 03c0c0c06fc08b");
  EXPECT_EQ(dns::check_name(cut, 12).fault, dns::name_fault::truncated);
  EXPECT_EQ(dns::read_name(cut, 12, nullptr, 0).error(),
            (error{errc::truncated, layer_id::dns, 11, 9, 12}));
}

TEST(Dns, ExtendedLabelBehindPointerEndsTheWalk) {
  // Offset 12: a pointer to 18, after QTYPE/QCLASS, where label type 0x42 waits: the name's
  // end in place is known (14), but tshark gives up on such a name, and so do we.
  const auto m = from_hex("0001 0100 0001 0000 0000 0000 c012 0001 0001 4200");
  const auto c = dns::check_name(m, 12);
  EXPECT_EQ(c.fault, dns::name_fault::extended_label);
  EXPECT_EQ(c.end_offset, 0U);
  EXPECT_EQ(walk_error(m), (error{errc::malformed, layer_id::dns, 0, 0, 18}));
}

TEST(Dns, PlaceholdersAreTsharkTexts) {
  EXPECT_EQ(dns::placeholder(dns::name_fault::too_long), "<Name too long>");
  EXPECT_EQ(dns::placeholder(dns::name_fault::pointer_loop),
            "<Name contains a pointer that loops>");
  EXPECT_EQ(dns::placeholder(dns::name_fault::extended_label), "<Unknown extended label>");
  EXPECT_EQ(dns::placeholder(dns::name_fault::reserved_label), "");
  EXPECT_EQ(dns::placeholder(dns::name_fault::truncated), "");
  EXPECT_EQ(dns::placeholder(dns::name_fault::none), "");
}

TEST(Dns, NameOver255IsMalformed) {
  // Four 63-octet labels: 4 * 64 + 1 = 257 octets.
  bytes_vec m = from_hex("0001 0100 0001 0000 0000 0000");
  for (int i = 0; i < 4; ++i) {
    m.push_back(63);
    m.insert(m.end(), 63, 'a');
  }
  m.push_back(0);
  EXPECT_EQ(dns::read_name(m, 12, nullptr, 0).error(),
            (error{errc::malformed, layer_id::dns, 0, 0, 12 + 3 * 64}));
  // Exactly 255: three 63-octet labels and one of 61.
  bytes_vec ok = from_hex("0001 0100 0001 0000 0000 0000");
  for (int i = 0; i < 3; ++i) {
    ok.push_back(63);
    ok.insert(ok.end(), 63, 'a');
  }
  ok.push_back(61);
  ok.insert(ok.end(), 61, 'b');
  ok.push_back(0);
  const auto r = dns::read_name(ok, 12, nullptr, 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->wire_len, 255U);
  EXPECT_EQ(r->labels, 4);
  // Over 255 through compression: the same 255-octet name with one more label in front.
  ok.push_back(1);
  ok.push_back('x');
  ok.push_back(0xc0);
  ok.push_back(12);
  EXPECT_EQ(dns::read_name(ok, ok.size() - 4, nullptr, 0).error().code, errc::malformed);
}

// Four 63-octet labels of 'a' and the root (257 octets) at offset 12, in a one-question
// message; the name ends at 12 + 257 = 269, QTYPE 0x00fc (AXFR) and QCLASS IN follow.
bytes_vec too_long_question() {
  bytes_vec m = from_hex("0001 0100 0001 0000 0000 0000");
  for (int i = 0; i < 4; ++i) {
    m.push_back(63);
    m.insert(m.end(), 63, 'a');
  }
  m.push_back(0);
  const auto tail = from_hex("00fc 0001");
  m.insert(m.end(), tail.begin(), tail.end());
  return m;
}

TEST(Dns, TooLongNameKeepsItsQuestion) {
  const auto m = too_long_question();
  const auto c = dns::check_name(m, 12);
  EXPECT_EQ(c.fault, dns::name_fault::too_long);
  EXPECT_EQ(c.end_offset, 269U);
  const auto w = walk(*dns::view::parse(m));
  ASSERT_EQ(w.questions.size(), 1U);
  EXPECT_EQ(w.questions[0].name_fault, dns::name_fault::too_long);
  EXPECT_EQ(w.questions[0].type, dns::qtype::axfr);
  EXPECT_EQ(w.questions[0].end_offset, 273U);
}

// Replaces the root octet (268) of too_long_question() by a pointer to the end of the
// message, where the caller appends what the pointer leads to.
void point_root_after_question(bytes_vec& m) {
  m.insert(m.begin() + 269, 0x00);
  const std::size_t target = m.size();
  m[268] = static_cast<std::uint8_t>(0xc0 | (target >> 8));
  m[269] = static_cast<std::uint8_t>(target & 0xff);
}

TEST(Dns, TooLongNameEndsAtItsFirstPointer) {
  // The 257-octet name's root replaced by a pointer to a root placed after the question:
  // the name ends in place after the pointer (offset 270).
  auto m = too_long_question();
  point_root_after_question(m);
  m.push_back(0);
  const auto c = dns::check_name(m, 12);
  EXPECT_EQ(c.fault, dns::name_fault::too_long);
  EXPECT_EQ(c.end_offset, 270U);
}

TEST(Dns, TooLongNameIsNotFollowedPastItsPointer) {
  // As above, but the pointer leads to a reserved label type (0x80): the walk stops at the
  // pointer, so the fault stays too_long (tshark follows it and stops at the 0x80).
  auto m = too_long_question();
  point_root_after_question(m);
  m.push_back(0x80);
  const auto c = dns::check_name(m, 12);
  EXPECT_EQ(c.fault, dns::name_fault::too_long);
  EXPECT_EQ(c.end_offset, 270U);
}

TEST(Dns, FaultInPlaceReplacesTooLong) {
  // The 257-octet name's root replaced by a reserved label type: met walking on in place.
  auto m = too_long_question();
  m[268] = 0x80;
  const auto c = dns::check_name(m, 12);
  EXPECT_EQ(c.fault, dns::name_fault::reserved_label);
  EXPECT_EQ(c.end_offset, 0U);
}

TEST(Dns, CutNamesAreTruncated) {
  const auto full = with_question_name("0161 0162 00");
  const bytes_vec cut_label(full.begin(), full.begin() + 15);
  EXPECT_EQ(dns::read_name(cut_label, 12, nullptr, 0).error(),
            (error{errc::truncated, layer_id::dns, 2, 1, 14}));
  const bytes_vec cut_before_label(full.begin(), full.begin() + 14);
  EXPECT_EQ(dns::read_name(cut_before_label, 12, nullptr, 0).error(),
            (error{errc::truncated, layer_id::dns, 1, 0, 14}));
  bytes_vec half_pointer = from_hex("0001 0100 0001 0000 0000 0000 0161 c0");
  EXPECT_EQ(dns::read_name(half_pointer, 12, nullptr, 0).error(),
            (error{errc::truncated, layer_id::dns, 2, 1, 14}));
  EXPECT_EQ(dns::read_name(half_pointer, half_pointer.size(), nullptr, 0).error().code,
            errc::truncated);
}

TEST(Dns, BadRdataLengths) {
  // An A record with RDLENGTH 5 and an MX whose name runs past its RDATA.
  const auto a5 = from_hex("0001 8180 0000 0001 0000 0000 00 0001 0001 00000000 0005 0102030405");
  const auto w = walk(*dns::view::parse(a5));
  ASSERT_EQ(w.records.size(), 1U);
  EXPECT_EQ(w.records[0].a().error(), (error{errc::malformed, layer_id::dns, 0, 0, 23}));
  EXPECT_EQ(w.records[0].aaaa().error().code, errc::malformed);
  const auto mx =
      from_hex("0001 8180 0000 0001 0000 0000 00 000f 0001 00000000 0003 0001 01 61 00");
  const auto wm = dns::record_cursor(*dns::view::parse(mx));
  auto c = wm;
  const auto rr = c.next_record();
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->mx(nullptr, 0).error().code, errc::malformed);
  const bytes_vec bad_txt = from_hex("05 61 62");
  dns::txt_reader t(bad_txt);
  EXPECT_EQ(t.next().error(), (error{errc::malformed, layer_id::dns, 0, 0, 0}));
  EXPECT_TRUE(t.at_end());
}

// --- text form -------------------------------------------------------------------------------
// Labels crafted into DNS queries and run through tshark 4.0.17 (-T fields -e dns.qry.name);
// the expected strings are its output bytes.
TEST(Dns, TextEscapesMatchTshark) {
  struct tc {
    bytes_vec label;
    std::string text;
  };
  const std::vector<tc> cases = {
      {{'a', '.', 'b'}, "a.b"},
      {{'a', '\\', 'b'}, "a\\b"},
      {{0x00, 0x01, 0x7f, 0x80, 0xff}, "\\000\\001\\177\xef\xbf\xbd\xef\xbf\xbd"},
      {{'s', 'p', ' ', 'a', 'c', 'e'}, "sp ace"},
      {{0x09, 0x0a, 0x1f, 0x20}, "\\t\\n\\037 "},
      {{0xc3, 0xa9, 't', 0xc3}, "\xc3\xa9t\xef\xbf\xbd"},
      {{0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80}, "\xe2\x82\xac\xf0\x9f\x98\x80"},
      {{0xe2, 0x82, 'x'}, "\xef\xbf\xbdx"},
      {{0xf0, 0x9f, 0x98, 'x'}, "\xef\xbf\xbdx"},
      {{0x80, 0x80, 'x'}, "\xef\xbf\xbd\xef\xbf\xbdx"},
      {{0xed, 0xa0, 0x80, 'x'}, "\xef\xbf\xbdx"},
      {{0xc0, 0x80, 'x'}, "\\u0000x"},
      {{0xc1, 0xbf, 'x'}, "\\u007Fx"},
      {{0xf4, 0x90, 0x80, 0x80, 'x'}, "\xef\xbf\xbdx"},
      {{0xe0, 0x80, 0x80, 'x'}, "\\u0000x"},
      {{0xf8, 0x88, 0x80, 0x80, 0x80, 'x'}, "\xef\xbf\xbdx"},
      {{0xc0, 0xaf, 'x'}, "/x"},
      {{'a', 0x00, 'b'}, "a\\000b"},
      {{0xc2, 0x80, 'x'}, "\\u0080x"},
      {{0xef, 0xbf, 0xbf, 'x'}, "\\uFFFFx"},
  };
  for (const auto& c : cases) {
    bytes_vec m = from_hex("1234 0100 0001 0000 0000 0000");
    m.push_back(static_cast<std::uint8_t>(c.label.size()));
    m.insert(m.end(), c.label.begin(), c.label.end());
    m.push_back(0);
    EXPECT_EQ(name_at(m, 12), c.text);
    std::array<char, 64> buf{};
    ASSERT_EQ(dns::format_label(c.label, buf.data(), buf.size()), c.text.size());
  }
  // tshark prints the root as "<Root>".
  const auto root = with_question_name("00");
  EXPECT_EQ(name_at(root, 12), "<Root>");
}

TEST(Dns, SmallTextBufferCutsText) {
  const auto msg = from_hex(ptr_query);
  std::array<char, 5> buf{};
  const auto r = dns::read_name(msg, 12, buf.data(), buf.size());
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->text_complete);
  EXPECT_EQ(r->text_len, 5U);
  EXPECT_EQ(std::string(buf.data(), 5), "8.8.8");
  EXPECT_EQ(r->end_offset, 34U);
}

TEST(Dns, CutTextEndsOnAWholeUtf8Sequence) {
  // The label "a\xc3\xa9\xe2\x82\xac" reads as "aé€": one, two and three octets.
  const auto msg = with_question_name("06 61 c3 a9 e2 82 ac 00");
  const std::string whole = "a\xc3\xa9\xe2\x82\xac";
  ASSERT_EQ(name_at(msg, 12), whole);
  const std::size_t kept[] = {1, 1, 3, 3, 3, 6}; // by room for 1 to 6 octets
  for (std::size_t cap = 1; cap <= 6; ++cap) {
    std::array<char, 6> buf{};
    const auto r = dns::read_name(msg, 12, buf.data(), cap);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->text_len, kept[cap - 1]) << "room for " << cap;
    EXPECT_EQ(r->text_complete, cap == 6) << "room for " << cap;
    EXPECT_EQ(std::string(buf.data(), r->text_len), whole.substr(0, kept[cap - 1]));
  }
}

// --- building --------------------------------------------------------------------------------

TEST(Dns, BuildsCorpusQueryExactly) {
  std::array<std::uint8_t, 512> buf{};
  dns::message_builder b(buf, 0x528e, dns::flag_set{.rd = true}.to_u16());
  ASSERT_TRUE(b.add_question("8.8.8.8.in-addr.arpa", dns::qtype::ptr));
  EXPECT_EQ(bytes_vec(b.message().begin(), b.message().end()), from_hex(ptr_query));
}

TEST(Dns, BuildsCorpusResponsesExactly) {
  std::array<std::uint8_t, 512> buf{};
  {
    dns::message_builder b(buf, 0x528e, 0x8180);
    ASSERT_TRUE(b.add_question("8.8.8.8.in-addr.arpa", dns::qtype::ptr));
    ASSERT_TRUE(b.add_name_record("8.8.8.8.in-addr.arpa", dns::qtype::ptr, 44215,
                                  "google-public-dns-a.google.com"));
    EXPECT_EQ(bytes_vec(b.message().begin(), b.message().end()), from_hex(ptr_response));
  }
  {
    dns::message_builder b(buf, 0xf44b, 0x8180);
    ASSERT_TRUE(b.add_question("ipv6.icanhazip.com", dns::qtype::aaaa));
    ASSERT_TRUE(b.add_aaaa("ipv6.icanhazip.com", 300,
                           *ipv6_address::parse("2606:f200:0:7:bad:f00d:d00d:1")));
    ASSERT_TRUE(b.add_aaaa("ipv6.icanhazip.com", 300,
                           *ipv6_address::parse("2606:f200:0:7:bad:f00d:d00d:2")));
    EXPECT_EQ(bytes_vec(b.message().begin(), b.message().end()), from_hex(aaaa_response));
  }
  {
    dns::message_builder b(buf, 0x0264, 0x8180);
    ASSERT_TRUE(b.add_question("yahoo.com", dns::qtype::mx));
    ASSERT_TRUE(b.add_mx("yahoo.com", 187, 1, "mta5.am0.yahoodns.net"));
    ASSERT_TRUE(b.add_mx("yahoo.com", 187, 1, "mta7.am0.yahoodns.net"));
    ASSERT_TRUE(b.add_mx("yahoo.com", 187, 1, "mta6.am0.yahoodns.net"));
    EXPECT_EQ(bytes_vec(b.message().begin(), b.message().end()), from_hex(mx_response));
  }
}

TEST(Dns, BuildsWithoutCompression) {
  std::array<std::uint8_t, 512> buf{};
  dns::message_builder b(buf, 1, 0x8180, dns::compression::off);
  ASSERT_TRUE(b.add_question("a.example", dns::qtype::a));
  ASSERT_TRUE(b.add_a("a.example", 60, ipv4_address{{192, 0, 2, 1}}));
  // RFC 1035 §4.1: header, a.example (11 octets) A IN, then the same name uncompressed,
  // A IN TTL 60, RDLENGTH 4, 192.0.2.1.
  EXPECT_EQ(bytes_vec(b.message().begin(), b.message().end()),
            from_hex("0001 8180 0001 0001 0000 0000"
                     "01 61 07 6578616d706c65 00 0001 0001"
                     "01 61 07 6578616d706c65 00 0001 0001 0000003c 0004 c0000201"));
}

TEST(Dns, BuildsTxtAndCnameAndEscapes) {
  std::array<std::uint8_t, 1024> buf{};
  dns::message_builder b(buf, 7, 0x8400);
  ASSERT_TRUE(b.add_question("x\\.y.\\065b.", dns::qtype::txt));
  ASSERT_TRUE(b.add_cname("x\\.y.Ab", 5, "t.Ab"));
  const std::string long_text(300, 'z');
  ASSERT_TRUE(b.add_txt("t.Ab", 9, long_text));
  ASSERT_TRUE(b.add_txt("t.Ab", 9, ""));
  const auto v = dns::view::parse(b.message());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_header(), (dns::header{7, 0x8400, 1, 3, 0, 0}));
  const auto w = walk(*v);
  // The label "x.y" holds a dot; tshark prints it unescaped.
  EXPECT_EQ(name_at(b.message(), w.questions[0].name_offset), "x.y.Ab");
  EXPECT_EQ(target_of(w.records[0]), "t.Ab");
  auto t = w.records[1].txt();
  EXPECT_EQ(t.next()->size(), 255U);
  EXPECT_EQ(t.next()->size(), 45U);
  EXPECT_TRUE(t.at_end());
  auto e = w.records[2].txt();
  EXPECT_EQ(e.next()->size(), 0U);
  EXPECT_TRUE(e.at_end());
  // The CNAME owner repeats the question name: a pointer only.
  EXPECT_EQ(w.records[0].name_offset + 2, w.records[0].rdata_offset - 10);
}

// A resource record that does not fit leaves the message, its counts and its section as they
// were: a later record may still go into an earlier section.
TEST(Dns, RecordThatDoesNotFitIsRolledBack) {
  std::array<std::uint8_t, 48> buf{};
  dns::message_builder b(buf, 1, 0x8180);
  ASSERT_TRUE(b.add_question("abc", dns::qtype::a)); // 12 + 5 + 4 = 21 octets
  const std::size_t before = b.size();
  EXPECT_EQ(b.add_txt("abc", 1, std::string(40, 't'), dns::section::additional).error().code,
            errc::truncated);
  EXPECT_EQ(b.size(), before);
  EXPECT_EQ(
      b.add_mx("abc", 1, 10, "a-long-mail-exchange.example", dns::section::authority).error().code,
      errc::truncated);
  EXPECT_EQ(b.size(), before);
  // The question's name is a pointer here: 2 + 10 + 4 octets.
  ASSERT_TRUE(b.add_a("abc", 1, {}, dns::section::answer));
  EXPECT_EQ(b.size(), before + 16);
  const auto v = dns::view::parse(b.message());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ancount(), 1);
  EXPECT_EQ(v->nscount(), 0);
  EXPECT_EQ(v->arcount(), 0);
  EXPECT_EQ(walk(*v).records.size(), 1U);
}

TEST(Dns, BuilderErrorsLeaveMessageIntact) {
  std::array<std::uint8_t, 40> buf{};
  dns::message_builder b(buf, 1, 0);
  ASSERT_TRUE(b.add_question("abc", dns::qtype::a));
  const std::size_t before = b.size();
  const auto r = b.add_question("a-rather-long-name-that-does-not-fit", dns::qtype::a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
  EXPECT_EQ(b.size(), before);
  EXPECT_EQ(dns::view::parse(b.message())->qdcount(), 1);
  // Bad names.
  EXPECT_EQ(b.add_question("a..b", dns::qtype::a).error(),
            (error{errc::malformed, layer_id::dns, 0, 0, 2}));
  EXPECT_EQ(b.add_question(std::string(64, 'x'), dns::qtype::a).error().code, errc::malformed);
  EXPECT_EQ(b.add_question("a\\", dns::qtype::a).error().code, errc::malformed);
  EXPECT_EQ(b.add_question("\\256", dns::qtype::a).error().code, errc::malformed);
  // Sections only move forward.
  ASSERT_TRUE(b.add_a("abc", 1, {}, dns::section::additional));
  EXPECT_EQ(b.add_a("abc", 1, {}, dns::section::answer).error().code, errc::unsupported);
  EXPECT_EQ(b.add_question("abc", dns::qtype::a).error().code, errc::unsupported);
  const auto w = walk(*dns::view::parse(b.message()));
  EXPECT_EQ(w.records.size(), 1U);
  // A buffer smaller than the header.
  std::array<std::uint8_t, 4> tiny{};
  dns::message_builder t(tiny, 1, 0);
  EXPECT_EQ(t.add_question("a", dns::qtype::a).error().code, errc::truncated);
  EXPECT_EQ(t.size(), 0U);
}

TEST(Dns, NameTextLimits) {
  EXPECT_EQ(*dns::encoded_name_len(""), 1U);
  EXPECT_EQ(*dns::encoded_name_len("."), 1U);
  EXPECT_EQ(*dns::encoded_name_len("com."), 5U);
  EXPECT_EQ(*dns::encoded_name_len(std::string(63, 'a')), 65U);
  const std::string l63(63, 'a');
  const std::string n255 = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
  EXPECT_EQ(*dns::encoded_name_len(n255), 255U);
  EXPECT_EQ(dns::encoded_name_len(n255 + "b").error().code, errc::malformed);
  std::array<std::uint8_t, 4> small{};
  EXPECT_EQ(dns::write_name("abcd", small).error(),
            (error{errc::truncated, layer_id::dns, 6, 4, 0}));
}

// Tunnel-like traffic: long random labels, queries and TXT answers, must read back equal.
TEST(Dns, RandomTunnelNamesRoundTrip) {
  std::mt19937 rng(7766);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> label_len(1, 63);
  std::uniform_int_distribution<int> labels(1, 3);
  std::array<std::uint8_t, 2048> buf{};
  for (int i = 0; i < 300; ++i) {
    std::string name;
    for (int l = labels(rng); l > 0; --l) {
      const std::size_t n = label_len(rng);
      for (std::size_t k = 0; k < n; ++k) {
        name += alphabet[pick(rng)];
      }
      name += '.';
    }
    name += "t.example.org";
    const auto comp = i % 2 == 0 ? dns::compression::on : dns::compression::off;
    dns::message_builder b(buf, static_cast<std::uint16_t>(i), 0x8180, comp);
    ASSERT_TRUE(b.add_question(name, dns::qtype::txt));
    ASSERT_TRUE(b.add_txt(name, 0, name));
    const auto v = dns::view::parse(b.message());
    ASSERT_TRUE(v);
    const auto w = walk(*v);
    ASSERT_EQ(w.records.size(), 1U);
    EXPECT_EQ(name_at(b.message(), w.questions[0].name_offset), name);
    EXPECT_EQ(name_at(b.message(), w.records[0].name_offset), name);
    auto t = w.records[0].txt();
    EXPECT_EQ(*t.next(), name);
    if (comp == dns::compression::on) {
      EXPECT_EQ(w.records[0].name_offset + 2 + 10, w.records[0].rdata_offset);
    }
  }
}

TEST(Dns, Describe) {
  EXPECT_EQ(dns::describe(dns::rcode::nxdomain), "NXDOMAIN");
  EXPECT_EQ(dns::describe(static_cast<dns::rcode>(99)), "Unknown");
  EXPECT_EQ(dns::describe(dns::qtype::aaaa), "AAAA");
  EXPECT_EQ(dns::describe(dns::qtype::https), "HTTPS");
  EXPECT_EQ(dns::describe(static_cast<dns::qtype>(0xff00)), "Unknown");
  EXPECT_EQ(dns::describe(dns::opcode::update), "Update");
  EXPECT_EQ(dns::describe(static_cast<dns::qclass>(0x8001)), "IN");
  EXPECT_EQ(dns::describe(dns::section::authority), "authority");
}

} // namespace
} // namespace pktscope
