#include <pktscope/proto/openflow.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// tcpdump's tests/of13_ericsson.pcapng frame 65, the TCP payload (tshark -V: OpenFlow 1.3,
// OFPT_PACKET_OUT, length 100, xid 167, buffer OFP_NO_BUFFER, in port 1, actions length 16:
// OFPAT_OUTPUT to OFPP_CONTROLLER, max length 32; then a 60-octet Ethernet frame).
const std::vector<std::uint8_t> packet_out =
    from_hex("04 0d 00 64 00 00 00 a7 ff ff ff ff 00 00 00 01 00 10 00 00 00 00 00 00"
             "00 00 00 10 ff ff ff fd 00 20 00 00 00 00 00 00"
             "a0 b1 c2 d3 e4 f5 01 23 45 67 89 ab 08 00 45 00 00 24 12 34 40 00 ff 11 e6 40"
             "c0 a8 01 01 c0 a8 01 02 04 d2 16 2e 00 10 f6 b7 4f 70 65 6e 46 6c 6f 77"
             "00 00 00 00 00 00 00 00 00 00");

// The same capture's frame 69, the TCP payload (tshark -V: OFPT_PACKET_IN, length 182, xid 5,
// buffer id 0, total length 60, reason OFPR_ACTION (1), table 0, cookie 0xffffffffffffffff,
// match type OFPMT_OXM, length 93 with 3 octets of padding; then the frame above).
const std::vector<std::uint8_t> packet_in =
    from_hex("04 0a 00 b6 00 00 00 05 00 00 00 00 00 3c 01 00 ff ff ff ff ff ff ff ff"
             "00 01 00 5d 80 00 00 04 67 9c 07 98 80 00 0a 02 08 00 80 00 14 01 11 80"
             "00 04 08 00 00 00 00 00 00 00 00 80 00 18 04 c0 a8 01 02 80 00 16 04 c0"
             "a8 01 01 80 00 1e 02 04 d2 80 00 06 06 a0 b1 c2 d3 e4 f5 80 00 10 01 00"
             "80 00 20 02 16 2e 80 00 08 06 01 23 45 67 89 ab 80 00 12 01 00 00 00 00"
             "00 00"
             "a0 b1 c2 d3 e4 f5 01 23 45 67 89 ab 08 00 45 00 00 24 12 34 40 00 ff 11 e6 40"
             "c0 a8 01 01 c0 a8 01 02 04 d2 16 2e 00 10 f6 b7 4f 70 65 6e 46 6c 6f 77"
             "00 00 00 00 00 00 00 00 00 00");

TEST(Openflow, DecodesTheHeader) {
  const auto m = openflow::view::parse(bytes(packet_out));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->version(), openflow::version_1_3);
  EXPECT_EQ(m->type(), openflow::message_type::packet_out);
  EXPECT_EQ(m->length(), 100);
  EXPECT_EQ(m->xid(), 167U);
  EXPECT_EQ(m->message().size(), 100U);
}

TEST(Openflow, DecodesPacketOut) {
  const auto m = openflow::view::parse(bytes(packet_out));
  ASSERT_TRUE(m);
  const auto p = openflow::packet_out_view::parse(*m);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->buffer_id(), 0xffffffffU);
  EXPECT_EQ(p->in_port(), 1U);
  EXPECT_EQ(p->actions_len(), 16);
  ASSERT_EQ(p->actions().size(), 16U);
  EXPECT_EQ(p->actions()[3], 16); // the output action's length
  EXPECT_EQ(p->data_offset(), 40U);
  ASSERT_EQ(p->data().size(), 60U);
  EXPECT_EQ(p->data()[0], 0xa0);
}

TEST(Openflow, DecodesPacketIn) {
  const auto m = openflow::view::parse(bytes(packet_in));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type(), openflow::message_type::packet_in);
  EXPECT_EQ(m->xid(), 5U);
  const auto p = openflow::packet_in_view::parse(*m);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->buffer_id(), 0U);
  EXPECT_EQ(p->total_len(), 60);
  EXPECT_EQ(p->reason(), 1);
  EXPECT_EQ(p->table_id(), 0);
  EXPECT_EQ(p->cookie(), 0xffffffffffffffffULL);
  EXPECT_EQ(p->match_length(), 93);
  EXPECT_EQ(p->data_offset(), 24U + 96U + 2U);
  ASSERT_EQ(p->data().size(), 60U);
  EXPECT_EQ(p->data()[0], 0xa0);
}

TEST(Openflow, PaddedMatchLength) {
  // §A.2.3.1: (length + 7) / 8 * 8.
  EXPECT_EQ(openflow::packet_in_view::padded_match_length(4), 8U);
  EXPECT_EQ(openflow::packet_in_view::padded_match_length(8), 8U);
  EXPECT_EQ(openflow::packet_in_view::padded_match_length(93), 96U);
}

TEST(Openflow, BuildsTheHeader) {
  // §A.1 by hand: version 4, type 13, length 0x0064, xid 0x000000a7.
  const openflow::header h{openflow::version_1_3, 13, 100, 167};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, from_hex("04 0d 00 64 00 00 00 a7"));
}

TEST(Openflow, RoundTripsTheHeader) {
  const auto m = openflow::view::parse(bytes(packet_in));
  ASSERT_TRUE(m);
  std::vector<std::uint8_t> out(openflow::header_len);
  m->to_header().write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(packet_in.begin(), packet_in.begin() + 8));
}

TEST(Openflow, BytesAfterTheMessageAreNotPartOfIt) {
  auto two = packet_out;
  two.insert(two.end(), {0x04, 0x02, 0x00, 0x08, 0, 0, 0, 1}); // an echo request follows
  const auto m = openflow::view::parse(bytes(two));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message().size(), 100U);
  const auto p = openflow::packet_out_view::parse(*m);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->data().size(), 60U);
}

TEST(Openflow, LengthBelowTheHeaderIsMalformed) {
  auto b = packet_out;
  b[3] = 7;
  const auto r = openflow::view::parse(bytes(b));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().layer, layer_id::openflow);
  EXPECT_EQ(r.error().offset, openflow::fields::length);
}

TEST(Openflow, MessageLongerThanTheBytesIsTruncated) {
  const std::vector<std::uint8_t> cut(packet_out.begin(), packet_out.begin() + 99);
  const auto r = openflow::view::parse(bytes(cut));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
  EXPECT_EQ(r.error().needed, 100U);
  EXPECT_EQ(r.error().have, 99U);
}

TEST(Openflow, PacketInTooShortForItsFixedFieldsIsMalformed) {
  // A header claiming type 10 with 16 octets: the match header would end at octet 28.
  const auto b = from_hex("04 0a 00 10 00 00 00 01 00 00 00 00 00 00 00 00");
  const auto m = openflow::view::parse(bytes(b));
  ASSERT_TRUE(m);
  const auto r = openflow::packet_in_view::parse(*m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().offset, openflow::header_len);
}

TEST(Openflow, PacketInMatchShorterThanItsHeaderIsMalformed) {
  auto b = packet_in;
  b[27] = 3; // match length 3 < 4
  const auto m = openflow::view::parse(bytes(b));
  ASSERT_TRUE(m);
  const auto r = openflow::packet_in_view::parse(*m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, openflow::packet_in_fields::match_length);
}

TEST(Openflow, PacketInMatchPastTheMessageIsMalformed) {
  auto b = packet_in;
  b[26] = 0x01; // match length 0x015d: padded 352 + 24 + 2 > 182
  const auto m = openflow::view::parse(bytes(b));
  ASSERT_TRUE(m);
  const auto r = openflow::packet_in_view::parse(*m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().offset, openflow::packet_in_fields::match_length);
}

TEST(Openflow, PacketOutTooShortOrActionsPastTheEndIsMalformed) {
  const auto short_b = from_hex("04 0d 00 10 00 00 00 01 ff ff ff ff 00 00 00 01");
  const auto s = openflow::view::parse(bytes(short_b));
  ASSERT_TRUE(s);
  const auto rs = openflow::packet_out_view::parse(*s);
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().offset, openflow::header_len);
  auto b = packet_out;
  b[17] = 77; // actions_len 77: 24 + 77 > 100
  const auto m = openflow::view::parse(bytes(b));
  ASSERT_TRUE(m);
  const auto r = openflow::packet_out_view::parse(*m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().offset, openflow::packet_out_fields::actions_len);
}

TEST(Openflow, TruncationSweep) {
  // The view is a whole message: every shorter prefix is truncated.
  test::expect_truncation_sweep<openflow::view>(packet_out, packet_out.size());
  test::expect_truncation_sweep<openflow::view>(packet_in, packet_in.size());
}

} // namespace
} // namespace pktscope
