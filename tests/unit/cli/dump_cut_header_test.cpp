// `pktscope dump` fields of a header the decoder refused (cli/dump/cut_header_fields.cpp).
// Frames are hand-made; the expected values are what tshark 4.0 printed (`tshark -T fields`)
// for the same frames written to a pcap, cut after each octet: a field shows once its octets
// and everything its dissector reads before it were captured.

#include "dump/fields.hpp"

#include <pktscope/io/packet.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace pktscope;
using namespace pktscope::cli::dump;
using pktscope::test::from_hex;

constexpr std::size_t eth = 14, ip4 = 20;

const std::string eth_hdr = "020000000002"
                            "020000000001"
                            "0800";
// IPv4 10.0.0.1 -> 10.0.0.2, id 0x1234, DF, TTL 64; protocol and total length per packet.
std::string ipv4_hdr(const std::string& total_length, const std::string& protocol) {
  return "4500" + total_length + "12344000" + "40" + protocol + "0000" + "0a000001" + "0a000002";
}
// UDP 3333 -> 4444, length 16, then 8 octets of payload.
const std::string udp_packet = "0d05115c00100000"
                               "0000000000000000";
// TCP 1111 -> 2222, seq 1000, ack 2000, data offset 8 (32 octets), SYN ACK, window 5840.
const std::string tcp_header = "045708ae000003e8000007d0"
                               "801216d000000000"
                               "000000000000000000000000";

/// The values of `fields` in the frame `bytes` cut after `captured` octets, joined by ','
/// within a field and '|' between fields.
std::string fields_of(std::vector<std::uint8_t> bytes, std::size_t captured,
                      std::initializer_list<field> fields) {
  const auto wire_len = static_cast<std::uint32_t>(bytes.size());
  bytes.resize(captured);
  packet pkt;
  pkt.data = bytes;
  pkt.original_len = wire_len;
  const auto pf = std::make_unique<packet_fields>();
  pf->load(pkt, 1, 0, 0);
  const auto vals = std::make_unique<values>();
  std::string out;
  bool first_field = true;
  for (const field f : fields) {
    if (!first_field) {
      out += '|';
    }
    first_field = false;
    pf->collect(f, *vals);
    for (std::size_t i = 0; i < vals->size(); ++i) {
      if (i != 0) {
        out += ',';
      }
      out.append((*vals)[i]);
    }
  }
  return out;
}

std::vector<std::uint8_t> udp_frame() {
  return from_hex(eth_hdr + ipv4_hdr("0024", "11") + udp_packet);
}

TEST(DumpCutHeader, UdpPortsFromFourOctetsLengthFromSix) {
  const auto f = {field::udp_srcport, field::udp_dstport, field::udp_length};
  EXPECT_EQ(fields_of(udp_frame(), eth + ip4 + 3, f), "||");
  EXPECT_EQ(fields_of(udp_frame(), eth + ip4 + 4, f), "3333|4444|");
  EXPECT_EQ(fields_of(udp_frame(), eth + ip4 + 6, f), "3333|4444|16");
}

TEST(DumpCutHeader, UdpLengthBelowEightStillShowsTheHeader) {
  for (const int len : {0, 4, 7}) {
    auto frame = udp_frame();
    frame[eth + ip4 + 5] = static_cast<std::uint8_t>(len);
    EXPECT_EQ(
        fields_of(frame, frame.size(), {field::udp_srcport, field::udp_dstport, field::udp_length}),
        "3333|4444|" + std::to_string(len));
  }
}

std::vector<std::uint8_t> tcp_frame() {
  return from_hex(eth_hdr + ipv4_hdr("0034", "06") + tcp_header);
}

TEST(DumpCutHeader, TcpFixedFieldsOnceSixteenOctetsAreThere) {
  const auto f = {field::tcp_srcport, field::tcp_dstport,           field::tcp_seq_raw,
                  field::tcp_ack_raw, field::tcp_window_size_value, field::tcp_flags,
                  field::tcp_hdr_len};
  EXPECT_EQ(fields_of(tcp_frame(), eth + ip4 + 3, f), "||||||");
  EXPECT_EQ(fields_of(tcp_frame(), eth + ip4 + 15, f), "1111|2222|||||");
  EXPECT_EQ(fields_of(tcp_frame(), eth + ip4 + 16, f), "1111|2222|1000|2000|5840|0x0012|32");
  EXPECT_EQ(fields_of(tcp_frame(), eth + ip4 + 31, f), "1111|2222|1000|2000|5840|0x0012|32");
}

TEST(DumpCutHeader, TcpDataOffsetBelowFiveEndsAtTheHeaderLength) {
  auto frame = tcp_frame();
  frame[eth + ip4 + 12] = 0x40; // 16 octets
  EXPECT_EQ(fields_of(frame, frame.size(),
                      {field::tcp_srcport, field::tcp_seq_raw, field::tcp_hdr_len, field::tcp_flags,
                       field::tcp_window_size_value}),
            "1111|1000|16||");
}

TEST(DumpCutHeader, Ipv4FieldsInTheOrderTheDissectorReadsThem) {
  const auto f = {field::ip_version, field::ip_hdr_len,  field::ip_len,
                  field::ip_id,      field::ip_flags_df, field::ip_ttl,
                  field::ip_proto,   field::ip_src,      field::ip_dst};
  EXPECT_EQ(fields_of(udp_frame(), eth + 1, f), "4|20|||||||");
  EXPECT_EQ(fields_of(udp_frame(), eth + 6, f), "4|20|36|0x1234|||||");
  EXPECT_EQ(fields_of(udp_frame(), eth + 10, f), "4|20|36|0x1234|1|64|17||");
  EXPECT_EQ(fields_of(udp_frame(), eth + 19, f), "4|20|36|0x1234|1|64|17|10.0.0.1|");
}

TEST(DumpCutHeader, Ipv4BadLengthsEndTheHeader) {
  auto short_ihl = udp_frame();
  short_ihl[eth] = 0x44; // 16 octets
  EXPECT_EQ(fields_of(short_ihl, short_ihl.size(),
                      {field::ip_version, field::ip_hdr_len, field::ip_len, field::ip_src}),
            "4|16||");
  auto short_total = udp_frame();
  short_total[eth + 3] = 10; // total length 10 < header length 20
  EXPECT_EQ(fields_of(short_total, short_total.size(),
                      {field::ip_version, field::ip_hdr_len, field::ip_len, field::ip_src}),
            "4|20|10|");
}

TEST(DumpCutHeader, Ipv4DestinationWaitsForTheOptionSearch) {
  // Header length 28: seven No Operation options, then End of Option List.
  auto frame = from_hex(eth_hdr + "4700002c12344000" + "40110000" + "0a000001" + "0a000002" +
                        "0101010101010100" + udp_packet);
  const auto f = {field::ip_hdr_len, field::ip_src, field::ip_dst};
  EXPECT_EQ(fields_of(frame, eth + 27, f), "28|10.0.0.1|");
  EXPECT_EQ(fields_of(frame, eth + 28, f), "28|10.0.0.1|10.0.0.2");
  frame[eth + ip4] = 0; // End of Option List first: the search ends at once
  EXPECT_EQ(fields_of(frame, eth + 21, f), "28|10.0.0.1|10.0.0.2");
}

TEST(DumpCutHeader, Ipv6FieldsWithinTheCapturedOctets) {
  // IPv6 2001:db8::1 -> 2001:db8::2, payload length 8, next header 17, hop limit 64.
  const auto frame = from_hex("020000000002020000000001"
                              "86dd"
                              "6000000000081140"
                              "20010db8000000000000000000000001"
                              "20010db8000000000000000000000002" +
                              udp_packet.substr(0, 16));
  const auto f = {field::ip_version, field::ipv6_plen, field::ipv6_nxt,
                  field::ipv6_hlim,  field::ipv6_src,  field::ipv6_dst};
  EXPECT_EQ(fields_of(frame, eth + 5, f), "6|||||");
  EXPECT_EQ(fields_of(frame, eth + 39, f), "6|8|17|64|2001:db8::1|");
}

TEST(DumpCutHeader, Ipv6HeaderAnnouncedAsIpv4ShowsBothVersions) {
  // EtherType IPv4, version nibble 6: tshark's ip dissector hands it to ipv6.
  const auto frame = from_hex(eth_hdr + "6000000000081140" + "20010db8000000000000000000000001");
  EXPECT_EQ(fields_of(frame, frame.size(),
                      {field::ip_version, field::ip_hdr_len, field::ipv6_plen, field::ipv6_src}),
            "6,6||8|2001:db8::1");
}

} // namespace
