#include <pktscope/proto/ipcomp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// libpcap's tests/filter/AH-IPcomp-IPv6.pcap, frame 3, the IPComp header and the first
// compressed octets (tshark -V: Next Header IPv6 (0x29), Flags 0x00, CPI 0x635c).
const std::vector<std::uint8_t> header = from_hex("29 00 63 5c 4b 60 00 82");

TEST(Ipcomp, ReadsTheHeaderFields) {
  const auto v = ipcomp::view::parse(bytes(header));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->next_header(), 41);
  EXPECT_EQ(v->flags(), 0);
  EXPECT_EQ(v->cpi(), 0x635c);
  EXPECT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->payload()[0], 0x4b);
}

TEST(Ipcomp, HeaderAloneHasAnEmptyPayload) {
  const std::vector<std::uint8_t> bare = from_hex("04 00 00 02");
  const auto v = ipcomp::view::parse(bytes(bare));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->cpi(), ipcomp::cpi_deflate);
  EXPECT_TRUE(v->payload().empty());
}

TEST(Ipcomp, TruncationSweep) {
  test::expect_truncation_sweep<ipcomp::view>(header, 4);
}

} // namespace
} // namespace pktscope
