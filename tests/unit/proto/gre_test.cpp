#include <pktscope/proto/gre.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/GrePackets.pcap frame 3, GRE from
// offset 34 (IP total length 52). tshark: gre.flags_and_version 0x8000, gre.proto 0x0800,
// gre.checksum 0x77ff (Good); the payload is an IPv4 header.
const std::vector<std::uint8_t> with_checksum = from_hex("80 00 08 00 77 ff 00 00 45 00 00 18 b6 fd"
                                                         "00 00 40 2f c5 b7 7f 00 00 01 7f 00 00 01"
                                                         "00 00 00 00");

// Same file, frame 1 (PPTP). tshark: flags_and_version 0x3081, proto 0x880b,
// gre.key.payload_length 8, gre.key.call_id 6, gre.sequence_number 34, gre.ack_number 17.
const std::vector<std::uint8_t> pptp_seq_ack = from_hex("30 81 88 0b 00 08 00 06 00 00 00 22"
                                                        "00 00 00 11 ff 03 80 fd 06 04 00 04");

// Same file, frame 2 (PPTP ack only). tshark: flags_and_version 0x2081, payload_length 0,
// call_id 6, ack_number 26.
const std::vector<std::uint8_t> pptp_ack = from_hex("20 81 88 0b 00 00 00 06 00 00 00 1a");

// Same file, frame 7, first 22 bytes (of 62). tshark: flags_and_version 0x2000, proto 0x6558,
// gre.key 0x0000fde8; the payload is an Ethernet frame to 00:01:02:03:04:05.
const std::vector<std::uint8_t> with_key = from_hex("20 00 65 58 00 00 fd e8 00 01 02 03 04 05"
                                                    "00 01 23 45 56 78 08 00");

TEST(Gre, DecodesChecksumVersion0) {
  const auto v = gre::view::parse(bytes(with_checksum));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags_version(), 0x8000);
  EXPECT_EQ(v->version(), 0);
  EXPECT_EQ(v->protocol_type(), 0x0800);
  EXPECT_TRUE(v->has_checksum());
  EXPECT_EQ(v->checksum(), 0x77ff);
  EXPECT_EQ(v->offset(), 0);
  EXPECT_FALSE(v->key());
  EXPECT_FALSE(v->sequence());
  EXPECT_EQ(v->header_length(), 8U);
  EXPECT_EQ(v->payload().size(), 24U);
  EXPECT_EQ(v->payload()[0], 0x45);
  EXPECT_EQ(v->verify_checksum(32), checksum_status::good);
  EXPECT_EQ(v->verify_checksum(40), checksum_status::unverified);
}

TEST(Gre, ChecksumBadAbsentAndFill) {
  auto copy = with_checksum;
  copy[20] ^= 1;
  EXPECT_EQ(gre::view::parse(bytes(copy))->verify_checksum(32), checksum_status::bad);
  auto m = gre::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  copy[20] ^= 1;
  m->set_checksum(0);
  ASSERT_TRUE(m->fill_checksum(32));
  EXPECT_EQ(copy, with_checksum);
  EXPECT_FALSE(m->fill_checksum(33));

  EXPECT_EQ(gre::view::parse(bytes(with_key))->verify_checksum(with_key.size()),
            checksum_status::absent);
  auto k = with_key;
  const auto r = gre::mut_view::parse(mut_bytes(k))->fill_checksum(k.size());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
}

TEST(Gre, DecodesPptpWithSequenceAndAck) {
  const auto v = gre::view::parse(bytes(pptp_seq_ack));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags_version(), 0x3081);
  EXPECT_EQ(v->version(), 1);
  EXPECT_EQ(v->protocol_type(), 0x880b);
  EXPECT_FALSE(v->checksum());
  EXPECT_EQ(v->payload_length(), 8);
  EXPECT_EQ(v->call_id(), 6);
  EXPECT_EQ(v->sequence(), 34U);
  EXPECT_EQ(v->ack(), 17U);
  EXPECT_EQ(v->header_length(), 16U);
  EXPECT_EQ(v->payload().size(), 8U);
  EXPECT_EQ(v->payload()[0], 0xff);
}

TEST(Gre, DecodesPptpAckOnly) {
  const auto v = gre::view::parse(bytes(pptp_ack));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload_length(), 0);
  EXPECT_EQ(v->call_id(), 6);
  EXPECT_FALSE(v->sequence());
  EXPECT_EQ(v->ack(), 26U);
  EXPECT_EQ(v->header_length(), 12U);
  EXPECT_TRUE(v->payload().empty());
}

TEST(Gre, DecodesKey) {
  const auto v = gre::view::parse(bytes(with_key));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->protocol_type(), static_cast<std::uint16_t>(gre::protocol::transparent_ethernet));
  EXPECT_EQ(v->key(), 0x0000fde8U);
  EXPECT_FALSE(v->payload_length()); // version 0: the key is not split
  EXPECT_FALSE(v->ack());
  EXPECT_EQ(v->header_length(), 8U);
  EXPECT_EQ(v->payload().first(6)[5], 0x05);
}

TEST(Gre, Setters) {
  auto copy = pptp_seq_ack;
  auto m = gre::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  m->set_protocol_type(0x0800);
  m->set_key(0x00100007);
  m->set_sequence(99);
  const auto v = m->as_view();
  EXPECT_EQ(v.protocol_type(), 0x0800);
  EXPECT_EQ(v.call_id(), 7);
  EXPECT_EQ(v.payload_length(), 16);
  EXPECT_EQ(v.sequence(), 99U);
  EXPECT_EQ(v.ack(), 17U);
}

TEST(Gre, RoutingEntriesAreWalked) {
  // RFC 1701: R set, checksum/offset word, one IP SRE (family 0x0800, offset 0, length 4),
  // then the null SRE; payload "aa".
  const auto p = from_hex("40 00 08 00 00 00 00 00 08 00 00 04 0a 00 00 01 00 00 00 00 aa");
  const auto v = gre::view::parse(bytes(p));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->has_routing());
  EXPECT_FALSE(v->has_checksum());
  EXPECT_EQ(v->header_length(), 20U);
  EXPECT_EQ(v->payload().size(), 1U);
  // Without the terminating SRE.
  const auto r = gre::view::parse(bytes(p).first(18));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::gre, 20, 18, 0}));
}

TEST(Gre, HeaderWritesExpectedBytes) {
  gre::header h;
  h.flags_version = 0x3081;
  h.protocol_type = 0x880b;
  h.key = 0x00080006;
  h.sequence = 34;
  h.ack = 17;
  ASSERT_EQ(h.size(), 16U);
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(pptp_seq_ack.begin(), pptp_seq_ack.begin() + 16));
  EXPECT_EQ(gre::view::parse(bytes(out))->to_header(), h);
}

TEST(Gre, TruncationSweep) {
  test::expect_truncation_sweep<gre::view>(pptp_seq_ack, 16);
  test::expect_truncation_sweep<gre::view>(with_checksum, 8);
}

TEST(Gre, TruncatedErrorFields) {
  auto r = gre::view::parse(bytes(pptp_seq_ack).first(3));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::gre, 4, 3, 0}));
  r = gre::view::parse(bytes(pptp_seq_ack).first(13));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::gre, 16, 13, 0}));
}

TEST(Gre, UnknownVersionIsMalformed) {
  for (int ver = 2; ver < 8; ++ver) {
    auto copy = with_key;
    copy[1] = static_cast<std::uint8_t>(ver);
    const auto r = gre::view::parse(bytes(copy));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::gre, 0, 0, gre::fields::version}));
  }
}

TEST(Gre, RandomHeadersRoundTrip) {
  std::mt19937 rng(2784);
  std::uniform_int_distribution<std::uint32_t> u32;
  for (int i = 0; i < 300; ++i) {
    gre::header h;
    // No routing (its entries are not part of header); version 0 or 1.
    h.flags_version = static_cast<std::uint16_t>(u32(rng) & 0xbff9);
    h.protocol_type = static_cast<std::uint16_t>(u32(rng));
    h.checksum = static_cast<std::uint16_t>(u32(rng));
    h.offset = static_cast<std::uint16_t>(u32(rng));
    h.key = u32(rng);
    h.sequence = u32(rng);
    h.ack = u32(rng);
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = gre::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->header_length(), h.size());
    EXPECT_EQ(v->to_header(), h);
  }
}

} // namespace
} // namespace pktscope
