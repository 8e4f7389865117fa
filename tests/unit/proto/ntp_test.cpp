#include <pktscope/proto/ntp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;
using bytes_vec = std::vector<std::uint8_t>;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Ntp.pcap, UDP payloads.
const char* const ntp_client_v4 = // frame 1
    "230207eb00000450000003ab83bc03dfd94f51c33165b860d944575530336fd0d944575531b4e978d94f51f4"
    "2d26e2f4";
const char* const ntp_server_v3 = // frame 2
    "1c0004fa00000000000000000000000000000000000000000000000000000000d94f4f1100000000d94f4f11"
    "00000000";
const char* const ntp_server_mac = // frame 4: 48 octets + key id + digest
    "24010aee00000000000000fb44434661dcd2aabfe3771e96dcd2aae48e835d2adcd2aae48e9f4d3cdcd2aae48e"
    "ce43670000000bece2d5b07e9fc63279aa2322b76038e53cd0ecc6";

// 1900-01-01 to 1970-01-01.
constexpr std::int64_t ntp_epoch = 2208988800;

// Expected: tshark -T fields -e ntp.flags.li -e ntp.flags.vn -e ntp.flags.mode -e ntp.stratum
// -e ntp.ppoll -e ntp.precision -e ntp.rootdelay -e ntp.rootdispersion -e ntp.refid
// -e ntp.reftime -e ntp.org -e ntp.rec -e ntp.xmt. Times: tshark prints e.g.
// "Jul 14, 2015 09:15:47.192958377 UTC" = 1436865347 s since the Unix epoch.
TEST(Ntp, DecodesClientV4) {
  const auto m = from_hex(ntp_client_v4);
  const auto v = ntp::view::parse(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->li(), 0);
  EXPECT_EQ(v->version(), 4);
  EXPECT_EQ(v->mode(), ntp::mode::client);
  EXPECT_EQ(ntp::describe(v->mode()), "client");
  EXPECT_EQ(v->stratum(), 2);
  EXPECT_EQ(v->poll(), 7);
  EXPECT_EQ(static_cast<std::uint8_t>(v->precision()), 235); // tshark prints the raw octet
  EXPECT_EQ(v->precision(), -21);
  EXPECT_EQ(v->root_delay(), 1104U);
  EXPECT_EQ(v->root_dispersion(), 939U);
  EXPECT_EQ(v->reference_id(), 0x83bc03dfU);
  EXPECT_EQ(v->reference_ts().to_unix_ns(), 1436865347'192958377);
  EXPECT_EQ(v->origin_ts().to_unix_ns(), 1436145877'188284862);
  EXPECT_EQ(v->receive_ts().to_unix_ns(), 1436145877'194166747);
  EXPECT_EQ(v->transmit_ts().to_unix_ns(), 1436865396'176374611);
  EXPECT_TRUE(v->trailer().empty());
}

TEST(Ntp, DecodesServerV3WithNullTimes) {
  const auto m = from_hex(ntp_server_v3);
  const auto v = ntp::view::parse(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 3);
  EXPECT_EQ(v->mode(), ntp::mode::server);
  EXPECT_EQ(v->stratum(), 0);
  EXPECT_EQ(v->poll(), 4);
  EXPECT_TRUE(v->reference_ts().is_zero()); // tshark: NULL
  EXPECT_TRUE(v->origin_ts().is_zero());
  // "Jul 14, 2015 09:04:17.000000000 UTC"
  EXPECT_EQ(v->receive_ts().to_unix_ns(), 1436864657'000000000);
  EXPECT_EQ(v->transmit_ts(), v->receive_ts());
}

TEST(Ntp, DecodesServerWithMac) {
  const auto m = from_hex(ntp_server_mac);
  const auto v = ntp::view::parse(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->stratum(), 1);
  EXPECT_EQ(v->poll(), 10);
  EXPECT_EQ(v->root_dispersion(), 251U);
  // Stratum 1: the reference id is ASCII, tshark refid 44434661 = "DCFa".
  const auto id = v->reference_id_bytes();
  EXPECT_EQ(std::string(id.begin(), id.end()), "DCFa");
  // tshark: ntp.keyid 0000000b, ntp.mac of 20 octets.
  EXPECT_EQ(v->trailer().size(), 24U);
  // "May 26, 2017 13:23:48.557834828 UTC"
  EXPECT_EQ(v->transmit_ts().to_unix_ns(), 1495805028'557834828);
}

// RFC 5905 §7.3 layout by hand: LI 3, VN 4, mode 3 -> 0xe3; stratum 0, poll 6, precision -20
// (0xec), root delay 1.5 s (0x00018000), dispersion 0, refid "INIT", transmit 0x..01.
TEST(Ntp, HeaderToBytesAndRoundTrip) {
  ntp::header h;
  h.li = 3;
  h.poll = 6;
  h.precision = -20;
  h.root_delay = 0x00018000;
  h.reference_id = 0x494e4954;
  h.transmit = {0xe0000000, 0x80000000};
  bytes_vec out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, from_hex("e3 00 06 ec 00018000 00000000 494e4954"
                          "0000000000000000 0000000000000000 0000000000000000 e000000080000000"));
  const auto v = ntp::view::parse(out);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_header(), h);
  EXPECT_EQ(v->leap(), ntp::leap::unknown);
  EXPECT_DOUBLE_EQ(v->root_delay_seconds(), 1.5);
  // Seconds 0xe0000000 are in era 0 (before 2036): 3758096384 - 2208988800.
  EXPECT_EQ(v->transmit_ts().to_unix_ns(), (3758096384 - ntp_epoch) * 1000000000 + 500000000);
}

TEST(Ntp, Era1Timestamps) {
  // RFC 4330 §3: top bit clear means 2036-02-07T06:28:16Z onwards (Unix 2085978496).
  EXPECT_EQ((ntp::timestamp{0, 0}.to_unix_ns()), 2085978496LL * 1000000000);
  EXPECT_EQ((ntp::timestamp{1, 0}.to_unix_ns()), 2085978497LL * 1000000000);
}

TEST(Ntp, RandomHeadersRoundTrip) {
  std::mt19937 rng(5905);
  std::uniform_int_distribution<unsigned> octet(0, 255);
  int done = 0;
  while (done < 300) {
    bytes_vec raw(ntp::header_len);
    for (auto& b : raw) {
      b = static_cast<std::uint8_t>(octet(rng));
    }
    const auto v = ntp::view::parse(raw);
    if (!v) {
      continue; // versions 0, 5-7 and modes 6, 7
    }
    const auto h = v->to_header();
    bytes_vec out(h.size());
    h.write_to(out);
    ASSERT_EQ(out, raw);
    ++done;
  }
}

TEST(Ntp, TruncationSweep) {
  test::expect_truncation_sweep<ntp::view>(from_hex(ntp_client_v4), ntp::header_len);
  const bytes_vec short_msg(47, 0x23);
  EXPECT_EQ(ntp::view::parse(short_msg).error(),
            (error{errc::truncated, layer_id::ntp, 48, 47, 0}));
}

TEST(Ntp, VersionChecks) {
  auto m = from_hex(ntp_client_v4);
  for (const int vn : {0, 5, 6, 7}) {
    m[0] = static_cast<std::uint8_t>((vn << 3) | 3);
    EXPECT_EQ(ntp::view::parse(m).error(), (error{errc::malformed, layer_id::ntp, 0, 0, 0}));
  }
  for (const int vn : {1, 2, 3, 4}) {
    m[0] = static_cast<std::uint8_t>((vn << 3) | 3);
    EXPECT_EQ(ntp::view::parse(m)->version(), static_cast<std::uint8_t>(vn));
  }
}

TEST(Ntp, ControlAndPrivateModesAreUnsupported) {
  // the-tcpdump-group style mode 6 read-variables request: 0x16 = VN 2, mode 6.
  const auto ctl = from_hex("16 02 0001 0000 0000 0000 0000");
  EXPECT_EQ(ntp::view::parse(ctl).error().code, errc::unsupported);
  const auto priv = from_hex("17");
  EXPECT_EQ(ntp::view::parse(priv).error().code, errc::unsupported);
  EXPECT_EQ(ntp::describe(ntp::mode::control), "reserved for NTP control message");
  EXPECT_EQ(ntp::describe(ntp::mode::symmetric_passive), "symmetric passive");
}

} // namespace
} // namespace pktscope
