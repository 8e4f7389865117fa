// dns_tcp_segments on hand-made segment summaries. The expected roles follow tshark's rules
// (sequence analysis and PDU tracking without reassembly), with sequence numbers and lengths
// worked out by hand; the first case has the shape of zeek's dns/tkey.pcap (a 3245-octet
// message over segments of 1460, 1460 and 327 octets).

#include <pktscope/analysis/dns_tcp_segments.hpp>

#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/tcp.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using role = dns_tcp_segment::role;

constexpr auto syn = static_cast<std::uint16_t>(tcp::flag::syn);
constexpr auto ack = static_cast<std::uint16_t>(tcp::flag::ack);

// A TCP segment from 192.0.2.1:port to 192.0.2.2:53 whose payload is `payload`.
struct segment {
  std::vector<std::uint8_t> payload;
  decoded_packet d;

  segment(std::uint32_t seq, std::vector<std::uint8_t> data, std::uint16_t port = 50000,
          std::uint16_t flags = ack)
      : payload(std::move(data)) {
    d.reset(payload, link_type::raw);
    d.ip_version = 4;
    d.src_addr = {192, 0, 2, 1};
    d.dst_addr = {192, 0, 2, 2};
    d.transport = layer_id::tcp;
    d.src_port = port;
    d.dst_port = 53;
    d.tcp_seq = seq;
    d.tcp_flags = flags;
    d.l4_payload_offset = 0;
    d.l4_payload_len = static_cast<std::uint32_t>(payload.size());
  }
};

// `len` octets that start with the length prefix `prefix`.
std::vector<std::uint8_t> prefixed(std::uint16_t prefix, std::size_t len) {
  std::vector<std::uint8_t> b(len, 0xab);
  b[0] = static_cast<std::uint8_t>(prefix >> 8);
  b[1] = static_cast<std::uint8_t>(prefix & 0xff);
  return b;
}

TEST(DnsTcpSegments, MessageOverThreeSegments) {
  dns_tcp_segments t;
  // 2 + 3245 = 3247 octets from seq 1000: the message ends at 4247.
  EXPECT_EQ(t.add(segment(1000, prefixed(3245, 1460)).d).kind, role::message);
  EXPECT_EQ(t.add(segment(2460, std::vector<std::uint8_t>(1460, 0xf6)).d).kind, role::continuation);
  EXPECT_EQ(t.add(segment(3920, std::vector<std::uint8_t>(327, 0x8a)).d).kind, role::continuation);
  const auto next = t.add(segment(4247, prefixed(10, 12)).d);
  EXPECT_EQ(next.kind, role::message);
  EXPECT_EQ(next.message_offset, 0U);
}

TEST(DnsTcpSegments, NextMessageInsideTheSegmentThatEndsOne) {
  dns_tcp_segments t;
  // 2 + 98 = 100 octets from seq 0; the first segment holds 50 of them, the second the other
  // 50 and a second message's first 30.
  EXPECT_EQ(t.add(segment(0, prefixed(98, 50)).d).kind, role::message);
  const auto s = t.add(segment(50, std::vector<std::uint8_t>(80, 0)).d);
  EXPECT_EQ(s.kind, role::message);
  EXPECT_EQ(s.message_offset, 50U);
}

TEST(DnsTcpSegments, SecondMessageOfASegmentIsTracked) {
  dns_tcp_segments t;
  // A whole 2 + 10 octet message, then a 2 + 40 octet one of which 8 octets are here: it
  // ends at 1000 + 12 + 42 = 1054.
  auto data = prefixed(10, 20);
  data[12] = 0;
  data[13] = 40;
  EXPECT_EQ(t.add(segment(1000, data).d).kind, role::message);
  EXPECT_EQ(t.add(segment(1020, std::vector<std::uint8_t>(34, 1)).d).kind, role::continuation);
  EXPECT_EQ(t.add(segment(1054, prefixed(10, 12)).d).kind, role::message);
}

TEST(DnsTcpSegments, RetransmissionAndKeepAlive) {
  dns_tcp_segments t;
  EXPECT_EQ(t.add(segment(5000, prefixed(44, 46)).d).kind, role::message);
  // The same sequence number again (PcapPlusPlus dns_over_tcp.pcapng frames 1 and 4).
  EXPECT_EQ(t.add(segment(5000, prefixed(44, 46)).d).kind, role::retransmission);
  // Starting inside data already seen, even when it also brings new octets.
  EXPECT_EQ(t.add(segment(5040, prefixed(10, 20)).d).kind, role::retransmission);
  // Next sequence number is now 5060: one octet at 5059 is a keep-alive, not a retransmission.
  EXPECT_NE(t.add(segment(5059, {0}).d).kind, role::retransmission);
  // Another client port is another stream.
  EXPECT_EQ(t.add(segment(5000, prefixed(44, 46), 50001).d).kind, role::message);
}

TEST(DnsTcpSegments, SynStartsAConnectionAfresh) {
  dns_tcp_segments t;
  EXPECT_EQ(t.add(segment(9000, prefixed(98, 50)).d).kind, role::message);
  // A new connection on the same ports, ISN 100: its data starts at 101.
  EXPECT_EQ(t.add(segment(100, {}, 50000, syn).d).kind, role::message);
  EXPECT_EQ(t.add(segment(101, prefixed(10, 12)).d).kind, role::message);
  EXPECT_EQ(t.add(segment(101, prefixed(10, 12)).d).kind, role::retransmission);
}

TEST(DnsTcpSegments, SequenceNumbersWrap) {
  dns_tcp_segments t;
  // 2 + 98 octets from 2^32 - 20: the message ends at 80 after the wrap.
  EXPECT_EQ(t.add(segment(0xffffffecU, prefixed(98, 40)).d).kind, role::message);
  EXPECT_EQ(t.add(segment(20, std::vector<std::uint8_t>(60, 0)).d).kind, role::continuation);
  EXPECT_EQ(t.add(segment(80, prefixed(10, 12)).d).kind, role::message);
  EXPECT_EQ(t.add(segment(0xfffffff0U, prefixed(10, 12)).d).kind, role::retransmission);
}

TEST(DnsTcpSegments, FullSetForgetsTheStreamUsedLongestAgo) {
  dns_tcp_segments t(4); // one set of four directions
  for (std::uint16_t port = 1; port <= 5; ++port) {
    EXPECT_EQ(t.add(segment(100, prefixed(10, 12), port).d).kind, role::message);
  }
  // Port 1 was forgotten for port 5, so its repeat looks new (and takes port 2's place);
  // port 3 is still known.
  EXPECT_EQ(t.add(segment(100, prefixed(10, 12), 1).d).kind, role::message);
  EXPECT_EQ(t.add(segment(100, prefixed(10, 12), 3).d).kind, role::retransmission);
  t.clear();
  EXPECT_EQ(t.add(segment(100, prefixed(10, 12), 3).d).kind, role::message);
}

} // namespace
} // namespace pktscope
