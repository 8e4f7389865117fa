#include <pktscope/proto/vxlan.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Vxlan1.pcap frame 1, VXLAN from
// offset 42, first 22 bytes. tshark: udp.dstport 4789, vxlan.flags 0x8848, vxlan.flag_i 1,
// vxlan.flag_g 1, vxlan.gbp 100, vxlan.vni 3000001; inner eth.dst 00:30:88:01:00:02.
const std::vector<std::uint8_t> gbp = from_hex("88 48 00 64 2d c6 c1 00 00 30 88 01 00 02"
                                               "00 16 3e 37 f6 04 08 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Vxlan2.pcap frame 1, first 22 bytes.
// tshark: vxlan.flags 0x0808, flag_i 1, flag_g 0, vxlan.gbp 32639, vxlan.vni 300.
const std::vector<std::uint8_t> plain = from_hex("08 08 7f 7f 00 01 2c 00 00 30 88 01 00 02"
                                                 "00 16 3e 37 f6 04 08 00");

TEST(Vxlan, DecodesGroupPolicy) {
  const auto v = vxlan::view::parse(bytes(gbp));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags(), 0x8848);
  EXPECT_TRUE(v->i_flag());
  EXPECT_TRUE(v->g_flag());
  EXPECT_EQ(v->group_policy_id(), 100);
  EXPECT_EQ(v->vni(), 3000001U);
  EXPECT_EQ(v->reserved(), 0);
  ASSERT_EQ(v->payload().size(), 14U);
  EXPECT_EQ(v->payload()[0], 0x00);
  EXPECT_EQ(v->payload()[5], 0x02);
}

TEST(Vxlan, DecodesPlain) {
  const auto v = vxlan::view::parse(bytes(plain));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags(), 0x0808);
  EXPECT_TRUE(v->i_flag());
  EXPECT_FALSE(v->g_flag());
  EXPECT_EQ(v->group_policy_id(), 32639);
  EXPECT_EQ(v->vni(), 300U);
}

TEST(Vxlan, ClearIFlagStillParses) {
  auto copy = plain;
  copy[0] = 0;
  const auto v = vxlan::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->i_flag());
}

TEST(Vxlan, Setters) {
  auto copy = plain;
  auto m = vxlan::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  m->set_vni(0xabcdef);
  m->set_flags(0x8800);
  m->set_group_policy_id(7);
  const auto v = m->as_view();
  EXPECT_EQ(v.vni(), 0xabcdefU);
  EXPECT_EQ(v.reserved(), 0);
  EXPECT_EQ(v.flags(), 0x8800);
  EXPECT_EQ(v.group_policy_id(), 7);
}

TEST(Vxlan, HeaderWritesExpectedBytes) {
  const vxlan::header h{0x8848, 100, 3000001, 0};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(gbp.begin(), gbp.begin() + 8));
}

TEST(Vxlan, TruncationSweep) {
  test::expect_truncation_sweep<vxlan::view>(plain, 8);
}

TEST(Vxlan, TruncatedErrorFields) {
  const auto r = vxlan::view::parse(bytes(plain).first(7));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::vxlan, 8, 7, 0}));
}

TEST(Vxlan, RandomHeadersRoundTrip) {
  std::mt19937 rng(7348);
  std::uniform_int_distribution<std::uint32_t> u32;
  for (int i = 0; i < 300; ++i) {
    const vxlan::header h{static_cast<std::uint16_t>(u32(rng)),
                          static_cast<std::uint16_t>(u32(rng)), u32(rng) & 0xffffffU,
                          static_cast<std::uint8_t>(u32(rng))};
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = vxlan::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

} // namespace
} // namespace pktscope
