// pcap writer: the bytes it produces, checked field by field against the format
// (draft-ietf-opsawg-pcap §4 file header, §5 packet record). Expected bytes are
// written out by hand from the draft, not taken from our own output.

#include <pktscope/io/capture_writer.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// 2024-01-02T03:04:05.123456789Z = 1704164645 s (0x65937d25) + 123456789 ns.
constexpr timestamp_ns ts_2024 = 1'704'164'645'123'456'789;
const std::array<std::uint8_t, 5> payload{0xde, 0xad, 0xbe, 0xef, 0x01};

packet make_packet(timestamp_ns ts, link_type link = link_type::ethernet) {
  packet p;
  p.ts = ts;
  p.data = payload;
  p.original_len = 60;
  p.link = link;
  return p;
}

TEST(PcapWriter, MicrosecondFileHeaderAndRecord) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap});
  ASSERT_TRUE(w->write(make_packet(ts_2024)));
  ASSERT_TRUE(w->close());
  const auto expected = from_hex("d4 c3 b2 a1"    // magic a1b2c3d4: microseconds
                                 "02 00 04 00"    // version 2.4
                                 "00 00 00 00"    // thiszone
                                 "00 00 00 00"    // sigfigs
                                 "00 00 04 00"    // snaplen 262144
                                 "01 00 00 00"    // LINKTYPE_ETHERNET
                                 "25 7d 93 65"    // ts_sec 1704164645
                                 "40 e2 01 00"    // ts_usec 123456 (ns truncated)
                                 "05 00 00 00"    // incl_len
                                 "3c 00 00 00"    // orig_len 60
                                 "de ad be ef 01" // data
  );
  EXPECT_EQ(out, expected);
  EXPECT_EQ(w->packets_written(), 1U);
  EXPECT_EQ(w->bytes_written(), expected.size());
}

TEST(PcapWriter, NanosecondMagicAndFraction) {
  std::vector<std::uint8_t> out;
  auto w =
      capture_writer::write_to_memory(out, {.format = capture_format::pcap, .nanosecond = true});
  ASSERT_TRUE(w->write(make_packet(ts_2024)));
  ASSERT_TRUE(w->close());
  ASSERT_EQ(out.size(), 24U + 16U + 5U);
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + 4), from_hex("4d 3c b2 a1"));
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 28, out.begin() + 32),
            from_hex("15 cd 5b 07")); // 123456789 ns
}

TEST(PcapWriter, EmptyCaptureGetsHeaderWithChosenLinkAndSnaplen) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(
      out, {.format = capture_format::pcap, .snaplen = 65535, .link = link_type::linux_sll});
  ASSERT_TRUE(w->close());
  EXPECT_EQ(out, from_hex("d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00"
                          "ff ff 00 00"    // snaplen 65535
                          "71 00 00 00")); // LINKTYPE_LINUX_SLL = 113
}

TEST(PcapWriter, LinkTypeComesFromFirstPacketAndSecondIsRefused) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap});
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::raw)));
  const auto refused = w->write(make_packet(ts_2024, link_type::ethernet));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::unsupported);
  ASSERT_TRUE(w->write(make_packet(ts_2024 + 1000, link_type::raw))); // still usable
  ASSERT_TRUE(w->close());
  EXPECT_EQ(w->packets_written(), 2U);
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 20, out.begin() + 24),
            from_hex("65 00 00 00")); // LINKTYPE_RAW = 101
  EXPECT_EQ(out.size(), 24U + 2 * (16U + 5U));
}

TEST(PcapWriter, APacketRefusedForItsTimestampDoesNotChooseTheLinkType) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap});
  EXPECT_EQ(w->write(make_packet(-1, link_type::ethernet)).error().code, errc::unsupported);
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::raw)));
  ASSERT_TRUE(w->close());
  EXPECT_EQ(w->packets_written(), 1U);
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 20, out.begin() + 24),
            from_hex("65 00 00 00")); // LINKTYPE_RAW = 101
  EXPECT_EQ(out.size(), 24U + 16U + 5U);
}

TEST(PcapWriter, SnaplenCutsRecordsButKeepsOriginalLength) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap, .snaplen = 3});
  ASSERT_TRUE(w->write(make_packet(ts_2024)));
  ASSERT_TRUE(w->close());
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 32, out.end()),
            from_hex("03 00 00 00 3c 00 00 00 de ad be"));
}

TEST(PcapWriter, TimestampsOutsideTheFormatAreRefused) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap});
  EXPECT_EQ(w->write(make_packet(-1)).error().code, errc::unsupported);
  // 2^32 seconds does not fit the 32-bit ts_sec field.
  EXPECT_EQ(w->write(make_packet(4'294'967'296LL * 1'000'000'000)).error().code, errc::unsupported);
  EXPECT_TRUE(w->write(make_packet(4'294'967'295LL * 1'000'000'000)));
  EXPECT_EQ(w->packets_written(), 1U);
}

TEST(PcapWriter, WriteAfterCloseFails) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap});
  ASSERT_TRUE(w->close());
  EXPECT_FALSE(w->write(make_packet(ts_2024)));
  EXPECT_TRUE(w->close()); // repeated close reports the first result
  EXPECT_EQ(out.size(), 24U);
}

} // namespace
} // namespace pktscope
