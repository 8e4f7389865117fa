// Real captures from the shared corpus. Expected values are the generators'
// own descriptions (hadrielk pcapng-test-generator testNNN.txt block counts)
// and tshark/capinfos output, checked by hand, as noted at each test.
#include "reader_fixtures.hpp"

#include <pktscope/io/capture_reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace pktscope::test {
namespace {

const std::string corpus = PKTSCOPE_CORPUS_DIR;

capture_reader open_or_skip(const std::string& rel) {
  auto r = capture_reader::open(corpus + "/" + rel);
  EXPECT_TRUE(r) << rel;
  return std::move(r).value();
}

struct generator_case {
  const char* name;
  std::size_t packets;    // EPB + SPB in testNNN.txt
  std::size_t interfaces; // IDB
  std::uint32_t sections; // SHB
};

// From output_le/*/testNNN.txt "Block counts".
constexpr generator_case generator_cases[] = {
    {"advanced/test100", 5, 3, 1},  {"advanced/test101", 4, 3, 1},  {"advanced/test102", 5, 3, 1},
    {"basic/test001", 4, 1, 1},     {"basic/test002", 0, 0, 1},     {"basic/test003", 0, 1, 1},
    {"basic/test004", 4, 2, 1},     {"basic/test005", 4, 2, 1},     {"basic/test006", 5, 2, 1},
    {"basic/test007", 1, 1, 1},     {"basic/test008", 4, 2, 1},     {"basic/test009", 2, 1, 1},
    {"basic/test010", 4, 1, 1},     {"basic/test011", 4, 1, 1},     {"basic/test012", 4, 1, 1},
    {"basic/test013", 0, 1, 1},     {"basic/test014", 0, 3, 1},     {"basic/test015", 0, 1, 1},
    {"basic/test016", 4, 1, 1},     {"basic/test017", 0, 0, 1},     {"basic/test018", 4, 1, 1},
    {"difficult/test200", 0, 3, 3}, {"difficult/test201", 4, 5, 3}, {"difficult/test202", 8, 5, 3},
};

TEST(corpus_reader, pcapng_test_generator_files_in_both_byte_orders) {
  const std::string dir = "hadrielk__pcapng-test-generator/";
  for (const auto& c : generator_cases) {
    auto le = open_or_skip(dir + "output_le/" + c.name + ".pcapng");
    auto be = open_or_skip(dir + "output_be/" + c.name + ".pcapng");
    const auto pl = read_all(le);
    const auto pb = read_all(be);
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(le.failure());
    EXPECT_FALSE(be.failure());
    EXPECT_TRUE(le.warnings().empty());
    EXPECT_TRUE(be.warnings().empty());
    EXPECT_EQ(pl.size(), c.packets);
    EXPECT_EQ(le.info().interfaces.size(), c.interfaces);
    EXPECT_EQ(le.info().sections, c.sections);
    EXPECT_FALSE(le.info().big_endian);
    EXPECT_TRUE(be.info().big_endian); // of the first section
    ASSERT_EQ(pb.size(), pl.size());
    for (std::size_t i = 0; i < pl.size(); ++i) {
      EXPECT_EQ(pl[i].ts, pb[i].ts);
      EXPECT_EQ(pl[i].data, pb[i].data);
      EXPECT_EQ(pl[i].original_len, pb[i].original_len);
      EXPECT_EQ(pl[i].interface, pb[i].interface);
    }
  }
}

// capinfos -I and tshark -T fields -e frame.time_epoch -e frame.len -e frame.cap_len
// -e frame.interface_id on output_le/basic/test008.pcapng (the if_os values hold
// a newline, which capinfos prints as a second line).
TEST(corpus_reader, test008_interface_options) {
  auto r = open_or_skip("hadrielk__pcapng-test-generator/output_le/basic/test008.pcapng");
  const auto pkts = read_all(r);
  const auto& ifs = r.info().interfaces;
  ASSERT_EQ(ifs.size(), 2U);
  EXPECT_EQ(ifs[0].name, "eth-_0 foo");
  EXPECT_EQ(ifs[0].description, "silly ethernet interface");
  EXPECT_EQ(ifs[0].filter, "tcp port 23 and host 192.0.2.5");
  EXPECT_EQ(ifs[0].os, "Microsoft Windows for Workgroups 3.11b\npatch 42");
  EXPECT_EQ(ifs[0].snaplen, 96U);
  EXPECT_EQ(ifs[0].ts_exponent, 9);
  EXPECT_EQ(ifs[1].name, "en1");
  EXPECT_EQ(ifs[1].os, "Novell NetWare 4.11\nbut not using IPX");
  EXPECT_EQ(ifs[1].snaplen, 128U);
  ASSERT_EQ(pkts.size(), 4U);
  const timestamp_ns ts[] = {1340954905298858, 1340954905299858, 1340954905300858,
                             1340954905301858};
  const std::uint32_t len[] = {314, 342, 314, 342};
  const std::size_t cap[] = {96, 128, 96, 128};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(pkts[i].ts, ts[i]) << i;
    EXPECT_EQ(pkts[i].original_len, len[i]) << i;
    EXPECT_EQ(pkts[i].data.size(), cap[i]) << i;
    EXPECT_EQ(pkts[i].interface, i % 2) << i;
  }
  EXPECT_EQ(ifs[0].packets, 2U);
  EXPECT_EQ(ifs[1].packets, 2U);
}

// tshark: SPB captured lengths are min(original length, snaplen 315).
TEST(corpus_reader, test012_simple_packet_snaplen) {
  auto r = open_or_skip("hadrielk__pcapng-test-generator/output_be/basic/test012.pcapng");
  const auto pkts = read_all(r);
  ASSERT_EQ(pkts.size(), 4U);
  const std::size_t cap[] = {314, 315, 314, 315};
  const std::uint32_t len[] = {314, 342, 314, 342};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(pkts[i].data.size(), cap[i]) << i;
    EXPECT_EQ(pkts[i].original_len, len[i]) << i;
  }
}

// Three sections (big, little, big endian in output_be) with 2, 1 and 2 interfaces.
// tshark frames with an interface (custom blocks are its other frames):
// caplen 96 96 168 128 128 128 128 168, len 314 342 168 314 342 314 342 168,
// per-section interface ids 0 0 1 0 0 0 0 1; interface 1 of sections 1 and 3 is NULL.
TEST(corpus_reader, test202_sections_of_different_byte_orders) {
  for (const char* dir : {"output_le", "output_be"}) {
    auto r = open_or_skip(std::string("hadrielk__pcapng-test-generator/") + dir +
                          "/difficult/test202.pcapng");
    const auto pkts = read_all(r);
    ASSERT_EQ(pkts.size(), 8U);
    const std::size_t cap[] = {96, 96, 168, 128, 128, 128, 128, 168};
    const std::uint32_t len[] = {314, 342, 168, 314, 342, 314, 342, 168};
    const std::uint32_t iface[] = {0, 0, 1, 2, 2, 2, 2, 4};
    for (std::size_t i = 0; i < 8; ++i) {
      EXPECT_EQ(pkts[i].data.size(), cap[i]) << i;
      EXPECT_EQ(pkts[i].original_len, len[i]) << i;
      EXPECT_EQ(pkts[i].interface, iface[i]) << i;
      EXPECT_EQ(pkts[i].link,
                iface[i] == 1 || iface[i] == 4 ? link_type::null_loopback : link_type::ethernet)
          << i;
    }
    EXPECT_EQ(pkts[1].ts, 1340954905298858000);
    EXPECT_EQ(r.info().interfaces[2].name, "silly ethernet interface 2");
  }
}

// tshark -T fields -e frame.time_epoch: 1418145369.924505488, frame.len 76.
TEST(corpus_reader, tcpdump_nanosecond_pcap) {
  auto r = open_or_skip("the-tcpdump-group__tcpdump/tests/tcp-handshake-nano.pcap");
  EXPECT_EQ(r.info().interfaces[0].ts_exponent, 9);
  const packet* p = r.next();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->ts, 1418145369924505488);
  EXPECT_EQ(p->original_len, 76U);
  EXPECT_EQ(p->data.size(), 76U);
}

// capinfos: 10 packets, snaplen 262144; tshark: first at 1766361926.167647291.
TEST(corpus_reader, big_endian_nanosecond_pcap) {
  auto r =
      open_or_skip("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap");
  EXPECT_TRUE(r.info().big_endian);
  EXPECT_EQ(r.info().interfaces[0].snaplen, 262144U);
  const auto pkts = read_all(r);
  ASSERT_EQ(pkts.size(), 10U);
  EXPECT_EQ(pkts[0].ts, 1766361926167647291);
  EXPECT_EQ(pkts[1].ts, 1766361926167658091);
  EXPECT_FALSE(r.failure());
}

// capinfos -I: 159 packets; interface 0 "lo", filter "tcp port 3306",
// os "Linux 3.18.1-1-ARCH", ns resolution, 59 packets; interface 1 Linux SLL,
// snaplen 0, 100 packets. tshark: frames 1 and 2 at 1422527998.578402281 and
// 2894531997.938836488.
TEST(corpus_reader, zstd_pcapng) {
  auto r = open_or_skip("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/file_heuristics/"
                        "pcapng-example.pcapng.zst");
  EXPECT_EQ(r.info().compressed, compression::zstd);
  const auto pkts = read_all(r);
  EXPECT_FALSE(r.failure());
  ASSERT_EQ(pkts.size(), 159U);
  const auto& ifs = r.info().interfaces;
  ASSERT_EQ(ifs.size(), 2U);
  EXPECT_EQ(ifs[0].name, "lo");
  EXPECT_EQ(ifs[0].filter, "tcp port 3306");
  EXPECT_EQ(ifs[0].os, "Linux 3.18.1-1-ARCH");
  EXPECT_EQ(ifs[0].ts_exponent, 9);
  EXPECT_EQ(ifs[0].packets, 59U);
  EXPECT_EQ(ifs[1].link, link_type::linux_sll);
  EXPECT_EQ(ifs[1].snaplen, 0U);
  EXPECT_EQ(ifs[1].packets, 100U);
  EXPECT_EQ(pkts[0].ts, 1422527998578402281);
  EXPECT_EQ(pkts[1].ts, 2894531997938836488);
}

// capinfos -c: 189 packets.
TEST(corpus_reader, gzip_pcapng) {
  auto r =
      open_or_skip("zeek__zeek/testing/btest/Traces/portmapper-many-unanswered-calls.pcapng.gz");
  EXPECT_EQ(r.info().compressed, compression::gzip);
  EXPECT_EQ(r.info().format, capture_format::pcapng);
  EXPECT_EQ(read_all(r).size(), 189U);
  EXPECT_FALSE(r.failure());
}

// libpcap's tests/ invalid-header files; libpcap refuses each of them.
TEST(corpus_reader, libpcap_invalid_headers) {
  const std::string dir = corpus + "/the-tcpdump-group__libpcap/tests/";
  const struct {
    const char* file;
    errc code;
  } cases[] = {
      {"pcap-invalid-version-1.pcap", errc::unsupported},  // 1.4
      {"pcap-invalid-version-2.pcap", errc::unsupported},  // 2.5 (Wireshark reads it)
      {"pcapng-invalid-vers-1.pcapng", errc::unsupported}, // 0.1
      {"pcapng-invalid-vers-2.pcapng", errc::unsupported}, // 1.1
      {"shb-option-too-long.pcapng", errc::malformed},     // option overruns the SHB
      {"linktype-reserved-field-not-zero.pcap", errc::malformed},
  };
  for (const auto& c : cases) {
    auto r = capture_reader::open(dir + c.file);
    ASSERT_FALSE(r) << c.file;
    EXPECT_EQ(r.error().code, c.code) << c.file;
  }
}

// Every file of the corpus, damaged ones included: no crash, no hang, and every
// read ends cleanly or with a positioned failure inside the stream.
TEST(corpus_reader, whole_corpus_reads_safely) {
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(corpus)) {
    if (!e.is_regular_file()) {
      continue;
    }
    auto r = capture_reader::open(e.path().string());
    if (!r) {
      continue;
    }
    ++files;
    std::uint64_t sum = 0;
    for (const packet& p : *r) {
      for (const std::uint8_t b : p.data) {
        sum += b;
      }
    }
    (void)sum;
    if (r->failure() && r->info().compressed == compression::none) {
      EXPECT_LE(r->failure()->err.offset, std::filesystem::file_size(e.path())) << e.path();
    }
  }
  EXPECT_GT(files, 1500U);
}

} // namespace
} // namespace pktscope::test
