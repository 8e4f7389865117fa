// pcapng writer: block layout checked against draft-ietf-opsawg-pcapng §3.1
// (block structure), §3.5 (options), §4.1 SHB, §4.2 IDB, §4.3 EPB, §4.6 ISB. Expected bytes
// are written out by hand from the draft.

#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_writer.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

constexpr timestamp_ns ts_2024 = 1'704'164'645'123'456'789;
const std::array<std::uint8_t, 5> payload{0xde, 0xad, 0xbe, 0xef, 0x01};

packet make_packet(timestamp_ns ts, link_type link, std::uint32_t interface = 0) {
  packet p;
  p.ts = ts;
  p.data = payload;
  p.original_len = 60;
  p.link = link;
  p.interface = interface;
  return p;
}

std::vector<std::uint8_t> slice(const std::vector<std::uint8_t>& v, std::size_t from,
                                std::size_t len) {
  return {v.begin() + static_cast<std::ptrdiff_t>(from),
          v.begin() + static_cast<std::ptrdiff_t>(from + len)};
}

// Little-endian field read by hand, independent of the library's endian helpers.
std::uint32_t le32(const std::vector<std::uint8_t>& v, std::size_t at) {
  return std::uint32_t{v[at]} | std::uint32_t{v[at + 1]} << 8U | std::uint32_t{v[at + 2]} << 16U |
         std::uint32_t{v[at + 3]} << 24U;
}

// SHB with only shb_userappl "pktscope": 12 + 16 + (4 + 8) + 4 = 44 bytes.
const auto shb_pktscope = from_hex("0a 0d 0d 0a 2c 00 00 00"             // type, total length 44
                                   "4d 3c 2b 1a"                         // byte-order magic
                                   "01 00 00 00"                         // version 1.0
                                   "ff ff ff ff ff ff ff ff"             // section length unknown
                                   "04 00 08 00 70 6b 74 73 63 6f 70 65" // shb_userappl
                                   "00 00 00 00"                         // opt_endofopt
                                   "2c 00 00 00");

TEST(PcapngWriter, NanosecondSectionInterfaceAndPacket) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.nanosecond = true});
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet)));
  ASSERT_TRUE(w->close());
  const auto idb = from_hex("01 00 00 00 20 00 00 00" // IDB, total length 32
                            "01 00 00 00"             // LINKTYPE_ETHERNET, reserved
                            "00 00 00 00"             // snaplen 0: no limit
                            "09 00 01 00 09 00 00 00" // if_tsresol = 9 (ns), padded
                            "00 00 00 00"             // opt_endofopt
                            "20 00 00 00");
  const auto epb = from_hex("06 00 00 00 28 00 00 00" // EPB, total length 40
                            "00 00 00 00"             // interface 0
                            "b7 68 a6 17 15 ff 5c 37" // ts 0x17a668b7_375cff15 ns
                            "05 00 00 00 3c 00 00 00" // captured 5, original 60
                            "de ad be ef 01 00 00 00" // data, padded to 8
                            "28 00 00 00");
  std::vector<std::uint8_t> expected = shb_pktscope;
  expected.insert(expected.end(), idb.begin(), idb.end());
  expected.insert(expected.end(), epb.begin(), epb.end());
  EXPECT_EQ(out, expected);
}

TEST(PcapngWriter, MicrosecondInterfaceHasNoTsresolAndTruncates) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.application = ""});
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::raw)));
  ASSERT_TRUE(w->close());
  // SHB without options: 28 bytes; IDB without options: 20 bytes.
  ASSERT_EQ(out.size(), 28U + 20U + 40U);
  EXPECT_EQ(slice(out, 0, 8), from_hex("0a 0d 0d 0a 1c 00 00 00"));
  EXPECT_EQ(slice(out, 28, 20),
            from_hex("01 00 00 00 14 00 00 00 65 00 00 00 00 00 00 00 14 00 00 00"));
  // 1704164645123456 us = 0x00060ded_c04fb580: the last three ns digits are dropped.
  EXPECT_EQ(slice(out, 48 + 12, 8), from_hex("ed 0d 06 00 80 b5 4f c0"));
}

TEST(PcapngWriter, OneInterfacePerLinkTypeAndInterfacePair) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.application = ""});
  // (eth,0) (raw,0) (eth,0) (eth,3) (raw,0): three IDBs, EPB ids 0 1 0 2 1.
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet, 0)));
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::raw, 0)));
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet, 0)));
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet, 3)));
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::raw, 0)));
  ASSERT_TRUE(w->close());
  std::vector<std::uint32_t> idb_links;
  std::vector<std::uint32_t> epb_ids;
  std::size_t pos = 0;
  while (pos + 12 <= out.size()) {
    const std::uint32_t type = le32(out, pos);
    const std::uint32_t len = le32(out, pos + 4);
    ASSERT_EQ(len % 4, 0U);
    ASSERT_LE(pos + len, out.size());
    // Trailing total length repeats the leading one (§3.1).
    EXPECT_EQ(slice(out, pos + len - 4, 4), slice(out, pos + 4, 4));
    if (type == 1) {
      idb_links.push_back(le32(out, pos + 8) & 0xffffU);
    } else if (type == 6) {
      epb_ids.push_back(out[pos + 8]);
    }
    pos += len;
  }
  EXPECT_EQ(pos, out.size());
  EXPECT_EQ(idb_links, (std::vector<std::uint32_t>{1, 101, 1}));
  EXPECT_EQ(epb_ids, (std::vector<std::uint32_t>{0, 1, 0, 2, 1}));
}

TEST(PcapngWriter, CommentsAndInterfaceDescription) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.comments = {"hello"}, .application = "x"});
  w->describe_interface(0, {.name = "eth0", .description = "", .fcs_len_bytes = 4});
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet), "pkt"));
  ASSERT_TRUE(w->close());
  // SHB: 28 + shb_comment "hello" (4+8) + shb_userappl "x" (4+4) + end (4) = 52.
  const auto shb = from_hex("0a 0d 0d 0a 34 00 00 00 4d 3c 2b 1a 01 00 00 00"
                            "ff ff ff ff ff ff ff ff"
                            "01 00 05 00 68 65 6c 6c 6f 00 00 00" // opt_comment "hello"
                            "04 00 01 00 78 00 00 00"             // shb_userappl "x"
                            "00 00 00 00 34 00 00 00");
  // IDB: 20 + if_name "eth0" (4+4) + if_fcslen 4 (4+4) + end (4) = 40.
  const auto idb = from_hex("01 00 00 00 28 00 00 00 01 00 00 00 00 00 00 00"
                            "02 00 04 00 65 74 68 30" // if_name "eth0"
                            "0d 00 01 00 04 00 00 00" // if_fcslen 4
                            "00 00 00 00 28 00 00 00");
  // EPB: 32 + 8 data + opt_comment "pkt" (4+4) + end (4) = 52.
  const auto epb_tail = from_hex("de ad be ef 01 00 00 00"
                                 "01 00 03 00 70 6b 74 00" // opt_comment "pkt"
                                 "00 00 00 00 34 00 00 00");
  ASSERT_EQ(out.size(), shb.size() + idb.size() + 52U);
  EXPECT_EQ(slice(out, 0, shb.size()), shb);
  EXPECT_EQ(slice(out, shb.size(), idb.size()), idb);
  EXPECT_EQ(slice(out, shb.size() + idb.size(), 8), from_hex("06 00 00 00 34 00 00 00"));
  EXPECT_EQ(slice(out, out.size() - epb_tail.size(), epb_tail.size()), epb_tail);
}

TEST(PcapngWriter, EmptyCaptureIsASectionHeaderOnly) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out);
  ASSERT_TRUE(w->close());
  EXPECT_EQ(out, shb_pktscope);
}

TEST(PcapngWriter, NegativeTimestampRefused) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out);
  const auto r = w->write(make_packet(-5, link_type::ethernet));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unsupported);
}

TEST(PcapngWriter, InterfaceStatisticsBlockFollowsThePackets) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.nanosecond = true});
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet)));
  interface_statistics s;
  s.at = ts_2024;
  s.received = 1000;
  s.dropped_by_interface = 7;
  s.dropped_by_os = 3;
  ASSERT_TRUE(w->write_statistics(s));
  ASSERT_TRUE(w->close());
  const auto isb = from_hex("05 00 00 00 40 00 00 00"             // ISB, total length 64
                            "00 00 00 00"                         // interface 0
                            "b7 68 a6 17 15 ff 5c 37"             // ts, as the EPB's
                            "04 00 08 00 e8 03 00 00 00 00 00 00" // isb_ifrecv 1000
                            "05 00 08 00 07 00 00 00 00 00 00 00" // isb_ifdrop 7
                            "07 00 08 00 03 00 00 00 00 00 00 00" // isb_osdrop 3
                            "00 00 00 00"                         // opt_endofopt
                            "40 00 00 00");
  ASSERT_GE(out.size(), isb.size());
  EXPECT_EQ(slice(out, out.size() - isb.size(), isb.size()), isb);

  // The reader hands the counters to the interface they name.
  auto r = capture_reader::from_memory(out);
  ASSERT_TRUE(r);
  while (r->next() != nullptr) {
  }
  EXPECT_FALSE(r->failure());
  ASSERT_EQ(r->info().interfaces.size(), 1U);
  EXPECT_EQ(r->info().interfaces[0].stats_received, 1000U);
  EXPECT_EQ(r->info().interfaces[0].stats_dropped, 7U);
  EXPECT_EQ(r->info().interfaces[0].stats_os_dropped, 3U);
}

TEST(PcapngWriter, InterfaceStatisticsWithOneCounterOnTheSecondInterface) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.nanosecond = true});
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet)));
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::raw, 4)));
  interface_statistics s;
  s.link = link_type::raw;
  s.interface = 4;
  s.at = ts_2024;
  s.dropped_by_os = 0;
  ASSERT_TRUE(w->write_statistics(s));
  ASSERT_TRUE(w->close());
  const auto isb = from_hex("05 00 00 00 28 00 00 00"             // ISB, total length 40
                            "01 00 00 00"                         // the second IDB written
                            "b7 68 a6 17 15 ff 5c 37"             // ts
                            "07 00 08 00 00 00 00 00 00 00 00 00" // isb_osdrop 0
                            "00 00 00 00"                         // opt_endofopt
                            "28 00 00 00");
  ASSERT_GE(out.size(), isb.size());
  EXPECT_EQ(slice(out, out.size() - isb.size(), isb.size()), isb);
}

TEST(PcapngWriter, InterfaceStatisticsNeedADescribedInterface) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out);
  interface_statistics s;
  s.received = 5;
  auto before_any = w->write_statistics(s); // no IDB for the block to name yet
  ASSERT_FALSE(before_any);
  EXPECT_EQ(before_any.error().code, errc::unsupported);
  ASSERT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet)));
  s.interface = 1;
  auto other = w->write_statistics(s);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, errc::unsupported);
  EXPECT_TRUE(w->write(make_packet(ts_2024, link_type::ethernet))); // still usable
  EXPECT_EQ(w->packets_written(), 2U);

  std::vector<std::uint8_t> pcap_out;
  auto pcap = capture_writer::write_to_memory(pcap_out, {.format = capture_format::pcap});
  ASSERT_TRUE(pcap->write(make_packet(ts_2024, link_type::ethernet)));
  s.interface = 0;
  auto in_pcap = pcap->write_statistics(s); // pcap has no place for them
  ASSERT_FALSE(in_pcap);
  EXPECT_EQ(in_pcap.error().code, errc::unsupported);
}

} // namespace
} // namespace pktscope
