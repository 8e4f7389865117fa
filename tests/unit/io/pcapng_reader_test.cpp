// pcapng reading from files built byte by byte (draft-ietf-opsawg-pcapng §3-4).
#include "reader_fixtures.hpp"

#include <pktscope/io/capture_reader.hpp>

#include <gtest/gtest.h>

namespace pktscope::test {
namespace {

constexpr std::int64_t ns_per_s = 1'000'000'000;

class pcapng_orders : public ::testing::TestWithParam<bool> {};

TEST_P(pcapng_orders, section_and_interface_options) {
  const bool be = GetParam();
  const byte_vec data = payload(42, 3);
  const byte_vec file = concat(
      {shb(be, {{1, text_value("first comment")},
                {2, text_value("x86_64")},
                {3, text_value("Linux 6.1")},
                {4, text_value("handmade")},
                {1, text_value("second comment")}}),
       idb(be, 1, 262144,
           {{2, text_value("eth0")},
            {3, text_value("uplink")},
            {9, {9}},                                       // if_tsresol: nanoseconds
            {11, concat({{0}, text_value("tcp port 80")})}, // if_filter, libpcap string
            {12, text_value("Linux")},
            {13, {4}}, // if_fcslen
            {15, text_value("NIC 1")},
            {14, u64_value(be, 100)}}), // if_tsoffset
       epb(be, 0, 1'700'000'000'123'456'789ULL, data, 64, {{1, text_value("pkt comment")}})});
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r) << static_cast<int>(r.error().code);
  const auto& info = r->info();
  EXPECT_EQ(info.format, capture_format::pcapng);
  EXPECT_EQ(info.big_endian, be);
  EXPECT_EQ(info.version_major, 1);
  EXPECT_EQ(info.version_minor, 0);
  EXPECT_EQ(info.sections, 1U);
  EXPECT_EQ(info.hardware, "x86_64");
  EXPECT_EQ(info.os, "Linux 6.1");
  EXPECT_EQ(info.application, "handmade");
  EXPECT_EQ(info.comments, (std::vector<std::string>{"first comment", "second comment"}));

  const auto pkts = read_all(*r);
  EXPECT_FALSE(r->failure());
  EXPECT_TRUE(r->warnings().empty());
  ASSERT_EQ(info.interfaces.size(), 1U);
  const auto& i0 = info.interfaces[0];
  EXPECT_EQ(i0.name, "eth0");
  EXPECT_EQ(i0.description, "uplink");
  EXPECT_EQ(i0.filter, "tcp port 80");
  EXPECT_EQ(i0.os, "Linux");
  EXPECT_EQ(i0.hardware, "NIC 1");
  EXPECT_EQ(i0.fcs_len_bytes, 4);
  EXPECT_EQ(i0.ts_exponent, 9);
  EXPECT_FALSE(i0.ts_base2);
  EXPECT_EQ(i0.ts_offset_s, 100);
  EXPECT_EQ(i0.snaplen, 262144U);
  EXPECT_EQ(i0.packets, 1U);
  ASSERT_EQ(pkts.size(), 1U);
  EXPECT_EQ(pkts[0].ts, 1'700'000'100'123'456'789LL);
  EXPECT_EQ(pkts[0].data, data);
  EXPECT_EQ(pkts[0].original_len, 64U);
  EXPECT_EQ(pkts[0].link, link_type::ethernet);
  EXPECT_EQ(pkts[0].file_offset, shb(be, {{1, text_value("first comment")},
                                          {2, text_value("x86_64")},
                                          {3, text_value("Linux 6.1")},
                                          {4, text_value("handmade")},
                                          {1, text_value("second comment")}})
                                         .size() +
                                     idb(be, 1, 262144,
                                         {{2, text_value("eth0")},
                                          {3, text_value("uplink")},
                                          {9, {9}},
                                          {11, concat({{0}, text_value("tcp port 80")})},
                                          {12, text_value("Linux")},
                                          {13, {4}},
                                          {15, text_value("NIC 1")},
                                          {14, u64_value(be, 100)}})
                                         .size());
}

TEST_P(pcapng_orders, timestamp_resolutions) {
  const bool be = GetParam();
  const byte_vec d = payload(4, 0);
  const byte_vec file = concat({
      shb(be),
      idb(be, 1, 0),                     // default 10^-6
      idb(be, 1, 0, {{9, {3}}}),         // milliseconds
      idb(be, 1, 0, {{9, {12}}}),        // picoseconds: floor to ns
      idb(be, 1, 0, {{9, {0x80 | 10}}}), // 2^-10 s
      idb(be, 1, 0, {{9, {0x80 | 0}}, {14, u64_value(be, static_cast<std::uint64_t>(-5))}}),
      epb(be, 0, 1'500'000'000'000'001ULL, d, 4),
      epb(be, 1, 1'500'000'000'001ULL, d, 4),
      epb(be, 2, 1'500'000'000'000'000'999ULL, d, 4),
      epb(be, 3, 1025, d, 4),
      epb(be, 4, 7, d, 4),
  });
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const auto pkts = read_all(*r);
  ASSERT_EQ(pkts.size(), 5U);
  EXPECT_EQ(pkts[0].ts, 1'500'000'000'000'001'000LL);
  EXPECT_EQ(pkts[1].ts, 1'500'000'000'001'000'000LL);
  EXPECT_EQ(pkts[2].ts, 1'500'000'000'000'000LL); // 999 ps floor to 0 ns
  // 1025/1024 s = 1.0009765625 s -> floor 1000976562 ns
  EXPECT_EQ(pkts[3].ts, 1'000'976'562LL);
  EXPECT_EQ(pkts[4].ts, (7 - 5) * ns_per_s); // whole seconds, tsoffset -5
  for (std::uint32_t i = 0; i < 5; ++i) {
    EXPECT_EQ(pkts[i].interface, i);
  }
}

TEST_P(pcapng_orders, packet_block_kinds_and_link_types) {
  const bool be = GetParam();
  const byte_vec full = payload(100, 5);
  const byte_vec file = concat({
      shb(be),
      idb(be, 1, 64),              // ethernet, snaplen 64
      idb(be, 101, 0),             // raw IP
      spb(be, 100, full),          // captured = min(100, snaplen 64)
      spb(be, 30, payload(30, 1)), // shorter than snaplen
      obsolete_pb(be, 1, 2'000'000, payload(20, 2), 20),
      epb(be, 1, 3'000'000, payload(8, 3), 8),
  });
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const auto pkts = read_all(*r);
  ASSERT_EQ(pkts.size(), 4U);
  EXPECT_EQ(pkts[0].data, byte_vec(full.begin(), full.begin() + 64));
  EXPECT_EQ(pkts[0].original_len, 100U);
  EXPECT_EQ(pkts[0].ts, 0);
  EXPECT_EQ(pkts[0].link, link_type::ethernet);
  EXPECT_EQ(pkts[1].data, payload(30, 1));
  EXPECT_EQ(pkts[2].data, payload(20, 2));
  EXPECT_EQ(pkts[2].ts, 2 * ns_per_s);
  EXPECT_EQ(pkts[2].link, link_type::raw);
  EXPECT_EQ(pkts[2].interface, 1U);
  EXPECT_EQ(pkts[3].link, link_type::raw);
  EXPECT_EQ(r->info().interfaces[0].packets, 2U);
  EXPECT_EQ(r->info().interfaces[1].packets, 2U);
}

TEST_P(pcapng_orders, unknown_custom_and_name_resolution_blocks_are_skipped) {
  const bool be = GetParam();
  byte_builder nrb{be, {}};
  nrb.u16(1).u16(9).u32(0x0a000001).raw(text_value("host")).u8(0).pad4().u16(0).u16(0);
  byte_builder custom{be, {}};
  custom.u32(32473).raw(text_value("vendor data"));
  const byte_vec file = concat({
      shb(be),
      block(be, 4, nrb.out), // Name Resolution Block
      idb(be, 1, 0),
      block(be, 0x00000BAD, custom.out),     // custom block
      block(be, 0x40000BAD, custom.out),     // custom block, do not copy
      block(be, 0x12345678, payload(13, 0)), // unknown type
      block(be, 0x0000000A, payload(16, 0)), // decryption secrets
      epb(be, 0, 1, payload(3, 0), 3),
      isb(be, 0, 1000, 7, 3),
  });
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  EXPECT_EQ(read_all(*r).size(), 1U);
  EXPECT_FALSE(r->failure());
  EXPECT_TRUE(r->warnings().empty());
  EXPECT_EQ(r->skipped_blocks(), 0U);
  EXPECT_EQ(r->info().interfaces[0].stats_received, 1000U);
  EXPECT_EQ(r->info().interfaces[0].stats_dropped, 7U);
  EXPECT_EQ(r->info().interfaces[0].stats_os_dropped, 3U);
}

INSTANTIATE_TEST_SUITE_P(both, pcapng_orders, ::testing::Values(false, true));

TEST(pcapng_reader, sections_in_both_byte_orders_map_interfaces) {
  const byte_vec file = concat({
      shb(false, {{2, text_value("hw1")}}),
      idb(false, 1, 0),
      idb(false, 0, 0), // NULL loopback
      epb(false, 1, 1, payload(4, 1), 4),
      shb(true, {{2, text_value("hw2")}, {1, text_value("s2")}}),
      idb(true, 101, 0),
      epb(true, 0, 2, payload(4, 2), 4),
      shb(false),
      idb(false, 113, 0),
      idb(false, 1, 0),
      epb(false, 1, 3, payload(4, 3), 4),
      epb(false, 0, 4, payload(4, 4), 4),
  });
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const auto pkts = read_all(*r);
  EXPECT_FALSE(r->failure());
  const auto& info = r->info();
  EXPECT_EQ(info.sections, 3U);
  EXPECT_FALSE(info.big_endian);
  EXPECT_EQ(info.hardware, "hw1"); // the first section's
  EXPECT_EQ(info.comments, std::vector<std::string>{"s2"});
  ASSERT_EQ(info.interfaces.size(), 5U);
  EXPECT_EQ(info.interfaces[2].section, 1U);
  EXPECT_EQ(info.interfaces[2].id_in_section, 0U);
  EXPECT_EQ(info.interfaces[4].section, 2U);
  EXPECT_EQ(info.interfaces[4].id_in_section, 1U);
  ASSERT_EQ(pkts.size(), 4U);
  EXPECT_EQ(pkts[0].interface, 1U);
  EXPECT_EQ(pkts[0].link, link_type::null_loopback);
  EXPECT_EQ(pkts[1].interface, 2U);
  EXPECT_EQ(pkts[1].link, link_type::raw);
  EXPECT_EQ(pkts[1].ts, 2000);
  EXPECT_EQ(pkts[2].interface, 4U);
  EXPECT_EQ(pkts[2].link, link_type::ethernet);
  EXPECT_EQ(pkts[3].interface, 3U);
  EXPECT_EQ(pkts[3].link, link_type::linux_sll);
}

TEST(pcapng_reader, damaged_blocks_in_the_middle_are_skipped_with_warnings) {
  const bool be = false;
  byte_vec bad_caplen = epb(be, 0, 1, payload(8, 0), 8);
  bad_caplen[20] = 200; // caplen beyond the block
  const byte_vec unknown_iface = epb(be, 5, 1, payload(8, 0), 8);
  const byte_vec head = concat({shb(be), idb(be, 1, 0)});
  const byte_vec file = concat({head, bad_caplen, epb(be, 0, 2, payload(4, 1), 4), unknown_iface,
                                epb(be, 0, 3, payload(4, 2), 4)});
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const auto pkts = read_all(*r);
  ASSERT_EQ(pkts.size(), 2U);
  EXPECT_EQ(pkts[0].data, payload(4, 1));
  EXPECT_EQ(pkts[1].data, payload(4, 2));
  EXPECT_FALSE(r->failure());
  ASSERT_EQ(r->warnings().size(), 2U);
  EXPECT_EQ(r->warnings()[0].err.code, errc::malformed);
  EXPECT_EQ(r->warnings()[0].err.offset, head.size());
  EXPECT_EQ(r->warnings()[1].err.offset,
            head.size() + bad_caplen.size() + epb(be, 0, 2, payload(4, 1), 4).size());
  EXPECT_EQ(r->skipped_blocks(), 2U);
  EXPECT_EQ(r->skipped_bytes(), bad_caplen.size() + unknown_iface.size());
}

TEST(pcapng_reader, inconsistent_lengths_stop_with_a_positioned_failure) {
  const byte_vec head = concat({shb(false), idb(false, 1, 0), epb(false, 0, 1, payload(4, 0), 4)});
  byte_vec broken = epb(false, 0, 1, payload(4, 0), 4);
  broken[broken.size() - 4] ^= 0x10; // trailing length differs
  const byte_vec r_bytes = concat({head, broken});
  auto r = capture_reader::from_memory(r_bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(read_all(*r).size(), 1U);
  ASSERT_TRUE(r->failure());
  EXPECT_EQ(r->failure()->err.code, errc::malformed);
  EXPECT_EQ(r->failure()->err.offset, head.size() + broken.size() - 4);

  byte_vec odd = epb(false, 0, 1, payload(4, 0), 4);
  odd[4] = 13; // not a multiple of 4
  const byte_vec r2_bytes = concat({head, odd});
  auto r2 = capture_reader::from_memory(r2_bytes);
  ASSERT_TRUE(r2);
  EXPECT_EQ(read_all(*r2).size(), 1U);
  ASSERT_TRUE(r2->failure());
  EXPECT_EQ(r2->failure()->err.offset, head.size() + 4);
}

TEST(pcapng_reader, huge_block_length_is_refused_without_allocating) {
  byte_builder b{false, {}};
  b.u32(6).u32(0xfffffff0U).u32(0);
  reader_options opts;
  opts.max_record_bytes = 1 << 16;
  const byte_vec file = concat({shb(false), idb(false, 1, 0), b.out});
  auto r = capture_reader::from_memory(file, opts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->next(), nullptr);
  ASSERT_TRUE(r->failure());
  EXPECT_EQ(r->failure()->err.code, errc::malformed);
}

TEST(pcapng_reader, section_versions) {
  const byte_vec v11_bytes = shb(false, {}, 1, 1);
  auto v11 = capture_reader::from_memory(v11_bytes);
  ASSERT_FALSE(v11);
  EXPECT_EQ(v11.error().code, errc::unsupported);
  const byte_vec v12_bytes = shb(true, {}, 1, 2);
  auto v12 = capture_reader::from_memory(v12_bytes);
  ASSERT_TRUE(v12); // libpcap treats 1.2 as 1.0

  // A later section of an unknown version is skipped whole.
  const byte_vec file =
      concat({shb(false), idb(false, 1, 0), epb(false, 0, 1, payload(4, 0), 4),
              shb(false, {}, 2, 0), idb(false, 1, 0), epb(false, 0, 1, payload(4, 0), 4), shb(true),
              idb(true, 1, 0), epb(true, 0, 1, payload(4, 9), 4)});
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const auto pkts = read_all(*r);
  ASSERT_EQ(pkts.size(), 2U);
  EXPECT_EQ(pkts[1].data, payload(4, 9));
  EXPECT_EQ(pkts[1].interface, 1U);
  EXPECT_EQ(r->warnings().size(), 1U);
  EXPECT_EQ(r->skipped_blocks(), 3U);
}

TEST(pcapng_reader, bad_byte_order_magic) {
  byte_vec s = shb(false);
  s[8] = 0;
  auto r = capture_reader::from_memory(s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().offset, 8U);
}

TEST(pcapng_reader, truncation_sweep) {
  for (const bool be : {false, true}) {
    const std::vector<byte_vec> blocks{shb(be, {{4, text_value("app")}}),
                                       idb(be, 1, 0),
                                       epb(be, 0, 5, payload(5, 0), 5),
                                       block(be, 0x999, payload(4, 0)),
                                       spb(be, 3, payload(3, 1)),
                                       shb(!be),
                                       idb(!be, 101, 0),
                                       epb(!be, 0, 6, payload(6, 6), 6)};
    byte_vec file;
    std::vector<std::size_t> ends; // end offset of each block
    std::vector<std::size_t> packets_by_end;
    std::size_t count = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      file.insert(file.end(), blocks[i].begin(), blocks[i].end());
      ends.push_back(file.size());
      if (i == 2 || i == 4 || i == 7) {
        ++count;
      }
      packets_by_end.push_back(count);
    }
    for (std::size_t n = 0; n <= file.size(); ++n) {
      const byte_vec prefix(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
      auto r = capture_reader::from_memory(prefix);
      if (n < ends[0]) {
        ASSERT_FALSE(r) << n;
        EXPECT_EQ(r.error().code, errc::truncated) << n;
        continue;
      }
      ASSERT_TRUE(r) << n;
      const auto pkts = read_all(*r);
      std::size_t whole = 0; // blocks wholly inside the prefix
      while (whole < ends.size() && ends[whole] <= n) {
        ++whole;
      }
      EXPECT_EQ(pkts.size(), packets_by_end[whole - 1]) << n;
      const bool at_boundary = n == ends[whole - 1];
      EXPECT_EQ(r->failure().has_value(), !at_boundary) << n;
      if (!at_boundary && r->failure()) {
        EXPECT_EQ(r->failure()->err.code, errc::truncated) << n;
        EXPECT_EQ(r->failure()->err.offset, ends[whole - 1]) << n;
      }
      EXPECT_TRUE(r->warnings().empty()) << n;
    }
  }
}

} // namespace
} // namespace pktscope::test
