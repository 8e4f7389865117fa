#include <pktscope/proto/geneve.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// the-tcpdump-group__libpcap/tests/filter/geneve.pcap frame 1, Geneve from offset 42, first 30
// bytes. tshark: geneve.version 0, header length 8 bytes of options, geneve.flags 0x40
// (critical 1, oam 0), proto_type 0x6558, vni 0x00000a; one option: class 0x0000, type 0x80
// (critical), length 8 bytes, data 0000000c; inner eth.dst fe:71:d8:83:72:4f.
const std::vector<std::uint8_t> with_option = from_hex("02 40 65 58 00 00 0a 00 00 00 80 01"
                                                       "00 00 00 0c fe 71 d8 83 72 4f b6 9e"
                                                       "d2 49 51 48 08 00");

// Same file, frame 2, first 22 bytes. tshark: flags 0x00, proto_type 0x6558, vni 0x00000b, no
// options; inner eth.dst b6:9e:d2:49:51:48.
const std::vector<std::uint8_t> no_options = from_hex("00 00 65 58 00 00 0b 00 b6 9e d2 49 51 48"
                                                      "fe 71 d8 83 72 4f 08 00");

TEST(Geneve, DecodesOption) {
  const auto v = geneve::view::parse(bytes(with_option));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 0);
  EXPECT_EQ(v->opt_len(), 2);
  EXPECT_EQ(v->flags(), 0x40);
  EXPECT_TRUE(v->critical());
  EXPECT_FALSE(v->oam());
  EXPECT_EQ(v->protocol_type(), 0x6558);
  EXPECT_EQ(v->vni(), 0x00000aU);
  EXPECT_EQ(v->header_length(), 16U);
  ASSERT_EQ(v->payload().size(), 14U);
  EXPECT_EQ(v->payload()[0], 0xfe);
  auto opts = v->options();
  int n = 0;
  for (const geneve::option& o : opts) {
    EXPECT_EQ(o.option_class, 0x0000);
    EXPECT_EQ(o.type, 0x80);
    EXPECT_TRUE(o.critical());
    EXPECT_EQ(o.reserved, 0);
    EXPECT_EQ(o.offset, 8U);
    EXPECT_EQ(geneve::option_header_len + o.data.size(), 8U); // tshark: "Length: 8 bytes"
    EXPECT_EQ(o.data[3], 0x0c);
    ++n;
  }
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(opts.failed());
}

TEST(Geneve, DecodesWithoutOptions) {
  const auto v = geneve::view::parse(bytes(no_options));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags(), 0x00);
  EXPECT_EQ(v->vni(), 0x00000bU);
  EXPECT_EQ(v->header_length(), 8U);
  EXPECT_EQ(v->payload()[0], 0xb6);
  auto opts = v->options();
  EXPECT_TRUE(opts.begin() == opts.end());
}

TEST(Geneve, OptionPastAreaIsMalformed) {
  auto copy = with_option;
  copy[11] = 0x02; // option length 2 words: 12 bytes, only 8 in the area
  const auto v = geneve::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  auto opts = v->options();
  for ([[maybe_unused]] const geneve::option& o : opts) {
    ADD_FAILURE();
  }
  ASSERT_TRUE(opts.failed());
  EXPECT_EQ(opts.error(), (error{errc::malformed, layer_id::geneve, 0, 0, 8}));
}

TEST(Geneve, Setters) {
  auto copy = no_options;
  auto m = geneve::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  m->set_vni(0x123456);
  m->set_flags(geneve::bits::oam);
  m->set_protocol_type(0x0800);
  const auto v = m->as_view();
  EXPECT_EQ(v.vni(), 0x123456U);
  EXPECT_TRUE(v.oam());
  EXPECT_EQ(v.protocol_type(), 0x0800);
}

TEST(Geneve, HeaderWritesExpectedBytes) {
  geneve::header h;
  h.opt_len = 2;
  h.flags = 0x40;
  h.vni = 0x0a;
  const auto opt = from_hex("00 00 80 01 00 00 00 0c");
  std::copy(opt.begin(), opt.end(), h.options.begin());
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(with_option.begin(), with_option.begin() + 16));
}

TEST(Geneve, TruncationSweep) {
  test::expect_truncation_sweep<geneve::view>(with_option, 16);
}

TEST(Geneve, TruncatedErrorFields) {
  auto r = geneve::view::parse(bytes(with_option).first(7));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::geneve, 8, 7, 0}));
  r = geneve::view::parse(bytes(with_option).first(12));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::geneve, 16, 12, 0}));
}

TEST(Geneve, NonZeroVersionIsMalformed) {
  for (int ver = 1; ver < 4; ++ver) {
    auto copy = no_options;
    copy[0] = static_cast<std::uint8_t>(ver << 6);
    const auto r = geneve::view::parse(bytes(copy));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::geneve, 0, 0, 0}));
  }
}

TEST(Geneve, RandomHeadersRoundTrip) {
  std::mt19937 rng(8926);
  std::uniform_int_distribution<std::uint32_t> u32;
  for (int i = 0; i < 300; ++i) {
    geneve::header h;
    h.opt_len = static_cast<std::uint8_t>(u32(rng) % 64);
    h.flags = static_cast<std::uint8_t>(u32(rng));
    h.protocol_type = static_cast<std::uint16_t>(u32(rng));
    h.vni = u32(rng) & 0xffffffU;
    h.reserved = static_cast<std::uint8_t>(u32(rng));
    for (std::size_t k = 0; k < h.options_len(); ++k) {
      h.options[k] = static_cast<std::uint8_t>(u32(rng));
    }
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = geneve::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
    auto opts = v->options();
    for (const geneve::option& o : opts) {
      EXPECT_LE(o.offset + geneve::option_header_len + o.data.size(), h.size());
    }
  }
}

} // namespace
} // namespace pktscope
