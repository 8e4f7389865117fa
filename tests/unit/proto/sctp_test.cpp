#include <pktscope/proto/sctp.hpp>

#include <pktscope/core/chars.hpp>
#include <pktscope/proto/crc32c.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// zeek__zeek/testing/btest/Traces/communityid/sctp.pcap frame 1, SCTP from offset 34.
// tshark (-o sctp.checksum:CRC-32C): ports 7 -> 7, verification_tag 0x00000000, checksum
// 0x3761a746 (Good), one chunk: type 1 (INIT), flags 0x00, length 32.
const std::vector<std::uint8_t> init = from_hex("00 07 00 07 00 00 00 00 37 61 a7 46 01 00 00 20"
                                                "43 23 25 44 00 00 ff ff 00 11 00 11 5c fe 37 9f"
                                                "c0 00 00 04 00 0c 00 06 00 05 00 00");

// Same file, frame 4: verification_tag 0x43232544, checksum 0xceec2d79 (Good), one chunk:
// type 11 (COOKIE_ACK), length 4.
const std::vector<std::uint8_t> cookie_ack = from_hex("00 07 00 07 43 23 25 44 ce ec 2d 79"
                                                      "0b 00 00 04");

// Hand-made: a DATA chunk of length 17 (1 byte of user data, 3 bytes of padding) followed by
// a COOKIE_ACK. Checked with text2pcap -i 132 and tshark -o sctp.checksum:CRC-32C:
// chunk types 0,11, flags 0x03,0x00, lengths 17,4, data_tsn 1, checksum 0xf768ab34 (Good).
const std::vector<std::uint8_t> two_chunks = from_hex("00 07 00 07 43 23 25 44 f7 68 ab 34"
                                                      "00 03 00 11 00 00 00 01 00 00 00 00"
                                                      "00 00 00 00 41 00 00 00 0b 00 00 04");

TEST(Crc32c, CheckValue) {
  // RFC 3720 B.4 / the CRC catalogue's check value for CRC-32/ISCSI.
  constexpr std::string_view s = "123456789";
  const bytes b = as_bytes(s);
  EXPECT_EQ(crc32c(b), 0xe3069283U);
  EXPECT_EQ(crc32c(crc32c(b.first(4)), b.subspan(4)), 0xe3069283U);
  EXPECT_EQ(crc32c(bytes{}), 0U);
}

TEST(Crc32c, Rfc3720Vectors) {
  // RFC 3720 B.4: 32 bytes of zeros -> aa 36 91 8a; 32 bytes of 0xff -> 43 ab a8 62,
  // listed as the bytes sent (least significant first).
  std::vector<std::uint8_t> zeros(32, 0);
  std::vector<std::uint8_t> ones(32, 0xff);
  EXPECT_EQ(crc32c(zeros), 0x8a9136aaU);
  EXPECT_EQ(crc32c(ones), 0x62a8ab43U);
}

TEST(Sctp, DecodesInit) {
  const auto v = sctp::view::parse(bytes(init));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port(), 7);
  EXPECT_EQ(v->dst_port(), 7);
  EXPECT_EQ(v->verification_tag(), 0U);
  EXPECT_EQ(v->checksum(), 0x3761a746U);
  EXPECT_EQ(v->payload().size(), 32U);
  EXPECT_EQ(v->verify_checksum(init.size()), checksum_status::good);
  auto cs = v->chunks();
  int n = 0;
  for (const sctp::chunk& c : cs) {
    EXPECT_EQ(c.type, sctp::chunk_type::init);
    EXPECT_EQ(c.flags, 0);
    EXPECT_EQ(c.length, 32);
    EXPECT_EQ(c.offset, 12U);
    EXPECT_EQ(c.value.size(), 28U);
    EXPECT_EQ(sctp::describe(c.type), "INIT");
    ++n;
  }
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(cs.failed());
}

TEST(Sctp, DecodesCookieAck) {
  const auto v = sctp::view::parse(bytes(cookie_ack));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->verification_tag(), 0x43232544U);
  EXPECT_EQ(v->checksum(), 0xceec2d79U);
  EXPECT_EQ(v->verify_checksum(cookie_ack.size()), checksum_status::good);
  auto cs = v->chunks();
  auto it = cs.begin();
  ASSERT_FALSE(it == cs.end());
  EXPECT_EQ(it->type, sctp::chunk_type::cookie_ack);
  EXPECT_TRUE(it->value.empty());
  ++it;
  EXPECT_TRUE(it == cs.end());
}

TEST(Sctp, WalksPaddedChunks) {
  const auto v = sctp::view::parse(bytes(two_chunks));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->verify_checksum(two_chunks.size()), checksum_status::good);
  std::vector<int> types;
  std::vector<int> flags;
  std::vector<int> lengths;
  std::vector<std::size_t> offsets;
  auto cs = v->chunks();
  for (const sctp::chunk& c : cs) {
    types.push_back(static_cast<int>(c.type));
    flags.push_back(c.flags);
    lengths.push_back(c.length);
    offsets.push_back(c.offset);
  }
  EXPECT_FALSE(cs.failed());
  EXPECT_EQ(types, (std::vector<int>{0, 11}));
  EXPECT_EQ(flags, (std::vector<int>{3, 0}));
  EXPECT_EQ(lengths, (std::vector<int>{17, 4}));
  EXPECT_EQ(offsets, (std::vector<std::size_t>{12, 32}));
}

TEST(Sctp, MissingFinalPaddingIsTolerated) {
  // The DATA chunk alone, its 3 padding bytes cut off.
  const std::vector<std::uint8_t> p(two_chunks.begin(), two_chunks.begin() + 29);
  const auto v = sctp::view::parse(bytes(p));
  ASSERT_TRUE(v);
  auto cs = v->chunks();
  int n = 0;
  for (const sctp::chunk& c : cs) {
    EXPECT_EQ(c.length, 17);
    ++n;
  }
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(cs.failed());
}

TEST(Sctp, ChunkLengthBelowFourIsMalformed) {
  auto copy = two_chunks;
  copy[35] = 3; // COOKIE_ACK length 3
  const auto v = sctp::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  auto cs = v->chunks();
  int n = 0;
  for ([[maybe_unused]] const sctp::chunk& c : cs) {
    ++n;
  }
  EXPECT_EQ(n, 1);
  ASSERT_TRUE(cs.failed());
  EXPECT_EQ(cs.error(), (error{errc::malformed, layer_id::sctp, 0, 0, 34}));
}

TEST(Sctp, ChunkPastCaptureIsTruncated) {
  const auto v = sctp::view::parse(bytes(init).first(30));
  ASSERT_TRUE(v);
  auto cs = v->chunks();
  for ([[maybe_unused]] const sctp::chunk& c : cs) {
    ADD_FAILURE() << "no complete chunk";
  }
  ASSERT_TRUE(cs.failed());
  EXPECT_EQ(cs.error(), (error{errc::truncated, layer_id::sctp, 32, 18, 12}));
  // A chunk header cut short.
  const auto w = sctp::view::parse(bytes(two_chunks).first(34));
  ASSERT_TRUE(w);
  auto ws = w->chunks();
  int n = 0;
  for ([[maybe_unused]] const sctp::chunk& c : ws) {
    ++n;
  }
  EXPECT_EQ(n, 1);
  ASSERT_TRUE(ws.failed());
  EXPECT_EQ(ws.error(), (error{errc::truncated, layer_id::sctp, 4, 2, 32}));
}

TEST(Sctp, ChecksumBadAndUnverified) {
  auto copy = init;
  copy[20] ^= 1;
  const auto v = sctp::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->verify_checksum(copy.size()), checksum_status::bad);
  EXPECT_EQ(v->verify_checksum(copy.size() + 1), checksum_status::unverified);
}

TEST(Sctp, FillChecksumReproducesOriginal) {
  for (const auto* fx : {&init, &cookie_ack, &two_chunks}) {
    auto copy = *fx;
    auto m = sctp::mut_view::parse(mut_bytes(copy));
    ASSERT_TRUE(m);
    m->set_checksum(0x12345678);
    ASSERT_TRUE(m->fill_checksum(copy.size()));
    EXPECT_EQ(copy, *fx);
  }
  auto copy = init;
  auto m = sctp::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  const auto r = m->fill_checksum(100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
}

TEST(Sctp, Setters) {
  auto copy = init;
  auto m = sctp::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  m->set_src_port(2905);
  m->set_dst_port(36412);
  m->set_verification_tag(0xdeadbeef);
  const auto v = m->as_view();
  EXPECT_EQ(v.src_port(), 2905);
  EXPECT_EQ(v.dst_port(), 36412);
  EXPECT_EQ(v.verification_tag(), 0xdeadbeefU);
}

TEST(Sctp, ChunkTypeNamesLikeTshark) {
  // tshark -G values: sctp.chunk_type.
  EXPECT_EQ(sctp::describe(sctp::chunk_type::data), "DATA");
  EXPECT_EQ(sctp::describe(sctp::chunk_type::init_ack), "INIT_ACK");
  EXPECT_EQ(sctp::describe(sctp::chunk_type::heartbeat), "HEARTBEAT");
  EXPECT_EQ(sctp::describe(sctp::chunk_type::abort), "ABORT");
  EXPECT_EQ(sctp::describe(sctp::chunk_type::shutdown_complete), "SHUTDOWN_COMPLETE");
  EXPECT_EQ(sctp::describe(sctp::chunk_type{64}), "I_DATA");
  EXPECT_EQ(sctp::describe(sctp::chunk_type{192}), "FORWARD_TSN");
  EXPECT_EQ(sctp::describe(sctp::chunk_type{194}), "I_FORWARD_TSN");
  EXPECT_EQ(sctp::describe(sctp::chunk_type{77}), "UNKNOWN");
}

TEST(Sctp, HeaderWritesExpectedBytes) {
  const sctp::header h{7, 7, 0x43232544U, 0xceec2d79U};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(cookie_ack.begin(), cookie_ack.begin() + 12));
}

TEST(Sctp, TruncationSweep) {
  test::expect_truncation_sweep<sctp::view>(init, 12);
}

TEST(Sctp, TruncatedErrorFields) {
  const auto r = sctp::view::parse(bytes(init).first(11));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::sctp, 12, 11, 0}));
}

TEST(Sctp, RandomHeadersRoundTripAndWalkStaysInBounds) {
  std::mt19937 rng(9260);
  std::uniform_int_distribution<std::uint32_t> u32;
  for (int i = 0; i < 300; ++i) {
    sctp::header h{static_cast<std::uint16_t>(u32(rng)), static_cast<std::uint16_t>(u32(rng)),
                   u32(rng), u32(rng)};
    std::vector<std::uint8_t> out(h.size() + u32(rng) % 40);
    for (auto& byte : out) {
      byte = static_cast<std::uint8_t>(u32(rng) % 8); // small values: short chunk lengths
    }
    h.write_to(out);
    const auto v = sctp::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
    auto cs = v->chunks();
    for (const sctp::chunk& c : cs) {
      EXPECT_LE(c.offset + c.length, out.size());
    }
  }
}

} // namespace
} // namespace pktscope
