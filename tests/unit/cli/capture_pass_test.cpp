// The commands' one capture-reading loop (cli/pass/capture_pass.hpp): every packet reaches the
// consumer once, decoded; open errors map to the documented exit codes; damage that stops a
// file is reported with the packets read before it; the flow fan-out hands each flow event to
// every sink. Expected counts come from tshark (kbandla/dpkt examples/data/http.pcap: 43
// frames, 25091 bytes, 41 TCP) and from walking the pcap record headers here.

#include "cli_error.hpp"
#include "pass/capture_pass.hpp"

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/io/packet.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using namespace pktscope;
using namespace pktscope::cli;

const std::string http_pcap =
    std::string(PKTSCOPE_CORPUS_DIR) + "/kbandla__dpkt/examples/data/http.pcap";

std::vector<char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Input options reading `files` through `filter`, without a progress line.
pass::input_options reading(std::vector<std::string> files, std::string filter = "") {
  pass::input_options in;
  in.files = std::move(files);
  in.filter = std::move(filter);
  in.no_progress = true;
  return in;
}

/// Input options capturing live from `interface`.
pass::input_options capturing(std::string interface, std::string duration = "") {
  pass::input_options in;
  in.interface = std::move(interface);
  in.duration = std::move(duration);
  in.no_progress = true;
  return in;
}

exit_code open_error(const pass::input_options& in) {
  try {
    pass::capture_pass p(in);
  } catch (const cli_error& e) {
    return e.code();
  }
  return exit_code::ok;
}

TEST(CapturePass, HandsEveryPacketDecodedToTheConsumer) {
  if (!std::filesystem::exists(http_pcap)) {
    GTEST_SKIP() << "corpus not found: " << http_pcap;
  }
  pass::capture_pass p(reading({http_pcap}));
  std::uint64_t packets = 0, bytes = 0, tcp = 0;
  const pass::outcome out = p.run([&](const packet& pkt, const decoded_packet& d) {
    ++packets;
    bytes += pkt.original_len;
    tcp += d.has(layer_id::tcp) ? 1 : 0;
  });
  EXPECT_EQ(out.packets, 43U);
  EXPECT_EQ(packets, 43U);
  EXPECT_EQ(bytes, 25091U);
  EXPECT_EQ(tcp, 41U);
  EXPECT_TRUE(out.problems.empty());
  EXPECT_EQ(out.exit_status, 0);
}

TEST(CapturePass, FilterSelectsPackets) {
  if (!std::filesystem::exists(http_pcap)) {
    GTEST_SKIP() << "corpus not found: " << http_pcap;
  }
  pass::capture_pass p(reading({http_pcap}, "udp"));
  const pass::outcome out = p.run([](const packet&, const decoded_packet&) {});
  EXPECT_EQ(out.packets, 2U); // tshark -Y udp: 2 frames
}

TEST(CapturePass, OpenErrorsMapToExitCodes) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string junk = (dir / "capture_pass_test_junk.pcap").string();
  std::ofstream(junk) << "not a capture at all";
  EXPECT_EQ(open_error(reading({(dir / "capture_pass_test_missing.pcap").string()})),
            exit_code::io);
  EXPECT_EQ(open_error(reading({junk})), exit_code::bad_input);
  EXPECT_EQ(open_error(reading({"-", "-"})), exit_code::usage);
  if (std::filesystem::exists(http_pcap)) {
    EXPECT_EQ(open_error(reading({http_pcap}, "not a filter ((")), exit_code::usage);
  }
  // Neither files nor an interface; both; a duration that is none.
  EXPECT_EQ(open_error(reading({})), exit_code::usage);
  pass::input_options both = reading({junk});
  both.interface = "lo";
  EXPECT_EQ(open_error(both), exit_code::usage);
  EXPECT_EQ(open_error(capturing("lo", "soon")), exit_code::usage);
  // An interface that cannot be captured from (missing, or no permission): an I/O error.
  EXPECT_EQ(open_error(capturing("pktscope-none0")), exit_code::io);
  std::filesystem::remove(junk);
}

TEST(CapturePass, DamageStopsTheFileAndIsReported) {
  if (!std::filesystem::exists(http_pcap)) {
    GTEST_SKIP() << "corpus not found: " << http_pcap;
  }
  std::vector<char> b = read_file(http_pcap);
  ASSERT_GT(b.size(), 20000U);
  b.resize(20000); // cut inside a record
  // Complete records before the cut, from the classic pcap layout: a 24-byte file header,
  // then 16-byte record headers whose incl_len (offset 8, little-endian here) gives the data.
  std::uint64_t whole = 0;
  for (std::size_t off = 24; off + 16 <= b.size();) {
    const auto u8 = [&b](std::size_t i) { return static_cast<std::uint32_t>(b[i] & 0xff); };
    const std::uint32_t incl =
        u8(off + 8) | (u8(off + 9) << 8) | (u8(off + 10) << 16) | (u8(off + 11) << 24);
    if (off + 16 + incl > b.size()) {
      break;
    }
    ++whole;
    off += 16 + incl;
  }
  const std::string cut =
      (std::filesystem::temp_directory_path() / "capture_pass_test_cut.pcap").string();
  std::ofstream(cut, std::ios::binary).write(b.data(), static_cast<std::streamsize>(b.size()));
  pass::capture_pass p(reading({cut}));
  const pass::outcome out = p.run([](const packet&, const decoded_packet&) {});
  EXPECT_EQ(out.packets, whole);
  ASSERT_EQ(out.problems.size(), 1U);
  EXPECT_NE(out.problems[0].find(cut + ": offset "), std::string::npos) << out.problems[0];
  EXPECT_NE(out.problems[0].find("reading stopped after " + std::to_string(whole) + " packets"),
            std::string::npos)
      << out.problems[0];
  EXPECT_EQ(out.exit_status, static_cast<int>(exit_code::bad_input));
  std::filesystem::remove(cut);
}

struct recording_sink : flow_sink {
  std::vector<std::uint64_t> opened, finished;
  void flow_opened(const flow_record& r) override { opened.push_back(r.id); }
  void flow_finished(const flow_record& r) override { finished.push_back(r.id); }
};

TEST(FlowFanout, EverySinkSeesEveryEventInOrder) {
  if (!std::filesystem::exists(http_pcap)) {
    GTEST_SKIP() << "corpus not found: " << http_pcap;
  }
  recording_sink a, b, alone;
  pass::flow_fanout both{&a, nullptr, &b};
  flow_table shared({}, &both);
  flow_table single({}, &alone);
  pass::capture_pass p(reading({http_pcap}));
  static_cast<void>(p.run([&](const packet& pkt, const decoded_packet& d) {
    shared.update(d, pkt.ts, pkt.original_len);
    single.update(d, pkt.ts, pkt.original_len);
  }));
  shared.flush();
  single.flush();
  EXPECT_FALSE(alone.opened.empty());
  EXPECT_EQ(a.opened, alone.opened);
  EXPECT_EQ(a.finished, alone.finished);
  EXPECT_EQ(b.opened, alone.opened);
  EXPECT_EQ(b.finished, alone.finished);
}

} // namespace
