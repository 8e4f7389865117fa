// The wording every command uses for a link type, for a reader's finding about a file and for
// an interface's capture counters (cli/output/capture_text.hpp). Expected strings are written out
// by hand from the format the header documents and the link-type registry's names
// (LINKTYPE_ETHERNET).

#include "output/capture_text.hpp"

#include <gtest/gtest.h>

namespace {

using namespace pktscope;
using pktscope::cli::output::diagnostic_text;
using pktscope::cli::output::filter_failure_text;
using pktscope::cli::output::interface_counters_text;
using pktscope::cli::output::link_label;
using pktscope::cli::output::packets_dropped;

TEST(CaptureText, LinkLabelNamesTheTypeAndItsNumber) {
  EXPECT_EQ(link_label(link_type::ethernet), "ETHERNET (1)");
  EXPECT_EQ(link_label(static_cast<link_type>(65000)), "LINKTYPE 65000");
}

TEST(CaptureText, DiagnosticTextGivesTheSizesOfATruncation) {
  diagnostic d;
  d.err = error{errc::truncated, layer_id::none, 80, 43, 99957};
  d.what = "pcap record data";
  EXPECT_EQ(diagnostic_text(d), "pcap record data (truncated: needed 80 bytes, found 43)");
}

TEST(CaptureText, DiagnosticTextNamesTheErrorOtherwise) {
  diagnostic d;
  d.err = error{errc::malformed, layer_id::none, 0, 0, 24};
  d.what = "pcap record length";
  EXPECT_EQ(diagnostic_text(d), "pcap record length (malformed)");
  d.what.clear();
  EXPECT_EQ(diagnostic_text(d), "malformed");
  // A truncation without sizes reads as its code alone.
  d.err = error{errc::truncated, layer_id::none, 0, 0, 24};
  EXPECT_EQ(diagnostic_text(d), "truncated");
}

TEST(CaptureText, InterfaceCountersNameOnlyTheCountersThereAre) {
  interface_info itf;
  EXPECT_EQ(interface_counters_text(itf), "");
  EXPECT_EQ(packets_dropped(itf), 0U);
  itf.stats_received = 1000;
  itf.stats_os_dropped = 3;
  EXPECT_EQ(interface_counters_text(itf), "1000 received, 3 dropped by the OS");
  EXPECT_EQ(packets_dropped(itf), 3U);
  itf.stats_dropped = 7;
  EXPECT_EQ(interface_counters_text(itf),
            "1000 received, 7 dropped by the interface, 3 dropped by the OS");
  EXPECT_EQ(packets_dropped(itf), 10U);
}

TEST(CaptureText, FilterFailureNamesTheExpressionTheLinkTypeAndTheFate) {
  EXPECT_EQ(filter_failure_text("tcp port 80", link_type::ethernet, "no such link", "skipped"),
            "--filter 'tcp port 80' does not apply to ETHERNET (1) (no such link); its packets "
            "were skipped");
}

} // namespace
