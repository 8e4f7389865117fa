#include <pktscope/proto/arp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/ArpRequestPacket.pcap frame 1 from
// offset 14. tshark: arp.hw.type 1, arp.proto.type 0x0800, arp.hw.size 6, arp.proto.size 4,
// arp.opcode 1, arp.src.hw_mac 6c:f0:49:b2:de:6e, arp.src.proto_ipv4 10.0.0.1,
// arp.dst.hw_mac 00:00:00:00:00:00, arp.dst.proto_ipv4 10.0.0.138.
const std::vector<std::uint8_t> request = from_hex("00 01 08 00 06 04 00 01 6c f0 49 b2 de 6e"
                                                   "0a 00 00 01 00 00 00 00 00 00 0a 00 00 8a");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/ArpResponsePacket.pcap frame 1 from
// offset 14 (60-octet frame: 18 octets of trailer). tshark: arp.opcode 2, arp.src.hw_mac
// 30:46:9a:23:fb:fa, arp.src.proto_ipv4 10.0.0.138, arp.dst.hw_mac 6c:f0:49:b2:de:6e,
// arp.dst.proto_ipv4 10.0.0.1.
const std::vector<std::uint8_t> reply = from_hex("00 01 08 00 06 04 00 02 30 46 9a 23 fb fa"
                                                 "0a 00 00 8a 6c f0 49 b2 de 6e 0a 00 00 01"
                                                 "74 20 66 72 6f 6d 20 62 72 69 64 67 65 00"
                                                 "37 00 3d 20");

// the-tcpdump-group__libpcap/tests/filter/arcnet-rfc1201-arp-icmp-http.pcap frame 1 from
// offset 8 (after the Linux ARCNET header). tshark: arp.hw.type 7 (ARCNET), arp.proto.type
// 0x0800, arp.hw.size 1, arp.proto.size 4, arp.opcode 1, arp.src.hw be,
// arp.src.proto_ipv4 10.80.131.1, arp.dst.hw 00, arp.dst.proto_ipv4 10.80.131.254.
const std::vector<std::uint8_t> arcnet =
    from_hex("00 07 08 00 01 04 00 01 be 0a 50 83 01 00 0a 50 83 fe");

TEST(Arp, DecodesEthernetIpv4Request) {
  const auto v = arp::view::parse(bytes(request));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->htype(), arp::hardware_type::ethernet);
  EXPECT_EQ(v->ptype(), 0x0800);
  EXPECT_EQ(v->hlen(), 6);
  EXPECT_EQ(v->plen(), 4);
  EXPECT_EQ(v->oper(), arp::operation::request);
  ASSERT_TRUE(v->is_ethernet_ipv4());
  EXPECT_EQ(v->sender_mac(), *mac_address::parse("6c:f0:49:b2:de:6e"));
  EXPECT_EQ(v->sender_ipv4(), *ipv4_address::parse("10.0.0.1"));
  EXPECT_EQ(v->target_mac(), *mac_address::parse("00:00:00:00:00:00"));
  EXPECT_EQ(v->target_ipv4(), *ipv4_address::parse("10.0.0.138"));
  EXPECT_EQ(v->declared_len(), 28U);
  EXPECT_TRUE(v->trailer().empty());
}

TEST(Arp, DecodesReplyWithTrailer) {
  const auto v = arp::view::parse(bytes(reply));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->oper(), arp::operation::reply);
  EXPECT_EQ(v->sender_mac(), *mac_address::parse("30:46:9a:23:fb:fa"));
  EXPECT_EQ(v->sender_ipv4(), *ipv4_address::parse("10.0.0.138"));
  EXPECT_EQ(v->target_mac(), *mac_address::parse("6c:f0:49:b2:de:6e"));
  EXPECT_EQ(v->target_ipv4(), *ipv4_address::parse("10.0.0.1"));
  EXPECT_EQ(v->trailer().size(), 18U);
  EXPECT_EQ(v->captured_len(), 46U);
}

TEST(Arp, DecodesOtherAddressSizes) {
  const auto v = arp::view::parse(bytes(arcnet));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->htype(), arp::hardware_type::arcnet);
  EXPECT_EQ(v->hlen(), 1);
  EXPECT_EQ(v->plen(), 4);
  EXPECT_FALSE(v->is_ethernet_ipv4());
  ASSERT_EQ(v->sender_hw().size(), 1U);
  EXPECT_EQ(v->sender_hw()[0], 0xbe);
  EXPECT_EQ(ipv4_address::from_bytes(v->sender_proto()), *ipv4_address::parse("10.80.131.1"));
  ASSERT_EQ(v->target_hw().size(), 1U);
  EXPECT_EQ(v->target_hw()[0], 0x00);
  EXPECT_EQ(ipv4_address::from_bytes(v->target_proto()), *ipv4_address::parse("10.80.131.254"));
  EXPECT_EQ(v->declared_len(), 18U);
}

TEST(Arp, ZeroLengthAddressesAreLegal) {
  const auto b = from_hex("00 01 08 00 00 00 00 01");
  const auto v = arp::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->sender_hw().empty());
  EXPECT_TRUE(v->target_proto().empty());
}

TEST(Arp, HeaderWritesExpectedBytes) {
  const auto sha = from_hex("6c f0 49 b2 de 6e");
  const auto spa = from_hex("0a 00 00 01");
  const auto tha = from_hex("00 00 00 00 00 00");
  const auto tpa = from_hex("0a 00 00 8a");
  const arp::header h{arp::hardware_type::ethernet,
                      0x0800,
                      6,
                      4,
                      arp::operation::request,
                      bytes(sha),
                      bytes(spa),
                      bytes(tha),
                      bytes(tpa)};
  ASSERT_EQ(h.size(), arp::ethernet_ipv4_len);
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, request);
}

TEST(Arp, RoundTrip) {
  for (const auto* f : {&request, &reply, &arcnet}) {
    const auto v = arp::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + static_cast<long>(h.size())));
    EXPECT_EQ(arp::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(Arp, TruncationSweep) {
  test::expect_truncation_sweep<arp::view>(request, request.size());
  test::expect_truncation_sweep<arp::view>(arcnet, arcnet.size());
}

TEST(Arp, TruncationReportsFixedAndDeclaredLengths) {
  const auto a = arp::view::parse(bytes(request).first(7));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), (error{errc::truncated, layer_id::arp, 8, 7, 0}));
  const auto b = arp::view::parse(bytes(request).first(27));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), (error{errc::truncated, layer_id::arp, 28, 27, 0}));
}

TEST(Arp, MutViewEdits) {
  auto b = request;
  auto m = arp::mut_view::parse(mut_bytes(b));
  ASSERT_TRUE(m);
  m->set_oper(arp::operation::reply);
  const auto sha = from_hex("30 46 9a 23 fb fa");
  const auto spa = from_hex("0a 00 00 8a");
  const auto tha = from_hex("6c f0 49 b2 de 6e");
  const auto tpa = from_hex("0a 00 00 01");
  m->set_sender_hw(bytes(sha));
  m->set_sender_proto(bytes(spa));
  m->set_target_hw(bytes(tha));
  m->set_target_proto(bytes(tpa));
  EXPECT_EQ(b, std::vector<std::uint8_t>(reply.begin(), reply.begin() + 28));
  EXPECT_FALSE(arp::mut_view::parse(mut_bytes(b).first(20)));
}

TEST(Arp, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed000a);
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  std::uniform_int_distribution<int> len(0, 20);
  for (int i = 0; i < 300; ++i) {
    const auto hlen = static_cast<std::uint8_t>(len(rng));
    const auto plen = static_cast<std::uint8_t>(len(rng));
    std::vector<std::uint8_t> addr(2 * (std::size_t{hlen} + plen));
    for (auto& o : addr) {
      o = static_cast<std::uint8_t>(octet(rng));
    }
    const bytes a(addr);
    const arp::header h{static_cast<arp::hardware_type>(u16(rng)),
                        static_cast<std::uint16_t>(u16(rng)),
                        hlen,
                        plen,
                        static_cast<arp::operation>(u16(rng)),
                        a.subspan(0, hlen),
                        a.subspan(hlen, plen),
                        a.subspan(std::size_t{hlen} + plen, hlen),
                        a.subspan(2 * std::size_t{hlen} + plen, plen)};
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = arp::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

TEST(Arp, Describes) {
  EXPECT_EQ(arp::describe(arp::operation::request), "request");
  EXPECT_EQ(arp::describe(arp::operation::reply), "reply");
  EXPECT_EQ(arp::describe(arp::hardware_type::ethernet), "Ethernet");
  EXPECT_TRUE(arp::describe(static_cast<arp::operation>(77)).empty());
}

} // namespace
} // namespace pktscope
