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

// A default view (null data) is empty text, not an address; the sanitizer build checks that
// parsing it reads nothing.
TEST(Address, EmptyViewIsNoAddress) {
  EXPECT_FALSE(ipv4_address::parse(std::string_view{}));
  EXPECT_FALSE(ipv6_address::parse(std::string_view{}));
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

// Raw address bytes as decoded_packet holds them, printed the way tshark and RFC 5952 §6 do.
TEST(Address, RawBytesAndEndpoints) {
  const std::uint8_t v4[] = {192, 0, 2, 10};
  const std::uint8_t v6[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const std::uint8_t odd[] = {1, 2, 3};
  EXPECT_EQ(ip_to_string(bytes{v4}), "192.0.2.10");
  EXPECT_EQ(ip_to_string(bytes{v6}), "2001:db8::1");
  EXPECT_EQ(ip_to_string(bytes{odd}), "");

  char text[max_endpoint_text];
  std::size_t n = format_endpoint(bytes{v4}, 0, text);
  EXPECT_EQ(std::string_view(text, n), "192.0.2.10:0");
  n = format_endpoint(bytes{v6}, 80, text);
  EXPECT_EQ(std::string_view(text, n), "[2001:db8::1]:80");
  EXPECT_EQ(text[n], '\0');

  // The longest form fits the documented buffer.
  const std::uint8_t longest[] = {0x20, 0x01, 0x0d, 0xb8, 0x11, 0x11, 0x22, 0x22,
                                  0,    0,    0x33, 0x33, 0xff, 0xff, 0xff, 0xff};
  n = format_endpoint(bytes{longest}, 65535, text);
  EXPECT_EQ(std::string_view(text, n), "[2001:db8:1111:2222:0:3333:ffff:ffff]:65535");
  EXPECT_LT(n, max_endpoint_text);
}

} // namespace
} // namespace pktscope
