// Decoder steps of tunnels that carry a bare IP or PPP packet: Teredo, AYIYA, L2TPv2 and
// GRE-in-UDP, LISP data and Encapsulated Control Messages (found by UDP port), PIM Register (IP
// protocol 103), WCCP redirection and Cisco MetaData in GRE, VXLAN-GPE's Next Protocol, the Network
// Service Header; the Arista timestamp header (skipped like a tag); MACsec without confidentiality;
// the BSD raw-IP link types; the version nibble of a refused IP header. Tunnel headers are
// hand-built from their specifications around inner packets made by the builder.

#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>

#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

const ipv4_address outer_src = *ipv4_address::parse("192.0.2.1");
const ipv4_address outer_dst = *ipv4_address::parse("198.51.100.2");
const bytes_vec data = {'p', 'k', 't', 's'};

bytes_vec inner_ipv6_udp() {
  return build::raw()
      .ipv6(*ipv6_address::parse("2001:db8::1"), *ipv6_address::parse("2001:db8::2"))
      .udp(1000, 2000)
      .payload(bytes(data))
      .to_vector();
}

bytes_vec inner_ipv4_udp() {
  return build::raw()
      .ipv4(*ipv4_address::parse("10.0.0.1"), *ipv4_address::parse("10.0.0.2"))
      .udp(3000, 4000)
      .payload(bytes(data))
      .to_vector();
}

bytes_vec cat(bytes_vec a, const bytes_vec& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// Raw IPv4/UDP from sport to dport carrying `payload`.
frame over_udp(std::uint16_t sport, std::uint16_t dport, const bytes_vec& payload) {
  return {link_type::raw, build::raw()
                              .ipv4(outer_src, outer_dst)
                              .udp(sport, dport)
                              .payload(bytes(payload))
                              .to_vector()};
}

/// Raw IPv4 header (RFC 791, no options) of protocol `protocol` carrying `payload`; checksum 0
/// (not verified by default).
frame over_ip(std::uint8_t protocol, const bytes_vec& payload) {
  const auto total = static_cast<std::uint16_t>(20 + payload.size());
  bytes_vec h = {0x45,
                 0x00,
                 static_cast<std::uint8_t>(total >> 8),
                 static_cast<std::uint8_t>(total),
                 0,
                 0,
                 0,
                 0,
                 64,
                 protocol,
                 0,
                 0,
                 192,
                 0,
                 2,
                 1,
                 224,
                 0,
                 0,
                 13};
  return {link_type::raw, cat(h, payload)};
}

// RFC 4380 §5.1.1 origin indication: 0x0000, port 40000 and 203.0.113.5, both inverted.
const bytes_vec teredo_origin = {0x00, 0x00, 0x63, 0xbf, 0x34, 0xff, 0x8e, 0xfa};
// Authentication indicator: ID-len 2, AU-len 1, client id, authentication value, 8-octet
// nonce, confirmation byte.
const bytes_vec teredo_auth = {0x00, 0x01, 0x02, 0x01, 0xab, 0xcd, 0xef, 1,
                               2,    3,    4,    5,    6,    7,    8,    0x00};

TEST(DecodeTeredo, OriginIndicationThenIpv6) {
  const auto p = over_udp(3544, 51000, cat(teredo_origin, inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::teredo, L::ipv6, L::udp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1}));
  EXPECT_EQ(p.layers[3].offset, 20U + 8 + 8);
  EXPECT_EQ(addr(p.src_address()), "2001:db8::1");
  EXPECT_EQ(p.src_port, 1000);
  EXPECT_EQ(p.dst_port, 2000);
}

TEST(DecodeTeredo, AuthenticationAndOriginThenIpv6) {
  const auto p =
      over_udp(51000, 3544, cat(cat(teredo_auth, teredo_origin), inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::teredo, L::ipv6, L::udp}));
  EXPECT_EQ(p.layers[2].length, 16U + 8);
  EXPECT_EQ(p.layers[3].offset, 20U + 8 + 16 + 8);
}

TEST(DecodeTeredo, PlainIpv6AndNotIpv6) {
  const auto p = over_udp(3544, 3544, inner_ipv6_udp()).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::teredo, L::ipv6, L::udp}));
  // Not Teredo after all (an IPv4 packet): the port was only a hint; nothing is flagged.
  const auto q = over_udp(3544, 51000, inner_ipv4_udp()).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ipv4, L::udp}));
  EXPECT_TRUE(q.anomalies.empty());
  EXPECT_FALSE(q.stopped);
  decode_options off;
  off.follow_tunnels = false;
  EXPECT_EQ(ids(over_udp(3544, 51000, inner_ipv6_udp()).decode(off)),
            (std::vector<L>{L::ipv4, L::udp}));
}

// draft-massar-v6ops-ayiya-02 §5: IDLen 4 (16 octets) IDType 1, SigLen 5 (20 octets) HshMeth 2,
// AutMeth 1 OpCode `op`, Next Header, epoch time, identity, signature.
bytes_vec ayiya_header(std::uint8_t op, std::uint8_t next_header) {
  constexpr std::size_t fixed = 8, identity = 16, signature = 20;
  bytes_vec h(fixed + identity + signature, 0x5a); // the signature's octets
  const bytes_vec head = {0x41, 0x52, static_cast<std::uint8_t>(0x10 | op), next_header, 0x4f, 0x00,
                          0x00, 0x01};
  std::copy(head.begin(), head.end(), h.begin());
  std::fill_n(h.begin() + fixed, identity, 0x20);
  return h;
}

TEST(DecodeAyiya, ForwardCarriesTheNextHeaderPacket) {
  const auto p = over_udp(5072, 5072, cat(ayiya_header(1, 41), inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::ayiya, L::ipv6, L::udp}));
  EXPECT_EQ(p.layers[2].length, 44U);
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.dst_address()), "2001:db8::2");
  const auto q = over_udp(40000, 5072, cat(ayiya_header(1, 4), inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ipv4, L::udp, L::ayiya, L::ipv4, L::udp}));
  EXPECT_EQ(addr(q.src_address()), "10.0.0.1");
}

TEST(DecodeAyiya, OtherOpcodesAndTruncation) {
  const auto echo = over_udp(5072, 5072, cat(ayiya_header(2, 41), inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(echo), (std::vector<L>{L::ipv4, L::udp, L::ayiya}));
  auto cut = ayiya_header(1, 41);
  cut.resize(30); // inside the identity
  const auto t = over_udp(5072, 5072, cut).decode();
  EXPECT_EQ(ids(t), (std::vector<L>{L::ipv4, L::udp}));
  EXPECT_TRUE(t.anomalies.has(anomaly::truncated_header));
  ASSERT_TRUE(t.stopped);
  EXPECT_EQ(t.stopped->layer, L::ayiya);
}

// RFC 2661 §3.1 data message: flags with L and version 2, Length, Tunnel ID, Session ID; then
// a PPP frame with address/control (RFC 1662) and protocol 0x0021 (IPv4).
bytes_vec l2tp_data(const bytes_vec& ip) {
  const auto len = static_cast<std::uint16_t>(8 + 4 + ip.size());
  bytes_vec h = {0x40,
                 0x02,
                 static_cast<std::uint8_t>(len >> 8),
                 static_cast<std::uint8_t>(len),
                 0x12,
                 0x34,
                 0x56,
                 0x78,
                 0xff,
                 0x03,
                 0x00,
                 0x21};
  return cat(h, ip);
}

TEST(DecodeL2tp, DataMessageCarriesPpp) {
  const auto p = over_udp(1701, 1701, l2tp_data(inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::l2tp, L::ppp, L::ipv4, L::udp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(p.layers[2].length, 8U);
  EXPECT_EQ(addr(p.dst_address()), "10.0.0.2");
  EXPECT_EQ(p.dst_port, 4000);
}

TEST(DecodeL2tp, OffsetPaddingIsSkipped) {
  // O set: Offset Size 2, two octets of padding before the PPP frame.
  const bytes_vec h = {0x02, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00,
                       0x02, 0xee, 0xee, 0xff, 0x03, 0x00, 0x57};
  const auto p = over_udp(1701, 1701, cat(h, inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::l2tp, L::ppp, L::ipv6, L::udp}));
  EXPECT_EQ(p.layers[2].length, 10U);
}

TEST(DecodeL2tp, ControlAndVersion3StopQuietly) {
  // Control message: T, L, S and version 2 (RFC 2661 §3.1), a zero-length body (ZLB ack).
  const bytes_vec zlb = {0xc8, 0x02, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01};
  const auto p = over_udp(1701, 1701, zlb).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::l2tp}));
  // L2TPv3 over UDP (RFC 3931 §4.1.2.1): another layout, left as payload.
  const bytes_vec v3 = {0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07};
  const auto q = over_udp(1701, 1701, v3).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ipv4, L::udp}));
  EXPECT_TRUE(q.anomalies.empty());
  EXPECT_FALSE(q.stopped);
}

TEST(DecodeGreInUdp, Port4754CarriesGre) {
  // RFC 8086 §3: the UDP payload is a GRE header (RFC 2784, protocol 0x0800), then IPv4.
  const bytes_vec gre = {0x00, 0x00, 0x08, 0x00};
  const auto p = over_udp(50000, 4754, cat(gre, inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::udp, L::gre, L::ipv4, L::udp}));
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
}

TEST(DecodeGre, WccpRedirectHeaderIsSkipped) {
  // GRE (RFC 2784) protocol 0x883e, the 4-octet WCCPv2 redirect header (draft-wilson-wrec-
  // wccp-v2-01 §4.12: D, A, service id 0x11, alternate bucket, primary bucket), then IPv4.
  const bytes_vec gre = {0x00, 0x00, 0x88, 0x3e};
  const bytes_vec redirect = {0x00, 0x11, 0x00, 0x2a};
  const auto p = over_ip(47, cat(cat(gre, redirect), inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::gre, L::ipv4, L::udp}));
  EXPECT_EQ(p.layers[2].offset, 20U + 4 + 4);
  EXPECT_EQ(p.layers[2].tunnel_depth, 1);
  // Without the redirect header the IPv4 packet follows GRE directly.
  const auto q = over_ip(47, cat(gre, inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ipv4, L::gre, L::ipv4, L::udp}));
  EXPECT_EQ(q.layers[2].offset, 20U + 4);
}

TEST(DecodeGre, CiscoMetaDataNamesTheEtherTypeThatFollows) {
  // GRE protocol 0x8909, then the metadata header as in tcpdump's various_gre.pcap frame 25:
  // EtherType 0x0800, version 1, length 1, options 0x0001, SGT 0; then IPv4.
  const bytes_vec gre = {0x00, 0x00, 0x89, 0x09};
  const bytes_vec cmd = {0x08, 0x00, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00};
  const auto p = over_ip(47, cat(cat(gre, cmd), inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::gre, L::ipv4, L::udp}));
  EXPECT_EQ(p.layers[2].offset, 20U + 4 + 8);
  EXPECT_EQ(p.layers[2].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  // A metadata header cut short: GRE is the last layer.
  const auto q = over_ip(47, cat(gre, bytes_vec(cmd.begin(), cmd.begin() + 5))).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ipv4, L::gre}));
}

TEST(DecodeVxlanGpe, NextProtocolSaysWhatFollows) {
  // draft-ietf-nvo3-vxlan-gpe-12 §3.2: flags I and P (0x0c), Next Protocol in byte 3, VNI 7.
  const auto gpe = [](std::uint8_t next) {
    return bytes_vec{0x0c, 0x00, 0x00, next, 0x00, 0x00, 0x07, 0x00};
  };
  const auto v4 = over_udp(50000, 4790, cat(gpe(1), inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(v4), (std::vector<L>{L::ipv4, L::udp, L::vxlan, L::ipv4, L::udp}));
  EXPECT_EQ(depths(v4), (std::vector<int>{0, 0, 0, 1, 1}));
  const auto v6 = over_udp(50000, 4790, cat(gpe(2), inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(v6), (std::vector<L>{L::ipv4, L::udp, L::vxlan, L::ipv6, L::udp}));
  // NSH (4), RFC 8300 §2.2: Length 2 words, MD Type 2, Next Protocol IPv4, SPI 1, SI 255.
  const bytes_vec nsh = {0x0f, 0xc2, 0x02, 0x01, 0x00, 0x00, 0x01, 0xff};
  const auto n = over_udp(50000, 4790, cat(gpe(4), cat(nsh, inner_ipv4_udp()))).decode();
  EXPECT_EQ(ids(n), (std::vector<L>{L::ipv4, L::udp, L::vxlan, L::nsh, L::ipv4, L::udp}));
  EXPECT_EQ(depths(n), (std::vector<int>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(addr(n.src_address()), "10.0.0.1");
  // On VXLAN's own port the P bit is reserved (RFC 7348 §5): the payload is taken for Ethernet.
  const auto plain = over_udp(50000, 4789, cat(gpe(1), inner_ipv4_udp())).decode();
  EXPECT_EQ(plain.layers[3].id, L::ethernet);
}

TEST(DecodeNsh, HeaderLengthAndNextProtocolLeadToThePacket) {
  // RFC 8300 §2: MD Type 1 (Length 6 words: 8 octets, then 16 of fixed context), Next
  // Protocol IPv4, SPI 777, SI 7; after EtherType 0x894f.
  const bytes_vec md1 = {0x00, 0x06, 0x01, 0x01, 0x00, 0x03, 0x09, 0x07, 0, 0, 0, 1,
                         0,    0,    0,    2,    0,    0,    0,    3,    0, 0, 0, 4};
  const bytes_vec eth = {0x52, 0x54, 0x00, 0x4b, 0x73, 0x5f, 0x02,
                         0x42, 0x0a, 0x00, 0x08, 0x03, 0x89, 0x4f};
  const auto p = frame(link_type::ethernet, cat(cat(eth, md1), inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::nsh, L::ipv4, L::udp}));
  EXPECT_EQ(p.layers[1].length, 24U);
  EXPECT_EQ(p.layers[2].offset, 14U + 24U);
  EXPECT_EQ(addr(p.dst_address()), "10.0.0.2");
  EXPECT_FALSE(p.stopped.has_value());
  // Next Protocol Ethernet opens a tunnel; an NSH cut in its context headers ends the walk.
  bytes_vec to_eth = md1;
  to_eth[3] = 3;
  const bytes_vec inner_eth = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00};
  const auto e =
      frame(link_type::ethernet, cat(cat(eth, to_eth), cat(inner_eth, inner_ipv4_udp()))).decode();
  EXPECT_EQ(ids(e), (std::vector<L>{L::ethernet, L::nsh, L::ethernet, L::ipv4, L::udp}));
  EXPECT_EQ(depths(e), (std::vector<int>{0, 0, 1, 1, 1}));
  const auto cut =
      frame(link_type::ethernet, cat(eth, bytes_vec(md1.begin(), md1.begin() + 12))).decode();
  EXPECT_EQ(ids(cut), (std::vector<L>{L::ethernet}));
  ASSERT_TRUE(cut.stopped.has_value());
  EXPECT_EQ(cut.stopped->layer, L::nsh);
  EXPECT_EQ(cut.stopped->code, errc::truncated);
}

TEST(DecodeLisp, EncapsulatedControlMessageCarriesAPacket) {
  // RFC 9301 §5.8: ECM header (type 8, D set), then an IPv4/UDP packet to port 4342 whose
  // payload is a Map-Request (type 1): a control message that ends the walk.
  const bytes_vec ecm = {0x84, 0x00, 0x00, 0x00};
  const bytes_vec map_request = {0x14, 0x00, 0x00, 0x01};
  const bytes_vec inner =
      build::raw()
          .ipv4(*ipv4_address::parse("10.0.0.1"), *ipv4_address::parse("10.0.0.2"))
          .udp(4342, 4342)
          .payload(bytes(map_request))
          .to_vector();
  const auto p = over_udp(4342, 4342, cat(ecm, inner)).decode();
  EXPECT_EQ(ids(p),
            (std::vector<L>{L::ipv4, L::udp, L::lisp_control, L::ipv4, L::udp, L::lisp_control}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  EXPECT_FALSE(p.stopped.has_value());
}

TEST(DecodeLisp, DataHeaderCarriesTheEndpointPacket) {
  // RFC 9300 §5.1: flags N and I, nonce, instance ID 1, then IPv4 or IPv6 by version nibble.
  const bytes_vec lisp = {0x88, 0x12, 0x34, 0x56, 0x00, 0x00, 0x01, 0x01};
  const auto v4 = over_udp(61000, 4341, cat(lisp, inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(v4), (std::vector<L>{L::ipv4, L::udp, L::lisp, L::ipv4, L::udp}));
  EXPECT_EQ(depths(v4), (std::vector<int>{0, 0, 0, 1, 1}));
  EXPECT_EQ(addr(v4.src_address()), "10.0.0.1");
  const auto v6 = over_udp(4341, 4341, cat(lisp, inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(v6), (std::vector<L>{L::ipv4, L::udp, L::lisp, L::ipv6, L::udp}));
  // Cut inside the LISP header: the walk stops there, truncated.
  const auto cut = over_udp(61000, 4341, bytes_vec(lisp.begin(), lisp.begin() + 5)).decode();
  ASSERT_TRUE(cut.stopped);
  EXPECT_EQ(cut.stopped->layer, L::lisp);
}

TEST(DecodePim, RegisterCarriesTheDataPacket) {
  // RFC 7761 §4.9.3: version 2 type 1, reserved, checksum, then B/N/Reserved2.
  const bytes_vec reg = {0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  const auto p = over_ip(103, cat(reg, inner_ipv4_udp())).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::pim, L::ipv4, L::udp}));
  EXPECT_EQ(depths(p), (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(p.layers[1].length, 8U);
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  const auto v6 = over_ip(103, cat(reg, inner_ipv6_udp())).decode();
  EXPECT_EQ(ids(v6), (std::vector<L>{L::ipv4, L::pim, L::ipv6, L::udp}));

  decode_options off;
  off.follow_tunnels = false;
  EXPECT_EQ(ids(over_ip(103, cat(reg, inner_ipv4_udp())).decode(off)),
            (std::vector<L>{L::ipv4, L::pim}));
}

TEST(DecodePim, OtherMessagesEndTheWalk) {
  // Hello (type 0) with a Holdtime option (§4.9.2).
  const bytes_vec hello = {0x20, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x69};
  const auto p = over_ip(103, hello).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::pim}));
  EXPECT_EQ(p.layers[1].length, 4U);
  EXPECT_EQ(p.ip_protocol, 103);
}

// the-tcpdump-group__tcpdump/tests/arista_ether.pcap frame 4: eth:ethertype:avsp:ethertype:
// vlan:ethertype:mpls:ip:data. tshark: vlan.id 100, mpls.label 1024, ip.src 10.136.1.32,
// ip.dst 10.2.23.24, ip.proto 63.
constexpr const char* arista_vlan_mpls_ip =
    "00 00 00 00 00 01 00 11 22 33 44 55 d2 8b 00 01 00 10 5c ee ed 5a 06 06 fe 7c 81 00 00 64 "
    "88 47 00 40 01 40 45 00 00 4a 00 00 00 00 40 3f 4d b4 0a 88 01 20 0a 02 17 18 00 01 02 03 "
    "04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 "
    "22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35";

TEST(DecodeArista, TimestampHeaderIsSkipped) {
  const auto p = frame(link_type::ethernet, arista_vlan_mpls_ip).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan, L::mpls, L::ipv4}));
  EXPECT_EQ(p.layers[1].offset, 28U); // 14 + subtype 2, version 2, timestamp 8, EtherType 2
  ASSERT_EQ(p.vlan_count, 1);
  EXPECT_EQ(p.vlan_ids[0], 100);
  EXPECT_EQ(addr(p.src_address()), "10.136.1.32");
  EXPECT_EQ(p.ip_protocol, 63);
  EXPECT_TRUE(p.anomalies.empty());
  // An unknown timestamp format (0x0011) has no known length: the frame ends there, quietly.
  frame f(link_type::ethernet, arista_vlan_mpls_ip);
  f.data[17] = 0x11;
  const auto q = f.decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ethernet}));
  EXPECT_FALSE(q.stopped);
}

/// Ethernet, MACsec SecTAG with SCI and TCI `tci` (IEEE 802.1AE-2018 §9.3), the user's
/// EtherType 0x0800 and IPv4 packet, a 16-octet ICV.
frame macsec_frame(std::uint8_t tci) {
  bytes_vec f = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x01, 0x00, 0x00, 0x5e, 0x00,
                 0x53, 0x02, 0x88, 0xe5, tci,  0x00, 0x00, 0x00, 0x00, 0x07,
                 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x00, 0x01, 0x08, 0x00};
  f = cat(f, inner_ipv4_udp());
  f.insert(f.end(), 16, 0xee);
  return {link_type::ethernet, f};
}

TEST(DecodeMacsec, IntegrityOnlyCarriesTheUserFrame) {
  const auto p = macsec_frame(0x20).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::macsec, L::ipv4, L::udp}));
  EXPECT_EQ(p.layers[1].length, 14U);
  EXPECT_EQ(p.layers[2].offset, 14U + 14 + 2);
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  EXPECT_FALSE(p.anomalies.has(anomaly::trailing_bytes)); // the ICV is not trailing data
  // Encrypted (E and C set): nothing after the SecTAG is readable.
  const auto q = macsec_frame(0x2c).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ethernet, L::macsec}));
}

TEST(DecodeLinkType, BsdRawIpValues) {
  const auto v6 = frame(link_type::raw_bsd_dlt12, inner_ipv6_udp()).decode();
  EXPECT_EQ(ids(v6), (std::vector<L>{L::ipv6, L::udp}));
  const auto v4 = frame(link_type::raw_bsd_dlt14, inner_ipv4_udp()).decode();
  EXPECT_EQ(ids(v4), (std::vector<L>{L::ipv4, L::udp}));
}

TEST(DecodeIpVersion, WrongNibbleIsRecordedWithItsOffset) {
  // IPv6 in IPv6 (next header 41) whose inner version nibble is 3.
  auto outer =
      build::raw()
          .ipv6(*ipv6_address::parse("2001:db8::a"), *ipv6_address::parse("2001:db8::b"))
          .inner(build::raw()
                     .ipv6(*ipv6_address::parse("2001:db8::1"), *ipv6_address::parse("2001:db8::2"))
                     .udp(1000, 2000)
                     .payload(bytes(data)))
          .to_vector();
  outer[40] = static_cast<std::uint8_t>(0x30 | (outer[40] & 0x0f));
  const frame f(link_type::raw, outer); // outlives p, whose frame bytes are read below
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv6}));
  EXPECT_TRUE(p.anomalies.has(anomaly::bad_ip_version));
  EXPECT_TRUE(p.anomalies.has(anomaly::bad_header_length));
  ASSERT_TRUE(p.stopped);
  EXPECT_EQ(p.stopped->offset, 40U);
  EXPECT_EQ(p.frame[p.stopped->offset] >> 4, 3);

  // Cut inside the refused header: still recorded, with where the header starts.
  outer.resize(45);
  const auto cut = frame(link_type::raw, outer).decode();
  EXPECT_TRUE(cut.anomalies.has(anomaly::bad_ip_version));
  EXPECT_TRUE(cut.anomalies.has(anomaly::truncated_header));
  ASSERT_TRUE(cut.stopped);
  EXPECT_EQ(cut.stopped->offset, 40U);

  // LINKTYPE_RAW announces no version: a nibble other than 4 or 6 is no version anomaly.
  frame raw(link_type::raw, inner_ipv4_udp());
  raw.data[0] = 0x35;
  const auto r = raw.decode();
  EXPECT_TRUE(r.anomalies.has(anomaly::bad_header_length));
  EXPECT_FALSE(r.anomalies.has(anomaly::bad_ip_version));
  frame v4(link_type::ipv4, raw.data); // LINKTYPE_IPV4 does
  EXPECT_TRUE(v4.decode().anomalies.has(anomaly::bad_ip_version));

  // A bad IHL under the right version is no version anomaly.
  auto ihl = inner_ipv4_udp();
  ihl[0] = 0x44;
  const auto q = frame(link_type::raw, ihl).decode();
  EXPECT_TRUE(q.anomalies.has(anomaly::bad_header_length));
  EXPECT_FALSE(q.anomalies.has(anomaly::bad_ip_version));
}

} // namespace
} // namespace pktscope
