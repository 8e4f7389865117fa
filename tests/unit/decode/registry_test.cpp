// Dispatch tables against the registries they copy (IANA protocol numbers, IEEE EtherTypes,
// IANA ports, tcpdump.org link types) and the payload probes against RFC examples.

#include <pktscope/decode/registry.hpp>

#include <pktscope/core/chars.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using namespace registry;

bytes text(std::string_view s) {
  return as_bytes(s);
}

TEST(Registry, LinkTypes) {
  EXPECT_EQ(by_link_type(static_cast<link_type>(1)), L::ethernet);
  EXPECT_EQ(by_link_type(static_cast<link_type>(113)), L::linux_sll);
  EXPECT_EQ(by_link_type(static_cast<link_type>(276)), L::linux_sll2);
  EXPECT_EQ(by_link_type(static_cast<link_type>(0)), L::null_loopback);
  EXPECT_EQ(by_link_type(static_cast<link_type>(108)), L::null_loopback);
  EXPECT_EQ(by_link_type(static_cast<link_type>(101)), L::ipv4);
  EXPECT_EQ(by_link_type(static_cast<link_type>(228)), L::ipv4);
  EXPECT_EQ(by_link_type(static_cast<link_type>(229)), L::ipv6);
  EXPECT_EQ(by_link_type(static_cast<link_type>(9)), L::ppp);
  EXPECT_EQ(by_link_type(static_cast<link_type>(105)), L::none); // 802.11: not decoded
}

TEST(Registry, EtherTypes) {
  EXPECT_EQ(by_ether_type(0x0800), L::ipv4);
  EXPECT_EQ(by_ether_type(0x86DD), L::ipv6);
  EXPECT_EQ(by_ether_type(0x0806), L::arp);
  EXPECT_EQ(by_ether_type(0x8100), L::vlan);
  EXPECT_EQ(by_ether_type(0x88A8), L::vlan);
  EXPECT_EQ(by_ether_type(0x8847), L::mpls);
  EXPECT_EQ(by_ether_type(0x894f), L::nsh); // RFC 8300 §9.1
  EXPECT_EQ(by_ether_type(0x8864), L::pppoe);
  EXPECT_EQ(by_ether_type(0x6558), L::ethernet);
  EXPECT_EQ(by_ether_type(0x88CC), L::none); // LLDP
}

TEST(Registry, IpProtocols) {
  EXPECT_EQ(by_ip_protocol(1), L::icmp);
  EXPECT_EQ(by_ip_protocol(4), L::ipv4);
  EXPECT_EQ(by_ip_protocol(6), L::tcp);
  EXPECT_EQ(by_ip_protocol(17), L::udp);
  EXPECT_EQ(by_ip_protocol(41), L::ipv6);
  EXPECT_EQ(by_ip_protocol(44), L::ipv6_fragment);
  EXPECT_EQ(by_ip_protocol(47), L::gre);
  EXPECT_EQ(by_ip_protocol(58), L::icmpv6);
  EXPECT_EQ(by_ip_protocol(132), L::sctp);
  EXPECT_EQ(by_ip_protocol(89), L::none); // OSPF
  EXPECT_EQ(by_ppp_protocol(0x0021), L::ipv4);
  EXPECT_EQ(by_ppp_protocol(0x0057), L::ipv6);
  EXPECT_EQ(by_ppp_protocol(0xC021), L::none); // LCP
  EXPECT_EQ(by_bsd_family(2), L::ipv4);
  EXPECT_EQ(by_bsd_family(30), L::ipv6);
  EXPECT_EQ(by_bsd_family(7), L::none);
}

TEST(Registry, PortsLowerFirst) {
  EXPECT_EQ(by_ports(L::udp, 51677, 53), L::dns);
  EXPECT_EQ(by_ports(L::udp, 68, 67), L::dhcp);
  EXPECT_EQ(by_ports(L::udp, 123, 123), L::ntp);
  EXPECT_EQ(by_ports(L::udp, 53, 123), L::dns); // 53 < 123
  EXPECT_EQ(by_ports(L::tcp, 80, 443), L::http);
  EXPECT_EQ(by_ports(L::tcp, 40000, 443), L::tls);
  EXPECT_EQ(by_ports(L::sctp, 80, 80), L::none);
}

TEST(Registry, UdpClaimLowerPortFirst) {
  using kind = udp_claim::kind;
  const auto is = [](udp_claim c, kind k, L id) { return c.what == k && c.id == id; };
  EXPECT_TRUE(is(claim_udp(40000, 4789, true), kind::tunnel, L::vxlan));
  EXPECT_TRUE(is(claim_udp(6081, 40000, true), kind::tunnel, L::geneve));
  EXPECT_TRUE(is(claim_udp(4342, 4342, true), kind::tunnel, L::lisp_control)); // RFC 9301 §5
  EXPECT_TRUE(is(claim_udp(40000, 4789, false), kind::none, L::none));         // tunnels off
  EXPECT_TRUE(is(claim_udp(40000, 2152, true), kind::gtp_u, L::none));
  EXPECT_TRUE(is(claim_udp(3386, 3386, true), kind::gtp_prime, L::none)); // TS 32.295 §5.1.3
  EXPECT_TRUE(is(claim_udp(3386, 53, true), kind::application, L::dns));
  EXPECT_TRUE(is(claim_udp(2152, 53, true), kind::application, L::dns)); // 53 < 2152
  EXPECT_TRUE(is(claim_udp(53, 40000, true), kind::application, L::dns));
  EXPECT_TRUE(is(claim_udp(53, 3544, true), kind::application, L::dns));
  EXPECT_TRUE(is(claim_udp(1024, 3544, true), kind::tunnel, L::teredo));
  EXPECT_TRUE(is(claim_udp(40000, 40001, true), kind::none, L::none));
  EXPECT_TRUE(is(claim_udp(137, 137, true), kind::other, L::none)); // NetBIOS: no heuristic
}

TEST(Registry, TcpTunnelClaimByEitherPort) {
  EXPECT_EQ(claim_tcp_tunnel(40000, 6653), L::openflow); // IANA "openflow"
  EXPECT_EQ(claim_tcp_tunnel(6633, 40000), L::openflow);
  EXPECT_EQ(claim_tcp_tunnel(40000, 6634), L::openflow);
  EXPECT_EQ(claim_tcp_tunnel(40000, 6654), L::none);
  EXPECT_EQ(claim_tcp_tunnel(80, 443), L::none);
  EXPECT_EQ(class_of(L::openflow), layer_class::transport); // as the UDP tunnels
}

TEST(Registry, UdpHeuristicIsDns) {
  // A standard query with one question (RFC 1035 §4.1.1) and one octet of question.
  const std::array<std::uint8_t, 13> query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(probe_udp(query), L::dns);
  EXPECT_EQ(probe_udp(bytes(query).first(12)), L::none); // header alone
}

TEST(Registry, GtpTPduHeuristic) {
  // tshark's guess at a T-PDU's user packet by its first octet, then an EtherType at 12-13.
  const auto first = [](std::uint8_t b) { return probe_gtp_t_pdu(std::array<std::uint8_t, 1>{b}); };
  EXPECT_EQ(first(0x45), L::ipv4);
  EXPECT_EQ(first(0x4e), L::ipv4);
  EXPECT_EQ(first(0x44), L::none); // a 16-octet IPv4 header
  EXPECT_EQ(first(0x4f), L::none); // PPP with a compressed protocol field is likelier
  EXPECT_EQ(first(0x60), L::ipv6);
  EXPECT_EQ(first(0x6f), L::ipv6);
  EXPECT_EQ(probe_gtp_t_pdu(bytes{}), L::none);
  // 15 octets: two MAC addresses, EtherType ARP, one octet.
  std::array<std::uint8_t, 15> frame{2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 0x08, 0x06, 0};
  EXPECT_EQ(probe_gtp_t_pdu(frame), L::ethernet);
  EXPECT_EQ(probe_gtp_t_pdu(bytes(frame).first(14)), L::none); // no more than 14 octets
  frame[12] = 0x88;                                            // LLDP (0x88cc): not guessed
  frame[13] = 0xcc;
  EXPECT_EQ(probe_gtp_t_pdu(frame), L::none);
}

TEST(Registry, Classes) {
  EXPECT_EQ(class_of(L::vlan), layer_class::link);
  EXPECT_EQ(class_of(L::gre), layer_class::network);
  EXPECT_EQ(class_of(L::icmp), layer_class::transport);
  EXPECT_EQ(class_of(L::vxlan), layer_class::transport);
  EXPECT_EQ(class_of(L::tls), layer_class::application);
  EXPECT_EQ(class_of(L::pcap), layer_class::other);
  EXPECT_TRUE(within(layer_class::network, stop_at::transport));
  EXPECT_FALSE(within(layer_class::application, stop_at::transport));
}

TEST(Registry, Probes) {
  EXPECT_TRUE(looks_like_http(text("GET / HTTP/1.1\r\n"))); // RFC 9112 §3
  EXPECT_TRUE(looks_like_http(text("HTTP/1.1 200 OK\r\n")));
  EXPECT_FALSE(looks_like_http(text("GETX / HTTP/1.1")));
  EXPECT_FALSE(looks_like_http(text("GE")));
  // RFC 8446 §5.1: handshake (22), legacy version 3.1, length 0x00c4.
  const std::vector<std::uint8_t> hello = {0x16, 0x03, 0x01, 0x00, 0xc4};
  EXPECT_TRUE(looks_like_tls(bytes(hello)));
  const std::vector<std::uint8_t> bad_type = {0x63, 0x03, 0x01, 0x00, 0xc4};
  EXPECT_FALSE(looks_like_tls(bytes(bad_type)));
  const std::vector<std::uint8_t> too_long = {0x17, 0x03, 0x03, 0xff, 0xff};
  EXPECT_FALSE(looks_like_tls(bytes(too_long)));
  EXPECT_EQ(probe_tcp(40000, 443, bytes(hello)), L::tls);
  EXPECT_EQ(probe_tcp(40000, 8443, bytes(hello)), L::tls); // by probe alone
  EXPECT_EQ(probe_tcp(40000, 80, text("POST /x HTTP/1.0\r\n")), L::http);
  EXPECT_EQ(probe_tcp(40000, 80, text("continuation of a body")), L::none);
  EXPECT_EQ(probe_tcp(40000, 80, bytes{}), L::none);
}

} // namespace
} // namespace pktscope
