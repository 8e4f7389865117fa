#include <pktscope/proto/ip_protocol.hpp>

#include <gtest/gtest.h>

namespace pktscope {
namespace {

// Expected keywords: IANA "Assigned Internet Protocol Numbers".
TEST(IpProtocol, ValuesAreIanaNumbers) {
  EXPECT_EQ(static_cast<int>(ip_protocol::hopopt), 0);
  EXPECT_EQ(static_cast<int>(ip_protocol::icmp), 1);
  EXPECT_EQ(static_cast<int>(ip_protocol::igmp), 2);
  EXPECT_EQ(static_cast<int>(ip_protocol::ipv4), 4);
  EXPECT_EQ(static_cast<int>(ip_protocol::tcp), 6);
  EXPECT_EQ(static_cast<int>(ip_protocol::udp), 17);
  EXPECT_EQ(static_cast<int>(ip_protocol::ipv6), 41);
  EXPECT_EQ(static_cast<int>(ip_protocol::routing), 43);
  EXPECT_EQ(static_cast<int>(ip_protocol::fragment), 44);
  EXPECT_EQ(static_cast<int>(ip_protocol::gre), 47);
  EXPECT_EQ(static_cast<int>(ip_protocol::esp), 50);
  EXPECT_EQ(static_cast<int>(ip_protocol::ah), 51);
  EXPECT_EQ(static_cast<int>(ip_protocol::icmpv6), 58);
  EXPECT_EQ(static_cast<int>(ip_protocol::no_next), 59);
  EXPECT_EQ(static_cast<int>(ip_protocol::dstopts), 60);
  EXPECT_EQ(static_cast<int>(ip_protocol::ospf), 89);
  EXPECT_EQ(static_cast<int>(ip_protocol::sctp), 132);
  EXPECT_EQ(static_cast<int>(ip_protocol::mobility), 135);
  EXPECT_EQ(static_cast<int>(ip_protocol::udplite), 136);
}

TEST(IpProtocol, DescribeGivesIanaKeyword) {
  EXPECT_EQ(describe(ip_protocol::hopopt), "HOPOPT");
  EXPECT_EQ(describe(ip_protocol::tcp), "TCP");
  EXPECT_EQ(describe(ip_protocol::udp), "UDP");
  EXPECT_EQ(describe(ip_protocol::icmpv6), "IPv6-ICMP");
  EXPECT_EQ(describe(ip_protocol::fragment), "IPv6-Frag");
  EXPECT_EQ(describe(ip_protocol::routing), "IPv6-Route");
  EXPECT_EQ(describe(ip_protocol::no_next), "IPv6-NoNxt");
  EXPECT_EQ(describe(ip_protocol::dstopts), "IPv6-Opts");
  EXPECT_EQ(describe(ip_protocol::ospf), "OSPFIGP");
  EXPECT_EQ(describe(ip_protocol::sctp), "SCTP");
  EXPECT_EQ(describe(ip_protocol::udplite), "UDPLite");
  EXPECT_EQ(describe(ip_protocol::nsh), "NSH");
  EXPECT_EQ(describe(static_cast<ip_protocol>(99)), "any private encryption scheme");
  EXPECT_EQ(describe(static_cast<ip_protocol>(200)), "Unassigned");
  EXPECT_EQ(describe(ip_protocol::experiment1), "Use for experimentation and testing");
  EXPECT_EQ(describe(ip_protocol::reserved), "Reserved");
}

TEST(IpProtocol, EveryValueHasText) {
  for (int i = 0; i < 256; ++i) {
    EXPECT_FALSE(describe(static_cast<ip_protocol>(i)).empty()) << i;
  }
}

// RFC 7045 §4 list of extension header types.
TEST(IpProtocol, Ipv6ExtensionHeaders) {
  for (const int p : {0, 43, 44, 50, 51, 60, 135, 139, 140, 253, 254}) {
    EXPECT_TRUE(is_ipv6_extension_header(static_cast<ip_protocol>(p))) << p;
  }
  for (const int p : {1, 6, 17, 41, 58, 59, 132}) {
    EXPECT_FALSE(is_ipv6_extension_header(static_cast<ip_protocol>(p))) << p;
  }
}

} // namespace
} // namespace pktscope
