// Decoder step of OpenFlow 1.3 over TCP: the message header is a layer, and the frame a
// Packet-In or Packet-Out carries is entered as a tunnel. Corpus frames with tshark's reading,
// and messages hand-built from the OpenFlow Switch Specification 1.3.x (§A.1, §A.3.7, §A.4.1)
// around frames made by the builder.

#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>

#include "corpus_frames.hpp"
#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using bytes_vec = std::vector<std::uint8_t>;
using test::addr;
using test::depths;
using test::frame;
using test::ids;

bytes_vec cat(bytes_vec a, const bytes_vec& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// An Ethernet frame with IPv4/UDP 10.0.0.1:3000 -> 10.0.0.2:4000 and 4 octets of data.
bytes_vec carried_frame() {
  const std::vector<std::uint8_t> data = {'p', 'k', 't', 's'};
  return build::ethernet(*mac_address::parse("02:00:00:00:00:01"),
                         *mac_address::parse("02:00:00:00:00:02"))
      .ipv4(*ipv4_address::parse("10.0.0.1"), *ipv4_address::parse("10.0.0.2"))
      .udp(3000, 4000)
      .payload(bytes(data))
      .to_vector();
}

/// §A.1 header: version, type, length (of the message), xid 7.
bytes_vec of_header(std::uint8_t version, std::uint8_t type, std::size_t length) {
  return {version,
          type,
          static_cast<std::uint8_t>(length >> 8),
          static_cast<std::uint8_t>(length),
          0,
          0,
          0,
          7};
}

/// §A.4.1 Packet-In: buffer_id none, total_len, reason 0, table 0, cookie 0, an empty OXM match
/// (type 1, length 4, 4 octets of padding), 2 pad octets, then `data`.
bytes_vec packet_in(const bytes_vec& data, std::uint8_t match_length = 4) {
  const auto n = static_cast<std::uint8_t>(data.size());
  const bytes_vec body = {0xff, 0xff, 0xff, 0xff,         0, n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                          0,    1,    0,    match_length, 0, 0, 0, 0, 0, 0};
  return cat(cat(of_header(4, 10, 8 + body.size() + data.size()), body), data);
}

/// §A.3.7 Packet-Out: buffer_id, in_port 1, no actions, 6 pad octets, then `data`.
bytes_vec packet_out(const bytes_vec& data, std::uint32_t buffer_id = 0xffffffff) {
  const bytes_vec body = {static_cast<std::uint8_t>(buffer_id >> 24),
                          static_cast<std::uint8_t>(buffer_id >> 16),
                          static_cast<std::uint8_t>(buffer_id >> 8),
                          static_cast<std::uint8_t>(buffer_id),
                          0,
                          0,
                          0,
                          1,
                          0,
                          0,
                          0,
                          0,
                          0,
                          0,
                          0,
                          0};
  return cat(cat(of_header(4, 13, 8 + body.size() + data.size()), body), data);
}

/// Raw IPv4/TCP from sport to dport carrying `payload`.
frame over_tcp(std::uint16_t sport, std::uint16_t dport, const bytes_vec& payload) {
  return {link_type::raw,
          build::raw()
              .ipv4(*ipv4_address::parse("192.0.2.1"), *ipv4_address::parse("198.51.100.2"))
              .tcp(sport, dport)
              .payload(bytes(payload))
              .to_vector()};
}

const std::vector<L> inner_udp = {L::ipv4, L::tcp, L::openflow, L::ethernet, L::ipv4, L::udp};

TEST(DecodeOpenflow, CorpusPacketOutCarriesAFrame) {
  // tshark: OpenFlow 1.3 OFPT_PACKET_OUT, length 100, actions length 16; the data is an
  // Ethernet frame with IPv4 192.168.1.1 -> 192.168.1.2, UDP 1234 -> 5678, length 16.
  const frame f(link_type::ethernet, test::corpus::openflow_packet_out_udp);
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::tcp, L::openflow, L::ethernet, L::ipv4,
                                    L::udp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(p.layers[3].offset, 66U); // 14 + 20 + 32
  EXPECT_EQ(p.layers[3].length, 100U);
  EXPECT_EQ(p.layers[4].offset, 66U + 24U + 16U); // fixed fields, then 16 octets of actions
  EXPECT_EQ(addr(p.src_address()), "192.168.1.1");
  EXPECT_EQ(addr(p.dst_address()), "192.168.1.2");
  EXPECT_EQ(p.src_port, 1234);
  EXPECT_EQ(p.dst_port, 5678);
  EXPECT_FALSE(p.stopped.has_value());
  EXPECT_TRUE(p.anomalies.empty()); // the 10 octets after the inner datagram pad it to 60
}

TEST(DecodeOpenflow, CorpusPacketInCarriesAFrame) {
  // tshark: OFPT_PACKET_IN, length 182, match length 93 (padded to 96); the same frame.
  const frame f(link_type::ethernet, test::corpus::openflow_packet_in_udp);
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::tcp, L::openflow, L::ethernet, L::ipv4,
                                    L::udp}));
  EXPECT_EQ(p.layers[3].length, 182U);
  EXPECT_EQ(p.layers[4].offset, 66U + 24U + 96U + 2U);
  EXPECT_EQ(addr(p.src_address()), "192.168.1.1");
  EXPECT_EQ(p.dst_port, 5678);
  EXPECT_FALSE(p.stopped.has_value());
}

TEST(DecodeOpenflow, EveryPortAndDirection) {
  for (const auto& [sport, dport] : {std::pair<std::uint16_t, std::uint16_t>{40000, 6653},
                                     {6653, 40000},
                                     {6633, 40000},
                                     {40000, 6634}}) {
    const auto p = over_tcp(sport, dport, packet_in(carried_frame())).decode();
    EXPECT_EQ(ids(p), inner_udp) << sport << " -> " << dport;
    EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  }
  const auto other = over_tcp(40000, 6654, packet_in(carried_frame())).decode();
  EXPECT_EQ(ids(other), (std::vector<L>{L::ipv4, L::tcp}));
}

TEST(DecodeOpenflow, MessagesWithoutAFrameAreOneLayer) {
  // A Packet-Out naming a buffered frame (buffer_id 5) carries none; an echo request (type 2)
  // never does.
  const auto buffered = over_tcp(6653, 40000, packet_out({}, 5)).decode();
  EXPECT_EQ(ids(buffered), (std::vector<L>{L::ipv4, L::tcp, L::openflow}));
  const auto echo = over_tcp(40000, 6653, of_header(4, 2, 8)).decode();
  EXPECT_EQ(ids(echo), (std::vector<L>{L::ipv4, L::tcp, L::openflow}));
  EXPECT_FALSE(echo.stopped.has_value());
  const auto out = over_tcp(6653, 40000, packet_out(carried_frame())).decode();
  EXPECT_EQ(ids(out), inner_udp);
}

TEST(DecodeOpenflow, OnlyAWholeFirstMessageOfVersion13IsRead) {
  const bytes_vec in = packet_in(carried_frame());
  // OpenFlow 1.0 (version 1): not read.
  bytes_vec v1 = in;
  v1[0] = 1;
  EXPECT_EQ(ids(over_tcp(40000, 6653, v1).decode()), (std::vector<L>{L::ipv4, L::tcp}));
  // The message continues in the next segment.
  const bytes_vec first_part(in.begin(), in.end() - 1);
  EXPECT_EQ(ids(over_tcp(40000, 6653, first_part).decode()), (std::vector<L>{L::ipv4, L::tcp}));
  // An echo request before the Packet-In: only the first message is read.
  const auto two = over_tcp(40000, 6653, cat(of_header(4, 2, 8), in)).decode();
  EXPECT_EQ(ids(two), (std::vector<L>{L::ipv4, L::tcp, L::openflow}));
  EXPECT_EQ(two.layers[2].length, 8U);
  // A message after the Packet-In is not part of its frame.
  const auto then_echo = over_tcp(40000, 6653, cat(in, of_header(4, 2, 8))).decode();
  EXPECT_EQ(ids(then_echo), inner_udp);
  EXPECT_EQ(then_echo.layers[3].end, then_echo.layers[2].offset + in.size());
  // follow_tunnels off: the segment stays payload.
  decode_options no_tunnels;
  no_tunnels.follow_tunnels = false;
  EXPECT_EQ(ids(over_tcp(40000, 6653, in).decode(no_tunnels)), (std::vector<L>{L::ipv4, L::tcp}));
}

TEST(DecodeOpenflow, ABrokenPacketInStopsWithoutFailingTheFrame) {
  // Match length 2: shorter than the match's own type and length fields.
  decode_options strict;
  strict.strict = true;
  bool ok = false;
  const auto p = over_tcp(40000, 6653, packet_in(carried_frame(), 2)).decode(strict, &ok);
  EXPECT_TRUE(ok); // found by port only: never fatal
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::tcp, L::openflow}));
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.stopped->code, errc::malformed);
  EXPECT_EQ(p.stopped->layer, L::openflow);
  EXPECT_TRUE(p.anomalies.empty());
}

} // namespace
} // namespace pktscope
