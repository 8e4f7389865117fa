// decoded_packet::cut_header(): the header the decoder stopped at because the capture cut it
// short or it contradicts itself, with its captured octets. Frames are hand-made: Ethernet II
// (14 octets), IPv4 without options (20), UDP (8) with 8 octets of payload.

#include "decode_fixture.hpp"

#include <pktscope/decode/decoded_packet.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

namespace {

using namespace pktscope;
using namespace pktscope::test;

constexpr std::size_t eth = 14, ip4 = 20, udp_at = eth + ip4;

// 02:00:00:00:00:02 <- 02:00:00:00:00:01, IPv4 10.0.0.1 -> 10.0.0.2 (total length 36, UDP),
// UDP 3333 -> 4444, length 16, checksum 0, payload zero.
const std::string eth_ipv4_udp = "020000000002"
                                 "020000000001"
                                 "0800"
                                 "4500002412344000"
                                 "40110000"
                                 "0a000001"
                                 "0a000002"
                                 "0d05115c00100000"
                                 "0000000000000000";

TEST(CutHeader, NoneForACompletePacket) {
  const frame f(link_type::ethernet, eth_ipv4_udp);
  EXPECT_EQ(f.decode().cut_header().id, layer_id::none);
}

TEST(CutHeader, HeaderCutByTheCaptureKeepsItsCapturedOctets) {
  frame f(link_type::ethernet, eth_ipv4_udp);
  f.data.resize(udp_at + 4); // the ports only
  const auto p = f.decode();
  const cut_header h = p.cut_header();
  EXPECT_EQ(h.id, layer_id::udp);
  ASSERT_EQ(h.captured.size(), 4U);
  EXPECT_EQ(h.captured.data(), f.data.data() + udp_at);
}

TEST(CutHeader, HeaderContradictingItselfSpansItsDatagram) {
  frame f(link_type::ethernet, eth_ipv4_udp);
  f.data[udp_at + 5] = 0; // UDP length 0 (below the 8-octet header, RFC 768)
  const auto p = f.decode();
  const cut_header h = p.cut_header();
  EXPECT_EQ(h.id, layer_id::udp);
  ASSERT_EQ(h.captured.size(), 16U); // to the end of the IPv4 datagram (total length 36)
  EXPECT_EQ(h.captured.data(), f.data.data() + udp_at);
}

TEST(CutHeader, NoneWhenNoOctetOfTheHeaderWasCaptured) {
  frame f(link_type::ethernet, eth_ipv4_udp);
  f.data.resize(udp_at);
  const auto p = f.decode();
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.cut_header().id, layer_id::none);
}

TEST(CutHeader, NoneForEthernet) {
  frame f(link_type::ethernet, eth_ipv4_udp);
  f.data.resize(8); // tshark's Ethernet dissector shows nothing of a cut header
  const auto p = f.decode();
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.stopped->layer, layer_id::ethernet);
  EXPECT_EQ(p.cut_header().id, layer_id::none);
}

TEST(CutHeader, CutIpv4HeaderEndsAtTheCapture) {
  frame f(link_type::ethernet, eth_ipv4_udp);
  f.data.resize(eth + 10);
  const auto p = f.decode();
  const cut_header h = p.cut_header();
  EXPECT_EQ(h.id, layer_id::ipv4);
  EXPECT_EQ(h.captured.size(), 10U);
}

} // namespace
