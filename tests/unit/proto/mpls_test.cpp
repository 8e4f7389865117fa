#include <pktscope/proto/mpls.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/MplsPackets.pcap frame 2 from offset
// 14 (after eth.type 0x8847). tshark: mpls.label 18,16; mpls.exp 0,0; mpls.bottom 0,1;
// mpls.ttl 254,255; then "PW Ethernet Control Word" (sequence 0) and Ethernet cc:07:0d:08:00:00.
const std::vector<std::uint8_t> two_labels_pw =
    from_hex("00 01 20 fe 00 01 01 ff 00 00 00 00 cc 07 0d 08 00 00 cc 00 0a 64 00 00 81 00");

// zeek__zeek/testing/btest/Traces/mixed-vlan-mpls.pcap frame 1 from offset 14. tshark:
// mpls.label 29, mpls.exp 6, mpls.bottom 1, mpls.ttl 255, then IPv4.
const std::vector<std::uint8_t> one_label_tc6 = from_hex("00 01 dd ff 45 c0 00 2c 00 00 00 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/MplsPackets.pcap frame 1 from offset
// 22 (after two 802.1Q tags). tshark: mpls.label 16000, mpls.exp 0, mpls.bottom 1,
// mpls.ttl 126, then IPv4.
const std::vector<std::uint8_t> label_16000 = from_hex("03 e8 01 7e 45 00 01 4f");

// the-tcpdump-group__tcpdump/tests/mpls-traceroute.pcap frame 1 from offset 4 (after PPP
// ff 03 02 81). tshark: mpls.label 100704, mpls.exp 0, mpls.bottom 1, mpls.ttl 1.
const std::vector<std::uint8_t> label_100704 = from_hex("18 96 01 01 45 00 00 28");

TEST(Mpls, DecodesEntries) {
  const auto a = mpls::view::parse(bytes(one_label_tc6));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->label(), 29U);
  EXPECT_EQ(a->tc(), 6);
  EXPECT_TRUE(a->bottom_of_stack());
  EXPECT_EQ(a->ttl(), 255);
  EXPECT_EQ(a->payload()[0], 0x45);

  const auto b = mpls::view::parse(bytes(label_16000));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->label(), 16000U);
  EXPECT_EQ(b->tc(), 0);
  EXPECT_TRUE(b->bottom_of_stack());
  EXPECT_EQ(b->ttl(), 126);

  const auto c = mpls::view::parse(bytes(label_100704));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->label(), 100704U);
  EXPECT_TRUE(c->bottom_of_stack());
  EXPECT_EQ(c->ttl(), 1);
}

TEST(Mpls, WalksStackToBottom) {
  const auto s = mpls::walk_stack(bytes(two_labels_pw));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->depth, 2U);
  EXPECT_EQ(s->entries.size(), 8U);
  EXPECT_EQ(s->at(0).label(), 18U);
  EXPECT_EQ(s->at(0).tc(), 0);
  EXPECT_FALSE(s->at(0).bottom_of_stack());
  EXPECT_EQ(s->at(0).ttl(), 254);
  EXPECT_EQ(s->bottom().label(), 16U);
  EXPECT_TRUE(s->bottom().bottom_of_stack());
  EXPECT_EQ(s->bottom().ttl(), 255);
  EXPECT_EQ(s->payload.size(), two_labels_pw.size() - 8);
  EXPECT_EQ(mpls::guess_payload(s->payload), mpls::payload_kind::pw_control_word);
  // After the 4-octet control word: the inner Ethernet destination cc:07:0d:08:00:00.
  EXPECT_EQ(s->payload[mpls::control_word_len], 0xcc);
  EXPECT_EQ(s->payload[mpls::control_word_len + 1], 0x07);

  const auto one = mpls::walk_stack(bytes(one_label_tc6));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->depth, 1U);
  EXPECT_EQ(mpls::guess_payload(one->payload), mpls::payload_kind::ipv4);
}

TEST(Mpls, WalkStackErrors) {
  // Cut inside the second entry: truncated at its offset.
  const auto t = mpls::walk_stack(bytes(two_labels_pw).first(6));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error(), (error{errc::truncated, layer_id::mpls, 4, 2, 4}));
  // Cap reached before S = 1.
  const auto c = mpls::walk_stack(bytes(two_labels_pw), 1);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, errc::unsupported);
  EXPECT_EQ(c.error().offset, 4U);
  // An empty buffer has no stack.
  const auto e = mpls::walk_stack(bytes{});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, errc::truncated);
}

TEST(Mpls, GuessesPayloadByFirstNibble) {
  EXPECT_EQ(mpls::guess_payload(bytes{}), mpls::payload_kind::empty);
  const auto v6 = from_hex("60 00 00 00");
  EXPECT_EQ(mpls::guess_payload(bytes(v6)), mpls::payload_kind::ipv6);
  const auto ach = from_hex("10 00 00 21"); // RFC 4385 §5: 0001 | version 0 | channel type
  EXPECT_EQ(mpls::guess_payload(bytes(ach)), mpls::payload_kind::pw_ach);
  const auto eth = from_hex("cc 07 0d 08");
  EXPECT_EQ(mpls::guess_payload(bytes(eth)), mpls::payload_kind::unknown);
  EXPECT_EQ(mpls::guess_payload(bytes(label_16000).subspan(4)), mpls::payload_kind::ipv4);
}

TEST(Mpls, HeaderWritesExpectedBytes) {
  const mpls::header h{29, 6, true, 255};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, from_hex("00 01 dd ff"));
  const mpls::header g{18, 0, false, 254};
  g.write_to(out);
  EXPECT_EQ(out, from_hex("00 01 20 fe"));
  const mpls::header max{0xfffff, 7, true, 0};
  max.write_to(out);
  EXPECT_EQ(out, from_hex("ff ff ff 00"));
}

TEST(Mpls, RoundTrip) {
  for (const auto* f : {&two_labels_pw, &one_label_tc6, &label_16000, &label_100704}) {
    const auto v = mpls::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + 4));
    EXPECT_EQ(mpls::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(Mpls, TruncationSweep) {
  test::expect_truncation_sweep<mpls::view>(one_label_tc6, mpls::header_len);
  const auto r = mpls::view::parse(bytes(one_label_tc6).first(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::mpls, 4, 2, 0}));
}

TEST(Mpls, MutViewEditsFieldsIndependently) {
  auto e = one_label_tc6;
  auto m = mpls::mut_view::parse(mut_bytes(e));
  ASSERT_TRUE(m);
  m->set_label(100704);
  EXPECT_EQ(m->as_view().label(), 100704U);
  EXPECT_EQ(m->as_view().tc(), 6);
  m->set_tc(1);
  m->set_bottom_of_stack(false);
  EXPECT_EQ(m->as_view().label(), 100704U);
  EXPECT_EQ(m->as_view().tc(), 1);
  EXPECT_FALSE(m->as_view().bottom_of_stack());
  EXPECT_EQ(m->decrement_ttl(), 254);
  m->set_ttl(0);
  EXPECT_EQ(m->decrement_ttl(), 0);
  m->set_ttl(1);
  m->set_bottom_of_stack(true);
  m->set_tc(0);
  EXPECT_EQ(std::vector<std::uint8_t>(e.begin(), e.begin() + 4), from_hex("18 96 01 01"));
}

TEST(Mpls, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0004);
  std::uniform_int_distribution<std::uint32_t> label(0, mpls::max_label);
  std::uniform_int_distribution<int> small(0, 255);
  for (int i = 0; i < 300; ++i) {
    const mpls::header h{label(rng), static_cast<std::uint8_t>(small(rng) & 7), small(rng) < 128,
                         static_cast<std::uint8_t>(small(rng))};
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = mpls::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

TEST(Mpls, DescribesReservedLabels) {
  EXPECT_EQ(mpls::describe(mpls::reserved_label::ipv4_explicit_null), "IPv4 Explicit-Null");
  EXPECT_EQ(mpls::describe(mpls::reserved_label::gal), "Generic Associated Channel Label");
  EXPECT_TRUE(mpls::describe(static_cast<mpls::reserved_label>(16000)).empty());
  EXPECT_EQ(mpls::describe(mpls::payload_kind::ipv6), "IPv6");
}

} // namespace
} // namespace pktscope
