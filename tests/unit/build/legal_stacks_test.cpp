// Only legal stacks compile: each builder call is offered only after a layer that can carry
// it. These checks fail to compile (not to run) when a constraint is lost.

#include <pktscope/build/builder.hpp>

#include <gtest/gtest.h>

namespace pktscope {
namespace {

using eth_chain = decltype(build::ethernet(mac_address{}, mac_address{}));
using ip4_chain = decltype(build::raw().ipv4({}, {}));
using ip6_chain = decltype(build::raw().ipv6({}, {}));
using udp_chain = decltype(build::raw().ipv4({}, {}).udp(1, 2));
using done_chain = decltype(build::raw().ipv4({}, {}).udp(1, 2).payload({}));

template <class C>
concept takes_udp = requires(const C& c) {
  c.udp(1, 2);
};
template <class C>
concept takes_vlan = requires(const C& c) {
  c.vlan(1);
};
template <class C>
concept takes_icmpv6 = requires(const C& c) {
  c.icmpv6(icmpv6::header{});
};
template <class C>
concept takes_icmp = requires(const C& c) {
  c.icmp(icmp::header{});
};
template <class C>
concept takes_payload = requires(const C& c) {
  c.payload(bytes{});
};
template <class C>
concept takes_vxlan = requires(const C& c) {
  c.vxlan(1);
};
template <class C>
concept takes_hop_by_hop = requires(const C& c) {
  c.hop_by_hop();
};

static_assert(!takes_udp<eth_chain>, "UDP needs an IP layer");
static_assert(takes_udp<ip4_chain> && takes_udp<ip6_chain>);
static_assert(takes_vlan<eth_chain> && !takes_vlan<ip4_chain>);
static_assert(takes_icmp<ip4_chain> && !takes_icmp<ip6_chain>);
static_assert(takes_icmpv6<ip6_chain> && !takes_icmpv6<ip4_chain>);
static_assert(takes_hop_by_hop<ip6_chain> && !takes_hop_by_hop<ip4_chain>);
static_assert(takes_vxlan<udp_chain> && !takes_vxlan<ip4_chain>);
static_assert(!takes_payload<done_chain> && !takes_udp<done_chain>, "payload ends the chain");

TEST(BuildLegalStacks, SizeIsKnownBeforeWriting) {
  const std::uint8_t data[5] = {};
  const auto pkt =
      build::ethernet(mac_address{}, mac_address{}).vlan(1).ipv4({}, {}).udp(1, 2).payload(data);
  EXPECT_EQ(pkt.size(), 14U + 4U + 20U + 8U + 5U);
  std::vector<std::uint8_t> out(pkt.size() + 3, 0xee);
  EXPECT_EQ(pkt.write_to(out), pkt.size());
  EXPECT_EQ(out[pkt.size()], 0xee) << "write_to() writes exactly size() octets";
}

} // namespace
} // namespace pktscope
