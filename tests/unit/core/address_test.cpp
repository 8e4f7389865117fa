#include <pktscope/core/address.hpp>

#include <gtest/gtest.h>

namespace pktscope {
namespace {

TEST(Address, MacText) {
  const mac_address a{{0x00, 0x1b, 0x21, 0xaa, 0xBC, 0xff}};
  EXPECT_EQ(a.to_string(), "00:1b:21:aa:bc:ff");
  EXPECT_EQ(mac_address::parse("00:1B:21:aa:bc:ff"), a);
  EXPECT_FALSE(mac_address::parse("00:1b:21:aa:bc"));
  EXPECT_FALSE(mac_address::parse("00:1b:21:aa:bc:fg"));
}

TEST(Address, Ipv4Text) {
  const ipv4_address a{{192, 0, 2, 10}};
  EXPECT_EQ(a.to_string(), "192.0.2.10");
  EXPECT_EQ(ipv4_address{}.to_string(), "0.0.0.0");
  EXPECT_EQ(ipv4_address::parse("192.0.2.10"), a);
  EXPECT_EQ(ipv4_address::from_u32(0xc000020a), a);
  EXPECT_EQ(a.to_u32(), 0xc000020aU);
  EXPECT_FALSE(ipv4_address::parse("192.0.2.256"));
}

// RFC 5952 §4 canonical forms.
TEST(Address, Ipv6CanonicalText) {
  auto text = [](std::string_view s) { return ipv6_address::parse(s)->to_string(); };
  EXPECT_EQ(text("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  EXPECT_EQ(text("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  EXPECT_EQ(text("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(text("::"), "::");
  EXPECT_EQ(text("FE80::ABCD"), "fe80::abcd");
  EXPECT_FALSE(ipv6_address::parse("2001:db8::1::2"));
}

} // namespace
} // namespace pktscope
