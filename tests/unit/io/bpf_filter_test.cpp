// bpf_filter: libpcap expressions over packets from the corpus; expected matches
// follow from each packet's decoded content (tcpdump -nn output quoted per packet).

#include <pktscope/io/bpf_filter.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// kbandla__dpkt/examples/data/dns_icmp.pcap, packet 1:
// IP 192.168.43.9.51677 > 192.168.43.1.53: 21134+ PTR? 8.8.8.8.in-addr.arpa. (38)
const auto dns_query = from_hex(R"(
  02 1a 11 f0 c8 3b 60 33 4b 13 c5 58 08 00 45 00 00 42 d0 a6 00 00 40 11 d2 a9 c0 a8 2b 09
  c0 a8 2b 01 c9 dd 00 35 00 2e f2 68 52 8e 01 00 00 01 00 00 00 00 00 00 01 38 01 38 01 38
  01 38 07 69 6e 2d 61 64 64 72 04 61 72 70 61 00 00 0c 00 01)");

// kbandla__dpkt/examples/data/dns_icmp.pcap, packet 3:
// IP 192.168.43.9 > 8.8.8.8: ICMP echo request, id 55099, seq 0, length 64
const auto icmp_echo = from_hex(R"(
  02 1a 11 f0 c8 3b 60 33 4b 13 c5 58 08 00 45 00 00 54 26 ef 00 00 40 01 57 f9 c0 a8 2b 09
  08 08 08 08 08 00 bb b3 d7 3b 00 00 51 a7 d6 7d 00 04 51 e4 08 09 0a 0b 0c 0d 0e 0f 10 11
  12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f
  30 31 32 33 34 35 36 37)");

// kbandla__dpkt/examples/data/http.pcap, packet 1:
// IP 145.254.160.237.3372 > 65.208.228.223.80: Flags [S], seq 951057939, win 8760
const auto tcp_syn = from_hex(R"(
  fe ff 20 00 01 00 00 00 01 00 00 00 08 00 45 00 00 30 0f 41 40 00 80 06 91 eb 91 fe a0 ed
  41 d0 e4 df 0d 2c 00 50 38 af fe 13 00 00 00 00 70 02 22 38 c3 0c 00 00 02 04 05 b4 01 01
  04 02)");

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/raw_ip.pcap (LINKTYPE_RAW), packet 1:
// IP 10.0.0.1.55145 > 10.0.0.138.53: 26485+ A? crl.microsoft.com. (35)
const auto raw_dns = from_hex(R"(
  45 00 00 3f 21 c0 00 00 80 11 00 00 0a 00 00 01 0a 00 00 8a d7 69 00 35 00 2b 14 c7 67 75
  01 00 00 01 00 00 00 00 00 00 03 63 72 6c 09 6d 69 63 72 6f 73 6f 66 74 03 63 6f 6d 00 00
  01 00 01)");

packet make_packet(const std::vector<std::uint8_t>& data, link_type link = link_type::ethernet) {
  packet p;
  p.ts = 1'369'953'917'270'862'000;
  p.data = data;
  p.original_len = static_cast<std::uint32_t>(data.size());
  p.link = link;
  return p;
}

bpf_filter compiled(const std::string& expression, link_type link = link_type::ethernet) {
  std::string message;
  auto f = bpf_filter::compile(expression, link, 262144, &message);
  EXPECT_TRUE(f) << expression << ": " << message;
  return std::move(*f);
}

TEST(BpfFilter, ProtocolAndPortExpressions) {
  const auto dns = make_packet(dns_query);
  const auto icmp = make_packet(icmp_echo);
  const auto syn = make_packet(tcp_syn);
  auto udp53 = compiled("udp port 53");
  EXPECT_TRUE(udp53.matches(dns));
  EXPECT_FALSE(udp53.matches(icmp));
  EXPECT_FALSE(udp53.matches(syn));
  auto icmp_f = compiled("icmp or icmp6");
  EXPECT_FALSE(icmp_f.matches(dns));
  EXPECT_TRUE(icmp_f.matches(icmp));
  auto syn_f = compiled("tcp[tcpflags] & tcp-syn != 0");
  EXPECT_TRUE(syn_f.matches(syn));
  EXPECT_FALSE(syn_f.matches(dns));
  auto host = compiled("host 8.8.8.8");
  EXPECT_TRUE(host.matches(icmp));
  EXPECT_FALSE(host.matches(dns));
  auto tcp80 = compiled("tcp dst port 80 and src host 145.254.160.237");
  EXPECT_TRUE(tcp80.matches(syn));
}

TEST(BpfFilter, EmptyExpressionMatchesEverything) {
  auto all = compiled("");
  EXPECT_TRUE(all.matches(make_packet(dns_query)));
  EXPECT_TRUE(all.matches(make_packet(tcp_syn)));
}

TEST(BpfFilter, SyntaxErrorReportsLibpcapMessage) {
  std::string message;
  auto f = bpf_filter::compile("tcp port", link_type::ethernet, 262144, &message);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, errc::bad_format);
  EXPECT_FALSE(message.empty());
}

TEST(BpfFilter, OriginalLengthDrivesLessGreater) {
  // "greater N" is len >= N on the wire length: the ICMP frame is 98 bytes.
  auto p = make_packet(icmp_echo);
  EXPECT_TRUE(compiled("greater 98").matches(p));
  EXPECT_FALSE(compiled("greater 99").matches(p));
  p.original_len = 1500; // snaplen-cut record of a longer frame
  EXPECT_TRUE(compiled("greater 99").matches(p));
}

TEST(BpfFilter, ReadsBeyondCapturedBytesDoNotMatch) {
  // Cut after the IPv4 header: the UDP port lies beyond the captured bytes.
  const std::vector<std::uint8_t> cut(dns_query.begin(), dns_query.begin() + 34);
  auto p = make_packet(cut);
  p.original_len = static_cast<std::uint32_t>(dns_query.size());
  EXPECT_FALSE(compiled("udp port 53").matches(p));
  EXPECT_TRUE(compiled("udp").matches(p)); // the protocol byte was captured
}

TEST(BpfFilter, CompilesLazilyPerLinkType) {
  auto f = compiled("udp port 53", link_type::ethernet);
  EXPECT_TRUE(f.matches(make_packet(dns_query)));
  // The same bytes without Ethernet header read as raw IP need a second program.
  EXPECT_TRUE(f.matches(make_packet(raw_dns, link_type::raw)));
  const std::vector<std::uint8_t> stripped(dns_query.begin() + 14, dns_query.end());
  EXPECT_TRUE(f.matches(make_packet(stripped, link_type::raw)));
  EXPECT_FALSE(f.matches(make_packet(icmp_echo)));
  EXPECT_TRUE(f.failures().empty());
}

TEST(BpfFilter, LinkTypeTheExpressionCannotServeMatchesNothing) {
  // tcpdump: "no VLAN support for Raw IP".
  // ("udp or vlan", not "vlan or udp": vlan shifts the offsets of the terms after it.)
  auto f = compiled("udp or vlan", link_type::ethernet);
  EXPECT_TRUE(f.matches(make_packet(dns_query)));
  EXPECT_FALSE(f.matches(make_packet(raw_dns, link_type::raw)));
  ASSERT_EQ(f.failures().size(), 1U);
  EXPECT_EQ(f.failures()[0].first, link_type::raw);
  EXPECT_NE(f.failures()[0].second.find("VLAN"), std::string::npos) << f.failures()[0].second;
  std::string message;
  EXPECT_FALSE(bpf_filter::compile("vlan", link_type::raw, 262144, &message));
}

TEST(BpfFilter, BsdLoopbackAddressFamilyAsTcpdumpReadsFiles) {
  // the-tcpdump-group__tcpdump/tests/quic_retry.pcap (little-endian, NULL), packet 1,
  // first 56 bytes: AF 30 (macOS AF_INET6) in host order, then IPv6/UDP ::1.62821 > ::1.443.
  const auto quic = from_hex(R"(
    1e 00 00 00 60 04 05 00 04 b8 11 40 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 f5 65 01 bb 04 b8 04 cb)");
  auto p = make_packet(quic, link_type::null_loopback);
  p.original_len = 1252;
  // Every BSD AF_INET6 value (24, 28, 30) counts for a file, as in tcpdump -r.
  EXPECT_TRUE(compiled("ip6", link_type::null_loopback).matches(p));
  EXPECT_TRUE(compiled("udp port 443", link_type::null_loopback).matches(p));
  EXPECT_FALSE(compiled("ip", link_type::null_loopback).matches(p));
  // From a file in the other byte order the host-order family would read 0x1e000000.
  std::string message;
  auto swapped = bpf_filter::compile("ip6", link_type::null_loopback, 262144, &message, true);
  ASSERT_TRUE(swapped) << message;
  EXPECT_FALSE(swapped->matches(p));
}

TEST(BpfFilter, RawLinkTypeMapsToPlatformDlt) {
  EXPECT_EQ(bpf_filter::dlt_of(link_type::raw), 12); // DLT_RAW on Linux
  EXPECT_EQ(bpf_filter::dlt_of(link_type::ethernet), 1);
  EXPECT_EQ(bpf_filter::dlt_of(link_type::linux_sll), 113);
}

TEST(BpfFilter, MovedFilterKeepsWorking) {
  auto f = compiled("icmp");
  bpf_filter g = std::move(f);
  EXPECT_TRUE(g.matches(make_packet(icmp_echo)));
  EXPECT_EQ(g.expression(), "icmp");
}

} // namespace
} // namespace pktscope
