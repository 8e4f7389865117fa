// Classic pcap reading from files built byte by byte (pcap draft §4-5).
#include "reader_fixtures.hpp"

#include <pktscope/io/capture_reader.hpp>

#include <gtest/gtest.h>

namespace pktscope::test {
namespace {

struct order_case {
  bool be;
  bool nsec;
};

class pcap_orders : public ::testing::TestWithParam<order_case> {};

TEST_P(pcap_orders, reads_records_with_exact_timestamps) {
  const auto [be, nsec] = GetParam();
  const byte_vec a = payload(60, 1);
  const byte_vec b = payload(14, 9);
  const byte_vec file =
      concat({pcap_header(be, nsec, 1500, 1), pcap_record(be, 1700000000, 999999, a, 60),
              pcap_record(be, 4294967295U, 1, b, 200)});
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const capture_info& info = r->info();
  EXPECT_EQ(info.format, capture_format::pcap);
  EXPECT_EQ(info.compressed, compression::none);
  EXPECT_EQ(info.big_endian, be);
  EXPECT_EQ(info.version_major, 2);
  EXPECT_EQ(info.version_minor, 4);
  ASSERT_EQ(info.interfaces.size(), 1U);
  EXPECT_EQ(info.interfaces[0].snaplen, 1500U);
  EXPECT_EQ(info.interfaces[0].link, link_type::ethernet);
  EXPECT_EQ(info.interfaces[0].ts_exponent, nsec ? 9 : 6);

  const auto pkts = read_all(*r);
  ASSERT_EQ(pkts.size(), 2U);
  EXPECT_FALSE(r->failure());
  const std::int64_t unit = nsec ? 1 : 1000;
  EXPECT_EQ(pkts[0].ts, 1700000000LL * 1000000000LL + 999999 * unit);
  EXPECT_EQ(pkts[0].data, a);
  EXPECT_EQ(pkts[0].original_len, 60U);
  EXPECT_EQ(pkts[0].file_offset, 24U);
  // Seconds are unsigned 32-bit: 2^32-1 s is in 2106, not 1969.
  EXPECT_EQ(pkts[1].ts, 4294967295LL * 1000000000LL + unit);
  EXPECT_EQ(pkts[1].data, b); // snaplen-truncated record: 14 of 200 bytes
  EXPECT_EQ(pkts[1].original_len, 200U);
  EXPECT_EQ(pkts[1].file_offset, 24U + 16 + 60);
  EXPECT_EQ(r->offset(), file.size());
  EXPECT_EQ(r->packets_read(), 2U);
  EXPECT_EQ(r->info().interfaces[0].packets, 2U);
  EXPECT_EQ(r->next(), nullptr); // stays at the end
}

INSTANTIATE_TEST_SUITE_P(all, pcap_orders,
                         ::testing::Values(order_case{false, false}, order_case{true, false},
                                           order_case{false, true}, order_case{true, true}));

TEST(pcap_reader, empty_capture_has_no_packets) {
  const byte_vec r_bytes = pcap_header(false, false);
  auto r = capture_reader::from_memory(r_bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->next(), nullptr);
  EXPECT_FALSE(r->failure());
}

TEST(pcap_reader, link_field_fcs_bits) {
  // pcap draft §4: bit 26 set, bits 28..31 = FCS length in 16-bit words (2 -> 4 bytes).
  const std::uint32_t link = 0x24000000U | 105U;
  const byte_vec r_bytes = pcap_header(false, false, 65535, link);
  auto r = capture_reader::from_memory(r_bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->info().interfaces[0].link, link_type::ieee802_11);
  EXPECT_EQ(r->info().interfaces[0].fcs_len_bytes, 4);
}

TEST(pcap_reader, old_versions_swap_lengths_like_libpcap) {
  // Before 2.3 the record header held len before caplen (libpcap sf-pcap.c).
  const byte_vec d = payload(10, 0);
  byte_builder b{false, {}};
  b.u32(1).u32(2).u32(100).u32(10).raw(d); // len=100, caplen=10 in 2.2 order
  const byte_vec file = concat({pcap_header(false, false, 65535, 1, 2, 2), b.out});
  auto r = capture_reader::from_memory(file);
  ASSERT_TRUE(r);
  const auto pkts = read_all(*r);
  ASSERT_EQ(pkts.size(), 1U);
  EXPECT_EQ(pkts[0].data.size(), 10U);
  EXPECT_EQ(pkts[0].original_len, 100U);

  // 2.3: swapped only when caplen > len.
  const byte_vec file23 =
      concat({pcap_header(false, false, 65535, 1, 2, 3), b.out, pcap_record(false, 1, 2, d, 100)});
  auto r23 = capture_reader::from_memory(file23);
  ASSERT_TRUE(r23);
  const auto p23 = read_all(*r23);
  ASSERT_EQ(p23.size(), 2U);
  EXPECT_EQ(p23[0].original_len, 100U);
  EXPECT_EQ(p23[1].original_len, 100U);
  EXPECT_EQ(p23[1].data.size(), 10U);
}

TEST(pcap_reader, header_checks) {
  // Unsupported versions: libpcap reads 2.0-2.4 only.
  const byte_vec v25_bytes = pcap_header(false, false, 65535, 1, 2, 5);
  auto v25 = capture_reader::from_memory(v25_bytes);
  ASSERT_FALSE(v25);
  EXPECT_EQ(v25.error().code, errc::unsupported);
  EXPECT_EQ(v25.error().offset, 4U);
  const byte_vec v14_bytes = pcap_header(true, false, 65535, 1, 1, 4);
  auto v14 = capture_reader::from_memory(v14_bytes);
  ASSERT_FALSE(v14);
  EXPECT_EQ(v14.error().code, errc::unsupported);
  // Reserved link-field bits.
  const byte_vec reserved_bytes = pcap_header(false, false, 65535, 0x00300001);
  auto reserved = capture_reader::from_memory(reserved_bytes);
  ASSERT_FALSE(reserved);
  EXPECT_EQ(reserved.error().code, errc::malformed);
  EXPECT_EQ(reserved.error().offset, 20U);
  // Not a capture.
  const byte_vec junk = text_value("GET / HTTP/1.1\r\n");
  auto bad = capture_reader::from_memory(junk);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::bad_format);
  // Nothing at all.
  auto none = capture_reader::from_memory(bytes{});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, errc::truncated);
}

TEST(pcap_reader, huge_caplen_is_refused_before_reading) {
  byte_builder b{false, {}};
  b.u32(1).u32(0).u32(0x7fffffff).u32(0x7fffffff);
  const byte_vec file =
      concat({pcap_header(false, false), pcap_record(false, 1, 0, payload(4, 0), 4), b.out});
  reader_options opts;
  opts.max_record_bytes = 1 << 20;
  auto r = capture_reader::from_memory(file, opts);
  ASSERT_TRUE(r);
  EXPECT_EQ(read_all(*r).size(), 1U);
  ASSERT_TRUE(r->failure());
  EXPECT_EQ(r->failure()->err.code, errc::malformed);
  EXPECT_EQ(r->failure()->err.offset, 24U + 20 + 8); // the caplen field
}

// Every prefix of a valid file: exactly the packets wholly before the cut, then
// a truncation failure naming where the cut record starts.
TEST(pcap_reader, truncation_sweep) {
  for (const bool be : {false, true}) {
    const byte_vec file = concat({pcap_header(be, true), pcap_record(be, 10, 1, payload(5, 0), 5),
                                  pcap_record(be, 11, 2, payload(0, 0), 0),
                                  pcap_record(be, 12, 3, payload(9, 7), 90)});
    const std::vector<std::size_t> ends{24, 24 + 21, 24 + 21 + 16, file.size()};
    for (std::size_t n = 0; n <= file.size(); ++n) {
      const byte_vec prefix(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
      auto r = capture_reader::from_memory(prefix);
      if (n < 24) {
        ASSERT_FALSE(r) << n;
        EXPECT_EQ(r.error().code, errc::truncated) << n;
        continue;
      }
      ASSERT_TRUE(r) << n;
      const auto pkts = read_all(*r);
      std::size_t whole = 0;
      while (whole + 1 < ends.size() && ends[whole + 1] <= n) {
        ++whole;
      }
      EXPECT_EQ(pkts.size(), whole) << n;
      const bool at_boundary = n == ends[whole];
      EXPECT_EQ(r->failure().has_value(), !at_boundary) << n;
      if (!at_boundary && r->failure()) {
        EXPECT_EQ(r->failure()->err.code, errc::truncated) << n;
        EXPECT_EQ(r->failure()->err.offset, ends[whole]) << n;
      }
    }
  }
}

} // namespace
} // namespace pktscope::test
