#include <pktscope/proto/linux_sll2.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Sll2Packet.pcap frame 1, first 24
// octets. tshark: sll.etype 0x0800, sll.ifindex 20, sll.hatype 1, sll.pkttype 4, sll.halen 6,
// sll.src.eth d2:cf:c2:50:15:ea, sll.unused 0000.
const std::vector<std::uint8_t> sll2_ipv4 =
    from_hex("08 00 00 00 00 00 00 14 00 01 04 06 d2 cf c2 50 15 ea 00 00 45 00 00 28");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Sll2PacketLLC.pcap frame 1, first 24
// octets. tshark: sll.ltype 0x0004 (802.2 LLC), sll.ifindex 3, sll.hatype 1, sll.pkttype 2,
// sll.halen 6, sll.src.eth e0:1c:fc:d3:b1:e1, then STP (LLC 42 42 03).
const std::vector<std::uint8_t> sll2_llc =
    from_hex("00 04 00 00 00 00 00 03 00 01 02 06 e0 1c fc d3 b1 e1 00 00 42 42 03 00");

// zeek__zeek/testing/btest/Traces/linux_dlt_sll2.pcap frame 6, first 24 octets. tshark:
// sll.etype 0x8035 (RARP), sll.ifindex 26, sll.hatype 1, sll.pkttype 4, sll.halen 6,
// sll.src.eth 8e:36:06:44:ac:af; arp.opcode 3.
const std::vector<std::uint8_t> sll2_rarp =
    from_hex("80 35 00 00 00 00 00 1a 00 01 04 06 8e 36 06 44 ac af 00 00 00 01 08 00");

// zeek__zeek/testing/btest/Traces/linux_dlt_sll2.pcap frame 1, first 24 octets. tshark:
// sll.etype 0x0800, sll.ifindex 1, sll.hatype 772 (loopback), sll.pkttype 0, sll.halen 6.
const std::vector<std::uint8_t> sll2_lo =
    from_hex("08 00 00 00 00 00 00 01 03 04 00 06 00 00 00 00 00 00 00 00 45 00 00 54");

TEST(LinuxSll2, DecodesHeader) {
  const auto v = linux_sll2::view::parse(bytes(sll2_ipv4));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->protocol(), 0x0800);
  EXPECT_EQ(v->ether_type(), ether_type::ipv4);
  EXPECT_EQ(v->reserved(), 0);
  EXPECT_EQ(v->interface_index(), 20);
  EXPECT_EQ(v->arphrd_type(), linux_sll::arphrd::ether);
  EXPECT_EQ(v->packet_type(), linux_sll::packet_type::outgoing);
  EXPECT_EQ(v->address_length(), 6);
  EXPECT_EQ(mac_address::from_bytes(v->address()), *mac_address::parse("d2:cf:c2:50:15:ea"));
  EXPECT_EQ(v->kind(), linux_sll::payload_kind::ether_type);
  EXPECT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(LinuxSll2, DecodesLlcAndOtherDevices) {
  const auto l = linux_sll2::view::parse(bytes(sll2_llc));
  ASSERT_TRUE(l);
  EXPECT_EQ(l->protocol(), 0x0004);
  EXPECT_EQ(l->kind(), linux_sll::payload_kind::llc);
  EXPECT_EQ(l->interface_index(), 3);
  EXPECT_EQ(l->packet_type(), linux_sll::packet_type::multicast);
  EXPECT_EQ(mac_address::from_bytes(l->address()), *mac_address::parse("e0:1c:fc:d3:b1:e1"));
  EXPECT_EQ(l->payload()[0], 0x42);

  const auto r = linux_sll2::view::parse(bytes(sll2_rarp));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ether_type(), ether_type::rarp);
  EXPECT_EQ(r->interface_index(), 26);
  EXPECT_EQ(r->packet_type(), linux_sll::packet_type::outgoing);

  const auto lo = linux_sll2::view::parse(bytes(sll2_lo));
  ASSERT_TRUE(lo);
  EXPECT_EQ(lo->arphrd_type(), linux_sll::arphrd::loopback);
  EXPECT_EQ(lo->interface_index(), 1);
  EXPECT_EQ(lo->packet_type(), linux_sll::packet_type::host);
}

TEST(LinuxSll2, HeaderWritesExpectedBytes) {
  const linux_sll2::header h{
      0x0800, 0, 20, linux_sll::arphrd::ether, 4, 6, {0xd2, 0xcf, 0xc2, 0x50, 0x15, 0xea, 0, 0}};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(sll2_ipv4.begin(), sll2_ipv4.begin() + 20));
}

TEST(LinuxSll2, RoundTrip) {
  for (const auto* f : {&sll2_ipv4, &sll2_llc, &sll2_rarp, &sll2_lo}) {
    const auto v = linux_sll2::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + 20));
    EXPECT_EQ(linux_sll2::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(LinuxSll2, TruncationSweep) {
  test::expect_truncation_sweep<linux_sll2::view>(sll2_ipv4, linux_sll2::header_len);
  const auto r = linux_sll2::view::parse(bytes(sll2_ipv4).first(19));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::linux_sll2, 20, 19, 0}));
}

TEST(LinuxSll2, NonzeroReservedIsReportedNotRejected) {
  auto b = sll2_ipv4;
  b[3] = 0x01;
  const auto v = linux_sll2::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->reserved(), 1);
}

TEST(LinuxSll2, NegativeInterfaceIndex) {
  auto b = sll2_ipv4;
  b[4] = b[5] = b[6] = b[7] = 0xff;
  EXPECT_EQ(linux_sll2::view::parse(bytes(b))->interface_index(), -1);
}

TEST(LinuxSll2, MutViewEdits) {
  auto b = sll2_lo;
  auto m = linux_sll2::mut_view::parse(mut_bytes(b));
  ASSERT_TRUE(m);
  m->set_interface_index(20);
  m->set_arphrd_type(linux_sll::arphrd::ether);
  m->set_packet_type(linux_sll::packet_type::outgoing);
  const auto mac = from_hex("d2 cf c2 50 15 ea");
  m->set_address(bytes(mac));
  m->set_protocol(0x0800);
  EXPECT_EQ(std::vector<std::uint8_t>(b.begin(), b.begin() + 20),
            std::vector<std::uint8_t>(sll2_ipv4.begin(), sll2_ipv4.begin() + 20));
}

TEST(LinuxSll2, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0008);
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  std::uniform_int_distribution<std::int32_t> i32;
  for (int i = 0; i < 300; ++i) {
    linux_sll2::header h;
    h.protocol = static_cast<std::uint16_t>(u16(rng));
    h.reserved = static_cast<std::uint16_t>(u16(rng));
    h.interface_index = i32(rng);
    h.arphrd_type = static_cast<linux_sll::arphrd>(u16(rng));
    h.packet_type = static_cast<std::uint8_t>(octet(rng));
    h.address_length = static_cast<std::uint8_t>(octet(rng));
    for (auto& o : h.address) {
      o = static_cast<std::uint8_t>(octet(rng));
    }
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = linux_sll2::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

} // namespace
} // namespace pktscope
