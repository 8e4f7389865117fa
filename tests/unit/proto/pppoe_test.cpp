#include <pktscope/proto/pppoe.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/PPPoESession.pcap frame 1 (60 octets)
// from offset 14. tshark: pppoe.version 1, pppoe.type 1, pppoe.code 0x00, pppoe.session_id
// 0x0011, pppoe.payload_length 20, ppp.protocol 0xc021 (LCP); 20 octets of Ethernet padding.
const std::vector<std::uint8_t> session_lcp =
    from_hex("11 00 00 11 00 14 c0 21 02 02 00 12 01 04 05 dc 03 04"
             "c0 23 05 06 01 fc cb fb 00 00 00 00 00 00 00 00 00 00"
             "00 00 00 00 00 00 00 00 00 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/PPPoEDiscovery.pcap frame 2 from
// offset 14. tshark: pppoe.code 0x65 (PADS), pppoe.session_id 0x0011, pppoe.payload_length 40;
// tags Service-Name (empty), Host-Uniq 64138518, AC-Name "BRAS", AC-Cookie (16 octets).
const std::vector<std::uint8_t> discovery_pads =
    from_hex("11 65 00 11 00 28 01 01 00 00 01 03 00 04 64 13 85 18"
             "01 02 00 04 42 52 41 53 01 04 00 10 3d 0f 05 87"
             "06 24 84 f2 df 32 b9 dd fd 77 bd 5b");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/PPPoEDiscovery.pcap frame 1 from
// offset 14, first 18 octets. tshark: pppoe.code 0x09 (PADI), session 0x0000, length 12.
const std::vector<std::uint8_t> discovery_padi =
    from_hex("11 09 00 00 00 0c 01 01 00 00 01 03 00 04 64 13 85 18");

TEST(Pppoe, DecodesSessionPacket) {
  const auto v = pppoe::view::parse(bytes(session_lcp));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 1);
  EXPECT_EQ(v->type(), 1);
  EXPECT_EQ(v->code(), pppoe::code::session_data);
  EXPECT_TRUE(v->is_session());
  EXPECT_EQ(v->session_id(), 0x0011);
  EXPECT_EQ(v->length(), 20);
  EXPECT_EQ(v->payload().size(), 20U);
  EXPECT_EQ(v->trailer().size(), 20U);
  EXPECT_EQ(v->declared_len(), 26U);
  ASSERT_TRUE(v->session_protocol());
  EXPECT_EQ(*v->session_protocol(), ppp::protocol::lcp);
  const auto p = ppp::view::parse(v->payload());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol(), ppp::protocol::lcp);
}

TEST(Pppoe, DecodesDiscoveryAndTags) {
  const auto v = pppoe::view::parse(bytes(discovery_pads));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->code(), pppoe::code::pads);
  EXPECT_FALSE(v->is_session());
  EXPECT_FALSE(v->session_protocol());
  EXPECT_EQ(v->session_id(), 0x0011);
  EXPECT_EQ(v->length(), 40);

  const bytes tags = v->payload();
  std::size_t off = 0;
  auto t = pppoe::next_tag(tags, off);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, pppoe::tag_type::service_name);
  EXPECT_TRUE(t->value.empty());
  t = pppoe::next_tag(tags, off);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, pppoe::tag_type::host_uniq);
  EXPECT_EQ(std::vector<std::uint8_t>(t->value.begin(), t->value.end()), from_hex("64138518"));
  t = pppoe::next_tag(tags, off);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, pppoe::tag_type::ac_name);
  EXPECT_EQ(std::string(t->value.begin(), t->value.end()), "BRAS");
  t = pppoe::next_tag(tags, off);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, pppoe::tag_type::ac_cookie);
  EXPECT_EQ(t->value.size(), 16U);
  EXPECT_EQ(t->declared_len, 16U);
  EXPECT_FALSE(pppoe::next_tag(tags, off));

  const auto padi = pppoe::view::parse(bytes(discovery_padi));
  ASSERT_TRUE(padi);
  EXPECT_EQ(padi->code(), pppoe::code::padi);
  EXPECT_EQ(padi->session_id(), 0);
  EXPECT_EQ(padi->length(), 12);
}

TEST(Pppoe, TagCutByCaptureIsClipped) {
  const bytes tags = bytes(discovery_pads).subspan(pppoe::header_len, 30);
  std::size_t off = 20;
  const auto t = pppoe::next_tag(tags, off); // AC-Cookie, 10 of 16 value octets captured
  ASSERT_TRUE(t);
  EXPECT_EQ(t->declared_len, 16U);
  EXPECT_EQ(t->value.size(), 6U);
  EXPECT_FALSE(pppoe::next_tag(tags, off));
}

TEST(Pppoe, RejectsWrongVersionOrType) {
  auto bad = session_lcp;
  bad[0] = 0x21; // version 2
  const auto a = pppoe::view::parse(bytes(bad));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), (error{errc::malformed, layer_id::pppoe, 0, 0, pppoe::fields::ver_type}));
  bad[0] = 0x12; // type 2
  const auto b = pppoe::view::parse(bytes(bad));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, errc::malformed);
}

TEST(Pppoe, SnaplenCutPayloadIsClipped) {
  const auto v = pppoe::view::parse(bytes(session_lcp).first(10));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->declared_len(), 26U);
  EXPECT_EQ(v->captured_len(), 10U);
}

TEST(Pppoe, HeaderWritesExpectedBytes) {
  const pppoe::header h{1, 1, pppoe::code::session_data, 0x0011, 20};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, from_hex("11 00 00 11 00 14"));
  const pppoe::header d{1, 1, pppoe::code::padi, 0, 12};
  d.write_to(out);
  EXPECT_EQ(out, from_hex("11 09 00 00 00 0c"));
}

TEST(Pppoe, RoundTrip) {
  for (const auto* f : {&session_lcp, &discovery_pads, &discovery_padi}) {
    const auto v = pppoe::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + 6));
    EXPECT_EQ(pppoe::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(Pppoe, TruncationSweep) {
  test::expect_truncation_sweep<pppoe::view>(session_lcp, pppoe::header_len);
  const auto r = pppoe::view::parse(bytes(session_lcp).first(5));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::pppoe, 6, 5, 0}));
}

TEST(Pppoe, MutViewEdits) {
  auto p = session_lcp;
  auto m = pppoe::mut_view::parse(mut_bytes(p));
  ASSERT_TRUE(m);
  m->set_session_id(0xbeef);
  m->set_length(4);
  m->set_code(pppoe::code::padt);
  EXPECT_EQ(std::vector<std::uint8_t>(p.begin(), p.begin() + 6), from_hex("11 a7 be ef 00 04"));
  EXPECT_EQ(m->as_view().payload().size(), 4U);
  auto bad = session_lcp;
  bad[0] = 0x22;
  EXPECT_FALSE(pppoe::mut_view::parse(mut_bytes(bad)));
}

TEST(Pppoe, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0006);
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    const pppoe::header h{1, 1, static_cast<pppoe::code>(octet(rng)),
                          static_cast<std::uint16_t>(u16(rng)),
                          static_cast<std::uint16_t>(u16(rng))};
    std::vector<std::uint8_t> out(h.size() + static_cast<std::size_t>(octet(rng)));
    h.write_to(out);
    const auto v = pppoe::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
    EXPECT_EQ(v->payload().size(), std::min<std::size_t>(h.length, out.size() - 6));
  }
}

TEST(Pppoe, DescribesCodes) {
  EXPECT_EQ(pppoe::describe(pppoe::code::padi), "Active Discovery Initiation (PADI)");
  EXPECT_EQ(pppoe::describe(pppoe::code::session_data), "Session Data");
  EXPECT_TRUE(pppoe::describe(static_cast<pppoe::code>(0x42)).empty());
}

} // namespace
} // namespace pktscope
