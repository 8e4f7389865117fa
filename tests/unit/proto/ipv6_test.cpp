#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/ipv6_ext.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Fixtures are IPv6 packets (link layer stripped); expectations are tshark's values.

// zeek/zeek testing/btest/Traces/chksums/ip6-route0-icmp6-good-chksum.pcap, frame 1.
// tshark: ipv6.plen 39, ipv6.nxt 43, ipv6.hlim 64, 2001:4f8:4:7:2e0:81ff:fe52:ffff ->
// 2001:4f8:4:7:2e0:81ff:fe52:9a6b, ipv6.routing.type 0, ipv6.routing.segleft 1,
// ipv6.routing.len 2, then ICMPv6 echo request.
const auto route0 = from_hex("60 00 00 00 00 27 2b 40 20 01 04 f8 00 04 00 07"
                             "02 e0 81 ff fe 52 ff ff 20 01 04 f8 00 04 00 07"
                             "02 e0 81 ff fe 52 9a 6b 3a 02 00 01 00 00 00 00"
                             "20 01 00 78 00 01 00 32 00 00 00 00 00 00 00 01"
                             "80 00 a0 c7 00 00 00 00 38 6a 53 39 46 67 44");

// zeek/zeek testing/btest/Traces/ipv6-fragmented-dns.pcap, frame 6, first 64 of 1480
// octets. tshark: ipv6.plen 1440, ipv6.nxt 44, ipv6.fraghdr.nxt 17, offset 0, more 1,
// ident 0x00000002.
const auto first_fragment = from_hex("60 00 00 00 05 a0 2c 35 26 07 f7 40 00 0b 00 00"
                                     "00 00 00 00 00 00 0f 93 20 01 04 70 1f 11 08 1f"
                                     "d1 38 5f 55 06 d4 1f e2 11 00 00 01 00 00 00 02"
                                     "00 35 ca 8b 0c a6 68 8f 9f 91 85 00 00 01 00 01");

// Same file, frame 4, first 56 octets: tshark ipv6.fraghdr.offset 362, more 0, ident 1.
const auto later_fragment = from_hex("60 00 00 00 01 5e 2c 35 26 07 f7 40 00 0b 00 00"
                                     "00 00 00 00 00 00 0f 93 20 01 04 70 1f 11 08 1f"
                                     "d1 38 5f 55 06 d4 1f e2 11 00 0b 50 00 00 00 01"
                                     "58 58 58 58 58 58 58 58");

// zeek/zeek testing/btest/Traces/chksums/ip6-hoa-udp-good-chksum.pcap, frame 1: Destination
// Options with PadN and Home Address (tshark: ipv6.dstopts.nxt 17, len 2, ipv6.opt.type
// 0x01,0xc9, home address 2001:78:1:32::1), then UDP.
const auto dstopts_hoa = from_hex("60 00 00 00 00 24 3c 40 20 01 04 f8 00 04 00 07"
                                  "02 e0 81 ff fe 52 ff ff 20 01 04 f8 00 04 00 07"
                                  "02 e0 81 ff fe 52 9a 6b 11 02 01 02 00 00 c9 10"
                                  "20 01 00 78 00 01 00 32 00 00 00 00 00 00 00 01"
                                  "75 30 32 c8 00 0c 43 de 58 58 58 58");

// zeek/zeek testing/btest/Traces/icmp/icmp6-mld-query.pcap, frame 1 (raw IPv6): Hop-by-Hop
// with Router Alert and PadN. tshark: ipv6.plen 32, ipv6.nxt 0, ipv6.hlim 1, then ICMPv6 130.
const auto hbh_mld = from_hex("60 00 00 00 00 20 00 01 20 01 0d b8 00 00 00 00"
                              "00 00 00 00 05 27 cd f4 ff 02 00 00 00 00 00 00"
                              "00 00 00 00 00 00 00 01 3a 00 05 02 00 00 01 00"
                              "82 00 56 c4 27 10 00 00 00 00 00 00 00 00 00 00"
                              "00 00 00 00 00 00 00 00");

// the-tcpdump-group/libpcap tests/filter/ipv6_ah_modes.pcap, frame 1: AH then UDP.
// tshark: ah.next_header 17, ah.length 3, ah.spi 0x12345678, ah.sequence 0,
// ah.icv 0101010101010101, udp 12345 -> 54321.
const auto ah_udp = from_hex("60 00 00 00 00 3a 33 40 20 01 0d b8 00 00 00 00"
                             "00 00 00 00 00 00 00 01 20 01 0d b8 00 00 00 00"
                             "00 00 00 00 00 00 00 02 11 03 00 00 12 34 56 78"
                             "00 00 00 00 01 01 01 01 01 01 01 01 30 39 d4 31"
                             "00 26 3e 99 48 65 6c 6c 6f 2c 20 74 68 69 73 20"
                             "69 73 20 61 20 74 65 73 74 20 70 61 79 6c 6f 61"
                             "64 21");

// zeek/zeek testing/btest/Traces/ip6_esp.pcap, frame 2, first 64 octets. tshark: ipv6.plen
// 116, ipv6.nxt 50, esp.spi 0x0000000a, esp.sequence 1.
const auto esp_head = from_hex("60 00 00 00 00 74 32 40 3f fe 00 00 00 00 00 00"
                               "00 00 00 00 00 00 00 01 3f fe 00 00 00 00 00 00"
                               "00 00 00 00 00 00 00 02 00 00 00 0a 00 00 00 01"
                               "97 1f 47 36 3b 98 b4 c7 74 80 3b b0 e3 11 cc ce");

TEST(Ipv6, DecodesFixedHeader) {
  const auto r = ipv6::view::parse(route0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->version(), 6);
  EXPECT_EQ(r->traffic_class(), 0);
  EXPECT_EQ(r->flow_label(), 0U);
  EXPECT_EQ(r->payload_length(), 39);
  EXPECT_EQ(r->next_header(), ip_protocol::routing);
  EXPECT_EQ(r->hop_limit(), 64);
  EXPECT_EQ(r->src().to_string(), "2001:4f8:4:7:2e0:81ff:fe52:ffff");
  EXPECT_EQ(r->dst().to_string(), "2001:4f8:4:7:2e0:81ff:fe52:9a6b");
  EXPECT_EQ(r->declared_len(), 79U);
  EXPECT_EQ(r->captured_len(), 79U);
  EXPECT_EQ(r->payload().size(), 39U);
}

TEST(Ipv6, TrafficClassAndFlowLabel) {
  // zeek icmp/icmp6-nd-options.pcap frame 3 starts 6e 00 00 00: tshark ipv6.tclass 0xe0.
  auto b = route0;
  b[0] = 0x6e;
  b[1] = 0x01;
  b[2] = 0x23;
  b[3] = 0x45;
  const auto r = ipv6::view::parse(b);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->traffic_class(), 0xe0);
  EXPECT_EQ(r->dscp(), 56);
  EXPECT_EQ(r->flow_label(), 0x12345U);
}

TEST(Ipv6, PayloadCutBySnaplen) {
  const auto r = ipv6::view::parse(first_fragment);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->declared_len(), 1480U);
  EXPECT_EQ(r->captured_len(), 64U);
  EXPECT_EQ(r->payload().size(), 24U);
}

TEST(Ipv6, HeaderBytesRoundTrip) {
  const ipv6::header h{0,
                       0,
                       39,
                       ip_protocol::routing,
                       64,
                       *ipv6_address::parse("2001:4f8:4:7:2e0:81ff:fe52:ffff"),
                       *ipv6_address::parse("2001:4f8:4:7:2e0:81ff:fe52:9a6b")};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(route0.begin(), route0.begin() + 40));
  EXPECT_EQ(ipv6::view::parse(out)->to_header(), h);
}

TEST(Ipv6, RandomHeadersRoundTrip) {
  std::mt19937 rng(8200);
  for (int i = 0; i < 300; ++i) {
    ipv6::header h;
    h.traffic_class = static_cast<std::uint8_t>(rng());
    h.flow_label = static_cast<std::uint32_t>(rng()) & 0xfffffU;
    h.payload_length = static_cast<std::uint16_t>(rng());
    h.next_header = static_cast<ip_protocol>(rng() & 0xffU);
    h.hop_limit = static_cast<std::uint8_t>(rng());
    for (auto& o : h.src.octets) {
      o = static_cast<std::uint8_t>(rng());
    }
    for (auto& o : h.dst.octets) {
      o = static_cast<std::uint8_t>(rng());
    }
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    ASSERT_EQ(ipv6::view::parse(out)->to_header(), h) << i;
  }
}

TEST(Ipv6, TruncationSweep) {
  test::expect_truncation_sweep<ipv6::view>(route0, 40);
}

TEST(Ipv6, RejectsWrongVersion) {
  auto b = route0;
  b[0] = 0x40;
  const auto r = ipv6::view::parse(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::ipv6, 0, 0, 0}));
}

TEST(Ipv6, MutViewSetters) {
  auto b = route0;
  auto m = ipv6::mut_view::parse(b);
  ASSERT_TRUE(m);
  m->set_traffic_class(0xb8);
  m->set_flow_label(0xabcde);
  m->set_hop_limit(3);
  m->set_next_header(ip_protocol::udp);
  m->set_payload_length(8);
  m->set_dst(*ipv6_address::parse("2001:db8::1"));
  const auto v = m->as_view();
  EXPECT_EQ(v.version(), 6);
  EXPECT_EQ(v.traffic_class(), 0xb8);
  EXPECT_EQ(v.flow_label(), 0xabcdeU);
  EXPECT_EQ(v.hop_limit(), 3);
  EXPECT_EQ(v.next_header(), ip_protocol::udp);
  EXPECT_EQ(v.payload().size(), 8U);
  EXPECT_EQ(v.dst().to_string(), "2001:db8::1");
  EXPECT_EQ(v.src().to_string(), "2001:4f8:4:7:2e0:81ff:fe52:ffff");
}

// --- extension headers -------------------------------------------------------------------

TEST(Ipv6Ext, RoutingHeaderType0) {
  const auto rh = ipv6_routing::view::parse(bytes(route0).subspan(40));
  ASSERT_TRUE(rh);
  EXPECT_EQ(rh->next_header(), ip_protocol::icmpv6);
  EXPECT_EQ(rh->hdr_ext_len(), 2);
  EXPECT_EQ(rh->header_len(), 24U);
  EXPECT_EQ(rh->type(), ipv6_routing::routing_type::source_route);
  EXPECT_EQ(rh->segments_left(), 1);
  ASSERT_EQ(rh->address_count(), 1U);
  EXPECT_EQ(rh->address(0).to_string(), "2001:78:1:32::1");
  EXPECT_EQ(rh->final_destination()->to_string(), "2001:78:1:32::1");
  const ipv6_routing::header h = rh->to_header();
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(ipv6_routing::view::parse(out)->to_header(), h);
  test::expect_truncation_sweep<ipv6_routing::view>(
      std::vector<std::uint8_t>(route0.begin() + 40, route0.begin() + 64), 24);
}

TEST(Ipv6Ext, WalkRoutingToIcmpv6) {
  const auto c = ipv6_ext::walk(*ipv6::view::parse(route0));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->count, 1U);
  EXPECT_EQ(c->headers[0].protocol, ip_protocol::routing);
  EXPECT_EQ(c->headers[0].offset, 40U);
  EXPECT_EQ(c->headers[0].length, 24U);
  EXPECT_EQ(c->upper_protocol, ip_protocol::icmpv6);
  EXPECT_EQ(c->upper_offset, 64U);
  EXPECT_FALSE(c->fragment);
  EXPECT_TRUE(c->upper_header_present());
}

TEST(Ipv6Ext, FirstFragment) {
  const auto ip = ipv6::view::parse(first_fragment);
  const auto f = ipv6_frag::view::parse(ip->payload());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->next_header(), ip_protocol::udp);
  EXPECT_EQ(f->fragment_offset(), 0);
  EXPECT_TRUE(f->more_fragments());
  EXPECT_EQ(f->identification(), 2U);
  EXPECT_FALSE(f->is_atomic());
  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->upper_protocol, ip_protocol::udp);
  EXPECT_EQ(c->upper_offset, 48U);
  ASSERT_TRUE(c->fragment);
  EXPECT_EQ(c->fragment->offset, 40U);
  EXPECT_EQ(c->fragment->fragment_offset, 0);
  EXPECT_TRUE(c->fragment->more_fragments);
  EXPECT_EQ(c->fragment->identification, 2U);
  EXPECT_TRUE(c->upper_header_present());
}

TEST(Ipv6Ext, LaterFragment) {
  const auto ip = ipv6::view::parse(later_fragment);
  const auto f = ipv6_frag::view::parse(ip->payload());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fragment_offset(), 362);
  EXPECT_EQ(f->fragment_offset_bytes(), 2896U);
  EXPECT_FALSE(f->more_fragments());
  EXPECT_EQ(f->identification(), 1U);
  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->upper_protocol, ip_protocol::udp);
  EXPECT_EQ(c->upper_offset, 48U);
  EXPECT_FALSE(c->upper_header_present());
}

TEST(Ipv6Ext, FragmentHeaderBytes) {
  const ipv6_frag::header h{ip_protocol::udp, 0, 362, 0, false, 1};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out,
            std::vector<std::uint8_t>(later_fragment.begin() + 40, later_fragment.begin() + 48));
  std::mt19937 rng(4405);
  for (int i = 0; i < 300; ++i) {
    const ipv6_frag::header g{static_cast<ip_protocol>(rng() & 0xffU),
                              static_cast<std::uint8_t>(rng()),
                              static_cast<std::uint16_t>(rng() & 0x1fffU),
                              static_cast<std::uint8_t>(rng() & 3U),
                              (rng() & 1U) != 0,
                              static_cast<std::uint32_t>(rng())};
    g.write_to(out);
    ASSERT_EQ(ipv6_frag::view::parse(out)->to_header(), g) << i;
  }
  test::expect_truncation_sweep<ipv6_frag::view>(out, 8);
}

TEST(Ipv6Ext, DestinationOptionsWithHomeAddress) {
  const auto ip = ipv6::view::parse(dstopts_hoa);
  const auto d = ipv6_opts::view::parse(ip->payload(), layer_id::ipv6_destination);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->next_header(), ip_protocol::udp);
  EXPECT_EQ(d->hdr_ext_len(), 2);
  EXPECT_EQ(d->header_len(), 24U);
  auto it = d->option_iter();
  const auto padn = it.next();
  ASSERT_TRUE(padn);
  EXPECT_EQ(padn->type, ipv6_opts::option_type::padn);
  EXPECT_EQ(padn->value.size(), 2U);
  const auto hoa = it.next();
  ASSERT_TRUE(hoa);
  EXPECT_EQ(hoa->type, ipv6_opts::option_type::home_address);
  ASSERT_EQ(hoa->value.size(), 16U);
  EXPECT_EQ(ipv6_address::from_bytes(hoa->value).to_string(), "2001:78:1:32::1");
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.malformed());

  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->count, 1U);
  EXPECT_EQ(c->headers[0].protocol, ip_protocol::dstopts);
  EXPECT_EQ(c->upper_protocol, ip_protocol::udp);
  EXPECT_EQ(c->upper_offset, 64U);
}

TEST(Ipv6Ext, HopByHopRouterAlert) {
  const auto ip = ipv6::view::parse(hbh_mld);
  ASSERT_TRUE(ip);
  const auto h = ipv6_opts::view::parse(ip->payload());
  ASSERT_TRUE(h);
  auto it = h->option_iter();
  const auto ra = it.next();
  ASSERT_TRUE(ra);
  EXPECT_EQ(ra->type, ipv6_opts::option_type::router_alert);
  EXPECT_EQ(ra->value.size(), 2U);
  EXPECT_EQ(it.next()->type, ipv6_opts::option_type::padn);
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(h->jumbo_payload_length());
  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->upper_protocol, ip_protocol::icmpv6);
  EXPECT_EQ(c->upper_offset, 48U);
  EXPECT_FALSE(c->jumbo_payload_length);
}

TEST(Ipv6Ext, OptionsHeaderBuildsPadding) {
  const ipv6_opts::header h{ip_protocol::tcp, 1};
  std::vector<std::uint8_t> out(h.size(), 0xee);
  h.write_to(out);
  // RFC 8200 §4.2: PadN of 14 octets = type 1, length 12, 12 zeros.
  EXPECT_EQ(out, from_hex("06 01 01 0c 00 00 00 00 00 00 00 00 00 00 00 00"));
  const auto v = ipv6_opts::view::parse(out);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_header(), h);
  test::expect_truncation_sweep<ipv6_opts::view>(out, 16);
}

TEST(Ipv6Ext, JumbogramRecognised) {
  // RFC 2675 §2: payload length 0, Hop-by-Hop with Jumbo Payload (C2 04 + 32-bit length).
  auto b = from_hex("60 00 00 00 00 00 00 40 20 01 0d b8 00 00 00 00"
                    "00 00 00 00 00 00 00 01 20 01 0d b8 00 00 00 00"
                    "00 00 00 00 00 00 00 02 3b 00 c2 04 00 01 00 08");
  const auto ip = ipv6::view::parse(b);
  ASSERT_TRUE(ip);
  EXPECT_TRUE(ip->maybe_jumbogram());
  EXPECT_EQ(ip->payload().size(), 8U);
  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->jumbo_payload_length, 65544U);
  EXPECT_EQ(c->upper_protocol, ip_protocol::no_next);
}

TEST(Ipv6Ext, AuthenticationHeader) {
  const auto ip = ipv6::view::parse(ah_udp);
  const auto a = ah::view::parse(ip->payload());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->next_header(), ip_protocol::udp);
  EXPECT_EQ(a->payload_len(), 3);
  EXPECT_EQ(a->header_len(), 20U);
  EXPECT_EQ(a->spi(), 0x12345678U);
  EXPECT_EQ(a->sequence(), 0U);
  EXPECT_EQ(std::vector<std::uint8_t>(a->icv().begin(), a->icv().end()),
            from_hex("01 01 01 01 01 01 01 01"));
  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->headers[0].protocol, ip_protocol::ah);
  EXPECT_EQ(c->upper_protocol, ip_protocol::udp);
  EXPECT_EQ(c->upper_offset, 60U);
  EXPECT_EQ(load_be16(ah_udp, c->upper_offset), 12345); // udp.srcport

  const ah::header h = a->to_header();
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(ah::view::parse(out)->to_header(), h);
  test::expect_truncation_sweep<ah::view>(
      std::vector<std::uint8_t>(ah_udp.begin() + 40, ah_udp.begin() + 60), 20);
}

TEST(Ipv6Ext, AuthenticationHeaderWithoutSequenceNumber) {
  // Payload Len 0: RFC 1826's 8-octet header (next header, length, reserved, SPI), which
  // tshark reads so (zeek's ipv6_zero_len_ah.pcap: the ICMPv6 header at octet 8 after it).
  auto b = ah_udp;
  b[41] = 0;
  const auto a = ah::view::parse(bytes(b).subspan(40));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->header_len(), 8U);
  EXPECT_EQ(a->spi(), 0x12345678U);
  EXPECT_EQ(a->sequence(), 0U);
  EXPECT_TRUE(a->icv().empty());
  EXPECT_EQ(a->payload().size(), ah_udp.size() - 48);
  const auto c = ipv6_ext::walk(*ipv6::view::parse(b));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->upper_protocol, ip_protocol::udp);
  EXPECT_EQ(c->upper_offset, 48U);

  const ah::header h = a->to_header();
  std::vector<std::uint8_t> out(h.size());
  ASSERT_EQ(out.size(), 8U);
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(b.begin() + 40, b.begin() + 48));
  test::expect_truncation_sweep<ah::view>(std::vector<std::uint8_t>(out), 8);
}

TEST(Ipv6Ext, EspIsOpaque) {
  const auto ip = ipv6::view::parse(esp_head);
  const auto e = esp::view::parse(ip->payload());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->spi(), 0x0aU);
  EXPECT_EQ(e->sequence(), 1U);
  EXPECT_EQ(e->payload().size(), 16U);
  const auto c = ipv6_ext::walk(*ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->count, 0U);
  EXPECT_EQ(c->upper_protocol, ip_protocol::esp);
  EXPECT_EQ(c->upper_offset, 40U);
  const esp::header h{0xa, 1};
  std::vector<std::uint8_t> out(8);
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(esp_head.begin() + 40, esp_head.begin() + 48));
  test::expect_truncation_sweep<esp::view>(out, 8);
}

TEST(Ipv6Ext, WalkTruncatedByCapture) {
  // The route0 packet cut inside its routing header: the payload length says more.
  const std::vector<std::uint8_t> cut(route0.begin(), route0.begin() + 50);
  const auto c = ipv6_ext::walk(*ipv6::view::parse(cut));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), (error{errc::truncated, layer_id::ipv6_routing, 24, 10, 40}));
}

TEST(Ipv6Ext, WalkHeaderPastPayloadLengthIsMalformed) {
  auto b = route0;
  b[5] = 16; // payload length 16 < routing header's 24, with all bytes captured
  const auto c = ipv6_ext::walk(*ipv6::view::parse(b));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), (error{errc::malformed, layer_id::ipv6_routing, 0, 0, 40}));
}

TEST(Ipv6Ext, WalkIsBounded) {
  // 40 chained empty Destination Options headers (each next header 60): the walk stops at
  // the limit instead of following them all.
  ipv6::header h{0, 0, 40 * 8, ip_protocol::dstopts, 64, {}, {}};
  std::vector<std::uint8_t> b(40 + 40 * 8);
  h.write_to(b);
  for (std::size_t i = 0; i < 40; ++i) {
    const ipv6_opts::header o{ip_protocol::dstopts, 0};
    o.write_to(mut_bytes(b).subspan(40 + i * 8));
  }
  const auto c = ipv6_ext::walk(*ipv6::view::parse(b));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(),
            (error{errc::malformed, layer_id::ipv6, 0, 0, 40 + ipv6_ext::max_headers * 8}));
  const auto c4 = ipv6_ext::walk(*ipv6::view::parse(b), 4);
  ASSERT_FALSE(c4);
  EXPECT_EQ(c4.error().offset, 40U + 4 * 8);
}

TEST(Ipv6Ext, OptionReaderStopsOnOverrun) {
  const auto area = from_hex("01 00 05 07 00 00");
  ipv6_opts::option_reader it(area);
  EXPECT_EQ(it.next()->type, ipv6_opts::option_type::padn);
  EXPECT_FALSE(it.next());
  EXPECT_TRUE(it.malformed());
  EXPECT_EQ(it.offset(), 2U);
}

} // namespace
} // namespace pktscope
