#include <pktscope/proto/udp.hpp>

#include <pktscope/proto/pseudo_header.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// kbandla__dpkt/examples/data/dns_icmp.pcap frame 1, from the UDP header on (offset 34).
// tshark: udp.srcport 51677, udp.dstport 53, udp.length 46, udp.checksum 0xf268 (Good);
// ip.src 192.168.43.9, ip.dst 192.168.43.1.
const std::vector<std::uint8_t> dns_query =
    from_hex("c9 dd 00 35 00 2e f2 68 52 8e 01 00 00 01"
             "00 00 00 00 00 00 01 38 01 38 01 38 01 38 07 69"
             "6e 2d 61 64 64 72 04 61 72 70 61 00 00 0c 00 01");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IPv6UdpPacket.pcap frame 1 from the
// UDP header on (offset 54). tshark: 63628 -> 1900, udp.length 154, checksum 0x5fea (Good);
// fe80::4dc7:f593:1f7b:dc11 -> ff02::c.
const std::vector<std::uint8_t> ssdp = from_hex("f8 8c 07 6c 00 9a 5f ea 4d 2d"
                                                "53 45 41 52 43 48 20 2a 20 48 54 54 50 2f 31 2e"
                                                "31 0d 0a 48 6f 73 74 3a 5b 46 46 30 32 3a 3a 43"
                                                "5d 3a 31 39 30 30 0d 0a 53 54 3a 75 72 6e 3a 4d"
                                                "69 63 72 6f 73 6f 66 74 20 57 69 6e 64 6f 77 73"
                                                "20 50 65 65 72 20 4e 61 6d 65 20 52 65 73 6f 6c"
                                                "75 74 69 6f 6e 20 50 72 6f 74 6f 63 6f 6c 3a 20"
                                                "56 34 3a 49 50 56 36 3a 4c 69 6e 6b 4c 6f 63 61"
                                                "6c 0d 0a 4d 61 6e 3a 22 73 73 64 70 3a 64 69 73"
                                                "63 6f 76 65 72 22 0d 0a 4d 58 3a 33 0d 0a 0d 0a");

internet_checksum v4_pseudo() {
  return pseudo_header::ipv4(*ipv4_address::parse("192.168.43.9"),
                             *ipv4_address::parse("192.168.43.1"), udp::ip_protocol, 46);
}

internet_checksum v6_pseudo() {
  return pseudo_header::ipv6(*ipv6_address::parse("fe80::4dc7:f593:1f7b:dc11"),
                             *ipv6_address::parse("ff02::c"), udp::ip_protocol, 154);
}

TEST(Udp, DecodesDnsQuery) {
  const auto v = udp::view::parse(bytes(dns_query));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port(), 51677);
  EXPECT_EQ(v->dst_port(), 53);
  EXPECT_EQ(v->length(), 46);
  EXPECT_EQ(v->checksum(), 0xf268);
  EXPECT_TRUE(v->has_checksum());
  EXPECT_EQ(v->payload().size(), 38U);
  EXPECT_EQ(v->payload()[0], 0x52);
  EXPECT_EQ(v->declared_len(), 46U);
  EXPECT_EQ(v->captured_len(), 46U);
  EXPECT_TRUE(v->complete());
  EXPECT_EQ(v->verify_checksum(v4_pseudo()), checksum_status::good);
}

TEST(Udp, VerifiesIpv6Checksum) {
  const auto v = udp::view::parse(bytes(ssdp));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port(), 63628);
  EXPECT_EQ(v->dst_port(), 1900);
  EXPECT_EQ(v->verify_checksum(v6_pseudo()), checksum_status::good);
}

TEST(Udp, DetectsBadChecksum) {
  auto copy = dns_query;
  copy[20] ^= 0x01;
  const auto v = udp::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->verify_checksum(v4_pseudo()), checksum_status::bad);
}

TEST(Udp, ZeroChecksumIsAbsent) {
  auto copy = dns_query;
  copy[6] = 0;
  copy[7] = 0;
  const auto v = udp::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_checksum());
  EXPECT_EQ(v->verify_checksum(v4_pseudo()), checksum_status::absent);
}

TEST(Udp, FillChecksumReproducesOriginal) {
  for (const auto* fixture : {&dns_query, &ssdp}) {
    auto copy = *fixture;
    auto m = udp::mut_view::parse(mut_bytes(copy));
    ASSERT_TRUE(m);
    m->set_checksum(0x1234);
    ASSERT_TRUE(m->fill_checksum(fixture == &dns_query ? v4_pseudo() : v6_pseudo()));
    EXPECT_EQ(copy, *fixture);
  }
}

TEST(Udp, FillChecksumNeedsWholeDatagram) {
  std::vector<std::uint8_t> cut(dns_query.begin(), dns_query.begin() + 20);
  auto m = udp::mut_view::parse(mut_bytes(cut));
  ASSERT_TRUE(m);
  const auto r = m->fill_checksum(v4_pseudo());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
  EXPECT_EQ(r.error().needed, 46U);
  EXPECT_EQ(r.error().have, 20U);
}

TEST(Udp, SnaplenCutPayloadIsClippedNotAnError) {
  const std::vector<std::uint8_t> cut(dns_query.begin(), dns_query.begin() + 20);
  const auto v = udp::view::parse(bytes(cut));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload().size(), 12U);
  EXPECT_EQ(v->declared_len(), 46U);
  EXPECT_EQ(v->captured_len(), 20U);
  EXPECT_FALSE(v->complete());
  EXPECT_EQ(v->verify_checksum(v4_pseudo()), checksum_status::unverified);
}

TEST(Udp, PaddingAfterDatagramIsNotPayload) {
  auto padded = dns_query;
  padded.insert(padded.end(), {0, 0, 0, 0});
  const auto v = udp::view::parse(bytes(padded));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload().size(), 38U);
  EXPECT_EQ(v->captured_len(), 50U);
  EXPECT_EQ(v->verify_checksum(v4_pseudo()), checksum_status::good);
}

TEST(Udp, HeaderWritesExpectedBytes) {
  const udp::header h{51677, 53, 46, 0xf268};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, from_hex("c9 dd 00 35 00 2e f2 68"));
}

TEST(Udp, TruncationSweep) {
  test::expect_truncation_sweep<udp::view>(dns_query, 8);
}

TEST(Udp, TruncatedErrorFields) {
  const auto r = udp::view::parse(bytes(dns_query).first(5));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::udp, 8, 5, 0}));
}

TEST(Udp, LengthBelowHeaderIsMalformed) {
  for (const int len : {0, 1, 7}) {
    auto copy = dns_query;
    copy[4] = 0;
    copy[5] = static_cast<std::uint8_t>(len);
    const auto r = udp::view::parse(bytes(copy));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::udp, 0, 0, udp::fields::length}));
  }
}

TEST(Udp, RandomHeadersRoundTrip) {
  std::mt19937 rng(768);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    udp::header h;
    h.src_port = static_cast<std::uint16_t>(u16(rng));
    h.dst_port = static_cast<std::uint16_t>(u16(rng));
    h.length = static_cast<std::uint16_t>(8 + u16(rng) % 0xfff0);
    h.checksum = static_cast<std::uint16_t>(u16(rng));
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = udp::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

} // namespace
} // namespace pktscope
