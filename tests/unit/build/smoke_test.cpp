#include <pktscope/build/builder.hpp>

#include <gtest/gtest.h>

namespace pktscope {
namespace {

TEST(BuildSmoke, EthernetVlanIpv4Udp) {
  const auto src = *mac_address::parse("00:11:22:33:44:55");
  const auto dst = *mac_address::parse("66:77:88:99:aa:bb");
  const std::uint8_t data[] = {1, 2, 3};
  auto pkt =
      build::ethernet(src, dst)
          .vlan(42)
          .ipv4(*ipv4_address::parse("10.0.0.1"), *ipv4_address::parse("10.0.0.2"), {.ttl = 64})
          .udp(40000, 53)
          .payload(data);
  EXPECT_EQ(pkt.size(), 14U + 4U + 20U + 8U + 3U);
  const auto v = pkt.to_vector();
  EXPECT_EQ(v.size(), pkt.size());
}

} // namespace
} // namespace pktscope
