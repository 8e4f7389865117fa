#include <pktscope/proto/erspan.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// the-tcpdump-group__tcpdump/tests/erspan-type-ii-1.pcap frame 1: GRE at offset 34
// (gre.flags_and_version 0x1000, gre.proto 0x88be, sequence 171); ERSPAN from offset 42, first
// 14 bytes. tshark: erspan.version 1, vlan 342, cos 6, encap 0, truncated 0, spanid 666,
// index 32760; inner eth.dst 01:00:5e:00:00:0d.
const std::vector<std::uint8_t> type2 = from_hex("11 56 c2 9a 00 00 7f f8 01 00 5e 00 00 0d");

// the-tcpdump-group__tcpdump/tests/erspan-type-iii-ft-0.pcap frame 1: GRE 0x22eb, ERSPAN from
// offset 38, first 18 bytes. tshark: version 2, vlan 20, cos 0, bso 0, truncated 0, spanid 0,
// timestamp 2740542463, sgt 0, p 0, ft 0, hw 0, direction 0, gra 3, o 0;
// inner eth.dst 00:50:56:ac:18:a0.
const std::vector<std::uint8_t> type3 = from_hex("20 14 00 00 a3 59 5b ff 00 00 00 06"
                                                 "00 50 56 ac 18 a0");

TEST(Erspan, DecodesTypeII) {
  const auto v = erspan::view::parse(bytes(type2));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 1);
  EXPECT_EQ(v->vlan(), 342);
  EXPECT_EQ(v->cos(), 6);
  EXPECT_EQ(v->encap(), 0);
  EXPECT_FALSE(v->truncated_frame());
  EXPECT_EQ(v->session_id(), 666);
  EXPECT_EQ(v->index(), 32760U);
  EXPECT_EQ(v->header_length(), 8U);
  EXPECT_EQ(v->payload()[0], 0x01);
}

TEST(Erspan, DecodesTypeIII) {
  const auto v = erspan::view::parse(bytes(type3));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 2);
  EXPECT_EQ(v->vlan(), 20);
  EXPECT_EQ(v->cos(), 0);
  EXPECT_EQ(v->encap(), 0);
  EXPECT_EQ(v->session_id(), 0);
  EXPECT_EQ(v->timestamp(), 2740542463U);
  EXPECT_EQ(v->sgt(), 0);
  EXPECT_FALSE(v->p());
  EXPECT_EQ(v->ft(), 0);
  EXPECT_EQ(v->hw_id(), 0);
  EXPECT_FALSE(v->direction());
  EXPECT_EQ(v->granularity(), 3);
  EXPECT_FALSE(v->o());
  EXPECT_EQ(v->header_length(), 12U);
  EXPECT_EQ(v->payload()[1], 0x50);
}

TEST(Erspan, PlatformSubheaderNeedsEightMoreBytes) {
  auto copy = type3;
  copy[11] |= 1; // O
  auto r = erspan::view::parse(bytes(copy));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::gre, 20, 18, 0}));
  copy.resize(24);
  r = erspan::view::parse(bytes(copy));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header_length(), 20U);
}

TEST(Erspan, HeaderWritesExpectedBytes) {
  erspan::header h;
  h.version = 1;
  h.vlan = 342;
  h.cos = 6;
  h.session_id = 666;
  h.index = 32760;
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(type2.begin(), type2.begin() + 8));
}

TEST(Erspan, TruncationSweep) {
  test::expect_truncation_sweep<erspan::view>(type2, 8);
  test::expect_truncation_sweep<erspan::view>(type3, 12);
}

TEST(Erspan, UnknownVersionIsMalformed) {
  for (const int ver : {0, 3, 15}) {
    auto copy = type2;
    copy[0] = static_cast<std::uint8_t>(ver << 4);
    const auto r = erspan::view::parse(bytes(copy));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::gre, 0, 0, 0}));
  }
}

TEST(Erspan, RandomHeadersRoundTrip) {
  std::mt19937 rng(2637);
  std::uniform_int_distribution<std::uint32_t> u32;
  for (int i = 0; i < 300; ++i) {
    erspan::header h;
    h.version = (u32(rng) & 1U) != 0 ? erspan::version_type3 : erspan::version_type2;
    h.vlan = static_cast<std::uint16_t>(u32(rng) & 0xfffU);
    h.cos = static_cast<std::uint8_t>(u32(rng) & 7U);
    h.encap = static_cast<std::uint8_t>(u32(rng) & 3U);
    h.truncated = (u32(rng) & 1U) != 0;
    h.session_id = static_cast<std::uint16_t>(u32(rng) & 0x3ffU);
    if (h.version == erspan::version_type3) {
      h.timestamp = u32(rng);
      h.sgt = static_cast<std::uint16_t>(u32(rng));
      h.type3_flags = static_cast<std::uint16_t>(u32(rng) & 0xfffeU); // O clear
    } else {
      h.index = u32(rng) & 0xfffffU;
    }
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = erspan::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

} // namespace
} // namespace pktscope
