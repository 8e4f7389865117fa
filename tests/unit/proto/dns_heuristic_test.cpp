// dns::looks_like_message at each bound, on both sides. The bounds were read off tshark's
// decisions on crafted UDP payloads (a header with one count varied, a byte of body after it).
#include <pktscope/proto/dns.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

struct counts {
  std::uint16_t flags, qd, an, ns, ar;
};

// Header with these counts plus `body` octets (a message needs more than its header).
std::vector<std::uint8_t> message(counts c, std::size_t body = 1) {
  std::vector<std::uint8_t> m(dns::header_len + body, 0);
  const std::array<std::uint16_t, 6> words = {0x1234, c.flags, c.qd, c.an, c.ns, c.ar};
  for (std::size_t i = 0; i < words.size(); ++i) {
    m[2 * i] = static_cast<std::uint8_t>(words[i] >> 8);
    m[2 * i + 1] = static_cast<std::uint8_t>(words[i]);
  }
  return m;
}

bool looks(counts c, std::size_t body = 1) {
  return dns::looks_like_message(message(c, body));
}

constexpr std::uint16_t query = 0x0100;    // RD set, opcode QUERY
constexpr std::uint16_t response = 0x8180; // QR, RD, RA

TEST(DnsHeuristic, QueryAsksExactlyOneQuestionAndNoRecords) {
  EXPECT_TRUE(looks({query, 1, 0, 0, 0}));
  EXPECT_FALSE(looks({query, 0, 0, 0, 0}));
  EXPECT_FALSE(looks({query, 2, 0, 0, 0}));
  EXPECT_FALSE(looks({query, 1, 1, 0, 0}));
  EXPECT_FALSE(looks({query, 1, 0, 1, 0}));
}

TEST(DnsHeuristic, ResponseCountsAreBounded) {
  EXPECT_TRUE(looks({response, 1, 100, 10, 10}));
  EXPECT_FALSE(looks({response, 2, 0, 0, 0}));
  EXPECT_FALSE(looks({response, 1, 101, 0, 0}));
  EXPECT_FALSE(looks({response, 1, 1, 11, 0}));
  EXPECT_TRUE(looks({response, 0, 0, 0, 0})); // as the reference tool: no "something" rule
}

TEST(DnsHeuristic, AdditionalRecordsAtMostTen) {
  EXPECT_TRUE(looks({query, 1, 0, 0, 10}));
  EXPECT_FALSE(looks({query, 1, 0, 0, 11}));
  EXPECT_FALSE(looks({response, 1, 1, 0, 11}));
}

TEST(DnsHeuristic, OnlyOpcodeQuery) {
  EXPECT_FALSE(looks({query | (1U << 11), 1, 0, 0, 0}));    // IQUERY
  EXPECT_FALSE(looks({response | (4U << 11), 1, 0, 0, 0})); // NOTIFY
  EXPECT_FALSE(looks({query | (5U << 11), 1, 0, 0, 0}));    // UPDATE
  EXPECT_TRUE(looks({0x87ff, 1, 0, 0, 0})); // every other flag bit set, still opcode 0
}

TEST(DnsHeuristic, NeedsMoreThanTheHeader) {
  EXPECT_FALSE(looks({query, 1, 0, 0, 0}, 0));
  EXPECT_FALSE(dns::looks_like_message({}));
  const auto m = message({query, 1, 0, 0, 0}, 1);
  EXPECT_FALSE(dns::looks_like_message(bytes(m).first(dns::header_len - 1)));
}

// A SOME/IP Service Discovery header (message id 0xffff8100, length 0x30) reads as a DNS
// response with 48 answers: the reference tool shows such packets as DNS too.
TEST(DnsHeuristic, SomeIpServiceDiscoveryHeaderPasses) {
  const std::vector<std::uint8_t> sd = {0xff, 0xff, 0x81, 0x00, 0x00, 0x00, 0x00, 0x30,
                                        0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x02, 0x00};
  EXPECT_TRUE(dns::looks_like_message(sd));
}

} // namespace
} // namespace pktscope
