// One test per anomaly code, each on a real corpus frame (corpus_frames.hpp), damaged where
// the anomaly needs it; and the anomaly_set / anomaly_counts containers.

#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoder.hpp>

#include "corpus_frames.hpp"
#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using test::frame;
using test::ids;
namespace corpus = test::corpus;

// Offsets of fields in the fixtures: Ethernet 14, SLL 16, IPv4 20 (checksum at 10, TTL at
// 8, flags at 6), TCP flags at 13 and checksum at 16, UDP checksum at 6.
constexpr std::size_t eth = 14, sll = 16, ip4 = 20;

anomaly_set anomalies_of(const frame& f) {
  return f.decode(test::all_on()).anomalies;
}

TEST(AnomalySet, AddHasRemoveIterate) {
  anomaly_set s;
  EXPECT_TRUE(s.empty());
  s.add(anomaly::ttl_zero);
  s.add(anomaly::fragment);
  s.add(anomaly::ttl_zero);
  EXPECT_EQ(s.size(), 2);
  EXPECT_TRUE(s.has(anomaly::fragment));
  EXPECT_FALSE(s.has(anomaly::trailing_bytes));
  std::vector<anomaly> seen;
  s.for_each([&](anomaly a) { seen.push_back(a); });
  EXPECT_EQ(seen, (std::vector<anomaly>{anomaly::ttl_zero, anomaly::fragment}));
  s.remove(anomaly::ttl_zero);
  EXPECT_EQ(s.size(), 1);
  anomaly_set t;
  t.add(anomaly::trailing_bytes);
  EXPECT_EQ((s | t).size(), 2);
  anomaly_counts c;
  c.add(s | t);
  c.add(t);
  EXPECT_EQ(c[anomaly::trailing_bytes], 2U);
  EXPECT_EQ(c[anomaly::fragment], 1U);
  EXPECT_EQ(c[anomaly::ttl_zero], 0U);
}

TEST(AnomalySet, NamesAreDistinct) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < anomaly_count; ++i) {
    const auto n = anomaly_name(static_cast<anomaly>(i));
    EXPECT_NE(n, "unknown");
    names.emplace(n);
  }
  EXPECT_EQ(names.size(), anomaly_count);
  EXPECT_EQ(anomaly_name(anomaly::bad_tcp_checksum), "bad_tcp_checksum");
}

TEST(Anomalies, GoodChecksumsVerify) {
  for (const auto* hex : {corpus::eth_ipv4_udp_dns, corpus::gre_teb_tcp, corpus::mpls_in_udp_icmp,
                          corpus::ip6in6_udp}) {
    EXPECT_TRUE(anomalies_of(frame(link_type::ethernet, hex)).empty()) << hex;
  }
}

TEST(Anomalies, BadChecksums) {
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data[eth + 10] ^= 0x01;
  EXPECT_TRUE(anomalies_of(f).has(anomaly::bad_ipv4_checksum));
  EXPECT_FALSE(f.decode().anomalies.has(anomaly::bad_ipv4_checksum)); // verify off: no cost

  frame u(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  u.data[eth + ip4 + 6] ^= 0x01;
  anomaly_set only_udp;
  only_udp.add(anomaly::bad_udp_checksum);
  EXPECT_EQ(anomalies_of(u), only_udp);

  frame t(link_type::linux_sll, corpus::sll_ipv4_tcp_syn);
  t.data[sll + ip4 + 16] ^= 0x80;
  EXPECT_TRUE(anomalies_of(t).has(anomaly::bad_tcp_checksum));

  frame i(link_type::ethernet, corpus::mpls_in_udp_icmp);
  i.data[eth + ip4 + 8 + 4 + ip4 + 2] ^= 0x01; // the inner ICMP checksum
  EXPECT_TRUE(anomalies_of(i).has(anomaly::bad_icmp_checksum));
}

TEST(Anomalies, Icmpv6ChecksumAfterHopByHop) {
  // zeek__zeek/testing/btest/Traces/icmp/icmp6-mld-query.pcap frame 1 (LINKTYPE_IPV6):
  // ipv6:ipv6.hopopts:icmpv6, type 130, hop limit 1.
  frame f(link_type::ipv6, "60 00 00 00 00 20 00 01 20 01 0d b8 00 00 00 00 "
                           "00 00 00 00 05 27 cd f4 ff 02 00 00 00 00 00 00 "
                           "00 00 00 00 00 00 00 01 3a 00 05 02 00 00 01 00 "
                           "82 00 56 c4 27 10 00 00 00 00 00 00 00 00 00 00 "
                           "00 00 00 00 00 00 00 00 ");
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv6, L::ipv6_hop_by_hop, L::icmpv6}));
  EXPECT_EQ(p.icmp_type, 130);
  EXPECT_EQ(p.ip_protocol, 58);
  EXPECT_EQ(p.ttl, 1);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  f.data[40 + 8 + 2] ^= 0x01;
  EXPECT_TRUE(anomalies_of(f).has(anomaly::bad_icmpv6_checksum));
}

TEST(Anomalies, SctpChecksum) {
  // the-tcpdump-group__tcpdump/tests/forces1.pcap frame 3: sll:ethertype:ip:sctp
  // (tshark -o sctp.checksum:CRC-32C: sctp.checksum.status good)
  frame f(link_type::linux_sll, "00 04 ff fe 00 00 00 00 00 00 00 00 00 00 08 00 "
                                "45 02 00 30 00 01 40 00 40 84 89 66 96 8c fe ca "
                                "d3 81 48 08 bc bc 1a 32 5e 34 38 6a 10 6b 8c 46 "
                                "03 00 00 10 01 18 bd 0c 00 00 df e8 00 00 00 00 ");
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::linux_sll, L::ipv4, L::sctp}));
  EXPECT_EQ(p.src_port, 0xbcbc);
  EXPECT_EQ(p.dst_port, 0x1a32);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  f.data[sll + ip4 + 8] ^= 0x01;
  EXPECT_TRUE(anomalies_of(f).has(anomaly::bad_sctp_checksum));
}

TEST(Anomalies, UdpZeroChecksumOverIpv6) {
  frame f(link_type::raw, corpus::raw_ipv6_udp_dns);
  f.data[40 + 6] = 0;
  f.data[40 + 7] = 0;
  EXPECT_TRUE(anomalies_of(f).has(anomaly::udp_zero_checksum_ipv6));
  frame v4(link_type::raw, corpus::raw_ipv4_udp_dns); // over IPv4, 0 means "none"
  v4.data[ip4 + 6] = 0;
  v4.data[ip4 + 7] = 0;
  EXPECT_TRUE(anomalies_of(v4).empty());
}

TEST(Anomalies, BadHeaderLength) {
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data[eth] = 0x44; // IHL 4
  const auto p = f.decode();
  EXPECT_TRUE(p.anomalies.has(anomaly::bad_header_length));
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet}));
  frame u(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  u.data[eth + ip4 + 5] = 7; // UDP length 7
  EXPECT_TRUE(u.decode().anomalies.has(anomaly::bad_header_length));
}

TEST(Anomalies, BadIpVersion) {
  frame f(link_type::ethernet, corpus::eth_ipv6_tcp_syn);
  f.data[eth] = 0x40; // version 4 under EtherType 0x86dd
  const auto p = f.decode();
  EXPECT_TRUE(p.anomalies.has(anomaly::bad_ip_version));
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet}));
  ASSERT_TRUE(p.stopped);
  EXPECT_EQ(p.stopped->offset, eth);
  EXPECT_FALSE(anomalies_of(frame(link_type::ethernet, corpus::eth_ipv6_tcp_syn))
                   .has(anomaly::bad_ip_version));
}

TEST(Anomalies, TruncatedHeader) {
  frame f(link_type::linux_sll, corpus::sll_ipv4_tcp_syn);
  f.data.resize(sll + ip4 + 30); // inside the TCP options (header length 40)
  const auto p = f.decode();
  EXPECT_TRUE(p.anomalies.has(anomaly::truncated_header));
  EXPECT_EQ(ids(p), (std::vector<L>{L::linux_sll, L::ipv4}));
}

TEST(Anomalies, TtlZero) {
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data[eth + 8] = 0;
  EXPECT_TRUE(f.decode().anomalies.has(anomaly::ttl_zero));
  frame v6(link_type::raw, corpus::raw_ipv6_udp_dns);
  v6.data[7] = 0;
  EXPECT_TRUE(v6.decode().anomalies.has(anomaly::ttl_zero));
}

TEST(Anomalies, TcpFlagCombinations) {
  const auto with_flags = [](std::uint8_t flags) {
    frame f(link_type::linux_sll, corpus::sll_ipv4_tcp_syn);
    f.data[sll + ip4 + 13] = flags;
    return f.decode().anomalies;
  };
  EXPECT_TRUE(with_flags(0x00).has(anomaly::tcp_null_flags));
  EXPECT_TRUE(with_flags(0x29).has(anomaly::tcp_xmas_flags)); // FIN PSH URG
  EXPECT_TRUE(with_flags(0x03).has(anomaly::tcp_syn_fin));
  EXPECT_TRUE(with_flags(0x06).has(anomaly::tcp_syn_rst));
  EXPECT_TRUE(with_flags(0x02).empty()); // a plain SYN
  EXPECT_TRUE(with_flags(0x12).empty()); // SYN ACK
}

TEST(Anomalies, TrailingBytes) {
  // 12 bytes after the datagram in an 86-byte frame (tshark: eth.trailer).
  EXPECT_TRUE(
      anomalies_of(frame(link_type::ethernet, corpus::trailer_12)).has(anomaly::trailing_bytes));
  // A 60-byte frame: the bytes after the datagram are minimum-size padding, whatever they
  // hold (tshark calls these non-zero ones a trailer).
  EXPECT_TRUE(anomalies_of(frame(link_type::ethernet, corpus::padded_nonzero_60)).empty());
  // Zero padding to 60 plus the FCS the capture kept.
  EXPECT_TRUE(anomalies_of(frame(link_type::ethernet, corpus::padded_with_fcs_64)).empty());
  // The same 64 bytes with the FCS damaged: 4 unexplained bytes.
  frame bad_fcs(link_type::ethernet, corpus::padded_with_fcs_64);
  bad_fcs.data.back() ^= 0x01;
  EXPECT_TRUE(anomalies_of(bad_fcs).has(anomaly::trailing_bytes));
  // Padding behind a VLAN tag.
  EXPECT_FALSE(anomalies_of(frame(link_type::ethernet, corpus::vlan_first_fragment_padded))
                   .has(anomaly::trailing_bytes));
  // Raw IP has no padding: any byte after the datagram is trailing.
  frame raw(link_type::raw, corpus::raw_ipv4_udp_dns);
  raw.data.push_back(0);
  EXPECT_TRUE(raw.decode().anomalies.has(anomaly::trailing_bytes));
}

TEST(Anomalies, Ipv4ReservedFlag) {
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data[eth + 6] |= 0x80;
  EXPECT_TRUE(f.decode().anomalies.has(anomaly::ipv4_reserved_flag));
}

TEST(Anomalies, Ipv4Fragments) {
  // First fragment: MF set, offset 0; the UDP header is there (tshark: ip:udp:data).
  const auto first =
      frame(link_type::ethernet, corpus::vlan_first_fragment_padded).decode(test::all_on());
  EXPECT_EQ(ids(first), (std::vector<L>{L::ethernet, L::vlan, L::ipv4, L::udp}));
  EXPECT_TRUE(first.anomalies.has(anomaly::fragment));
  EXPECT_FALSE(first.anomalies.has(anomaly::bad_udp_checksum)); // not checkable: partial
  EXPECT_TRUE(first.is_fragment);
  EXPECT_EQ(first.src_port, 42402);
  EXPECT_EQ(first.dst_port, 42102);
  EXPECT_EQ(first.ttl, 3);
  // Later fragment: offset 1111, no transport header even though its bytes could parse.
  bool ok = false;
  const auto later =
      frame(link_type::ethernet, corpus::vlan_last_fragment_prefix).decode(test::all_on(), &ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(ids(later), (std::vector<L>{L::ethernet, L::vlan, L::ipv4}));
  EXPECT_TRUE(later.anomalies.has(anomaly::fragment));
  EXPECT_EQ(later.ip_protocol, 17);
  EXPECT_EQ(later.transport, L::none);
  EXPECT_FALSE(later.stopped.has_value());
}

TEST(Anomalies, Ipv6Fragments) {
  // seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/ipv6-frag.pcap frame 3, first
  // 72 of 1510 bytes: fragment header offset 0, M set, then UDP 6363 -> 6363.
  const frame first(link_type::ethernet, "00 1d 09 94 65 38 68 5b 35 c0 61 b6 86 dd 60 02 "
                                         "12 89 05 b0 2c 40 26 07 f0 10 03 f9 00 00 00 00 "
                                         "00 00 00 00 10 01 26 07 f0 10 03 f9 00 00 00 00 "
                                         "00 00 00 11 00 00 11 00 00 01 f8 8e b4 66 18 db "
                                         "18 db 15 0b 79 16 06 fd ");
  const auto p = first.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv6, L::ipv6_fragment, L::udp}));
  EXPECT_TRUE(p.anomalies.has(anomaly::fragment));
  EXPECT_EQ(p.src_port, 6363);
  // Frame 6, first 72 of 1105 bytes: offset 543 (x 8 octets), M clear.
  const frame later(link_type::ethernet, "00 1d 09 94 65 38 68 5b 35 c0 61 b6 86 dd 60 02 "
                                         "12 89 04 1b 2c 40 26 07 f0 10 03 f9 00 00 00 00 "
                                         "00 00 00 00 10 01 26 07 f0 10 03 f9 00 00 00 00 "
                                         "00 00 00 11 00 00 11 00 10 f8 f8 8e b4 66 68 68 "
                                         "68 68 68 68 68 68 68 68 ");
  const auto q = later.decode(test::all_on());
  EXPECT_EQ(ids(q), (std::vector<L>{L::ethernet, L::ipv6, L::ipv6_fragment}));
  EXPECT_EQ(q.ip_protocol, 17);
  EXPECT_EQ(q.transport, L::none);
}

TEST(Anomalies, MalformedApplication) {
  // dns_icmp.pcap frame 1 shrunk to a 5-byte DNS "message" in a whole datagram (UDP length
  // 13, IPv4 total length 33): shorter than a DNS header.
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data[eth + 3] = 33;
  f.data[eth + ip4 + 5] = 13;
  f.data.resize(eth + 33);
  const auto p = f.decode();
  EXPECT_TRUE(p.anomalies.has(anomaly::malformed_application));
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp}));
  // The same 5 bytes cut by snaplen from the real datagram: not an anomaly.
  frame cut(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  cut.data.resize(eth + ip4 + 8 + 5);
  EXPECT_FALSE(cut.decode().anomalies.has(anomaly::malformed_application));
}

} // namespace
} // namespace pktscope
