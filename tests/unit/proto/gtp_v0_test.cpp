#include <pktscope/proto/gtp_v0.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from 3GPP TS 09.60 §6: flags 0x1e (version 0, PT 1, spare 111, SNN 0), T-PDU
// (255), length 4, sequence 0x1234, flow label 0x0001, SNDCP N-PDU LLC number 0xff (unused
// without SNN), three spare octets, TID 42 00 01 21 43 65 87 59 (IMSI 240010123456789 in
// swapped-nibble BCD, NSAPI 5 in the last octet's high nibble); then 4 octets of payload.
const std::vector<std::uint8_t> t_pdu = from_hex("1e ff 00 04 12 34 00 01 ff ff ff ff"
                                                 "42 00 01 21 43 65 87 59"
                                                 "45 00 00 14");

TEST(GtpV0, DecodesTheHeader) {
  const auto v = gtp_v0::view::parse(bytes(t_pdu));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->snn());
  EXPECT_EQ(v->message_type(), gtp_v0::message_t_pdu);
  EXPECT_EQ(v->length(), 4);
  EXPECT_EQ(v->sequence(), 0x1234);
  EXPECT_EQ(v->flow_label(), 1);
  EXPECT_EQ(v->sndcp_npdu(), 0xff);
  EXPECT_EQ(v->tid(), 0x4200012143658759U);
  EXPECT_EQ(v->nsapi(), 5);
  EXPECT_EQ(v->declared_len(), 24U);
  EXPECT_EQ(v->captured_len(), 24U);
  ASSERT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(GtpV0, PayloadEndsAtTheLengthFieldOrTheCapture) {
  std::vector<std::uint8_t> longer = t_pdu;
  longer.insert(longer.end(), {0xaa, 0xbb}); // two octets after the declared message
  const auto v = gtp_v0::view::parse(bytes(longer));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->captured_len(), 26U);

  const auto cut = gtp_v0::view::parse(bytes(t_pdu).first(22));
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->payload().size(), 2U);
  EXPECT_EQ(cut->declared_len(), 24U);
}

TEST(GtpV0, TruncationSweep) {
  test::expect_truncation_sweep<gtp_v0::view>(t_pdu, gtp_v0::header_len);
}

TEST(GtpV0, TruncatedErrorFields) {
  const auto r = gtp_v0::view::parse(bytes(t_pdu).first(12));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::udp, 20, 12, 0}));
}

TEST(GtpV0, RefusesOtherVersionsAndGtpPrime) {
  std::vector<std::uint8_t> v1 = t_pdu;
  v1[0] = 0x3e; // version 1
  const auto r = gtp_v0::view::parse(bytes(v1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::udp, 0, 0, 0}));
  std::vector<std::uint8_t> prime = t_pdu;
  prime[0] = 0x0e; // PT 0: GTP'
  EXPECT_FALSE(gtp_v0::view::parse(bytes(prime)));
}

} // namespace
} // namespace pktscope
