#include <pktscope/proto/ipv4.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb/PcapPlusPlus Tests/Packet++Test/PacketExamples/igmpv3.pcap, frame 1, from the IPv4
// header on (Ethernet stripped): IGMPv3 query with a Router Alert option (IHL 6).
// tshark: ip.hdr_len 24, ip.len 40, ip.id 0x8f98, ip.flags 0x00, ip.ttl 1, ip.proto 2,
// ip.checksum 0x362d (status good), 127.0.0.1 -> 224.0.0.9, ip.opt.type 148, ip.opt.len 4.
const auto igmp_with_ra = from_hex("46 00 00 28 8f 98 00 00 01 02 36 2d 7f 00 00 01"
                                   "e0 00 00 09 94 04 00 00 11 01 2a 6d e0 00 00 09"
                                   "0f 00 00 01 c0 a8 14 de");

// seladb/PcapPlusPlus Tests/Pcap++Test/PcapExamples/frag_with_padding.pcap, frame 1, from
// the IPv4 header (Ethernet + 802.1Q stripped), first 48 of 1500 octets.
// tshark: ip.len 1500, ip.id 0x6312, ip.flags 0x03 (DF and MF), ip.frag_offset 1, ip.ttl 3,
// ip.proto 17, ip.checksum 0x017e, 10.13.1.113 -> 224.0.2.2.
const auto fragment_head = from_hex("45 00 05 dc 63 12 60 01 03 11 01 7e 0a 0d 01 71"
                                    "e0 00 02 02 00 00 01 49 00 00 24 b1 00 00 00 00"
                                    "01 01 02 00 00 00 00 00 00 00 00 00 00 00 00 00");

TEST(Ipv4, DecodesHeaderWithOptions) {
  const auto r = ipv4::view::parse(igmp_with_ra);
  ASSERT_TRUE(r);
  const auto& v = *r;
  EXPECT_EQ(v.version(), 4);
  EXPECT_EQ(v.ihl(), 6);
  EXPECT_EQ(v.header_len(), 24U);
  EXPECT_EQ(v.tos(), 0);
  EXPECT_EQ(v.total_length(), 40);
  EXPECT_EQ(v.identification(), 0x8f98);
  EXPECT_EQ(v.flags(), 0);
  EXPECT_FALSE(v.is_fragment());
  EXPECT_EQ(v.ttl(), 1);
  EXPECT_EQ(v.protocol(), ip_protocol::igmp);
  EXPECT_EQ(v.checksum(), 0x362d);
  EXPECT_TRUE(v.checksum_ok());
  EXPECT_EQ(v.src().to_string(), "127.0.0.1");
  EXPECT_EQ(v.dst().to_string(), "224.0.0.9");
  EXPECT_EQ(v.declared_len(), 40U);
  EXPECT_EQ(v.captured_len(), 40U);
  EXPECT_EQ(v.payload().size(), 16U);
  EXPECT_EQ(v.payload()[0], 0x11); // IGMP membership query
  EXPECT_FALSE(v.length_from_capture());

  auto it = v.option_iter();
  const auto o = it.next();
  ASSERT_TRUE(o);
  EXPECT_EQ(o->type, ipv4::option_type::router_alert);
  EXPECT_EQ(o->raw.size(), 4U);
  ASSERT_EQ(o->value.size(), 2U);
  EXPECT_EQ(o->value[0], 0);
  EXPECT_EQ(o->value[1], 0);
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.malformed());
  EXPECT_EQ(ipv4::describe(o->type), "Router Alert");
}

TEST(Ipv4, DecodesFragmentCutBySnaplen) {
  const auto r = ipv4::view::parse(fragment_head);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total_length(), 1500);
  EXPECT_EQ(r->identification(), 0x6312);
  EXPECT_EQ(r->flags(), 0x03);
  EXPECT_TRUE(r->dont_fragment());
  EXPECT_TRUE(r->more_fragments());
  EXPECT_FALSE(r->reserved_flag());
  EXPECT_EQ(r->fragment_offset(), 1);
  EXPECT_EQ(r->fragment_offset_bytes(), 8U);
  EXPECT_TRUE(r->is_fragment());
  EXPECT_EQ(r->ttl(), 3);
  EXPECT_EQ(r->protocol(), ip_protocol::udp);
  EXPECT_EQ(r->checksum(), 0x017e);
  EXPECT_TRUE(r->checksum_ok());
  EXPECT_EQ(r->src().to_string(), "10.13.1.113");
  EXPECT_EQ(r->dst().to_string(), "224.0.2.2");
  // A payload cut by snaplen is not an error: both lengths stay visible.
  EXPECT_EQ(r->declared_len(), 1500U);
  EXPECT_EQ(r->captured_len(), 48U);
  EXPECT_EQ(r->payload().size(), 28U);
  EXPECT_TRUE(r->options().empty());
}

TEST(Ipv4, TrailingBytesAreNotPayload) {
  auto b = igmp_with_ra;
  b.insert(b.end(), {0, 0, 0, 0, 0, 0}); // Ethernet padding
  const auto r = ipv4::view::parse(b);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->payload().size(), 16U);
  EXPECT_EQ(r->captured_len(), 46U);
}

TEST(Ipv4, HeaderWritesExpectedBytes) {
  ipv4::header h;
  h.tos = 0;
  h.total_length = 40;
  h.identification = 0x8f98;
  h.ttl = 1;
  h.protocol = ip_protocol::igmp;
  h.checksum = 0x362d;
  h.src = ipv4_address{{127, 0, 0, 1}};
  h.dst = ipv4_address{{224, 0, 0, 9}};
  h.options[0] = 148;
  h.options[1] = 4;
  h.options_len = 4;
  ASSERT_EQ(h.size(), 24U);
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(igmp_with_ra.begin(), igmp_with_ra.begin() + 24));
}

TEST(Ipv4, OptionsArePaddedToWords) {
  ipv4::header h;
  h.options[0] = 1; // NOP
  h.options_len = 1;
  EXPECT_EQ(h.size(), 24U);
  std::vector<std::uint8_t> out(h.size(), 0xee);
  h.write_to(out);
  EXPECT_EQ(out[0], 0x46);
  EXPECT_EQ(out[20], 1);
  EXPECT_EQ(out[21], 0);
  EXPECT_EQ(out[23], 0);
}

TEST(Ipv4, RoundTripFixture) {
  const auto h = ipv4::view::parse(igmp_with_ra)->to_header();
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(ipv4::view::parse(out)->to_header(), h);
}

TEST(Ipv4, TruncationSweep) {
  // Every prefix shorter than the declared header (IHL 6 = 24 octets) is truncated.
  test::expect_truncation_sweep<ipv4::view>(igmp_with_ra, 24);
}

TEST(Ipv4, ShortBufferReportsNeededAndHave) {
  const std::vector<std::uint8_t> b(igmp_with_ra.begin(), igmp_with_ra.begin() + 22);
  const auto r = ipv4::view::parse(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::ipv4, 24, 22, 0}));
  const auto r2 = ipv4::view::parse(bytes(b).first(10));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error(), (error{errc::truncated, layer_id::ipv4, 20, 10, 0}));
}

TEST(Ipv4, RejectsWrongVersion) {
  auto b = igmp_with_ra;
  b[0] = 0x66;
  const auto r = ipv4::view::parse(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::ipv4, 0, 0, ipv4::fields::version_ihl}));
}

TEST(Ipv4, RejectsIhlBelowFive) {
  auto b = igmp_with_ra;
  b[0] = 0x44;
  const auto r = ipv4::view::parse(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().offset, ipv4::fields::version_ihl);
}

TEST(Ipv4, RejectsTotalLengthBelowHeader) {
  auto b = igmp_with_ra;
  b[2] = 0;
  b[3] = 23; // below IHL*4 = 24
  const auto r = ipv4::view::parse(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::ipv4, 0, 0, ipv4::fields::total_length}));
}

TEST(Ipv4, TotalLengthZeroTakesLengthFromCapture) {
  auto b = igmp_with_ra;
  b[2] = 0;
  b[3] = 0; // TSO capture
  const auto r = ipv4::view::parse(b);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->length_from_capture());
  EXPECT_EQ(r->declared_len(), 40U);
  EXPECT_EQ(r->payload().size(), 16U);
}

TEST(Ipv4, OptionReaderStopsOnBadLength) {
  // Timestamp option claiming length 1, then one claiming more than is left.
  for (const auto& area : {from_hex("44 01 00 00"), from_hex("01 07 08 00")}) {
    ipv4::option_reader it(area);
    while (it.next()) {
    }
    EXPECT_TRUE(it.malformed());
  }
  // End of Option List ends the walk even with bytes after it.
  const auto eol = from_hex("01 00 44 01");
  ipv4::option_reader it(eol);
  EXPECT_EQ(it.next()->type, ipv4::option_type::nop);
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.malformed());
}

TEST(Ipv4, OptionReaderIsBounded) {
  const std::vector<std::uint8_t> nops(40, 1);
  ipv4::option_reader it(nops);
  int n = 0;
  while (it.next()) {
    ++n;
  }
  EXPECT_EQ(n, 40);
}

TEST(Ipv4, FillChecksumRestoresWireValue) {
  auto b = igmp_with_ra;
  auto m = ipv4::mut_view::parse(b);
  ASSERT_TRUE(m);
  m->set_checksum(0);
  EXPECT_FALSE(m->as_view().checksum_ok());
  m->fill_checksum();
  EXPECT_EQ(m->as_view().checksum(), 0x362d);
  EXPECT_EQ(b, igmp_with_ra);
}

TEST(Ipv4, SettersWriteFields) {
  auto b = igmp_with_ra;
  auto m = ipv4::mut_view::parse(b);
  ASSERT_TRUE(m);
  m->set_ttl(9);
  m->set_protocol(ip_protocol::udp);
  m->set_identification(0x1234);
  m->set_flags_fragment(ipv4::flag_mf, 0x1abc);
  m->set_tos(0xb8);
  m->set_src(ipv4_address{{192, 0, 2, 1}});
  m->set_dst(ipv4_address{{198, 51, 100, 7}});
  m->fill_checksum();
  const auto v = m->as_view();
  EXPECT_EQ(v.ttl(), 9);
  EXPECT_EQ(v.protocol(), ip_protocol::udp);
  EXPECT_EQ(v.identification(), 0x1234);
  EXPECT_TRUE(v.more_fragments());
  EXPECT_FALSE(v.dont_fragment());
  EXPECT_EQ(v.fragment_offset(), 0x1abc);
  EXPECT_EQ(v.dscp(), 46); // EF
  EXPECT_EQ(v.ecn(), 0);
  EXPECT_EQ(v.src().to_string(), "192.0.2.1");
  EXPECT_EQ(v.dst().to_string(), "198.51.100.7");
  EXPECT_TRUE(v.checksum_ok());
}

TEST(Ipv4, RandomHeadersRoundTrip) {
  std::mt19937 rng(791);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 500; ++i) {
    ipv4::header h;
    h.tos = static_cast<std::uint8_t>(byte(rng));
    h.identification = static_cast<std::uint16_t>(byte(rng) << 8 | byte(rng));
    h.flags = static_cast<std::uint8_t>(byte(rng) & 7);
    h.fragment_offset = static_cast<std::uint16_t>((byte(rng) << 8 | byte(rng)) & 0x1fff);
    h.ttl = static_cast<std::uint8_t>(byte(rng));
    h.protocol = static_cast<ip_protocol>(byte(rng));
    h.checksum = static_cast<std::uint16_t>(byte(rng) << 8 | byte(rng));
    h.src = ipv4_address::from_u32(static_cast<std::uint32_t>(rng()));
    h.dst = ipv4_address::from_u32(static_cast<std::uint32_t>(rng()));
    h.options_len = static_cast<std::uint8_t>((byte(rng) % 11) * 4);
    for (std::size_t k = 0; k < h.options_len; ++k) {
      h.options[k] = static_cast<std::uint8_t>(byte(rng));
    }
    h.total_length = static_cast<std::uint16_t>(h.size() + static_cast<std::size_t>(byte(rng)));
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = ipv4::view::parse(out);
    ASSERT_TRUE(v) << i;
    EXPECT_EQ(v->to_header(), h) << i;
  }
}

} // namespace
} // namespace pktscope
