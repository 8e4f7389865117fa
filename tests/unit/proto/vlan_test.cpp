#include <pktscope/proto/vlan.hpp>

#include <pktscope/proto/llc.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// the-tcpdump-group__tcpdump/tests/802.1ad_QinQ.pcap frame 1 (60 octets): Ethernet type 0x88a8,
// then an S-tag and a C-tag. tshark: ieee8021ad.id 200, ieee8021ad.priority 0,
// ieee8021ad.dei 0; vlan.id 2001, vlan.priority 0, vlan.dei 0, vlan.etype 0x0806.
const std::vector<std::uint8_t> qinq_frame =
    from_hex("ff ff ff ff ff ff 00 20 d2 5a fb 3f 88 a8 00 c8"
             "81 00 07 d1 08 06 00 01 08 00 06 04 00 01 00 20"
             "d2 5a fb 3f ac 15 4f 61 00 00 00 00 00 00 ac 15"
             "4f 64 00 00 00 00 00 00 00 00 00 00");

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/VlanPackets.pcap frame 21 (375 octets),
// the first 34 octets. tshark: vlan.priority 5, vlan.dei 0, vlan.id 118, vlan.len 357, then
// LLC/SNAP with llc.oui 12 and llc.cisco_pid 0x2000 (CDP).
const std::vector<std::uint8_t> vlan_len_frame =
    from_hex("01 00 0c cd cd d0 00 13 c3 df ae 18 81 00 a0 76"
             "01 65 aa aa 03 00 00 0c 20 00 02 b4 ba e2 00 01 00 06");

constexpr std::size_t eth = 14;

std::vector<std::uint8_t> from(const std::vector<std::uint8_t>& v, std::size_t off) {
  return {v.begin() + static_cast<long>(off), v.end()};
}

TEST(Vlan, DecodesStackedTags) {
  const auto s_tag = vlan::view::parse(bytes(qinq_frame).subspan(eth));
  ASSERT_TRUE(s_tag);
  EXPECT_EQ(s_tag->vid(), 200);
  EXPECT_EQ(s_tag->pcp(), 0);
  EXPECT_FALSE(s_tag->dei());
  EXPECT_EQ(s_tag->ether_type(), ether_type::vlan);
  EXPECT_TRUE(vlan::is_tag_protocol(s_tag->ether_type()));
  EXPECT_FALSE(s_tag->has_length());

  const auto c_tag = vlan::view::parse(s_tag->payload());
  ASSERT_TRUE(c_tag);
  EXPECT_EQ(c_tag->vid(), 2001);
  EXPECT_EQ(c_tag->pcp(), 0);
  EXPECT_FALSE(c_tag->dei());
  EXPECT_EQ(c_tag->ether_type(), ether_type::arp);
  EXPECT_FALSE(vlan::is_tag_protocol(c_tag->ether_type()));
  EXPECT_EQ(c_tag->payload().size(), 60U - eth - 8);
  EXPECT_EQ(c_tag->payload()[1], 0x01); // ARP htype 1
}

TEST(Vlan, DecodesLengthAndPriority) {
  const auto v = vlan::view::parse(bytes(vlan_len_frame).subspan(eth));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->pcp(), 5);
  EXPECT_FALSE(v->dei());
  EXPECT_EQ(v->vid(), 118);
  EXPECT_EQ(v->tci(), 0xa076);
  EXPECT_TRUE(v->has_length());
  EXPECT_EQ(v->type_or_length(), 357);
  // Fixture is cut after 34 octets: the payload is clipped, both lengths visible.
  EXPECT_EQ(v->declared_len(), 4U + 357);
  EXPECT_EQ(v->captured_len(), 20U);
  EXPECT_EQ(v->payload().size(), 16U);
  const auto l = llc::resolve(v->payload());
  ASSERT_TRUE(l);
  EXPECT_EQ(l->carrier, llc::carrier::snap_pid);
  EXPECT_EQ(l->oui, 12U);
  EXPECT_EQ(l->pid, 0x2000);
}

TEST(Vlan, TagProtocols) {
  EXPECT_TRUE(vlan::is_tag_protocol(ether_type::vlan));
  EXPECT_TRUE(vlan::is_tag_protocol(ether_type::qinq));
  EXPECT_TRUE(vlan::is_tag_protocol(ether_type::qinq_old));
  EXPECT_FALSE(vlan::is_tag_protocol(ether_type::ipv4));
}

TEST(Vlan, HeaderWritesExpectedBytes) {
  const vlan::header s{0, false, 200, 0x8100};
  const vlan::header c{0, false, 2001, 0x0806};
  std::vector<std::uint8_t> out(8);
  s.write_to(out);
  c.write_to(mut_bytes(out).subspan(4));
  EXPECT_EQ(out, std::vector<std::uint8_t>(qinq_frame.begin() + eth, qinq_frame.begin() + eth + 8));

  const vlan::header p{5, false, 118, 357};
  std::vector<std::uint8_t> out2(p.size());
  p.write_to(out2);
  EXPECT_EQ(out2, from_hex("a0 76 01 65"));
  const vlan::header d{7, true, 0xfff, 0x86dd};
  d.write_to(out2);
  EXPECT_EQ(out2, from_hex("ff ff 86 dd"));
}

TEST(Vlan, RoundTrip) {
  for (const auto& frame :
       {from(qinq_frame, eth), from(qinq_frame, eth + 4), from(vlan_len_frame, eth)}) {
    const auto v = vlan::view::parse(bytes(frame));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(frame.begin(), frame.begin() + 4));
    EXPECT_EQ(vlan::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(Vlan, TruncationSweep) {
  test::expect_truncation_sweep<vlan::view>(from(qinq_frame, eth), vlan::header_len);
  const auto r = vlan::view::parse(bytes(qinq_frame).subspan(eth, 3));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::vlan, 4, 3, 0}));
}

TEST(Vlan, MutViewEditsTciFieldsIndependently) {
  auto tag = from(qinq_frame, eth + 4); // the C-tag: TCI 07 d1, type 08 06
  auto m = vlan::mut_view::parse(mut_bytes(tag));
  ASSERT_TRUE(m);
  m->set_pcp(6);
  EXPECT_EQ(m->as_view().pcp(), 6);
  EXPECT_EQ(m->as_view().vid(), 2001);
  m->set_dei(true);
  EXPECT_TRUE(m->as_view().dei());
  EXPECT_EQ(m->as_view().pcp(), 6);
  m->set_vid(42);
  EXPECT_EQ(m->as_view().vid(), 42);
  EXPECT_EQ(m->as_view().pcp(), 6);
  EXPECT_TRUE(m->as_view().dei());
  m->set_dei(false);
  m->set_ether_type(ether_type::ipv4);
  EXPECT_EQ(tag[0], 0xc0);
  EXPECT_EQ(tag[1], 0x2a);
  EXPECT_EQ(tag[2], 0x08);
  EXPECT_EQ(tag[3], 0x00);
}

TEST(Vlan, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0003);
  std::uniform_int_distribution<int> pcp(0, 7);
  std::uniform_int_distribution<int> vid(0, 0xfff);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    const vlan::header h{static_cast<std::uint8_t>(pcp(rng)), pcp(rng) < 4,
                         static_cast<std::uint16_t>(vid(rng)),
                         static_cast<std::uint16_t>(u16(rng))};
    std::vector<std::uint8_t> out(h.size() + static_cast<std::size_t>(pcp(rng)));
    h.write_to(out);
    const auto v = vlan::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

} // namespace
} // namespace pktscope
