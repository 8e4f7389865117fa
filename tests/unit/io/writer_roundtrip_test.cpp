// Writers against the reader: corpus captures read, written in another format or
// resolution, and read back must keep every packet's bytes, lengths, link type and
// timestamp exactly (or, for microsecond output of nanosecond input, truncated to
// the microsecond, as capture_writer.hpp documents).

#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_writer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace pktscope {
namespace {

const std::string corpus = PKTSCOPE_CORPUS_DIR;

struct owned_packet {
  timestamp_ns ts;
  std::vector<std::uint8_t> data;
  std::uint32_t original_len;
  link_type link;
  std::uint32_t interface;
};

std::vector<std::uint8_t> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<owned_packet> read_all(capture_reader& r) {
  std::vector<owned_packet> out;
  for (const packet& p : r) {
    out.push_back({p.ts, {p.data.begin(), p.data.end()}, p.original_len, p.link, p.interface});
  }
  EXPECT_FALSE(r.failure().has_value());
  return out;
}

std::vector<owned_packet> read_memory(const std::vector<std::uint8_t>& bytes_in) {
  auto r = capture_reader::from_memory(bytes_in);
  EXPECT_TRUE(r);
  return r ? read_all(*r) : std::vector<owned_packet>{};
}

std::vector<owned_packet> read_file(const std::string& path) {
  auto r = capture_reader::open(path);
  EXPECT_TRUE(r) << path;
  return r ? read_all(*r) : std::vector<owned_packet>{};
}

std::vector<std::uint8_t> write_all(const std::vector<owned_packet>& pkts,
                                    const writer_options& options) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, options);
  for (const auto& o : pkts) {
    packet p;
    p.ts = o.ts;
    p.data = o.data;
    p.original_len = o.original_len;
    p.link = o.link;
    p.interface = o.interface;
    EXPECT_TRUE(w->write(p));
  }
  EXPECT_TRUE(w->close());
  return out;
}

/// Fields the output must keep; pcap output drops interface ids.
void expect_same(const std::vector<owned_packet>& want, const std::vector<owned_packet>& got,
                 bool compare_interfaces) {
  ASSERT_EQ(want.size(), got.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(want[i].ts, got[i].ts);
    EXPECT_EQ(want[i].data, got[i].data);
    EXPECT_EQ(want[i].original_len, got[i].original_len);
    EXPECT_EQ(want[i].link, got[i].link);
    if (compare_interfaces) {
      EXPECT_EQ(want[i].interface, got[i].interface);
    }
  }
}

TEST(WriterRoundTrip, PcapToPcapngToPcapKeepsEveryPacket) {
  const auto original = read_file(corpus + "/kbandla__dpkt/examples/data/dns_icmp.pcap");
  ASSERT_EQ(original.size(), 32U); // capinfos: 32 packets
  const auto ng = write_all(original, {.format = capture_format::pcapng});
  const auto via_ng = read_memory(ng);
  expect_same(original, via_ng, true);
  const auto back = write_all(via_ng, {.format = capture_format::pcap, .snaplen = 0});
  expect_same(original, read_memory(back), false);
}

TEST(WriterRoundTrip, PcapRecordsAreByteIdenticalToLibpcapOutput) {
  // A microsecond little-endian pcap written by libpcap: rewriting it as such must
  // reproduce every record byte for byte (the file header's snaplen may differ).
  const std::string path = corpus + "/kbandla__dpkt/examples/data/dns_icmp.pcap";
  const auto file = slurp(path);
  const auto out = write_all(read_file(path), {.format = capture_format::pcap});
  ASSERT_EQ(out.size(), file.size());
  EXPECT_TRUE(std::equal(out.begin(), out.begin() + 16, file.begin()));
  EXPECT_TRUE(std::equal(out.begin() + 20, out.end(), file.begin() + 20));
}

TEST(WriterRoundTrip, SeveralInterfacesWithDifferentLinkTypes) {
  // Ethernet and Linux SLL interfaces, if_tsresol 6 and 9, 159 packets (capinfos).
  const auto original = read_file(
      corpus + "/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/pcapng-example.pcapng");
  ASSERT_EQ(original.size(), 159U);
  std::set<link_type> links;
  for (const auto& p : original) {
    links.insert(p.link);
  }
  ASSERT_EQ(links.size(), 2U);
  const auto ng = write_all(original, {.nanosecond = true});
  auto r = capture_reader::from_memory(ng);
  ASSERT_TRUE(r);
  const auto got = read_all(*r);
  // Interfaces are renumbered in order of first use; the mapping must be consistent.
  ASSERT_EQ(got.size(), original.size());
  std::set<std::pair<std::uint32_t, std::uint32_t>> mapping;
  for (std::size_t i = 0; i < got.size(); ++i) {
    mapping.emplace(original[i].interface, got[i].interface);
  }
  EXPECT_EQ(mapping.size(), r->info().interfaces.size());
  expect_same(original, got, false);
  for (const auto& itf : r->info().interfaces) {
    EXPECT_EQ(itf.ts_exponent, 9);
    EXPECT_FALSE(itf.ts_base2);
  }
  // And pcap refuses the second link type rather than mislabel packets.
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.format = capture_format::pcap});
  bool refused = false;
  for (const auto& o : original) {
    packet p;
    p.ts = o.ts;
    p.data = o.data;
    p.original_len = o.original_len;
    p.link = o.link;
    if (auto ok = w->write(p); !ok) {
      EXPECT_EQ(ok.error().code, errc::unsupported);
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
}

TEST(WriterRoundTrip, ManyInterfacesThreeLinkTypes) {
  const auto original = read_file(
      corpus + "/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/many_interfaces-1.pcapng");
  ASSERT_EQ(original.size(), 64U);
  expect_same(original, read_memory(write_all(original, {.nanosecond = true})), false);
  expect_same(original, read_memory(write_all(original, {.nanosecond = false})), false);
}

TEST(WriterRoundTrip, BigEndianNanosecondInputSurvivesExactly) {
  const auto original = read_file(
      corpus + "/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap");
  ASSERT_EQ(original.size(), 10U);
  bool has_sub_us = false;
  for (const auto& p : original) {
    has_sub_us = has_sub_us || p.ts % 1000 != 0;
  }
  ASSERT_TRUE(has_sub_us) << "fixture should carry nanosecond digits";
  expect_same(
      original,
      read_memory(write_all(original, {.format = capture_format::pcap, .nanosecond = true})),
      false);
  expect_same(original, read_memory(write_all(original, {.nanosecond = true})), true);
}

TEST(WriterRoundTrip, BigEndianMicrosecondNetlinkInput) {
  const auto original = read_file(
      corpus + "/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/microsecs_big_endian.pcap");
  ASSERT_EQ(original.size(), 13U);
  expect_same(original, read_memory(write_all(original, {.format = capture_format::pcap})), false);
  expect_same(original, read_memory(write_all(original, {})), true);
}

TEST(WriterRoundTrip, MicrosecondOutputOfNanosecondInputTruncates) {
  const auto original = read_file(
      corpus + "/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap");
  ASSERT_FALSE(original.empty());
  for (const auto format : {capture_format::pcap, capture_format::pcapng}) {
    const auto got = read_memory(write_all(original, {.format = format, .nanosecond = false}));
    ASSERT_EQ(got.size(), original.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].ts, original[i].ts / 1000 * 1000); // documented: truncation
      EXPECT_EQ(got[i].data, original[i].data);
    }
  }
}

TEST(WriterRoundTrip, SnaplenCutIsVisibleToTheReader) {
  const auto original = read_file(corpus + "/kbandla__dpkt/examples/data/dns_icmp.pcap");
  const auto got =
      read_memory(write_all(original, {.format = capture_format::pcap, .snaplen = 40}));
  ASSERT_EQ(got.size(), original.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].data.size(), std::min<std::size_t>(40, original[i].data.size()));
    EXPECT_EQ(got[i].original_len, original[i].original_len);
  }
}

TEST(WriterRoundTrip, CommentsAndApplicationReachTheReader) {
  std::vector<std::uint8_t> out;
  auto w = capture_writer::write_to_memory(out, {.comments = {"first", "second"}});
  ASSERT_TRUE(w->close());
  auto r = capture_reader::from_memory(out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->next(), nullptr);
  EXPECT_EQ(r->info().comments, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(r->info().application, "pktscope");
}

} // namespace
} // namespace pktscope
