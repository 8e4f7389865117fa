// capture_stats: counting by hand-made packets (expected values worked out in the
// comments) and over real corpus captures (expected values from capinfos 4.0.17 -M,
// as quoted at each test).
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_stats.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace pktscope {
namespace {

const std::string corpus = PKTSCOPE_CORPUS_DIR;

packet make_packet(timestamp_ns ts, bytes data, std::uint32_t original_len,
                   link_type link = link_type::ethernet, std::uint32_t itf = 0) {
  packet p;
  p.ts = ts;
  p.data = data;
  p.original_len = original_len;
  p.link = link;
  p.interface = itf;
  return p;
}

TEST(capture_stats, empty) {
  const capture_stats s;
  EXPECT_EQ(s.packets, 0U);
  EXPECT_EQ(s.duration_ns(), 0);
  EXPECT_FALSE(s.average_packet_bytes());
  EXPECT_FALSE(s.packets_per_second());
  EXPECT_FALSE(s.bits_per_second());
  EXPECT_TRUE(s.in_order());
  EXPECT_TRUE(s.integrity.complete());
}

TEST(capture_stats, counts_sizes_times_and_order) {
  const std::array<std::uint8_t, 100> buf{};
  capture_stats s;
  // Packets at t = 10 s, 12 s, 11 s (out of order), 14 s.
  s.add(make_packet(10'000'000'000, bytes{buf}.first(60), 60));
  s.add(make_packet(12'000'000'000, bytes{buf}.first(100), 1500)); // cut by snaplen
  s.add(make_packet(11'000'000'000, bytes{buf}.first(40), 40, link_type::linux_sll, 1));
  s.add(make_packet(14'000'000'000, bytes{buf}.first(80), 70)); // captured > original
  EXPECT_EQ(s.packets, 4U);
  EXPECT_EQ(s.captured_bytes, 60U + 100 + 40 + 80);
  EXPECT_EQ(s.original_bytes, 60U + 1500 + 40 + 70);
  EXPECT_EQ(s.cut_by_snaplen, 1U);
  EXPECT_EQ(s.captured_over_original, 1U);
  EXPECT_EQ(s.min_captured_len, 40U);
  EXPECT_EQ(s.max_captured_len, 100U);
  EXPECT_EQ(s.max_original_len, 1500U);
  EXPECT_EQ(s.first_ns, 10'000'000'000);
  EXPECT_EQ(s.last_ns, 14'000'000'000);
  EXPECT_EQ(s.earliest_ns, 10'000'000'000);
  EXPECT_EQ(s.latest_ns, 14'000'000'000);
  EXPECT_EQ(s.out_of_order, 1U);
  EXPECT_FALSE(s.in_order());
  EXPECT_EQ(s.duration_ns(), 4'000'000'000);
  // 1670 original bytes / 4 packets; 4 packets / 4 s; 1670 * 8 / 4 s.
  EXPECT_DOUBLE_EQ(*s.average_packet_bytes(), 417.5);
  EXPECT_DOUBLE_EQ(*s.packets_per_second(), 1.0);
  EXPECT_DOUBLE_EQ(*s.bits_per_second(), 3340.0);
  ASSERT_EQ(s.interface_packets.size(), 2U);
  EXPECT_EQ(s.interface_packets[0], 3U);
  EXPECT_EQ(s.interface_packets[1], 1U);
  ASSERT_EQ(s.link_types.size(), 2U);
  EXPECT_EQ(s.link_types[0].link, link_type::ethernet);
  EXPECT_EQ(s.link_types[0].packets, 3U);
  EXPECT_EQ(s.link_types[1].link, link_type::linux_sll);
  EXPECT_EQ(s.link_types[1].packets, 1U);
}

TEST(capture_stats, single_packet_has_no_rate) {
  const std::array<std::uint8_t, 4> buf{};
  capture_stats s;
  s.add(make_packet(-5, bytes{buf}, 4)); // before 1970 is a valid timestamp
  EXPECT_EQ(s.first_ns, -5);
  EXPECT_EQ(s.duration_ns(), 0);
  EXPECT_DOUBLE_EQ(*s.average_packet_bytes(), 4.0);
  EXPECT_FALSE(s.packets_per_second());
}

TEST(capture_stats, duration_across_the_whole_range_saturates) {
  const std::array<std::uint8_t, 4> buf{};
  capture_stats s;
  s.add(make_packet(std::numeric_limits<timestamp_ns>::min(), bytes{buf}, 4));
  s.add(make_packet(std::numeric_limits<timestamp_ns>::max(), bytes{buf}, 4));
  EXPECT_EQ(s.duration_ns(), std::numeric_limits<timestamp_ns>::max());
}

TEST(capture_stats, huge_interface_index_does_not_grow_the_table) {
  const std::array<std::uint8_t, 4> buf{};
  capture_stats s;
  s.add(make_packet(0, bytes{buf}, 4, link_type::ethernet, 0xFFFFFFFFU));
  s.add(make_packet(0, bytes{buf}, 4, link_type::ethernet, capture_stats::max_interfaces));
  EXPECT_TRUE(s.interface_packets.empty());
  EXPECT_EQ(s.packets_unlisted_interface, 2U);
}

// capinfos -M kbandla__dpkt/examples/data/http.pcap: 43 packets, data size 25091 bytes,
// duration 30.393704 s, first 1084443427.311224, last 1084443457.704928, average packet
// size 583.51 bytes, 1.41 packets/s, 6604.26 bits/s, strict time order True.
TEST(capture_stats, corpus_http_pcap_matches_capinfos) {
  auto reader = capture_reader::open(corpus + "/kbandla__dpkt/examples/data/http.pcap");
  ASSERT_TRUE(reader);
  const capture_stats s = collect_stats(*reader);
  EXPECT_EQ(s.packets, 43U);
  EXPECT_EQ(s.original_bytes, 25091U);
  EXPECT_EQ(s.earliest_ns, 1084443427311224000);
  EXPECT_EQ(s.latest_ns, 1084443457704928000);
  EXPECT_EQ(s.duration_ns(), 30393704000);
  EXPECT_NEAR(*s.average_packet_bytes(), 583.51, 0.005);
  EXPECT_NEAR(*s.packets_per_second(), 1.41, 0.005);
  EXPECT_NEAR(*s.bits_per_second(), 6604.26, 0.005);
  EXPECT_TRUE(s.in_order());
  EXPECT_TRUE(s.integrity.complete());
  ASSERT_EQ(s.link_types.size(), 1U);
  EXPECT_EQ(s.link_types[0].link, link_type::ethernet);
}

// capinfos -M kbandla__dpkt/examples/data/truncated_dns.pcap: 1 packet, "Packet size
// limit: inferred: 200 bytes", data size 238 bytes: the one packet was cut by snaplen.
TEST(capture_stats, corpus_snaplen_cut_is_counted) {
  auto reader = capture_reader::open(corpus + "/kbandla__dpkt/examples/data/truncated_dns.pcap");
  ASSERT_TRUE(reader);
  const capture_stats s = collect_stats(*reader);
  EXPECT_EQ(s.packets, 1U);
  EXPECT_EQ(s.captured_bytes, 200U);
  EXPECT_EQ(s.original_bytes, 238U);
  EXPECT_EQ(s.cut_by_snaplen, 1U);
}

// capinfos -M on PcapPlusPlus pcapng-example.pcapng: "Ethernet (59)", "Linux cooked-mode
// capture v1 (100)"; interface #0 "Number of packets = 59", interface #1 "= 100".
TEST(capture_stats, corpus_pcapng_per_interface_and_link_type) {
  auto reader = capture_reader::open(
      corpus + "/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/pcapng-example.pcapng");
  ASSERT_TRUE(reader);
  const capture_stats s = collect_stats(*reader);
  EXPECT_EQ(s.packets, 159U);
  ASSERT_EQ(s.interface_packets.size(), 2U);
  EXPECT_EQ(s.interface_packets[0], 59U);
  EXPECT_EQ(s.interface_packets[1], 100U);
  ASSERT_EQ(s.link_types.size(), 2U);
  EXPECT_EQ(s.link_types[0].link, link_type::ethernet);
  EXPECT_EQ(s.link_types[0].packets, 59U);
  EXPECT_EQ(s.link_types[1].link, link_type::linux_sll);
  EXPECT_EQ(s.link_types[1].packets, 100U);
  EXPECT_FALSE(s.in_order()); // capinfos: "Strict time order: False"
}

// http.pcap cut to its first 10000 bytes: capinfos counts 16 packets and reports the file
// "cut short in the middle of a packet"; walking the record headers (24-byte file header,
// 16-byte record headers) puts the 17th record at offset 9954, with 46 bytes left.
TEST(capture_stats, cut_capture_keeps_earlier_packets_and_records_the_offset) {
  std::ifstream in(corpus + "/kbandla__dpkt/examples/data/http.pcap", std::ios::binary);
  std::vector<std::uint8_t> data{std::istreambuf_iterator<char>(in), {}};
  ASSERT_GT(data.size(), 10000U);
  data.resize(10000);
  auto reader = capture_reader::from_memory(data);
  ASSERT_TRUE(reader);
  const capture_stats s = collect_stats(*reader);
  EXPECT_EQ(s.packets, 16U);
  ASSERT_FALSE(s.integrity.complete());
  EXPECT_EQ(s.integrity.failure->err.code, errc::truncated);
  EXPECT_EQ(s.integrity.failure->err.offset, 9954U);
  EXPECT_EQ(s.integrity.end_offset, 9954U);
}

} // namespace
} // namespace pktscope
