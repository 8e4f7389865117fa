// Statistics accumulators on builder-made packets. Expected values are worked out by hand
// from the packets' sizes (header lengths of RFC 791/793/768/826/4443 plus payload) and the
// definitions in the headers (nearest-rank percentiles, tshark io,phs paths).

#include <pktscope/analysis/stats/icmp_table.hpp>
#include <pktscope/analysis/stats/interval_series.hpp>
#include <pktscope/analysis/stats/protocol_hierarchy.hpp>
#include <pktscope/analysis/stats/size_distribution.hpp>
#include <pktscope/analysis/stats/talkers.hpp>
#include <pktscope/analysis/stats/tcp_flag_table.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace pktscope::stats {
namespace {

constexpr timestamp_ns sec = 1'000'000'000;
const mac_address mac_a{{0x02, 0, 0, 0, 0, 1}}, mac_b{{0x02, 0, 0, 0, 0, 2}};
const ipv4_address ip_a{{10, 0, 0, 1}}, ip_b{{10, 0, 0, 2}}, ip_c{{10, 0, 0, 3}};

/// Decodes built frames and keeps their bytes alive as long as the decodes refer to them.
struct frames {
  std::vector<std::vector<std::uint8_t>> bytes_;
  std::vector<std::unique_ptr<decoded_packet>> decoded;
  const decoded_packet& add(std::vector<std::uint8_t> f, link_type link = link_type::ethernet) {
    bytes_.push_back(std::move(f));
    decoded.push_back(std::make_unique<decoded_packet>());
    decode_options opt;
    EXPECT_TRUE(decode(bytes_.back(), link, opt, *decoded.back()).has_value());
    return *decoded.back();
  }
  packet pkt(timestamp_ns ts, link_type link = link_type::ethernet) const {
    packet p;
    p.ts = ts;
    p.data = bytes_.back();
    p.original_len = static_cast<std::uint32_t>(bytes_.back().size());
    p.link = link;
    return p;
  }
};

std::vector<std::uint8_t> udp_frame(ipv4_address s, ipv4_address d, std::size_t payload) {
  const std::vector<std::uint8_t> data(payload, 0x41);
  return build::ethernet(mac_a, mac_b).ipv4(s, d).udp(40000, 9999).payload(data).to_vector();
}

std::vector<std::uint8_t> tcp_frame(ipv4_address s, ipv4_address d, std::uint16_t sp,
                                    std::uint16_t dp, tcp::flag_set flags) {
  build::tcp_params p;
  p.flags = flags;
  return build::ethernet(mac_a, mac_b).ipv4(s, d).tcp(sp, dp, p).to_vector();
}

// ---- size_distribution ----------------------------------------------------------------------

TEST(StatsSizes, NearestRankPercentilesAndTsharkBuckets) {
  size_distribution s;
  for (const std::uint32_t v : {1514U, 60U, 100U, 60U, 40U}) {
    s.add(v);
  }
  EXPECT_EQ(s.count(), 5U);
  EXPECT_EQ(s.sum(), 1774U);
  EXPECT_EQ(s.min(), 40U);
  EXPECT_EQ(s.max(), 1514U);
  // sorted 40 60 60 100 1514: rank ceil(0.5*5)=3 -> 60; ceil(0.9*5)=5 -> 1514
  EXPECT_EQ(s.percentile(0.5), 60U);
  EXPECT_EQ(s.percentile(0.9), 1514U);
  EXPECT_EQ(s.percentile(0.2), 40U); // rank 1
  EXPECT_EQ(s.percentile(0.4), 60U); // rank 2
  const size_quantiles q = s.quantiles();
  EXPECT_EQ(q.min, 40U);
  EXPECT_EQ(q.p50, 60U);
  EXPECT_EQ(q.p90, 1514U);
  EXPECT_EQ(q.p99, 1514U);
  const auto b = s.plen_buckets();
  EXPECT_EQ(b[2], 3U); // 40-79
  EXPECT_EQ(b[3], 1U); // 80-159
  EXPECT_EQ(b[7], 1U); // 1280-2559
  s.clear();
  EXPECT_EQ(s.count(), 0U);
  EXPECT_EQ(s.at(60), 0U);
  EXPECT_EQ(s.percentile(0.5), 0U);
  s.add(70000); // beyond the exact range: counted at 65535
  EXPECT_EQ(s.at(65535), 1U);
  EXPECT_EQ(s.max(), 65535U);
  EXPECT_EQ(s.plen_buckets()[9], 1U);
}

TEST(StatsSizes, PercentileOfHundredValues) {
  size_distribution s;
  for (std::uint32_t v = 1; v <= 100; ++v) {
    s.add(v);
  }
  EXPECT_EQ(s.percentile(0.5), 50U);
  EXPECT_EQ(s.percentile(0.9), 90U);
  EXPECT_EQ(s.percentile(0.99), 99U);
  EXPECT_EQ(s.percentile(1.0), 100U);
}

// ---- interval_series --------------------------------------------------------------------------

TEST(StatsSeries, EpochAlignedRowsIncludeEmptyIntervals) {
  interval_series s({.interval = 60 * sec, .align = align::epoch, .max_rows = 100});
  s.add(1000 * sec + 10 * sec, traffic_class::tcp, 100); // 1010 s: row starting 960 s
  s.add(1019 * sec, traffic_class::udp, 200);            // 1019 s: same row
  s.add(1021 * sec, traffic_class::tcp, 300);            // 1021 s: row 1020 s
  s.add(1200 * sec, traffic_class::arp, 42);             // 1200 s: row 1200 s
  s.add_new_flow(1010 * sec, traffic_class::tcp);
  s.finish();
  const auto& rows = s.rows();
  ASSERT_EQ(rows.size(), 5U); // 960, 1020, 1080, 1140, 1200
  EXPECT_EQ(rows[0].start, 960 * sec);
  EXPECT_EQ(rows[4].start, 1200 * sec);
  EXPECT_EQ(rows[0].total_packets(), 2U);
  EXPECT_EQ(rows[0].total_bytes(), 300U);
  EXPECT_EQ(rows[0].packets[index(traffic_class::udp)], 1U);
  EXPECT_EQ(rows[0].new_flows[index(traffic_class::tcp)], 1U);
  EXPECT_EQ(rows[0].sizes.min, 100U);
  EXPECT_EQ(rows[0].sizes.p50, 100U); // rank ceil(0.5*2) = 1
  EXPECT_EQ(rows[0].sizes.max, 200U);
  EXPECT_EQ(rows[1].total_bytes(), 300U);
  EXPECT_EQ(rows[2].total_packets(), 0U);
  EXPECT_EQ(rows[3].total_packets(), 0U);
  EXPECT_EQ(rows[4].bytes[index(traffic_class::arp)], 42U);
}

TEST(StatsSeries, FirstPacketAlignmentAndEarlierPackets) {
  interval_series s({.interval = 10 * sec, .align = align::first_packet, .max_rows = 100});
  s.add(105 * sec, traffic_class::tcp, 60);
  s.add(114 * sec, traffic_class::tcp, 60); // [105, 115)
  s.add(115 * sec, traffic_class::tcp, 60); // [115, 125)
  s.add(94 * sec, traffic_class::tcp, 70);  // before the first row: [85, 95) added in front
  s.add(116 * sec, traffic_class::tcp, 60); // [115, 125) again, now the fourth row
  s.add(86 * sec, traffic_class::tcp, 70);  // [85, 95) again
  s.finish();
  const auto& rows = s.rows();
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].start, 85 * sec);
  EXPECT_EQ(rows[0].total_packets(), 2U);
  EXPECT_EQ(rows[1].start, 95 * sec);
  EXPECT_EQ(rows[1].total_packets(), 0U);
  EXPECT_EQ(rows[2].start, 105 * sec);
  EXPECT_EQ(rows[2].total_packets(), 2U);
  EXPECT_EQ(rows[3].start, 115 * sec);
  EXPECT_EQ(rows[3].total_packets(), 2U);
}

TEST(StatsSeries, LatePacketsCountButStayOutOfPercentiles) {
  interval_series s({.interval = sec, .align = align::epoch, .max_rows = 100});
  s.add(0, traffic_class::udp, 100);
  s.add(3 * sec, traffic_class::udp, 200);
  s.add(4 * sec, traffic_class::udp, 300);
  s.add(2 * sec + 1, traffic_class::udp, 999); // interval 2 was never opened: still possible?
  s.add(500'000'000, traffic_class::udp, 50);  // interval 0 was closed when 3 s arrived
  s.finish();
  const auto& rows = s.rows();
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].total_packets(), 2U);
  EXPECT_EQ(rows[0].late, 1U);
  EXPECT_EQ(rows[0].sizes.max, 100U); // the late 50 is not in the percentiles
  EXPECT_EQ(rows[2].late, 1U);        // two intervals behind the latest: late as well
  EXPECT_EQ(rows[3].sizes.p50, 200U);
  EXPECT_EQ(rows[4].sizes.p50, 300U);
}

TEST(StatsSeries, RowCapCountsOutOfRange) {
  interval_series s({.interval = sec, .align = align::epoch, .max_rows = 3});
  s.add(0, traffic_class::tcp, 1);
  s.add(2 * sec, traffic_class::tcp, 1);
  s.add(3 * sec, traffic_class::tcp, 1);
  s.finish();
  EXPECT_EQ(s.rows().size(), 3U);
  EXPECT_EQ(s.out_of_range(), 1U);
}

// ---- protocol_hierarchy -------------------------------------------------------------------

std::vector<std::string> dump_tree(const protocol_hierarchy& h) {
  std::vector<std::string> out;
  h.walk([&](const phs_node& n) {
    out.push_back(std::string(2 * n.depth, ' ') + std::string(n.name) + " " +
                  std::to_string(n.frames) + " " + std::to_string(n.bytes));
  });
  return out;
}

TEST(StatsHierarchy, TreeAsTsharkPrintsIt) {
  frames f;
  protocol_hierarchy h;
  // Ethernet 14 + IPv4 20 + UDP 8 + 10 octets of payload = 52 -> eth:ip:udp:data
  const auto& u = f.add(udp_frame(ip_a, ip_b, 10));
  h.add(u, nullptr, 52);
  // Ethernet 14 + IPv4 20 + TCP 20 = 54, SYN without payload -> eth:ip:tcp (no data)
  const auto& t = f.add(tcp_frame(ip_a, ip_b, 1000, 80, tcp::flag_set{tcp::flag::syn}));
  h.add(t, nullptr, 54);
  // Ethernet 14 + ARP 28 = 42 -> eth:arp
  const auto& a = f.add(build::ethernet(mac_a, mac_b)
                            .arp(arp::operation::request, mac_a, ip_a, mac_address{}, ip_b)
                            .to_vector());
  h.add(a, nullptr, 42);
  // Raw link: "raw" root. IPv4 20 + UDP 8 = 28 -> raw:ip:udp
  const std::vector<std::uint8_t> none;
  const auto& r =
      f.add(build::raw().ipv4(ip_a, ip_c).udp(1, 2).payload(none).to_vector(), link_type::raw);
  h.add(r, nullptr, 28);
  const std::vector<std::string> expect = {"eth 3 148",       "  ip 2 106",   "    udp 1 52",
                                           "      data 1 52", "    tcp 1 54", "  arp 1 42",
                                           "raw 1 28",        "  ip 1 28",    "    udp 1 28"};
  EXPECT_EQ(dump_tree(h), expect);
  EXPECT_EQ(h.total("ip").frames, 3U);
  EXPECT_EQ(h.total("ip").bytes, 134U);
  EXPECT_EQ(h.total("udp").frames, 2U);
  EXPECT_EQ(h.frames(), 4U);
  EXPECT_EQ(h.bytes(), 176U);
}

TEST(StatsHierarchy, VlanAndIcmpErrorQuote) {
  frames f;
  protocol_hierarchy h;
  const auto& v = f.add(
      build::ethernet(mac_a, mac_b).vlan(7).ipv4(ip_a, ip_b).udp(5, 6).payload({}).to_vector());
  std::array<std::string_view, protocol_hierarchy::max_path> path{};
  std::size_t n = protocol_hierarchy::path_of(v, nullptr, path);
  ASSERT_EQ(n, 4U);
  EXPECT_EQ(path[0], "eth");
  EXPECT_EQ(path[1], "vlan");
  EXPECT_EQ(path[2], "ip");
  EXPECT_EQ(path[3], "udp");
  // An ICMP port unreachable (type 3 code 3) quoting a UDP datagram: tshark's io,phs stops at
  // "icmp" (the quoted IP/UDP headers are inside the ICMP item).
  const auto& e = f.add(build::ethernet(mac_a, mac_b)
                            .ipv4(ip_b, ip_a)
                            .icmp({3, 3, 0, 0})
                            .ipv4(ip_a, ip_b)
                            .udp(5, 6)
                            .payload({})
                            .to_vector());
  n = protocol_hierarchy::path_of(e, nullptr, path);
  ASSERT_EQ(n, 3U);
  EXPECT_EQ(path[2], "icmp");
}

TEST(StatsHierarchy, FramesOfOneLayerShapeWithOtherNamesKeepTheirNodes) {
  // An 802.1Q and an 802.1ad tag are one layer id with two io,phs names; a UDP datagram with
  // and without payload differ only in the "data" that ends the path. Alternated, each frame
  // must still be counted under its own names (the cache keys on more than the layer ids).
  frames f;
  protocol_hierarchy h;
  const auto& q = f.add(
      build::ethernet(mac_a, mac_b).vlan(7).ipv4(ip_a, ip_b).udp(5, 6).payload({}).to_vector());
  const auto& ad = f.add(build::ethernet(mac_a, mac_b)
                             .service_vlan(7)
                             .ipv4(ip_a, ip_b)
                             .udp(5, 6)
                             .payload({})
                             .to_vector());
  const std::vector<std::uint8_t> four(4, 0x41);
  const auto& qd = f.add(
      build::ethernet(mac_a, mac_b).vlan(7).ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector());
  for (int i = 0; i < 3; ++i) {
    h.add(q, nullptr, 100);
    h.add(ad, nullptr, 10);
    h.add(qd, nullptr, 1);
  }
  // 3 x (100 + 10 + 1) frames' bytes in eth; vlan 3 x 101; ieee8021ad 3 x 10; data 3 x 1.
  const std::vector<std::string> expect = {
      "eth 9 333",        "  vlan 6 303",      "    ip 6 303", "      udp 6 303",
      "        data 3 3", "  ieee8021ad 3 30", "    ip 3 30",  "      udp 3 30"};
  EXPECT_EQ(dump_tree(h), expect);
}

TEST(StatsHierarchy, CachedShapesCountAsTheirNamedPathsDo) {
  // Frames that differ only in what the shape packs (MPLS label counts, tag kinds, link, a
  // payload), or that it cannot hold (four labels), alternated so that each shape is looked
  // up while others sit in the cache. Counted by add() they must make the tree that counting
  // each frame's named path (path_of) makes.
  frames f;
  const std::vector<std::uint8_t> four(4, 0x41);
  const auto eth = build::ethernet(mac_a, mac_b);
  std::vector<const decoded_packet*> mix = {
      &f.add(eth.mpls(1).ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector()),
      &f.add(eth.mpls(1).mpls(2).ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector()),
      &f.add(eth.mpls(1).mpls(2).mpls(3).ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector()),
      &f.add(
          eth.mpls(1).mpls(2).mpls(3).mpls(4).ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector()),
      &f.add(eth.vlan(7).ipv4(ip_a, ip_b).udp(5, 6).payload({}).to_vector()),
      &f.add(eth.service_vlan(7).vlan(8).ipv4(ip_a, ip_b).udp(5, 6).payload({}).to_vector()),
      &f.add(eth.pppoe(3).ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector()),
      &f.add(build::raw().ipv4(ip_a, ip_c).udp(1, 2).payload(four).to_vector(), link_type::raw),
      &f.add(eth.ipv4(ip_a, ip_b).udp(5, 6).payload(four).to_vector()),
      &f.add(tcp_frame(ip_a, ip_b, 1000, 80, tcp::flag_set{tcp::flag::syn})),
  };
  protocol_hierarchy cached, named;
  std::array<std::string_view, protocol_hierarchy::max_path> path{};
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < mix.size(); ++i) {
      const decoded_packet& d = *mix[(i * 7 + static_cast<std::size_t>(round)) % mix.size()];
      const auto len = static_cast<std::uint64_t>(d.frame.size());
      cached.add(d, nullptr, len);
      named.add_path(std::span(path.data(), protocol_hierarchy::path_of(d, nullptr, path)), len);
    }
  }
  EXPECT_EQ(dump_tree(cached), dump_tree(named));
  EXPECT_EQ(cached.total("mpls").frames, 3U * (1 + 2 + 3 + 4));
  EXPECT_EQ(cached.total("ieee8021ad").frames, 3U);
  EXPECT_EQ(cached.total("pppoes").frames, 3U);
  EXPECT_EQ(cached.total("raw").frames, 3U);
  EXPECT_EQ(cached.total("data").frames, 3U * 7);
  EXPECT_EQ(cached.frames(), 30U);
}

TEST(StatsHierarchy, CapacityCountsTruncatedFrames) {
  protocol_hierarchy h(2);
  const std::array<std::string_view, 3> p = {"eth", "ip", "tcp"};
  h.add_path(p, 60);
  h.add_path(p, 60); // a path that did not fit is not remembered as one that did
  EXPECT_EQ(h.nodes().size(), 2U);
  EXPECT_EQ(h.truncated_frames(), 2U);
  EXPECT_EQ(h.total("ip").frames, 2U);
}

TEST(StatsHierarchy, RepeatedPathsCountAlongTheSameNodes) {
  // The same name at another address (another static table) is the same protocol.
  static constexpr char tcp_elsewhere[] = "tcp";
  protocol_hierarchy h;
  const std::array<std::string_view, 3> tcp = {"eth", "ip", "tcp"};
  const std::array<std::string_view, 3> tcp_too = {"eth", "ip", std::string_view(tcp_elsewhere)};
  const std::array<std::string_view, 3> udp = {"eth", "ip", "udp"};
  const std::array<std::string_view, 2> ip = {"eth", "ip"};
  h.add_path(tcp, 60);
  h.add_path(tcp, 70);
  h.add_path(tcp_too, 80);
  h.add_path(udp, 50);
  h.add_path(ip, 30);
  h.add_path(tcp, 40);
  std::vector<std::string_view> order;
  h.walk([&](const phs_node& n) { order.push_back(n.name); });
  EXPECT_EQ(order, (std::vector<std::string_view>{"eth", "ip", "tcp", "udp"}));
  EXPECT_EQ(h.total("eth").frames, 6U);
  EXPECT_EQ(h.total("ip").bytes, 330U);
  EXPECT_EQ(h.total("tcp").frames, 4U);
  EXPECT_EQ(h.total("tcp").bytes, 250U);
  EXPECT_EQ(h.total("udp").frames, 1U);
  EXPECT_EQ(h.total("udp").bytes, 50U);
}

// ---- talkers ------------------------------------------------------------------------------

TEST(StatsTalkers, SourcesDestinationsPairs) {
  frames f;
  talker_table t;
  t.add_packet(f.add(udp_frame(ip_a, ip_b, 10)), 100);
  t.add_packet(f.add(udp_frame(ip_a, ip_b, 10)), 100);
  t.add_packet(f.add(udp_frame(ip_b, ip_a, 10)), 50);
  t.add_packet(f.add(udp_frame(ip_c, ip_b, 10)), 300);
  const auto src = t.top(talker_metric::bytes, talker_role::src, 10);
  ASSERT_EQ(src.size(), 3U);
  EXPECT_EQ(src[0].a.address()[3], 3); // C sent 300
  EXPECT_EQ(src[0].bytes, 300U);
  EXPECT_EQ(src[1].bytes, 200U); // A: 2 x 100
  EXPECT_EQ(src[1].packets, 2U);
  EXPECT_EQ(src[2].bytes, 50U);
  const auto dst = t.top(talker_metric::bytes, talker_role::dst, 10);
  ASSERT_EQ(dst.size(), 2U); // C received nothing
  EXPECT_EQ(dst[0].bytes, 500U);
  EXPECT_EQ(dst[1].bytes, 50U);
  const auto pairs = t.top(talker_metric::bytes, talker_role::pair, 10);
  ASSERT_EQ(pairs.size(), 2U);
  EXPECT_EQ(pairs[0].bytes, 300U);     // B-C
  EXPECT_EQ(pairs[1].bytes, 250U);     // A-B both ways
  EXPECT_EQ(pairs[1].out_bytes, 200U); // A (lower address) -> B
  const auto by_packets = t.top(talker_metric::packets, talker_role::pair, 1);
  ASSERT_EQ(by_packets.size(), 1U);
  EXPECT_EQ(by_packets[0].packets, 3U);

  host_key a, b, c;
  a.ip_version = b.ip_version = c.ip_version = 4;
  a.addr[3] = 1;
  b.addr[3] = 2;
  c.addr[3] = 3;
  a.addr[0] = b.addr[0] = c.addr[0] = 10;
  const auto m = t.byte_matrix({a, b, c});
  EXPECT_EQ(m[0 * 3 + 1], 200U); // a -> b
  EXPECT_EQ(m[1 * 3 + 0], 50U);  // b -> a
  EXPECT_EQ(m[2 * 3 + 1], 300U); // c -> b
  EXPECT_EQ(m[1 * 3 + 2], 0U);
}

TEST(StatsTalkers, TopNIsThePrefixOfTheFullRanking) {
  // 300 sources with sizes that repeat (ties), so the order rule is exercised: larger first,
  // then the lower address. The ranking of every host is checked against that rule directly,
  // and each top(n) must be its first n rows.
  frames f;
  talker_table t;
  for (std::uint8_t hi = 0; hi < 3; ++hi) {
    for (std::uint8_t lo = 0; lo < 100; ++lo) {
      const ipv4_address src{{10, 1, hi, lo}};
      t.add_packet(f.add(udp_frame(src, ip_b, 10)), 60 + (lo * 7 + hi) % 13);
    }
  }
  const auto all = t.top(talker_metric::bytes, talker_role::src, 1000);
  ASSERT_EQ(all.size(), 300U);
  for (std::size_t i = 1; i < all.size(); ++i) {
    const talker_row &x = all[i - 1], &y = all[i];
    EXPECT_TRUE(x.bytes > y.bytes || (x.bytes == y.bytes && x.a < y.a)) << "row " << i;
  }
  for (const std::size_t n : {0UL, 1UL, 7UL, 13UL, 299UL, 300UL}) {
    const auto top = t.top(talker_metric::bytes, talker_role::src, n);
    ASSERT_EQ(top.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(top[i].a.address()[2], all[i].a.address()[2]) << "n " << n << " row " << i;
      EXPECT_EQ(top[i].a.address()[3], all[i].a.address()[3]) << "n " << n << " row " << i;
      EXPECT_EQ(top[i].bytes, all[i].bytes);
    }
  }
}

TEST(StatsTalkers, HostKeysCompareAsVersionThenAddressBytes) {
  // Keys that differ in one byte anywhere, sharing the rest: the word-wise comparisons must
  // agree with a byte-by-byte reference on every pair.
  std::vector<host_key> keys;
  for (const int version : {4, 6}) {
    for (std::size_t at = 0; at < 16; ++at) {
      for (const int value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
        host_key k;
        k.ip_version = static_cast<std::uint8_t>(version);
        k.addr.fill(0x40);
        k.addr[at] = static_cast<std::uint8_t>(value);
        keys.push_back(k);
      }
    }
  }
  const auto reference_less = [](const host_key& x, const host_key& y) {
    if (x.ip_version != y.ip_version) {
      return x.ip_version < y.ip_version;
    }
    return std::lexicographical_compare(x.addr.begin(), x.addr.end(), y.addr.begin(), y.addr.end());
  };
  for (const host_key& x : keys) {
    for (const host_key& y : keys) {
      ASSERT_EQ(x < y, reference_less(x, y));
      ASSERT_EQ(x == y, x.ip_version == y.ip_version && x.addr == y.addr);
      if (x == y) {
        ASSERT_EQ(hash_host(x), hash_host(y));
      }
    }
  }
}

TEST(StatsTalkers, FullTableCountsUntracked) {
  frames f;
  talker_table t({.max_hosts = 1, .max_pairs = 1, .max_ports = 1});
  t.add_packet(f.add(udp_frame(ip_a, ip_b, 10)), 100);
  EXPECT_EQ(t.untracked(), 1U); // second host refused
  EXPECT_EQ(t.hosts(), 1U);
}

// ---- ICMP and TCP flags -------------------------------------------------------------------

TEST(StatsIcmp, TypesCodesAndDescriptions) {
  frames f;
  icmp_table t;
  const std::vector<std::uint8_t> none;
  t.add(f.add(build::ethernet(mac_a, mac_b)
                  .ipv4(ip_a, ip_b)
                  .icmp(build::icmp_echo(1, 1))
                  .payload(none)
                  .to_vector()),
        42);
  t.add(f.add(build::ethernet(mac_a, mac_b)
                  .ipv4(ip_b, ip_a)
                  .icmp(build::icmp_echo(1, 1, true))
                  .payload(none)
                  .to_vector()),
        42);
  t.add(f.add(build::ethernet(mac_a, mac_b)
                  .ipv4(ip_b, ip_a)
                  .icmp(build::icmp_echo(1, 2, true))
                  .payload(none)
                  .to_vector()),
        42);
  t.add(6, 135, 0, 86);
  const auto rows = t.rows();
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].type, 0); // echo reply first (type order)
  EXPECT_EQ(rows[0].packets, 2U);
  EXPECT_EQ(rows[0].bytes, 84U);
  EXPECT_EQ(rows[1].type, 8);
  // Names from the IANA "ICMP Type Numbers" and "ICMPv6 Parameters" registries.
  EXPECT_EQ(rows[0].type_name, "Echo Reply");
  EXPECT_EQ(rows[1].type_name, "Echo");
  EXPECT_EQ(rows[1].code_name, "No Code");
  EXPECT_EQ(rows[2].ip_version, 6);
  EXPECT_EQ(rows[2].type_name, "Neighbor Solicitation");
}

TEST(StatsTcpFlags, CombinationsAndAnomalies) {
  frames f;
  tcp_flag_table t;
  t.add(f.add(tcp_frame(ip_a, ip_b, 1, 2, tcp::flag_set{tcp::flag::syn})));
  t.add(f.add(tcp_frame(ip_b, ip_a, 2, 1, tcp::flag_set{tcp::flag::syn, tcp::flag::ack})));
  t.add(f.add(tcp_frame(ip_a, ip_b, 1, 2, tcp::flag_set{tcp::flag::syn})));
  t.add(f.add(tcp_frame(ip_a, ip_b, 1, 2, tcp::flag_set{})));
  t.add(f.add(tcp_frame(ip_a, ip_b, 1, 2, tcp::flag_set{tcp::flag::fin})));
  EXPECT_EQ(t.count(0x002), 2U);
  EXPECT_EQ(t.count(0x012), 1U);
  const auto rows = t.rows();
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].names, "SYN");
  EXPECT_EQ(rows[0].packets, 2U);
  EXPECT_FALSE(rows[0].anomalous);
  EXPECT_EQ(rows[1].names, "<None>"); // ties by flag value: 0x000, 0x001, 0x012
  EXPECT_TRUE(rows[1].anomalous);
  EXPECT_EQ(rows[2].names, "FIN");
  EXPECT_TRUE(rows[2].anomalous);
  EXPECT_EQ(rows[3].names, "SYN,ACK");
  EXPECT_FALSE(rows[3].anomalous);
  EXPECT_TRUE(tcp_flag_table::anomalous(0x003));  // SYN+FIN
  EXPECT_TRUE(tcp_flag_table::anomalous(0x029));  // FIN+PSH+URG
  EXPECT_FALSE(tcp_flag_table::anomalous(0x011)); // FIN+ACK
}

// ---- traffic_stats with the flow table ----------------------------------------------------

TEST(StatsTraffic, OnePassWithFlowEvents) {
  frames f;
  auto st = std::make_unique<traffic_stats>(
      stats_config{.series = {.interval = 60 * sec, .align = align::epoch}});
  flow_table flows({}, st.get());
  const auto feed = [&](std::vector<std::uint8_t> bytes, timestamp_ns ts) {
    const decoded_packet& d = f.add(std::move(bytes));
    const packet p = f.pkt(ts);
    st->add(p, d, flows.update(d, p.ts, p.original_len));
  };
  feed(tcp_frame(ip_a, ip_b, 40000, 80, tcp::flag_set{tcp::flag::syn}), 10 * sec);
  feed(tcp_frame(ip_b, ip_a, 80, 40000, tcp::flag_set{tcp::flag::syn, tcp::flag::ack}),
       10 * sec + 1000);
  feed(tcp_frame(ip_a, ip_b, 40000, 80, tcp::flag_set{tcp::flag::ack}), 10 * sec + 2000);
  feed(udp_frame(ip_a, ip_c, 10), 70 * sec);
  flows.flush();
  st->finish();

  EXPECT_EQ(st->packets(), 4U);
  EXPECT_EQ(st->bytes(), 3U * 54U + 52U);
  EXPECT_EQ(st->class_packets()[index(traffic_class::tcp)], 3U);
  EXPECT_EQ(st->class_packets()[index(traffic_class::udp)], 1U);
  const auto& rows = st->series().rows();
  ASSERT_EQ(rows.size(), 2U); // [0, 60) and [60, 120)
  EXPECT_EQ(rows[0].new_flows[index(traffic_class::tcp)], 1U);
  EXPECT_EQ(rows[1].new_flows[index(traffic_class::udp)], 1U);
  EXPECT_EQ(st->flows().flows, 2U);
  EXPECT_EQ(st->flows().tcp_states[static_cast<std::size_t>(conn_state::s1)], 1U);
  EXPECT_EQ(st->flows().tcp_handshakes, 1U);
  EXPECT_EQ(st->flows().tcp_rtt_sum, 2000);
  const auto ports = st->talkers().top(talker_metric::flows, talker_role::port, 5);
  ASSERT_EQ(ports.size(), 2U);
  EXPECT_EQ(ports[0].port, 80); // tie on flows: tcp (6) before udp (17)
  EXPECT_EQ(ports[0].packets, 3U);
  EXPECT_EQ(ports[1].port, 9999);
  EXPECT_EQ(st->hierarchy().total("tcp").frames, 3U);
  EXPECT_EQ(st->sizes().count(), 4U);
}

} // namespace
} // namespace pktscope::stats
