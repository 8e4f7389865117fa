// Decoding real frames from the corpus, one per link type and tunnel kind. Expected layer
// lists follow tshark's frame.protocols for the frame (its "ethertype", "data" and
// application-detail entries dropped); expected fields are tshark's values.

#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/mpls.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>

#include "corpus_frames.hpp"
#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using test::addr;
using test::depths;
using test::frame;
using test::ids;
namespace corpus = test::corpus;

TEST(DecodeLinkTypes, EthernetIpv4UdpDns) {
  const frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  bool ok = false;
  const auto p = f.decode(test::all_on(), &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::dns}));
  EXPECT_EQ(p.ip_version, 4);
  EXPECT_EQ(addr(p.src_address()), "192.168.43.9");
  EXPECT_EQ(addr(p.dst_address()), "192.168.43.1");
  EXPECT_EQ(p.ip_protocol, 17);
  EXPECT_EQ(p.ttl, 64);
  EXPECT_EQ(p.transport, L::udp);
  EXPECT_EQ(p.src_port, 51677);
  EXPECT_EQ(p.dst_port, 53);
  EXPECT_EQ(p.application, L::dns);
  // Offsets: 14-byte Ethernet header, 20-byte IPv4 header, 8-byte UDP header.
  EXPECT_EQ(p.layers[1].offset, 14U);
  EXPECT_EQ(p.layers[1].length, 20U);
  EXPECT_EQ(p.layers[2].offset, 34U);
  EXPECT_EQ(p.l4_payload_offset, 42U);
  EXPECT_EQ(p.l4_payload_len, 0x2eU - 8U); // udp.length 46
  EXPECT_EQ(p.ip_layer, 1U);
  EXPECT_EQ(p.ip_len, 20U + 0x2eU); // ip.len: the header and udp.length
  EXPECT_TRUE(p.anomalies.empty());
  EXPECT_FALSE(p.stopped.has_value());
  EXPECT_EQ(p.tunnel_depth, 0);
}

TEST(DecodeLinkTypes, TsoCaptureLeavesTheIpv4LengthToTheCapture) {
  // A frame captured before segmentation offload filled in the IPv4 total length (zero): the
  // datagram is what the capture holds from the IPv4 header on.
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data[14 + 2] = 0;
  f.data[14 + 3] = 0;
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::dns}));
  EXPECT_EQ(p.ip_layer, 1U);
  EXPECT_EQ(p.ip_len, f.data.size() - 14U);
}

TEST(DecodeLinkTypes, EthernetIpv6TcpSyn) {
  const frame f(link_type::ethernet, corpus::eth_ipv6_tcp_syn);
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv6, L::tcp}));
  EXPECT_EQ(addr(p.src_address()), "2601:647:4b02:1d20:e4a1:6dfa:6f66:e399");
  EXPECT_EQ(addr(p.dst_address()), "2607:f8b0:4005:802::2003");
  EXPECT_EQ(p.ttl, 64); // ipv6.hlim
  EXPECT_EQ(p.src_port, 50553);
  EXPECT_EQ(p.dst_port, 443);
  EXPECT_EQ(p.tcp_flags, 0x002);
  EXPECT_EQ(p.tcp_seq, 3822297157U);
  EXPECT_EQ(p.tcp_ack, 0U);
  EXPECT_EQ(p.layers[2].length, 32U); // tcp.hdr_len
  EXPECT_EQ(p.l4_payload_len, 0U);
  // Sent with checksum offload: tshark -o tcp.check_checksum:TRUE reports status bad
  // (checksum 0xc0ef, calculated 0x65ec).
  anomaly_set want;
  want.add(anomaly::bad_tcp_checksum);
  EXPECT_EQ(p.anomalies, want);
}

TEST(DecodeLinkTypes, LinuxSll) {
  const frame f(link_type::linux_sll, corpus::sll_ipv4_tcp_syn);
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::linux_sll, L::ipv4, L::tcp}));
  EXPECT_EQ(addr(p.src_address()), "131.155.215.69");
  EXPECT_EQ(addr(p.dst_address()), "137.116.81.94");
  EXPECT_EQ(p.src_port, 46656);
  EXPECT_EQ(p.dst_port, 80);
  EXPECT_EQ(p.tcp_flags, 0x002);
  EXPECT_EQ(p.tcp_seq, 797190859U);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeLinkTypes, LinuxSll2) {
  const frame f(link_type::linux_sll2, corpus::sll2_ipv4_tcp_ack);
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::linux_sll2, L::ipv4, L::tcp}));
  EXPECT_EQ(p.layers[1].offset, 20U);
  EXPECT_EQ(addr(p.src_address()), "7.249.151.114");
  EXPECT_EQ(addr(p.dst_address()), "116.63.66.108");
  EXPECT_EQ(p.src_port, 57292);
  EXPECT_EQ(p.dst_port, 443);
  EXPECT_EQ(p.tcp_flags, 0x010);
  EXPECT_EQ(p.tcp_seq, 2813042623U);
  EXPECT_EQ(p.tcp_ack, 2865673705U);
  // tshark -o tcp.check_checksum:TRUE: bad (0x5631, calculated 0xcbf0); IPv4 checksum good.
  anomaly_set want;
  want.add(anomaly::bad_tcp_checksum);
  EXPECT_EQ(p.anomalies, want);
}

TEST(DecodeLinkTypes, NullLoopback) {
  const frame f(link_type::null_loopback, corpus::null_ipv4_udp_dns);
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::null_loopback, L::ipv4, L::udp, L::dns}));
  EXPECT_EQ(addr(p.src_address()), "127.0.0.1");
  EXPECT_EQ(p.src_port, 57549);
  EXPECT_EQ(p.dst_port, 53);
  // Loopback checksum offload left both checksums unfilled: tshark with validation on
  // reports ip.checksum.status and udp.checksum.status bad (udp 0xfe4f, calculated 0x8f65).
  const auto checked = f.decode(test::all_on());
  EXPECT_TRUE(checked.anomalies.has(anomaly::bad_ipv4_checksum));
  EXPECT_TRUE(checked.anomalies.has(anomaly::bad_udp_checksum));
}

TEST(DecodeLinkTypes, LoopIsNetworkOrder) {
  // LINKTYPE_LOOP (108) is absent from the corpus: the NULL frame above with its 4-byte
  // family rewritten in network byte order (00 00 00 02) as OpenBSD writes it.
  frame f(link_type::loop, corpus::null_ipv4_udp_dns);
  f.data[0] = 0;
  f.data[3] = 2;
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::null_loopback, L::ipv4, L::udp, L::dns}));
}

TEST(DecodeLinkTypes, RawIpv4AndIpv6) {
  for (const link_type lt : {link_type::raw, link_type::ipv4}) {
    const auto p = frame(lt, corpus::raw_ipv4_udp_dns).decode(test::all_on());
    EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::dns}));
    EXPECT_EQ(addr(p.src_address()), "192.168.1.100");
    EXPECT_EQ(addr(p.dst_address()), "9.9.9.9");
    EXPECT_EQ(p.src_port, 12345);
    EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  }
  for (const link_type lt : {link_type::raw, link_type::ipv6}) {
    const auto p = frame(lt, corpus::raw_ipv6_udp_dns).decode(test::all_on());
    EXPECT_EQ(ids(p), (std::vector<L>{L::ipv6, L::udp, L::dns}));
    EXPECT_EQ(addr(p.src_address()), "2001:db8::1");
    EXPECT_EQ(addr(p.dst_address()), "2620:fe::9");
    EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  }
}

TEST(DecodeLinkTypes, Ppp) {
  const auto p = frame(link_type::ppp, corpus::ppp_ipv4_udp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ppp, L::ipv4, L::udp}));
  EXPECT_EQ(addr(p.src_address()), "10.1.1.3");
  EXPECT_EQ(addr(p.dst_address()), "224.0.0.2");
  EXPECT_EQ(p.ttl, 1);
  EXPECT_EQ(p.src_port, 646); // LDP
  EXPECT_EQ(p.dst_port, 646);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeLinkTypes, UnknownLinkTypeIsUnsupported) {
  const frame f(static_cast<link_type>(147), corpus::raw_ipv4_udp_dns);
  bool ok = true;
  auto p = f.decode({}, &ok);
  EXPECT_TRUE(ok); // lax
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.stopped->code, errc::unsupported);
  EXPECT_EQ(p.size(), 0U);
  decode_options strict;
  strict.strict = true;
  p = f.decode(strict, &ok);
  EXPECT_FALSE(ok);
}

TEST(DecodeTunnels, GreIpv4) {
  const frame f(link_type::ethernet, corpus::gre_ipv4_udp_dns);
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre, L::ipv4, L::udp, L::dns}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(p.tunnel_depth, 1);
  // The summary describes the inner packet (tshark's second ip.src / ip.dst / ip.ttl).
  EXPECT_EQ(addr(p.src_address()), "66.59.111.190");
  EXPECT_EQ(addr(p.dst_address()), "172.28.2.3");
  EXPECT_EQ(p.ttl, 64);
  EXPECT_EQ(p.src_port, 37675);
  EXPECT_EQ(p.dst_port, 53);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  // The outer header stays reachable through its layer.
  const auto outer = p.view_of<ipv4::view>(*p.find(L::ipv4, 0));
  ASSERT_TRUE(outer);
  EXPECT_EQ(outer->src().to_string(), "172.27.1.66");
  EXPECT_EQ(outer->ttl(), 255);
}

TEST(DecodeTunnels, GreTransparentEthernetBridging) {
  const auto p = frame(link_type::ethernet, corpus::gre_teb_tcp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre, L::ethernet, L::ipv4, L::tcp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(addr(p.src_address()), "10.0.0.4");
  EXPECT_EQ(addr(p.dst_address()), "10.0.0.5");
  EXPECT_EQ(p.src_port, 1232);
  EXPECT_EQ(p.dst_port, 80);
  EXPECT_EQ(p.tcp_flags, 0x002);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeTunnels, FourInSixThenGrePpp) {
  const auto p = frame(link_type::ethernet, corpus::vlan_4in6_gre_ppp_dns).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan, L::ipv6, L::ipv4, L::gre, L::ppp, L::ipv4,
                                    L::udp, L::dns}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1, 2, 2, 2, 2}));
  EXPECT_EQ(p.vlan_count, 1);
  EXPECT_EQ(p.vlan_ids[0], 100);
  EXPECT_EQ(addr(p.src_address()), "8.8.8.8");
  EXPECT_EQ(addr(p.dst_address()), "172.16.44.3");
  EXPECT_EQ(p.ttl, 50);
  EXPECT_EQ(p.src_port, 53);
  EXPECT_EQ(p.dst_port, 40768);
}

TEST(DecodeTunnels, IpInIp) {
  {
    const auto p = frame(link_type::ethernet, corpus::ip4in4_udp).decode(test::all_on());
    EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::ipv4, L::udp}));
    EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 1, 1}));
    EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
    EXPECT_EQ(addr(p.dst_address()), "10.0.0.2");
    EXPECT_EQ(p.src_port, 30000);
    EXPECT_EQ(p.dst_port, 13000);
    EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  }
  {
    const auto p = frame(link_type::ethernet, corpus::ip6in4_udp).decode(test::all_on());
    EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::ipv6, L::udp}));
    EXPECT_EQ(addr(p.src_address()), "dead::beef");
    EXPECT_EQ(addr(p.dst_address()), "cafe::babe");
    EXPECT_EQ(p.ip_version, 6);
    EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  }
  {
    const auto p = frame(link_type::ethernet, corpus::ip4in6_tcp).decode(test::all_on());
    EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv6, L::ipv4, L::tcp}));
    EXPECT_EQ(p.ip_layer, 2U);
    EXPECT_EQ(p.ip_len, 40U); // the inner ip.len
    EXPECT_EQ(addr(p.src_address()), "70.55.213.211");
    EXPECT_EQ(addr(p.dst_address()), "192.88.99.1");
    EXPECT_EQ(p.src_port, 31337);
    EXPECT_EQ(p.dst_port, 80);
    EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  }
  {
    const auto p = frame(link_type::ethernet, corpus::ip6in6_udp).decode(test::all_on());
    EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv6, L::ipv6, L::udp}));
    EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 1, 1}));
    EXPECT_EQ(addr(p.src_address()), "dead::beef");
    EXPECT_EQ(p.ip_offset, 54U);
    EXPECT_EQ(p.ip_layer, 2U);
    EXPECT_EQ(p.ip_len, 40U + 12U); // the inner ipv6.plen
    EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
  }
}

TEST(DecodeTunnels, Mpls) {
  const auto p = frame(link_type::ethernet, corpus::mpls_ipv4_tcp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::mpls, L::ipv4, L::tcp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 0}));
  EXPECT_EQ(addr(p.src_address()), "10.1.2.1");
  EXPECT_EQ(addr(p.dst_address()), "10.34.0.1");
  EXPECT_EQ(p.ttl, 255);
  EXPECT_EQ(p.src_port, 11001);
  EXPECT_EQ(p.dst_port, 23);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeTunnels, MplsStackDeeperThanSixteenEntries) {
  // 23 label stack entries (RFC 3032 §2.1: label 20 bits | TC 3 | S 1 | TTL 8), labels 16..38,
  // TTL 64, S only on the last, before the IPv4/TCP packet of mpls_ipv4_tcp: tshark follows
  // such a stack to its bottom (zeek's trunc/mpls-6in6-broken.pcap has 18 to 23 entries).
  const std::string eth = "003096e6fc39"
                          "003096052838"
                          "8847";
  std::string stack;
  for (std::uint32_t label = 16; label <= 38; ++label) {
    const std::uint32_t entry = label << 12 | (label == 38 ? 0x100U : 0U) | 64U;
    for (int shift = 28; shift >= 0; shift -= 4) {
      stack += "0123456789abcdef"[(entry >> shift) & 0xfU];
    }
  }
  const std::string ip_tcp = std::string(corpus::mpls_ipv4_tcp).substr(18 * 3);
  const frame f(link_type::ethernet, eth + stack + ip_tcp);
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::mpls, L::ipv4, L::tcp}));
  const layer* m = p.find(L::mpls);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->length, 23U * 4U);
  EXPECT_EQ(mpls::view::parse(bytes(f.data).subspan(m->offset + 22U * 4U))->label(), 38U);
  EXPECT_EQ(addr(p.src_address()), "10.1.2.1");
  EXPECT_FALSE(p.stopped.has_value());
}

TEST(DecodeTunnels, MplsInUdp) {
  const auto p = frame(link_type::ethernet, corpus::mpls_in_udp_icmp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::mpls, L::ipv4, L::icmp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(addr(p.src_address()), "10.3.0.10");
  EXPECT_EQ(p.ttl, 63);
  EXPECT_EQ(p.transport, L::icmp);
  EXPECT_EQ(p.icmp_type, 8);
  EXPECT_EQ(p.icmp_code, 0);
  EXPECT_EQ(p.src_port, 0); // the outer UDP ports are not the inner packet's
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeTunnels, MplsEthernetPseudowire) {
  const auto p = frame(link_type::ethernet, corpus::mpls_pw_eth_icmp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::mpls, L::ethernet, L::vlan, L::ipv4, L::icmp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(p.vlan_ids[0], 1);
  EXPECT_EQ(addr(p.src_address()), "192.168.1.2");
  EXPECT_EQ(p.icmp_type, 0);
  EXPECT_EQ(p.ttl, 255);
}

TEST(DecodeTunnels, QinQPppoe) {
  const auto p = frame(link_type::ethernet, corpus::qinq_pppoe_tcp).decode(test::all_on());
  EXPECT_EQ(ids(p),
            (std::vector<L>{L::ethernet, L::vlan, L::vlan, L::pppoe, L::ppp, L::ipv4, L::tcp}));
  EXPECT_EQ(p.vlan_count, 2);
  EXPECT_EQ(p.vlan_ids[0], 939);
  EXPECT_EQ(p.vlan_ids[1], 744);
  EXPECT_EQ(addr(p.src_address()), "10.3.65.35");
  EXPECT_EQ(addr(p.dst_address()), "185.8.212.46");
  EXPECT_EQ(p.ttl, 128);
  EXPECT_EQ(p.src_port, 5068);
  EXPECT_EQ(p.dst_port, 80);
  EXPECT_EQ(p.tcp_seq, 2631065158U);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeTunnels, Vxlan) {
  const auto p = frame(link_type::ethernet, corpus::vxlan_icmp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::vxlan, L::ethernet, L::ipv4,
                                    L::icmp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(addr(p.src_address()), "192.168.203.3");
  EXPECT_EQ(addr(p.dst_address()), "192.168.203.5");
  EXPECT_EQ(p.transport, L::icmp);
  EXPECT_EQ(p.icmp_type, 8);
  EXPECT_EQ(p.icmp_code, 0);
  EXPECT_EQ(p.layers[4].offset, 14U + 20U + 8U + 8U);
  // tshark: the outer UDP checksum is 0 (none); everything else verifies.
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeTunnels, Geneve) {
  const auto p = frame(link_type::ethernet, corpus::geneve_icmp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::geneve, L::ethernet, L::ipv4,
                                    L::icmp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(p.layers[3].length, 16U); // 8 + option length 2 words
  EXPECT_EQ(addr(p.src_address()), "30.0.0.1");
  EXPECT_EQ(addr(p.dst_address()), "30.0.0.2");
  EXPECT_EQ(p.icmp_type, 8);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeApplications, NtpInsideGre) {
  const auto p = frame(link_type::ethernet, corpus::gre_udp_ntp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre, L::ipv4, L::udp, L::ntp}));
  EXPECT_EQ(p.application, L::ntp);
  EXPECT_EQ(addr(p.dst_address()), "18.26.4.105");
  EXPECT_EQ(p.src_port, 123);
  EXPECT_EQ(p.layers[5].length, 48U);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeApplications, Dhcp) {
  const auto p = frame(link_type::ethernet, corpus::eth_udp_dhcp).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::dhcp}));
  EXPECT_EQ(addr(p.src_address()), "0.0.0.0");
  EXPECT_EQ(addr(p.dst_address()), "255.255.255.255");
  EXPECT_EQ(p.ttl, 32);
  EXPECT_EQ(p.src_port, 68);
  EXPECT_EQ(p.dst_port, 67);
  EXPECT_EQ(p.application, L::dhcp);
}

TEST(DecodeApplications, Tls) {
  const frame f(link_type::ethernet, corpus::eth_tcp_tls);
  const auto p = f.decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::tcp, L::tls}));
  EXPECT_EQ(p.src_port, 2061);
  EXPECT_EQ(p.dst_port, 443);
  EXPECT_EQ(p.tcp_flags, 0x018);
  EXPECT_EQ(p.tcp_seq, 2908474663U);
  EXPECT_EQ(p.tcp_ack, 422421410U);
  EXPECT_EQ(p.l4_payload_len, 27U); // record header 5 + length 0x16
  EXPECT_EQ(p.application, L::tls);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits();
}

TEST(DecodeApplications, HttpBehindQinQAndMplsSnaplenCut) {
  const frame f(link_type::ethernet, corpus::qinq_mpls_http_cut);
  bool ok = false;
  decode_options strict = test::all_on();
  strict.strict = true;
  const auto p = f.decode(strict, &ok);
  EXPECT_TRUE(ok); // only the payload is cut
  EXPECT_EQ(ids(p),
            (std::vector<L>{L::ethernet, L::vlan, L::vlan, L::mpls, L::ipv4, L::tcp, L::http}));
  EXPECT_EQ(p.vlan_ids[0], 215);
  EXPECT_EQ(p.vlan_ids[1], 11);
  EXPECT_EQ(addr(p.src_address()), "2.3.4.6");
  EXPECT_EQ(addr(p.dst_address()), "12.13.14.15");
  EXPECT_EQ(p.ttl, 126);
  EXPECT_EQ(p.src_port, 20636);
  EXPECT_EQ(p.tcp_seq, 1184260616U);
  EXPECT_EQ(p.tcp_ack, 2147483647U);
  EXPECT_TRUE(p.anomalies.empty()) << p.anomalies.bits(); // the cut TCP checksum is skipped
}

TEST(DecodeApplications, TcpContinuationOnPort80IsNotHttp) {
  // The TLS frame's payload on port 80 instead of 443: no HTTP start, no probe match except
  // TLS's own.
  frame f(link_type::ethernet, corpus::eth_tcp_tls);
  f.data[14 + 20 + 2] = 0;
  f.data[14 + 20 + 3] = 80;
  EXPECT_EQ(f.decode().application, L::tls);
  // An empty payload (a pure ACK on port 80) gets no application layer.
  const auto ack = frame(link_type::linux_sll2, corpus::sll2_ipv4_tcp_ack).decode();
  EXPECT_EQ(ack.application, L::none);
}

TEST(DecodeApplications, NotDecodedBelowApplication) {
  const frame f(link_type::ethernet, corpus::eth_udp_dhcp);
  decode_options o;
  o.deepest = stop_at::transport;
  const auto p = f.decode(o);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp}));
  EXPECT_EQ(p.application, L::none);
}

TEST(DecodeTunnels, FollowTunnelsOff) {
  decode_options o;
  o.follow_tunnels = false;
  auto p = frame(link_type::ethernet, corpus::gre_ipv4_udp_dns).decode(o);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre}));
  EXPECT_EQ(addr(p.src_address()), "172.27.1.66");
  p = frame(link_type::ethernet, corpus::ip4in4_udp).decode(o);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4}));
  EXPECT_EQ(p.ip_protocol, 4);
  p = frame(link_type::ethernet, corpus::mpls_in_udp_icmp).decode(o);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp}));
  EXPECT_EQ(p.dst_port, 6635);
}

TEST(DecodeViews, ViewOfEveryLayerReparses) {
  const frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  const auto p = f.decode();
  const auto udp = p.view_of<udp::view>(*p.find(L::udp));
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->dst_port(), 53);
  EXPECT_EQ(p.find_last(L::dns), &p.layers[3]);
  EXPECT_EQ(p.find(L::tcp), nullptr);
  EXPECT_TRUE(p.has(L::ethernet));
}

} // namespace
} // namespace pktscope
