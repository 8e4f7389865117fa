#include <pktscope/proto/dhcp.hpp>

#include <pktscope/core/chars.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;
using bytes_vec = std::vector<std::uint8_t>;

bytes_vec concat(std::initializer_list<bytes_vec> parts) {
  bytes_vec out;
  for (const auto& p : parts) {
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Dhcp1.pcap frame 1, UDP payload: a
// relayed Offer. The 192 octets of sname and file are zero.
bytes_vec dhcp1() {
  return concat(
      {from_hex("020106017771cf85000a0000000000000a0a08ebac16b2ea0a0a08f0000e8611c075"
                "00000000000000000000"),
       bytes_vec(192, 0),
       from_hex("638253633501020104ffffff003604ac16b2ea33040000a8c003040a0a08fe06088fd104018f"
                "d10501420e3137322e32322e3137382e323334780501ac16b2ea3d10006e617468616e31636c"
                "69656e7469645a1f010100c878c45256402081313233348fe0cce2ee8596abb25817c480b2fd"
                "305216011420504f4e20312f312f30372f30313a312e302e31ff")});
}

// Same folder, Dhcp2.pcap frame 1: a Discover whose sname and file fields hold options
// (option 52 = 3).
bytes_vec dhcp2() {
  return concat({from_hex("01010600ac2effff0000000000000000000000000000000000000000"
                          "00006c82dc4e00000000000000000000"),
                 from_hex("3814736e616d65206669656c64206f7665726c6f6164ff"), bytes_vec(41, 0),
                 from_hex("381866696c65206e616d65206669656c64206f7665726c6f6164ff"),
                 bytes_vec(101, 0),
                 from_hex("638253633501013902024e3704011c032b330400000e10340103380750616464696e"
                          "67003d070100006c82dc4eff")});
}

std::vector<int> option_codes(dhcp::option_reader r) {
  std::vector<int> out;
  while (!r.at_end()) {
    const auto o = r.next();
    EXPECT_TRUE(o);
    if (!o) {
      break;
    }
    out.push_back(o->code);
  }
  return out;
}

// Expected values: tshark -T fields -e dhcp.type -e dhcp.hw.type -e dhcp.hw.len -e dhcp.hops
// -e dhcp.id -e dhcp.secs -e dhcp.flags -e dhcp.ip.* -e dhcp.hw.mac_addr -e dhcp.cookie
// -e dhcp.option.dhcp, and the option list of tshark -V.
TEST(Dhcp, DecodesRelayedOffer) {
  const auto m = dhcp1();
  ASSERT_EQ(m.size(), 376U); // tshark udp.length 384 - 8
  const auto v = dhcp::view::parse(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->op(), dhcp::op::reply);
  EXPECT_EQ(v->htype(), 1);
  EXPECT_EQ(v->hlen(), 6);
  EXPECT_EQ(v->hops(), 1);
  EXPECT_EQ(v->xid(), 0x7771cf85U);
  EXPECT_EQ(v->secs(), 10);
  EXPECT_EQ(v->flags(), 0x0000);
  EXPECT_FALSE(v->broadcast());
  EXPECT_EQ(v->ciaddr().to_string(), "0.0.0.0");
  EXPECT_EQ(v->yiaddr().to_string(), "10.10.8.235");
  EXPECT_EQ(v->siaddr().to_string(), "172.22.178.234");
  EXPECT_EQ(v->giaddr().to_string(), "10.10.8.240");
  EXPECT_EQ(v->client_mac()->to_string(), "00:0e:86:11:c0:75");
  EXPECT_EQ(v->sname_text(), "");
  EXPECT_EQ(v->file_text(), "");
  EXPECT_TRUE(v->has_magic_cookie());
  EXPECT_EQ(v->message_type(), dhcp::message_type::offer);
  EXPECT_EQ(dhcp::describe(*v->message_type()), "Offer");
  EXPECT_EQ(option_codes(v->options()),
            (std::vector<int>{53, 1, 54, 51, 3, 6, 66, 120, 61, 90, 82}));
  auto r = v->options();
  while (!r.at_end()) {
    (void)r.next();
  }
  EXPECT_TRUE(r.saw_end());
  const auto tftp = v->find(static_cast<dhcp::option_code>(66));
  ASSERT_TRUE(tftp);
  EXPECT_EQ(as_chars(tftp->data), "172.22.178.234");
  EXPECT_EQ(v->find(dhcp::option_code::server_id)->data.size(), 4U);
  EXPECT_EQ(v->overload(), 0);
}

TEST(Dhcp, DecodesOverloadedDiscover) {
  const auto m = dhcp2();
  ASSERT_EQ(m.size(), 282U); // tshark udp.length 290 - 8
  const auto v = dhcp::view::parse(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->op(), dhcp::op::request);
  EXPECT_EQ(v->xid(), 0xac2effffU);
  EXPECT_EQ(v->client_mac()->to_string(), "00:00:6c:82:dc:4e");
  EXPECT_EQ(v->message_type(), dhcp::message_type::discover);
  EXPECT_EQ(v->overload(), 3);
  EXPECT_EQ(option_codes(v->options()), (std::vector<int>{53, 57, 55, 51, 52, 56, 61}));
  auto s = dhcp::option_reader(v->sname());
  const auto msg = s.next();
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->code, 56);
  EXPECT_EQ(as_chars(msg->data), "sname field overload");
  EXPECT_TRUE(s.at_end());
  EXPECT_TRUE(s.saw_end());
  auto f = dhcp::option_reader(v->file());
  EXPECT_EQ(as_chars(f.next()->data), "file name field overload");
}

// Dhcp3.pcap (ACK) and Dhcp4.pcap (Release): tshark dhcp.option.dhcp 5 and 7.
TEST(Dhcp, MessageTypeNames) {
  EXPECT_EQ(dhcp::describe(dhcp::message_type::ack), "ACK");
  EXPECT_EQ(dhcp::describe(dhcp::message_type::release), "Release");
  EXPECT_EQ(dhcp::describe(dhcp::message_type::discover), "Discover");
  EXPECT_EQ(dhcp::describe(dhcp::message_type::nak), "NAK");
  EXPECT_EQ(dhcp::describe(static_cast<dhcp::message_type>(200)), "Unknown");
}

// RFC 2131 §2 layout by hand: op 1, htype 1, hlen 6, hops 0, xid 0x01020304, secs 5, flags
// broadcast, addresses 0, chaddr 02:00:00:00:00:01, cookie 99.130.83.99.
TEST(Dhcp, HeaderToBytesAndRoundTrip) {
  dhcp::header h;
  h.xid = 0x01020304;
  h.secs = 5;
  h.flags = dhcp::flag_broadcast;
  h.chaddr = {0x02, 0, 0, 0, 0, 0x01};
  bytes_vec out(h.size());
  h.write_to(out);
  const auto expected = concat({from_hex("01010600 01020304 0005 8000 00000000 00000000 00000000"
                                         "00000000 020000000001 00000000000000000000"),
                                bytes_vec(192, 0), from_hex("63825363")});
  EXPECT_EQ(out, expected);
  const auto v = dhcp::view::parse(out);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_header(), h);
  EXPECT_TRUE(v->broadcast());
  EXPECT_TRUE(v->options().at_end());
  EXPECT_FALSE(v->message_type());
}

TEST(Dhcp, RandomHeadersRoundTrip) {
  std::mt19937 rng(2131);
  std::uniform_int_distribution<unsigned> octet(0, 255);
  for (int i = 0; i < 300; ++i) {
    bytes_vec raw(dhcp::header_len);
    for (auto& b : raw) {
      b = static_cast<std::uint8_t>(octet(rng));
    }
    const auto h = dhcp::view::parse(raw)->to_header();
    bytes_vec out(h.size());
    h.write_to(out);
    ASSERT_EQ(out, raw);
    ASSERT_EQ(dhcp::view::parse(out)->to_header(), h);
  }
}

TEST(Dhcp, TruncationSweep) {
  test::expect_truncation_sweep<dhcp::view>(dhcp1(), dhcp::header_len);
  const bytes_vec short_msg(239, 0);
  EXPECT_EQ(dhcp::view::parse(short_msg).error(),
            (error{errc::truncated, layer_id::dhcp, 240, 239, 0}));
  // Options cut by snaplen: every cut inside an option is reported, never read past.
  const auto m = dhcp1();
  for (std::size_t n = dhcp::header_len; n < m.size(); ++n) {
    const bytes_vec cut(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = dhcp::view::parse(cut)->options();
    while (!r.at_end()) {
      (void)r.next();
    }
    EXPECT_FALSE(r.saw_end()) << n;
  }
}

TEST(Dhcp, NoCookieMeansNoOptions) {
  auto m = dhcp1();
  m[dhcp::fields::magic_cookie] = 0;
  const auto v = dhcp::view::parse(m);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_magic_cookie());
  EXPECT_TRUE(v->options().at_end());
}

TEST(Dhcp, OptionLengthPastAreaIsTruncated) {
  const auto area = from_hex("00 00 35 01 05 0c 09 61 62");
  dhcp::option_reader r(area);
  const auto a = r.next();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->code, 53);
  EXPECT_EQ(a->offset, 2U);
  EXPECT_EQ(r.next().error(), (error{errc::truncated, layer_id::dhcp, 11, 4, 5}));
  EXPECT_TRUE(r.at_end());
  const auto lone = from_hex("35");
  dhcp::option_reader l(lone);
  EXPECT_EQ(l.next().error(), (error{errc::truncated, layer_id::dhcp, 2, 1, 0}));
  // Only pads: nothing to read, no end seen.
  const auto pads = from_hex("00 00 00");
  EXPECT_TRUE(dhcp::option_reader(pads).at_end());
  EXPECT_FALSE(dhcp::option_reader(pads).saw_end());
}

} // namespace
} // namespace pktscope
