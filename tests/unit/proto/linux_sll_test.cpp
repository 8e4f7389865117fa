#include <pktscope/proto/linux_sll.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/SllPacket.pcap frame 1, first 20
// octets. tshark: sll.pkttype 0, sll.hatype 1, sll.halen 6, sll.src.eth 00:12:44:1e:74:00,
// sll.unused f67f, sll.etype 0x86dd.
const std::vector<std::uint8_t> sll_ipv6 =
    from_hex("00 00 00 01 00 06 00 12 44 1e 74 00 f6 7f 86 dd 60 00 00 00");

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/sll.pcap frame 3, first 16 octets + 2.
// tshark: sll.pkttype 4 (sent by us), sll.hatype 1, sll.halen 6,
// sll.src.eth 08:00:27:19:1c:78, sll.unused 0000, sll.etype 0x0800.
const std::vector<std::uint8_t> sll_outgoing =
    from_hex("00 04 00 01 00 06 08 00 27 19 1c 78 00 00 08 00 45 00");

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/sll.pcap frame 2: loopback device.
// tshark: sll.pkttype 0, sll.hatype 772, sll.halen 6, sll.etype 0x0800.
const std::vector<std::uint8_t> sll_loopback =
    from_hex("00 00 03 04 00 06 00 00 00 00 00 00 00 00 08 00 45 00");

// the-tcpdump-group__tcpdump/tests/babel.pcap frame 1: a GRE device. tshark: sll.pkttype 0,
// sll.hatype 778, sll.halen 0, sll.unused 0000000000000000, sll.gretype 0x86dd.
const std::vector<std::uint8_t> sll_gre =
    from_hex("00 00 03 0a 00 00 00 00 00 00 00 00 00 00 86 dd 60 00 00 00");

TEST(LinuxSll, DecodesHeader) {
  const auto v = linux_sll::view::parse(bytes(sll_ipv6));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->packet_type(), linux_sll::packet_type::host);
  EXPECT_EQ(v->arphrd_type(), linux_sll::arphrd::ether);
  EXPECT_EQ(v->address_length(), 6);
  EXPECT_EQ(std::vector<std::uint8_t>(v->address().begin(), v->address().end()),
            from_hex("00 12 44 1e 74 00"));
  EXPECT_EQ(v->address_field()[6], 0xf6); // sll.unused f67f
  EXPECT_EQ(v->address_field()[7], 0x7f);
  EXPECT_EQ(v->protocol(), 0x86dd);
  EXPECT_EQ(v->ether_type(), ether_type::ipv6);
  EXPECT_EQ(v->kind(), linux_sll::payload_kind::ether_type);
  EXPECT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->payload()[0], 0x60);
}

TEST(LinuxSll, DecodesPacketTypesAndDevices) {
  const auto out = linux_sll::view::parse(bytes(sll_outgoing));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->packet_type(), linux_sll::packet_type::outgoing);
  EXPECT_EQ(out->ether_type(), ether_type::ipv4);
  EXPECT_EQ(mac_address::from_bytes(out->address()), *mac_address::parse("08:00:27:19:1c:78"));

  const auto lo = linux_sll::view::parse(bytes(sll_loopback));
  ASSERT_TRUE(lo);
  EXPECT_EQ(lo->arphrd_type(), linux_sll::arphrd::loopback);
  EXPECT_EQ(lo->kind(), linux_sll::payload_kind::ether_type);

  const auto gre = linux_sll::view::parse(bytes(sll_gre));
  ASSERT_TRUE(gre);
  EXPECT_EQ(gre->arphrd_type(), linux_sll::arphrd::ipgre);
  EXPECT_EQ(gre->address_length(), 0);
  EXPECT_TRUE(gre->address().empty());
  EXPECT_EQ(gre->kind(), linux_sll::payload_kind::gre_protocol);
  EXPECT_EQ(gre->ether_type(), ether_type::ipv6);
}

TEST(LinuxSll, ClassifiesProtocolField) {
  using linux_sll::arphrd;
  using linux_sll::classify;
  using linux_sll::payload_kind;
  // tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html
  EXPECT_EQ(classify(arphrd::ether, 0x0800), payload_kind::ether_type);
  EXPECT_EQ(classify(arphrd::ether, 0x0001), payload_kind::novell_802_3);
  EXPECT_EQ(classify(arphrd::ether, 0x0004), payload_kind::llc);
  EXPECT_EQ(classify(arphrd::can, 0x000c), payload_kind::can);
  EXPECT_EQ(classify(arphrd::can, 0x000d), payload_kind::canfd);
  EXPECT_EQ(classify(arphrd::ether, 0x0003), payload_kind::other);
  EXPECT_EQ(classify(arphrd::netlink, 0x0000), payload_kind::netlink);
  EXPECT_EQ(classify(arphrd::ip6gre, 0x0800), payload_kind::gre_protocol);
  EXPECT_EQ(classify(arphrd::ieee80211_radiotap, 0x0800), payload_kind::radiotap);
  EXPECT_EQ(classify(arphrd::frad, 0x0800), payload_kind::frame_relay);
}

TEST(LinuxSll, LongAddressIsCutToEightOctets) {
  auto b = sll_ipv6;
  b[5] = 20; // e.g. an InfiniBand address
  const auto v = linux_sll::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->address_length(), 20);
  EXPECT_EQ(v->address().size(), 8U);
}

TEST(LinuxSll, HeaderWritesExpectedBytes) {
  const linux_sll::header h{linux_sll::packet_type::outgoing,
                            linux_sll::arphrd::ether,
                            6,
                            {0x08, 0x00, 0x27, 0x19, 0x1c, 0x78, 0x00, 0x00},
                            0x0800};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(sll_outgoing.begin(), sll_outgoing.begin() + 16));
}

TEST(LinuxSll, RoundTrip) {
  for (const auto* f : {&sll_ipv6, &sll_outgoing, &sll_loopback, &sll_gre}) {
    const auto v = linux_sll::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + 16));
    EXPECT_EQ(linux_sll::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(LinuxSll, TruncationSweep) {
  test::expect_truncation_sweep<linux_sll::view>(sll_ipv6, linux_sll::header_len);
  const auto r = linux_sll::view::parse(bytes(sll_ipv6).first(15));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::linux_sll, 16, 15, 0}));
}

TEST(LinuxSll, MutViewEdits) {
  auto b = sll_ipv6;
  auto m = linux_sll::mut_view::parse(mut_bytes(b));
  ASSERT_TRUE(m);
  m->set_packet_type(linux_sll::packet_type::outgoing);
  m->set_arphrd_type(linux_sll::arphrd::ether);
  const auto mac = from_hex("08 00 27 19 1c 78");
  m->set_address(bytes(mac));
  m->set_protocol(0x0800);
  EXPECT_EQ(std::vector<std::uint8_t>(b.begin(), b.begin() + 16),
            std::vector<std::uint8_t>(sll_outgoing.begin(), sll_outgoing.begin() + 16));
  EXPECT_FALSE(linux_sll::mut_view::parse(mut_bytes(b).first(4)));
}

TEST(LinuxSll, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0007);
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    linux_sll::header h;
    h.packet_type = static_cast<linux_sll::packet_type>(u16(rng));
    h.arphrd_type = static_cast<linux_sll::arphrd>(u16(rng));
    h.address_length = static_cast<std::uint16_t>(u16(rng));
    for (auto& o : h.address) {
      o = static_cast<std::uint8_t>(octet(rng));
    }
    h.protocol = static_cast<std::uint16_t>(u16(rng));
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = linux_sll::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

TEST(LinuxSll, Describes) {
  EXPECT_EQ(linux_sll::describe(linux_sll::packet_type::outgoing), "Sent by us");
  EXPECT_EQ(linux_sll::describe(linux_sll::arphrd::loopback), "Loopback");
  EXPECT_EQ(linux_sll::describe(linux_sll::payload_kind::llc), "802.2 LLC");
  EXPECT_TRUE(linux_sll::describe(static_cast<linux_sll::arphrd>(12345)).empty());
}

} // namespace
} // namespace pktscope
