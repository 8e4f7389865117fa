// IPv6 extension header chains longer than the layer list: RFC 8200 §4.1 allows each
// extension header once (Destination Options twice), but libpcap's ipv6_ext_headers.pcap
// chains 100 of them before UDP and tshark reaches the UDP header. Chains are hand-built from
// RFC 8200 §4.3-§4.6 (8-octet headers: Hdr Ext Len 0).

#include <pktscope/decode/decoder.hpp>

#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using bytes_vec = std::vector<std::uint8_t>;
using test::frame;
using test::ids;

constexpr std::uint8_t hop_by_hop = 0, routing = 43, fragment = 44, dst_opts = 60, udp = 17;

/// One 8-octet extension header of `kind` followed by `next`: options headers hold a 4-octet
/// PadN (type 1, length 4; §4.2), the Routing header is type 0 with Segments Left 0, the
/// Fragment header is atomic (offset 0, M 0; RFC 6946) unless `more` is set.
bytes_vec extension(std::uint8_t kind, std::uint8_t next, bool more = false) {
  switch (kind) {
  case routing: return {next, 0, 0, 0, 0, 0, 0, 0};
  case fragment: return {next, 0, 0, static_cast<std::uint8_t>(more ? 1 : 0), 0, 0, 0, 9};
  default: return {next, 0, 1, 4, 0, 0, 0, 0};
  }
}

/// IPv6 2001:db8::1 -> 2001:db8::2 (§3) carrying `kinds` as a chain, then UDP 12345 -> 54321
/// with 10 octets of data (length 18, checksum 0).
bytes_vec chain(const std::vector<std::uint8_t>& kinds, bool last_is_first_fragment = false) {
  bytes_vec tail;
  for (std::size_t i = kinds.size(); i-- > 0;) {
    const std::uint8_t next = i + 1 < kinds.size() ? kinds[i + 1] : udp;
    const bool more = last_is_first_fragment && i + 1 == kinds.size();
    const bytes_vec h = extension(kinds[i], next, more);
    tail.insert(tail.begin(), h.begin(), h.end());
  }
  const bytes_vec udp_datagram = {0x30, 0x39, 0xd4, 0x31, 0, 18, 0, 0, 1,
                                  2,    3,    4,    5,    6, 7,  8, 9, 10};
  tail.insert(tail.end(), udp_datagram.begin(), udp_datagram.end());
  const auto plen = static_cast<std::uint16_t>(tail.size());
  bytes_vec ip = {0x60,
                  0,
                  0,
                  0,
                  static_cast<std::uint8_t>(plen >> 8),
                  static_cast<std::uint8_t>(plen),
                  kinds.empty() ? udp : kinds[0],
                  64};
  for (const std::uint8_t last : {std::uint8_t{1}, std::uint8_t{2}}) {
    const bytes_vec addr = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
    ip.insert(ip.end(), addr.begin(), addr.end());
  }
  ip.insert(ip.end(), tail.begin(), tail.end());
  return ip;
}

/// Hop-by-Hop, then 33 times Routing, atomic Fragment and Destination Options: the chain of
/// ipv6_ext_headers.pcap.
std::vector<std::uint8_t> hundred_headers() {
  std::vector<std::uint8_t> kinds = {hop_by_hop};
  for (int i = 0; i < 33 * 3; ++i) {
    kinds.push_back(i % 3 == 0 ? routing : i % 3 == 1 ? fragment : dst_opts);
  }
  return kinds;
}

TEST(DecodeIpv6ExtensionChain, LongChainReachesTheTransportHeader) {
  const frame f(link_type::ipv6, chain(hundred_headers()));
  bool ok = false;
  decode_options strict;
  strict.strict = true;
  const auto p = f.decode(strict, &ok);
  EXPECT_TRUE(ok);
  // The IPv6 header and 12 extension headers take a layer each; the 13th layer, with 2 slots
  // left for the transport and application layers, covers headers 13 to 100.
  std::vector<L> want = {L::ipv6, L::ipv6_hop_by_hop};
  for (int i = 0; i < 4 * 3; ++i) {
    want.push_back(i % 3 == 0   ? L::ipv6_routing
                   : i % 3 == 1 ? L::ipv6_fragment
                                : L::ipv6_destination);
  }
  want.push_back(L::udp);
  EXPECT_EQ(ids(p), want);
  ASSERT_EQ(p.size(), 15U);
  EXPECT_EQ(p.layers[13].offset, 40U + 12U * 8U);
  EXPECT_EQ(p.layers[13].length, 88U * 8U);
  EXPECT_EQ(p.layers[14].offset, 40U + 100U * 8U);
  EXPECT_EQ(p.transport, L::udp);
  EXPECT_EQ(p.src_port, 12345);
  EXPECT_EQ(p.dst_port, 54321);
  EXPECT_EQ(p.ip_protocol, udp);
  EXPECT_FALSE(p.stopped.has_value());
  EXPECT_TRUE(p.anomalies.empty());
}

TEST(DecodeIpv6ExtensionChain, ShortChainsKeepALayerPerHeader) {
  const frame f(link_type::ipv6, chain({hop_by_hop, dst_opts, routing, fragment, dst_opts}));
  const auto p = f.decode();
  EXPECT_EQ(ids(p),
            (std::vector<L>{L::ipv6, L::ipv6_hop_by_hop, L::ipv6_destination, L::ipv6_routing,
                            L::ipv6_fragment, L::ipv6_destination, L::udp}));
  for (std::size_t i = 1; i < 6; ++i) {
    EXPECT_EQ(p.layers[i].length, 8U) << i;
  }
}

TEST(DecodeIpv6ExtensionChain, AHeaderCutInsideTheLongChainStillFails) {
  // Cut in the 90th header (octets 40 + 89 * 8 + 4), an atomic Fragment header (headers 3, 6,
  // 9, ... of the chain are): reported as in a chain the list holds.
  bytes_vec cut = chain(hundred_headers());
  cut.resize(40 + 89 * 8 + 4);
  const frame f(link_type::ipv6, cut);
  decode_options strict;
  strict.strict = true;
  bool ok = true;
  const auto p = f.decode(strict, &ok);
  EXPECT_FALSE(ok);
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.stopped->code, errc::truncated);
  EXPECT_EQ(p.stopped->layer, L::ipv6_fragment);
  EXPECT_TRUE(p.anomalies.has(anomaly::truncated_header));
}

TEST(DecodeIpv6ExtensionChain, AFragmentKeepsALayerOfItsOwn) {
  // 20 Destination Options headers, then a first fragment (M set): the reassembler finds the
  // Fragment header by its layer, so it never joins the layer before it.
  std::vector<std::uint8_t> kinds(20, dst_opts);
  kinds.push_back(fragment);
  const frame f(link_type::ipv6, chain(kinds, true));
  const auto p = f.decode();
  ASSERT_EQ(p.size(), 16U);
  EXPECT_EQ(p.layers[13].id, L::ipv6_destination);
  EXPECT_EQ(p.layers[13].length, 8U * 8U); // headers 13 to 20
  EXPECT_EQ(p.layers[14].id, L::ipv6_fragment);
  EXPECT_EQ(p.layers[14].offset, 40U + 20U * 8U);
  EXPECT_EQ(p.layers[15].id, L::udp);
  EXPECT_TRUE(p.is_fragment);
}

} // namespace
} // namespace pktscope
