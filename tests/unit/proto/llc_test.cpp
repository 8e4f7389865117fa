#include <pktscope/proto/llc.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// the-tcpdump-group__libpcap/tests/filter/http_PPI.pcap frame 1, the 802.11 data payload from
// offset 0x6e. tshark: llc.dsap 0xaa, llc.ssap 0xaa, llc.control 0x0003, llc.oui 0 (encapsulated
// Ethernet), llc.type 0x0800, followed by IPv4 (45 00 ...).
const std::vector<std::uint8_t> snap_ipv4 = from_hex("aa aa 03 00 00 00 08 00 45 00 00 3b");

// the-tcpdump-group__tcpdump/tests/3560_CDP.pcap frame 1 from offset 14 (after eth.len 386).
// tshark: llc.dsap 0xaa, llc.ssap 0xaa, llc.control 0x0003, llc.oui 12 (00:00:0c Cisco),
// llc.cisco_pid 0x2000 (CDP), then CDP version 2.
const std::vector<std::uint8_t> snap_cdp = from_hex("aa aa 03 00 00 0c 20 00 02 b4 b0 bd");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/EthDot3.pcap frame 1 from offset 14.
// tshark: llc.dsap 0x42, llc.ssap 0x42, llc.control 0x0003 (UI), then STP.
const std::vector<std::uint8_t> llc_stp = from_hex("42 42 03 00 00 00 00 00");

// the-tcpdump-group__libpcap/tests/filter/llc.pcap frame 10 from offset 14 (eth.len 18).
// tshark: llc.dsap 0xf0, llc.ssap 0xf0, llc.control 0x0100 (I-format, two octets), NetBIOS.
const std::vector<std::uint8_t> llc_iframe = from_hex("f0 f0 00 01 0e 00 ff ef 19 8f bc 05");

// the-tcpdump-group__libpcap/tests/filter/llc.pcap frame 9 from offset 14 (eth.len 4).
// tshark: llc.dsap 0xf0, llc.ssap 0xf1 (response), llc.control 0x0101 (S-format).
const std::vector<std::uint8_t> llc_sframe = from_hex("f0 f1 01 01");

// the-tcpdump-group__libpcap/tests/filter/llc.pcap frame 3 from offset 14 (eth.len 80):
// tshark shows IPX (ipx.checksum 0xffff) directly after the length, no llc layer.
const std::vector<std::uint8_t> novell_raw = from_hex("ff ff 00 50 00 04 00 00 00 00");

TEST(Llc, DecodesSnapWithEtherType) {
  const auto v = llc::view::parse(bytes(snap_ipv4));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->dsap(), 0xaa);
  EXPECT_EQ(v->ssap(), 0xaa);
  EXPECT_EQ(v->control(), 0x0003);
  EXPECT_EQ(v->control_len(), 1U);
  EXPECT_TRUE(v->has_snap());
  EXPECT_EQ(v->oui(), 0U);
  EXPECT_EQ(v->pid(), 0x0800);
  EXPECT_TRUE(v->has_ether_type());
  EXPECT_EQ(v->ether_type(), ether_type::ipv4);
  EXPECT_EQ(v->header_len(), 8U);
  ASSERT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(Llc, DecodesSnapWithOrganisationPid) {
  const auto v = llc::view::parse(bytes(snap_cdp));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->has_snap());
  EXPECT_EQ(v->oui(), 12U);
  EXPECT_EQ(v->oui(), llc::oui_cisco);
  EXPECT_EQ(v->pid(), 0x2000);
  EXPECT_FALSE(v->has_ether_type());
  EXPECT_EQ(v->payload()[0], 0x02);
}

TEST(Llc, DecodesPlainLlcUFormat) {
  const auto v = llc::view::parse(bytes(llc_stp));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->dsap(), 0x42);
  EXPECT_EQ(v->ssap(), 0x42);
  EXPECT_EQ(v->dsap_sap(), llc::sap::stp);
  EXPECT_FALSE(v->is_group());
  EXPECT_FALSE(v->is_response());
  EXPECT_EQ(v->control(), 0x0003);
  EXPECT_FALSE(v->has_snap());
  EXPECT_FALSE(v->has_ether_type());
  EXPECT_EQ(v->header_len(), 3U);
  EXPECT_EQ(v->payload().size(), 5U);
}

TEST(Llc, DecodesTwoOctetControlAsWireshark) {
  const auto i = llc::view::parse(bytes(llc_iframe));
  ASSERT_TRUE(i);
  EXPECT_EQ(i->dsap_sap(), llc::sap::netbios);
  EXPECT_EQ(i->control_len(), 2U);
  EXPECT_EQ(i->control(), 0x0100);
  EXPECT_EQ(i->header_len(), 4U);
  EXPECT_EQ(i->payload()[0], 0x0e);

  const auto s = llc::view::parse(bytes(llc_sframe));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->ssap(), 0xf1);
  EXPECT_TRUE(s->is_response());
  EXPECT_EQ(s->control(), 0x0101);
  EXPECT_TRUE(s->payload().empty());
}

TEST(Llc, ResolvesWhat802_3Carries) {
  const auto a = llc::resolve(bytes(snap_ipv4));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->carrier, llc::carrier::ether_type);
  EXPECT_EQ(a->ether_type, ether_type::ipv4);
  EXPECT_EQ(a->header_len, 8U);
  EXPECT_EQ(a->payload.size(), 4U);

  const auto b = llc::resolve(bytes(snap_cdp));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->carrier, llc::carrier::snap_pid);
  EXPECT_EQ(b->oui, llc::oui_cisco);
  EXPECT_EQ(b->pid, 0x2000);

  const auto c = llc::resolve(bytes(llc_stp));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->carrier, llc::carrier::sap);
  EXPECT_EQ(c->dsap, 0x42);

  EXPECT_TRUE(llc::is_novell_raw(bytes(novell_raw)));
  const auto d = llc::resolve(bytes(novell_raw));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->carrier, llc::carrier::novell_raw);
  EXPECT_EQ(d->header_len, 0U);
  EXPECT_EQ(d->payload.size(), novell_raw.size());

  const auto e = llc::resolve(bytes(llc_sframe.data(), 3));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, errc::truncated);
}

TEST(Llc, HeaderWritesExpectedBytes) {
  const llc::header snap{0xaa, 0xaa, 0x03, 0x000000, 0x0800};
  std::vector<std::uint8_t> out(snap.size());
  ASSERT_EQ(out.size(), 8U);
  snap.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(snap_ipv4.begin(), snap_ipv4.begin() + 8));

  const llc::header iframe{0xf0, 0xf0, 0x0100, 0, 0};
  std::vector<std::uint8_t> out2(iframe.size());
  ASSERT_EQ(out2.size(), 4U);
  iframe.write_to(out2);
  EXPECT_EQ(out2, std::vector<std::uint8_t>(llc_iframe.begin(), llc_iframe.begin() + 4));
}

TEST(Llc, RoundTrip) {
  for (const auto* f : {&snap_ipv4, &snap_cdp, &llc_stp, &llc_iframe, &llc_sframe}) {
    const auto v = llc::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + static_cast<long>(h.size())));
    const auto again = llc::view::parse(bytes(out));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->to_header(), h);
  }
}

TEST(Llc, TruncationSweep) {
  test::expect_truncation_sweep<llc::view>(snap_ipv4, 8);
  test::expect_truncation_sweep<llc::view>(llc_stp, 3);
  test::expect_truncation_sweep<llc::view>(llc_iframe, 4);
}

TEST(Llc, TruncationReportsDeclaredHeaderLength) {
  // Two-octet control announced by the first control octet, but only three octets captured.
  const auto r = llc::view::parse(bytes(llc_iframe.data(), 3));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::llc, 4, 3, 0}));
  // SNAP announced by DSAP/SSAP 0xAA, cut inside the OUI.
  const auto s = llc::view::parse(bytes(snap_ipv4.data(), 5));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), (error{errc::truncated, layer_id::llc, 8, 5, 0}));
}

TEST(Llc, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0002);
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    llc::header h;
    const bool snap = octet(rng) < 128;
    h.dsap = snap ? 0xaa : static_cast<std::uint8_t>(octet(rng));
    h.ssap = snap ? 0xaa : static_cast<std::uint8_t>(octet(rng));
    const auto first = static_cast<std::uint8_t>(octet(rng));
    h.control = llc::control_len_for(first) == 1
                    ? first
                    : static_cast<std::uint16_t>(first | octet(rng) << 8);
    if (h.has_snap()) {
      h.oui = static_cast<std::uint32_t>(octet(rng) << 16 | u16(rng));
      h.pid = static_cast<std::uint16_t>(u16(rng));
    }
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = llc::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
    EXPECT_EQ(v->header_len(), h.size());
  }
}

TEST(Llc, DescribesSaps) {
  EXPECT_EQ(llc::describe(llc::sap::snap), "SNAP");
  EXPECT_FALSE(llc::describe(llc::sap::stp).empty());
  EXPECT_TRUE(llc::describe(static_cast<llc::sap>(0x12)).empty());
}

} // namespace
} // namespace pktscope
