#include <pktscope/proto/lisp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from RFC 9300 §5.1: flags N and I (0x88), nonce 0x123456, instance ID 0x00abcd
// with locator-status bits 0x01, then the first octet of an IPv4 packet.
const std::vector<std::uint8_t> data = from_hex("88 12 34 56 00 ab cd 01 45");

TEST(Lisp, DecodesTheHeader) {
  const auto v = lisp::view::parse(bytes(data));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->has(lisp::bits::nonce_present));
  EXPECT_TRUE(v->has(lisp::bits::instance_id));
  EXPECT_FALSE(v->has(lisp::bits::map_version));
  EXPECT_EQ(v->nonce(), 0x123456U);
  EXPECT_EQ(v->instance_id(), 0x00abcdU);
  EXPECT_EQ(v->locator_status_bits(), 0x01U);
  ASSERT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(Lisp, WithoutInstanceIdAllFourOctetsAreStatusBits) {
  const auto b = from_hex("40 00 00 00 80 00 00 03");
  const auto v = lisp::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->locator_status_bits(), 0x80000003U);
  EXPECT_TRUE(v->payload().empty());
}

TEST(Lisp, TruncationSweep) {
  test::expect_truncation_sweep<lisp::view>(data, 8);
}

// RFC 9301 §5.8 Encapsulated Control Message header: Type 8, D set (0x84), 24 reserved bits;
// then the first octet of the encapsulated IPv4 packet (PcapPlusPlus's ipv6.pcapng frame 33,
// which tshark shows as "Type: Encapsulated Control Message (8)", "D bit: Set").
const std::vector<std::uint8_t> ecm = from_hex("84 00 00 00 45");

TEST(LispControl, EncapsulatedControlMessageHeader) {
  const auto v = lisp::control_view::parse(bytes(ecm));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type(), lisp::control_type::encapsulated_control);
  EXPECT_TRUE(v->is_encapsulated());
  ASSERT_EQ(v->encapsulated_packet().size(), 1U);
  EXPECT_EQ(v->encapsulated_packet()[0], 0x45);
}

TEST(LispControl, OtherMessagesAreNotEncapsulated) {
  // RFC 9301 §5.2: a Map-Request (type 1) with M set, ITR-RLOC count 0, one record.
  const auto b = from_hex("14 00 00 01");
  const auto v = lisp::control_view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type(), lisp::control_type::map_request);
  EXPECT_FALSE(v->is_encapsulated());
}

TEST(LispControl, TruncationSweep) {
  test::expect_truncation_sweep<lisp::control_view>(ecm, 4);
}

} // namespace
} // namespace pktscope
