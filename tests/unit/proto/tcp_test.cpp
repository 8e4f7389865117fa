#include <pktscope/proto/tcp.hpp>

#include <pktscope/proto/pseudo_header.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using tcp::flag;
using tcp::flag_set;
using tcp::option_kind;
using test::from_hex;

// kbandla__dpkt/examples/data/nb6-http.pcap frame 53, TCP header at offset 102 (inner IPv6
// 2a00:5e80:101:212d:504:7b1:2572:db22 -> 2606:f200:0:7:bad:f00d:d00d:1, payload length 40).
// tshark: 37034 -> 80, tcp.seq_raw 345393054, tcp.ack_raw 0, tcp.hdr_len 40, tcp.flags 0x002,
// window 27860, checksum 0x1e9c (Good), urgent 0, option kinds 2,4,8,1,3, lengths 4,2,10,3,
// mss 1393, tsval 406478, tsecr 0, wscale shift 7.
const std::vector<std::uint8_t> syn_v6 = from_hex("90 aa 00 50 14 96 47 9e 00 00 00 00 a0 02 6c d4"
                                                  "1e 9c 00 00 02 04 05 71 04 02 08 0a 00 06 33 ce"
                                                  "00 00 00 00 01 03 03 07");

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/one_tcp_stream.pcap frame 2, TCP header
// at offset 34 (81.218.72.15 -> 10.0.0.1). tshark: 80 -> 61541, seq_raw 1411506576, ack_raw
// 1143861630, hdr_len 32, flags 0x012 ("[SYN, ACK]"), window 8192, checksum 0x4f2a (Good),
// option kinds 2,1,3,1,1,4, mss 1420, wscale shift 8.
const std::vector<std::uint8_t> syn_ack =
    from_hex("00 50 f0 65 54 21 e1 90 44 2d f1 7e 80 12 20 00"
             "4f 2a 00 00 02 04 05 8c 01 03 03 08 01 01 04 02");

// Same file, frame 9 (81.218.72.15 -> 10.0.0.1). tshark: flags 0x010, window 260, checksum
// 0xf148 (Good), option kinds 1,1,5, option_len 10, sack_le 1143863081, sack_re 1143864501.
const std::vector<std::uint8_t> sack_ack =
    from_hex("00 50 f0 65 54 21 e1 91 44 2d fc b5 80 10 01 04"
             "f1 48 00 00 01 01 05 0a 44 2d f7 29 44 2d fc b5");

// Same file, frame 6 (10.0.0.1 -> 81.218.72.15), PSH,ACK with 31 payload bytes. tshark:
// 61541 -> 80, seq_raw 1143864470, ack_raw 1411506577, flags 0x018, checksum 0x7fd6 (Good).
const std::vector<std::uint8_t> psh_ack = from_hex("f0 65 00 50 44 2d fc 96 54 21 e1 91 50 18 01 04"
                                                   "7f d6 00 00 20 47 65 6e 65 72 69 63 20 70 61 79"
                                                   "6c 6f 61 64 22 2c 22 63 6f 6f 6b 69 65 73 22 3a"
                                                   "5b 5d 7d");

internet_checksum pseudo_v6_syn() {
  return pseudo_header::ipv6(*ipv6_address::parse("2a00:5e80:101:212d:504:7b1:2572:db22"),
                             *ipv6_address::parse("2606:f200:0:7:bad:f00d:d00d:1"),
                             tcp::ip_protocol, 40);
}
internet_checksum pseudo_from_server(std::uint16_t len) {
  return pseudo_header::ipv4(*ipv4_address::parse("81.218.72.15"), *ipv4_address::parse("10.0.0.1"),
                             tcp::ip_protocol, len);
}
internet_checksum pseudo_from_client(std::uint16_t len) {
  return pseudo_header::ipv4(*ipv4_address::parse("10.0.0.1"), *ipv4_address::parse("81.218.72.15"),
                             tcp::ip_protocol, len);
}

std::string flags_text(flag_set f) {
  char buf[tcp::max_flags_text];
  const std::size_t n = tcp::format_flags(f, buf);
  EXPECT_EQ(buf[n], '\0');
  return std::string(buf, n);
}

TEST(Tcp, DecodesIpv6SynWithOptions) {
  const auto v = tcp::view::parse(bytes(syn_v6));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port(), 37034);
  EXPECT_EQ(v->dst_port(), 80);
  EXPECT_EQ(v->seq(), 345393054U);
  EXPECT_EQ(v->ack(), 0U);
  EXPECT_EQ(v->data_offset(), 10);
  EXPECT_EQ(v->header_length(), 40U);
  EXPECT_EQ(v->flags().raw(), 0x002);
  EXPECT_EQ(v->window(), 27860);
  EXPECT_EQ(v->checksum(), 0x1e9c);
  EXPECT_EQ(v->urgent_ptr(), 0);
  EXPECT_TRUE(v->payload().empty());
  EXPECT_EQ(v->mss(), 1393);
  EXPECT_EQ(v->window_scale(), 7);
  EXPECT_TRUE(v->sack_permitted());
  EXPECT_FALSE(v->sack());
  ASSERT_TRUE(v->timestamps());
  EXPECT_EQ(v->timestamps()->tsval, 406478U);
  EXPECT_EQ(v->timestamps()->tsecr, 0U);
  EXPECT_EQ(v->verify_checksum(pseudo_v6_syn(), 40), checksum_status::good);
}

TEST(Tcp, OptionWalkMatchesTshark) {
  const auto v = tcp::view::parse(bytes(syn_v6));
  ASSERT_TRUE(v);
  auto opts = v->options();
  std::vector<int> kinds;
  std::vector<int> lens;
  std::vector<std::size_t> offsets;
  for (const tcp::option& o : opts) {
    kinds.push_back(static_cast<int>(o.kind));
    offsets.push_back(o.offset);
    if (o.kind != option_kind::nop) {
      lens.push_back(o.length);
    }
  }
  EXPECT_FALSE(opts.failed());
  EXPECT_EQ(kinds, (std::vector<int>{2, 4, 8, 1, 3}));
  EXPECT_EQ(lens, (std::vector<int>{4, 2, 10, 3}));
  EXPECT_EQ(offsets, (std::vector<std::size_t>{20, 24, 26, 36, 37}));
}

TEST(Tcp, DecodesIpv4SynAck) {
  const auto v = tcp::view::parse(bytes(syn_ack));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port(), 80);
  EXPECT_EQ(v->dst_port(), 61541);
  EXPECT_EQ(v->seq(), 1411506576U);
  EXPECT_EQ(v->ack(), 1143861630U);
  EXPECT_EQ(v->header_length(), 32U);
  EXPECT_EQ(v->flags(), (flag_set{flag::syn, flag::ack}));
  EXPECT_EQ(v->flags().raw(), 0x012);
  EXPECT_EQ(flags_text(v->flags()), "SYN,ACK");
  EXPECT_EQ(v->window(), 8192);
  EXPECT_EQ(v->mss(), 1420);
  EXPECT_EQ(v->window_scale(), 8);
  EXPECT_TRUE(v->sack_permitted());
  EXPECT_FALSE(v->timestamps());
  std::vector<int> kinds;
  for (const tcp::option& o : v->options()) {
    kinds.push_back(static_cast<int>(o.kind));
  }
  EXPECT_EQ(kinds, (std::vector<int>{2, 1, 3, 1, 1, 4}));
  EXPECT_EQ(v->verify_checksum(pseudo_from_server(32), 32), checksum_status::good);
}

TEST(Tcp, DecodesSackBlocks) {
  const auto v = tcp::view::parse(bytes(sack_ack));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flags().raw(), 0x010);
  EXPECT_EQ(v->window(), 260);
  const auto s = v->sack();
  ASSERT_TRUE(s);
  ASSERT_EQ(s->count, 1U);
  EXPECT_EQ(s->blocks[0], (tcp::sack_block{1143863081U, 1143864501U}));
  EXPECT_FALSE(v->mss());
  EXPECT_FALSE(v->sack_permitted());
  EXPECT_EQ(v->verify_checksum(pseudo_from_server(32), 32), checksum_status::good);
}

TEST(Tcp, DecodesDataSegment) {
  const auto v = tcp::view::parse(bytes(psh_ack));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port(), 61541);
  EXPECT_EQ(v->seq(), 1143864470U);
  EXPECT_EQ(v->ack(), 1411506577U);
  EXPECT_EQ(flags_text(v->flags()), "PSH,ACK");
  EXPECT_EQ(v->payload().size(), 31U);
  EXPECT_EQ(v->payload()[1], 'G');
  EXPECT_EQ(v->options_bytes().size(), 0U);
  EXPECT_EQ(v->verify_checksum(pseudo_from_client(51), 51), checksum_status::good);
}

TEST(Tcp, ChecksumBadAndUnverified) {
  auto copy = psh_ack;
  copy[30] ^= 0x20;
  const auto v = tcp::view::parse(bytes(copy));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->verify_checksum(pseudo_from_client(51), 51), checksum_status::bad);
  // The IP layer says 60 bytes, only 51 captured.
  EXPECT_EQ(v->verify_checksum(pseudo_from_client(60), 60), checksum_status::unverified);
}

TEST(Tcp, FillChecksumReproducesOriginal) {
  struct fixture {
    const std::vector<std::uint8_t>* bytes;
    internet_checksum pseudo;
  };
  for (const auto& [fx, pseudo] :
       {fixture{&syn_v6, pseudo_v6_syn()}, fixture{&syn_ack, pseudo_from_server(32)},
        fixture{&sack_ack, pseudo_from_server(32)}, fixture{&psh_ack, pseudo_from_client(51)}}) {
    auto copy = *fx;
    auto m = tcp::mut_view::parse(mut_bytes(copy));
    ASSERT_TRUE(m);
    m->set_checksum(0xbeef);
    ASSERT_TRUE(m->fill_checksum(pseudo, copy.size()));
    EXPECT_EQ(copy, *fx);
  }
}

TEST(Tcp, FillChecksumNeedsWholeSegment) {
  auto copy = psh_ack;
  auto m = tcp::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  const auto r = m->fill_checksum(pseudo_from_client(60), 60);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::tcp, 60, 51, 0}));
  EXPECT_EQ(copy, psh_ack);
}

TEST(Tcp, SettersWriteFields) {
  auto copy = syn_ack;
  auto m = tcp::mut_view::parse(mut_bytes(copy));
  ASSERT_TRUE(m);
  m->set_src_port(1);
  m->set_dst_port(2);
  m->set_seq(3);
  m->set_ack(4);
  m->set_flags(flag_set{flag::rst});
  m->set_window(5);
  m->set_urgent_ptr(6);
  const auto v = m->as_view();
  EXPECT_EQ(v.src_port(), 1);
  EXPECT_EQ(v.dst_port(), 2);
  EXPECT_EQ(v.seq(), 3U);
  EXPECT_EQ(v.ack(), 4U);
  EXPECT_EQ(v.flags(), flag_set{flag::rst});
  EXPECT_EQ(v.data_offset(), 8); // set_flags keeps the data offset
  EXPECT_EQ(v.window(), 5);
  EXPECT_EQ(v.urgent_ptr(), 6);
  m->set_data_offset(5);
  EXPECT_EQ(m->as_view().header_length(), 20U);
  EXPECT_EQ(m->as_view().flags(), flag_set{flag::rst});
}

TEST(Tcp, FormatFlagsLikeTshark) {
  EXPECT_EQ(flags_text(flag_set{}), "<None>");
  EXPECT_EQ(flags_text(flag_set{flag::syn}), "SYN");
  EXPECT_EQ(flags_text(flag_set{flag::fin, flag::psh, flag::urg}), "FIN,PSH,URG");
  EXPECT_EQ(flags_text(flag_set(0x1ff)), "FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,AE");
  EXPECT_EQ(flags_text(flag_set(0xfff)), "FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,AE,Reserved");
  EXPECT_EQ(flags_text(flag_set(0x200)), "Reserved");
  EXPECT_EQ(tcp::describe(flag::cwr), "CWR");
  EXPECT_EQ(tcp::describe(flag::ns), "AE");
}

TEST(Tcp, FlagClassifiers) {
  EXPECT_TRUE(tcp::is_null_scan(flag_set{}));
  EXPECT_TRUE(tcp::is_null_scan(flag_set(0x200)));
  EXPECT_FALSE(tcp::is_null_scan(flag_set{flag::ns}));
  EXPECT_TRUE(tcp::is_xmas(flag_set{flag::fin, flag::psh, flag::urg}));
  EXPECT_FALSE(tcp::is_xmas(flag_set{flag::fin, flag::psh}));
  EXPECT_TRUE(tcp::has_syn_fin(flag_set{flag::syn, flag::fin}));
  EXPECT_FALSE(tcp::has_syn_fin(flag_set{flag::syn, flag::ack}));
  EXPECT_TRUE(tcp::has_syn_rst(flag_set{flag::syn, flag::rst, flag::ack}));
  EXPECT_FALSE(tcp::has_syn_rst(flag_set{flag::rst}));
  EXPECT_EQ(flag_set{flag::syn}.with(flag::ack), (flag_set{flag::syn, flag::ack}));
  EXPECT_EQ((flag_set{flag::syn, flag::ack}).without(flag::syn), flag_set{flag::ack});
}

// Options with a bad length: walk yields the good ones, then stops and reports the offset.
TEST(Tcp, BadOptionLengthStopsWalk) {
  // syn_ack with the length byte (offset 26) of the window-scale option (offset 25) set to 0,
  // 1, then 40 (past the header).
  for (const std::uint8_t bad : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{40}}) {
    auto copy = syn_ack;
    copy[26] = bad;
    const auto v = tcp::view::parse(bytes(copy));
    ASSERT_TRUE(v);
    auto opts = v->options();
    std::vector<int> kinds;
    for (const tcp::option& o : opts) {
      kinds.push_back(static_cast<int>(o.kind));
    }
    EXPECT_EQ(kinds, (std::vector<int>{2, 1}));
    ASSERT_TRUE(opts.failed());
    EXPECT_EQ(opts.error(), (error{errc::malformed, layer_id::tcp, 0, 0, 25}));
    EXPECT_EQ(v->mss(), 1420);
    EXPECT_FALSE(v->window_scale());
    EXPECT_FALSE(v->sack_permitted());
  }
}

TEST(Tcp, KindWithoutLengthByteIsBad) {
  // Data offset 6: options "01 01 01 02" end with an MSS kind and no length byte.
  auto h = from_hex("00 50 f0 65 54 21 e1 90 44 2d f1 7e 60 12 20 00 00 00 00 00 01 01 01 02");
  const auto v = tcp::view::parse(bytes(h));
  ASSERT_TRUE(v);
  auto opts = v->options();
  int n = 0;
  for (const tcp::option& o : opts) {
    EXPECT_EQ(o.kind, option_kind::nop);
    ++n;
  }
  EXPECT_EQ(n, 3);
  ASSERT_TRUE(opts.failed());
  EXPECT_EQ(opts.error().offset, 23U);
}

TEST(Tcp, UnknownKindsSkippedAndEolEndsWalk) {
  // Options: kind 99 len 4, then EOL, then junk that must not be read as options.
  auto h = from_hex("00 50 f0 65 54 21 e1 90 44 2d f1 7e 70 12 20 00 00 00 00 00"
                    "63 04 aa bb 00 02 ff 00");
  const auto v = tcp::view::parse(bytes(h));
  ASSERT_TRUE(v);
  auto opts = v->options();
  std::vector<int> kinds;
  for (const tcp::option& o : opts) {
    kinds.push_back(static_cast<int>(o.kind));
    if (o.kind == option_kind{99}) {
      EXPECT_EQ(o.data.size(), 2U);
      EXPECT_EQ(o.data[0], 0xaa);
    }
  }
  EXPECT_EQ(kinds, (std::vector<int>{99, 0}));
  EXPECT_FALSE(opts.failed());
}

TEST(Tcp, TypedOptionsRejectWrongLengths) {
  const std::vector<std::uint8_t> data = {0x05, 0x8c, 0x00};
  EXPECT_FALSE(tcp::as_mss(tcp::option{option_kind::mss, 5, 20, bytes(data)}));
  EXPECT_EQ(tcp::as_mss(tcp::option{option_kind::mss, 4, 20, bytes(data).first(2)}), 1420);
  EXPECT_FALSE(tcp::as_mss(tcp::option{option_kind::nop, 4, 20, bytes(data).first(2)}));
  EXPECT_FALSE(tcp::as_window_scale(tcp::option{option_kind::window_scale, 4, 20, bytes(data)}));
  EXPECT_FALSE(tcp::as_sack(tcp::option{option_kind::sack, 5, 20, bytes(data)}));
  EXPECT_FALSE(tcp::as_timestamps(tcp::option{option_kind::timestamps, 5, 20, bytes(data)}));
}

TEST(Tcp, HeaderWritesExpectedBytes) {
  tcp::header h;
  h.src_port = 80;
  h.dst_port = 61541;
  h.seq = 1411506576U;
  h.ack = 1143861630U;
  h.data_offset = 8;
  h.flags = flag_set{flag::syn, flag::ack};
  h.window = 8192;
  h.checksum = 0x4f2a;
  const auto opts = from_hex("02 04 05 8c 01 03 03 08 01 01 04 02");
  std::copy(opts.begin(), opts.end(), h.options.begin());
  ASSERT_EQ(h.size(), 32U);
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, syn_ack);
  EXPECT_EQ(tcp::view::parse(bytes(out))->to_header(), h);
}

TEST(Tcp, TruncationSweep) {
  test::expect_truncation_sweep<tcp::view>(syn_v6, syn_v6.size());
  test::expect_truncation_sweep<tcp::view>(psh_ack, 20);
}

TEST(Tcp, TruncatedErrorFields) {
  auto r = tcp::view::parse(bytes(syn_v6).first(19));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::tcp, 20, 19, 0}));
  r = tcp::view::parse(bytes(syn_v6).first(30));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::tcp, 40, 30, 0}));
}

TEST(Tcp, DataOffsetBelowFiveIsMalformed) {
  for (int off = 0; off < 5; ++off) {
    auto copy = psh_ack;
    copy[12] = static_cast<std::uint8_t>(off << 4);
    const auto r = tcp::view::parse(bytes(copy));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::tcp, 0, 0, tcp::fields::data_offset}));
  }
}

TEST(Tcp, RandomHeadersRoundTrip) {
  std::mt19937 rng(9293);
  std::uniform_int_distribution<std::uint32_t> u32;
  for (int i = 0; i < 300; ++i) {
    tcp::header h;
    h.src_port = static_cast<std::uint16_t>(u32(rng));
    h.dst_port = static_cast<std::uint16_t>(u32(rng));
    h.seq = u32(rng);
    h.ack = u32(rng);
    h.data_offset = static_cast<std::uint8_t>(5 + u32(rng) % 11);
    h.flags = flag_set(static_cast<std::uint16_t>(u32(rng)));
    h.window = static_cast<std::uint16_t>(u32(rng));
    h.checksum = static_cast<std::uint16_t>(u32(rng));
    h.urgent_ptr = static_cast<std::uint16_t>(u32(rng));
    for (std::size_t k = 0; k < h.options_len(); ++k) {
      h.options[k] = static_cast<std::uint8_t>(u32(rng));
    }
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = tcp::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
    // Random option bytes must never make the walk read out of bounds.
    auto opts = v->options();
    std::size_t count = 0;
    for (const tcp::option& o : opts) {
      EXPECT_LE(o.offset + o.length, h.size());
      ++count;
    }
    EXPECT_LE(count, h.options_len());
  }
}

} // namespace
} // namespace pktscope
