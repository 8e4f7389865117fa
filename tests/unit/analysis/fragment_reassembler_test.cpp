// IPv4/IPv6 fragment reassembly in the flow table: order, overlaps, timeouts and limits.
// Fragments are cut by hand from a whole UDP datagram following RFC 791 §2.3 (offsets in
// 8-octet units, MF on all but the last) and RFC 8200 §4.5.

#include "flow_test_support.hpp"

#include <pktscope/analysis/fragment_reassembler.hpp>

#include <gtest/gtest.h>

#include <numeric>

namespace pktscope {
namespace {

using test::harness;
using test::ms;
using test::sec;

const ipv4_address host_a{{198, 51, 100, 1}};
const ipv4_address host_b{{198, 51, 100, 2}};

/// The UDP header and data of a datagram with `n` payload octets (IPv4 pseudo-header sum).
std::vector<std::uint8_t> udp_segment(std::size_t n) {
  std::vector<std::uint8_t> data(n);
  std::iota(data.begin(), data.end(), std::uint8_t{0});
  auto whole = build::raw().ipv4(host_a, host_b).udp(5000, 7000).payload(data).to_vector();
  return {whole.begin() + 20, whole.end()};
}

/// One IPv4 fragment carrying seg[off, off + len) (protocol UDP, identification 77).
std::vector<std::uint8_t> v4_fragment(const std::vector<std::uint8_t>& seg, std::size_t off,
                                      std::size_t len, bool more, std::uint16_t id = 77) {
  ipv4::header h;
  h.identification = id;
  h.flags = more ? ipv4::flag_mf : 0;
  h.fragment_offset = static_cast<std::uint16_t>(off / 8);
  h.protocol = ip_protocol::udp;
  const bytes part = bytes(seg).subspan(off, len);
  return build::raw().ipv4(host_a, host_b, h).payload(part).to_vector();
}

TEST(Fragments, InOrderCountsAtTransportLayer) {
  harness h;
  const auto seg = udp_segment(2992); // 3000 octets: 1480 + 1480 + 40
  EXPECT_EQ(h.feed(v4_fragment(seg, 0, 1480, true), 0), nullptr);
  EXPECT_EQ(h.feed(v4_fragment(seg, 1480, 1480, true), 1 * ms), nullptr);
  const flow_record* r = h.feed(v4_fragment(seg, 2960, 40, false), 2 * ms);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->orig_port, 5000);
  EXPECT_EQ(r->resp_port, 7000);
  EXPECT_EQ(r->orig().packets, 3U); // every fragment frame counts
  EXPECT_EQ(r->orig().fragments, 3U);
  EXPECT_EQ(r->orig().bytes, 3000U + 3 * 20U);
  EXPECT_EQ(r->orig().payload_bytes, 2992U);
  EXPECT_EQ(r->first_ts, 0);
  EXPECT_EQ(h.table.fragment_stats().completed, 1U);
}

TEST(Fragments, OutOfOrder) {
  harness h;
  const auto seg = udp_segment(2992);
  h.feed(v4_fragment(seg, 2960, 40, false), 0);
  h.feed(v4_fragment(seg, 0, 1480, true), 1 * ms);
  ASSERT_NE(h.feed(v4_fragment(seg, 1480, 1480, true), 2 * ms), nullptr);
  EXPECT_EQ(h.only().orig().packets, 3U);
}

TEST(Fragments, OverlapsFirstCopyWins) {
  harness h;
  const auto seg = udp_segment(2992);
  auto altered = seg;
  altered[1500] ^= 0xff;
  h.feed(v4_fragment(seg, 0, 1480, true), 0);
  h.feed(v4_fragment(seg, 1480, 1480, true), 1 * ms);
  h.feed(v4_fragment(altered, 1480, 1480, true), 2 * ms); // same range, other octet
  h.feed(v4_fragment(seg, 1000, 1480, true), 3 * ms);     // straddles the first two
  ASSERT_NE(h.feed(v4_fragment(seg, 2960, 40, false), 4 * ms), nullptr);
  const fragment_counters& c = h.table.fragment_stats();
  EXPECT_EQ(c.overlaps, 2U);
  EXPECT_EQ(c.conflicts, 1U);
  EXPECT_EQ(c.completed, 1U);
}

TEST(Fragments, IncompleteDatagramsTimeOut) {
  flow_table_config cfg;
  cfg.fragments.timeout = 30 * sec;
  harness h(cfg);
  const auto seg = udp_segment(2992);
  h.feed(v4_fragment(seg, 0, 1480, true), 0);
  h.feed(v4_fragment(seg, 1480, 1480, true), 1 * sec);
  // The last fragment arrives too late: its datagram was dropped, it starts a new one.
  EXPECT_EQ(h.feed(v4_fragment(seg, 2960, 40, false), 31 * sec), nullptr);
  EXPECT_EQ(h.table.fragment_stats().timed_out, 1U);
  EXPECT_EQ(h.table.fragment_stats().dropped_frames, 2U);
  EXPECT_EQ(h.table.size(), 0U);
}

TEST(Fragments, DefaultTimeoutIsSixtySeconds) {
  // RFC 8200 §4.5: reassembly is abandoned 60 s after the first-arriving fragment (RFC 1122
  // §3.3.2 recommends 60-120 s for IPv4).
  harness h;
  const auto seg = udp_segment(2992);
  h.feed(v4_fragment(seg, 0, 1480, true, 1), 0);
  h.feed(v4_fragment(seg, 1480, 1480, true, 1), 1 * sec);
  EXPECT_NE(h.feed(v4_fragment(seg, 2960, 40, false, 1), 59 * sec), nullptr);
  h.feed(v4_fragment(seg, 0, 1480, true, 2), 60 * sec);
  h.feed(v4_fragment(seg, 1480, 1480, true, 2), 61 * sec);
  EXPECT_EQ(h.feed(v4_fragment(seg, 2960, 40, false, 2), 121 * sec), nullptr);
  EXPECT_EQ(h.table.fragment_stats().timed_out, 1U);
}

TEST(Fragments, Limits) {
  {
    flow_table_config cfg;
    cfg.fragments.max_datagram_bytes = 2000;
    harness h(cfg);
    const auto seg = udp_segment(2992);
    h.feed(v4_fragment(seg, 0, 1480, true), 0);
    h.feed(v4_fragment(seg, 1480, 1480, true), 1 * ms);
    EXPECT_EQ(h.table.fragment_stats().too_large, 1U);
  }
  {
    flow_table_config cfg;
    cfg.fragments.max_fragments = 2;
    harness h(cfg);
    const auto seg = udp_segment(2992);
    h.feed(v4_fragment(seg, 0, 1480, true), 0);
    h.feed(v4_fragment(seg, 1480, 1480, true), 1 * ms);
    h.feed(v4_fragment(seg, 2960, 40, false), 2 * ms);
    EXPECT_EQ(h.table.fragment_stats().too_many, 1U);
    EXPECT_EQ(h.table.fragment_stats().completed, 0U);
  }
  {
    flow_table_config cfg;
    cfg.fragments.max_datagrams = 1;
    harness h(cfg);
    const auto seg = udp_segment(2992);
    h.feed(v4_fragment(seg, 0, 1480, true, 1), 0);
    h.feed(v4_fragment(seg, 0, 1480, true, 2), 1 * ms); // no room: datagram 1 dropped
    EXPECT_EQ(h.table.fragment_stats().evicted, 1U);
    h.feed(v4_fragment(seg, 1480, 1480, true, 2), 2 * ms);
    EXPECT_NE(h.feed(v4_fragment(seg, 2960, 40, false, 2), 3 * ms), nullptr);
  }
  {
    flow_table_config cfg;
    cfg.fragments.max_header_bytes = 16; // below IPv4's 20: the datagram cannot be rebuilt
    harness h(cfg);
    const auto seg = udp_segment(2992);
    h.feed(v4_fragment(seg, 0, 1480, true), 0);
    h.feed(v4_fragment(seg, 1480, 1480, true), 1 * ms);
    EXPECT_EQ(h.feed(v4_fragment(seg, 2960, 40, false), 2 * ms), nullptr);
    EXPECT_EQ(h.table.fragment_stats().too_large, 1U);
    EXPECT_EQ(h.table.fragment_stats().dropped_frames, 3U);
    EXPECT_EQ(h.table.size(), 0U);
  }
  {
    harness h; // RFC 791: all but the last fragment carry multiples of 8 octets
    const auto seg = udp_segment(2992);
    h.feed(v4_fragment(seg, 0, 1479, true), 0);
    EXPECT_EQ(h.table.fragment_stats().malformed, 1U);
  }
}

/// Fragments of one IPv6 datagram from 2001:db8::1 to 2001:db8::2 carrying UDP 1234 -> 4321
/// with 100 octets of data (a 108-octet fragmentable part); with `hop_by_hop`, an 8-octet
/// Hop-by-Hop Options header stays in front of the Fragment header in every fragment.
struct ipv6_udp_fragments {
  bool hop_by_hop = false;
  std::uint32_t id = 0xabcdef;
  ipv6_address a = *ipv6_address::parse("2001:db8::1");
  ipv6_address b = *ipv6_address::parse("2001:db8::2");
  std::vector<std::uint8_t> seg = [this] {
    const std::vector<std::uint8_t> data(100, 0x5a);
    const auto whole = build::raw().ipv6(a, b).udp(1234, 4321).payload(data).to_vector();
    return std::vector<std::uint8_t>(whole.begin() + 40, whole.end());
  }();

  /// The fragment of `len` octets at offset `off` of the fragmentable part.
  [[nodiscard]] std::vector<std::uint8_t> operator()(std::size_t off, std::size_t len,
                                                     bool more) const {
    ipv6_frag::header f;
    f.next_header = ip_protocol::udp;
    f.fragment_offset = static_cast<std::uint16_t>(off / 8);
    f.more_fragments = more;
    f.identification = id;
    auto b6 = build::raw().ipv6(a, b);
    if (hop_by_hop) {
      return b6.hop_by_hop().fragment(f).payload(bytes(seg).subspan(off, len)).to_vector();
    }
    return b6.fragment(f).payload(bytes(seg).subspan(off, len)).to_vector();
  }
};

TEST(Fragments, Ipv6FragmentHeader) {
  harness h;
  const ipv6_udp_fragments frag;
  EXPECT_EQ(h.feed(frag(56, 52, false), 0), nullptr);
  const flow_record* r = h.feed(frag(0, 56, true), 1 * ms);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->key.ip_version, 6);
  EXPECT_EQ(r->orig_port, 1234);
  EXPECT_EQ(r->orig().packets, 2U);
  EXPECT_EQ(r->orig().payload_bytes, 100U);
}

TEST(Fragments, Ipv6UnfragmentablePartBeforeTheFragmentHeader) {
  // RFC 8200 §4.5: a Hop-by-Hop Options header (8 octets, PadN) stays in front of the
  // Fragment header in every fragment; the reassembled datagram keeps it, and its Next Header
  // then names UDP.
  harness h;
  const ipv6_udp_fragments frag{.hop_by_hop = true, .id = 7};
  EXPECT_EQ(h.feed(frag(0, 56, true), 0), nullptr);
  const flow_record* r = h.feed(frag(56, 52, false), 1 * ms);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->key.ip_protocol, 17);
  EXPECT_EQ(r->orig_port, 1234);
  EXPECT_EQ(r->resp_port, 4321);
  EXPECT_EQ(r->orig().packets, 2U);
  EXPECT_EQ(r->orig().payload_bytes, 100U);
  // Each frame: IPv6 40 + Hop-by-Hop 8 + Fragment 8 + its data (56, then 52).
  EXPECT_EQ(r->orig().bytes, 112U + 108U);
}

} // namespace
} // namespace pktscope
