// `pktscope dump` DNS fields over TCP (dns_tcp_segments via packet_fields). Frames are
// hand-made, one stream 10.0.0.1:50000 -> 10.0.0.2:53; the expected values are what tshark
// 4.0 printed for the same frames written to a pcap (`tshark -o
// tcp.desegment_tcp_streams:FALSE -T fields -e dns.id`): frame 2 "[Continuation to #1]",
// frame 3 a retransmission, frame 4 a continuation that ends frame 1's message and starts
// another.

#include "dump/fields.hpp"

#include <pktscope/io/packet.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace pktscope;
using namespace pktscope::cli::dump;
using pktscope::test::from_hex;

// Ethernet, IPv4 (total length `ip_len`, protocol 6), TCP 50000 -> 53 (sequence number `seq`,
// ack 2000, ACK, window 8192), then `payload`; all in hex.
std::vector<std::uint8_t> segment(const std::string& ip_len, const std::string& seq,
                                  const std::string& payload) {
  return from_hex("020000000002020000000001"
                  "0800"
                  "4500" +
                  ip_len + "12344000" + "4006" + "0000" + "0a000001" + "0a000002" + "c3500035" +
                  seq + "000007d0" + "50102000" + "00000000" + payload);
}

TEST(DumpDnsTcp, OnlySegmentsWhereAMessageStartsShowDns) {
  // 1: length 40, then the first 12 octets (id 0x1234): the message ends at 1000 + 42.
  // 2: 14 octets inside it that would read as a header (id 0xffff).
  // 3: frame 1 again. 4: the message's last 14 octets, then a message of id 0xbeef.
  const std::vector<std::vector<std::uint8_t>> frames = {
      segment("0036", "000003e8", "0028123401000000000000000000"),
      segment("0036", "000003f6", "0010ffff81800001000000000000"),
      segment("0036", "000003e8", "0028123401000000000000000000"),
      segment("0046", "00000404",
              "0000000000000000000000000000"
              "000cbeef010000000000000000000000"),
  };
  const auto pf = std::make_unique<packet_fields>();
  const auto vals = std::make_unique<values>();
  pf->start_capture();
  std::vector<std::string> ids;
  std::uint64_t number = 0;
  for (const auto& f : frames) {
    packet pkt;
    pkt.data = f;
    pkt.original_len = static_cast<std::uint32_t>(f.size());
    pf->load(pkt, ++number, 0, 0);
    pf->collect(field::dns_id, *vals);
    ids.emplace_back(vals->empty() ? "" : (*vals)[0]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"0x1234", "", "", "0xbeef"}));
  // A new capture forgets the stream: frame 2 is then read from its first octets.
  pf->start_capture();
  packet pkt;
  pkt.data = frames[1];
  pkt.original_len = static_cast<std::uint32_t>(frames[1].size());
  pf->load(pkt, 1, 0, 0);
  pf->collect(field::dns_id, *vals);
  ASSERT_EQ(vals->size(), 1U);
  EXPECT_EQ((*vals)[0], "0xffff");
}

} // namespace
