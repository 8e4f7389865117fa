// Seeded property tests: random field values, built into packets of every stack and parsed
// back with the protocol views. Given fields must come back as given; the fields the builder
// fills (lengths, next-protocol numbers, checksums) must have the values the standards call
// for, checked through the views' own verify functions.

#include <pktscope/build/builder.hpp>

#include <pktscope/proto/pseudo_header.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

constexpr int iterations = 200;

class random_fields {
public:
  explicit random_fields(std::uint32_t seed) : gen_(seed) {}
  template <class T> T next() { return static_cast<T>(gen_()); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(gen_() % n); }
  mac_address mac() {
    mac_address a;
    for (auto& o : a.octets) {
      o = next<std::uint8_t>();
    }
    return a;
  }
  ipv4_address v4() { return ipv4_address::from_u32(next<std::uint32_t>()); }
  ipv6_address v6() {
    ipv6_address a;
    for (auto& o : a.octets) {
      o = next<std::uint8_t>();
    }
    return a;
  }
  std::vector<std::uint8_t> octets(std::size_t max) {
    std::vector<std::uint8_t> v(below(max + 1));
    for (auto& o : v) {
      o = next<std::uint8_t>();
    }
    return v;
  }

private:
  std::mt19937 gen_;
};

TEST(BuildRoundTrip, EthernetVlansIpv4OptionsUdp) {
  random_fields r(1234);
  for (int i = 0; i < iterations; ++i) {
    const mac_address src = r.mac(), dst = r.mac();
    ipv4::header ih{.tos = r.next<std::uint8_t>(),
                    .identification = r.next<std::uint16_t>(),
                    .flags = static_cast<std::uint8_t>(r.below(8)),
                    .fragment_offset = static_cast<std::uint16_t>(r.below(0x2000)),
                    .ttl = r.next<std::uint8_t>()};
    ih.options_len = static_cast<std::uint8_t>(4 * r.below(11));
    std::fill_n(ih.options.begin(), ih.options_len,
                static_cast<std::uint8_t>(ipv4::option_type::nop));
    const ipv4_address a = r.v4(), b = r.v4();
    const auto sport = r.next<std::uint16_t>(), dport = r.next<std::uint16_t>();
    const auto data = r.octets(300);
    const std::uint16_t vid1 = static_cast<std::uint16_t>(r.below(4096));
    const std::uint16_t vid2 = static_cast<std::uint16_t>(r.below(4096));
    const auto pcp = static_cast<std::uint8_t>(r.below(8));

    const auto out = build::ethernet(src, dst)
                         .service_vlan(vid1, {.pcp = pcp, .dei = true})
                         .vlan(vid2)
                         .ipv4(a, b, ih)
                         .udp(sport, dport)
                         .payload(data)
                         .to_vector();

    const auto eth = ethernet::view::parse(out);
    ASSERT_TRUE(eth);
    EXPECT_EQ(eth->to_header(), (ethernet::header{dst, src, 0x88a8}));
    const auto t1 = vlan::view::parse(eth->payload());
    ASSERT_TRUE(t1);
    EXPECT_EQ(t1->to_header(), (vlan::header{pcp, true, vid1, 0x8100}));
    const auto t2 = vlan::view::parse(t1->payload());
    ASSERT_TRUE(t2);
    EXPECT_EQ(t2->to_header(), (vlan::header{0, false, vid2, 0x0800}));
    const auto ip = ipv4::view::parse(t2->payload());
    ASSERT_TRUE(ip);
    ipv4::header want = ih;
    want.src = a;
    want.dst = b;
    want.total_length = static_cast<std::uint16_t>(ih.size() + 8 + data.size());
    want.protocol = ip_protocol::udp;
    want.checksum = ip->checksum();
    EXPECT_EQ(ip->to_header(), want);
    EXPECT_TRUE(ip->checksum_ok());
    const auto udp = udp::view::parse(ip->payload());
    ASSERT_TRUE(udp);
    EXPECT_EQ(udp->src_port(), sport);
    EXPECT_EQ(udp->dst_port(), dport);
    EXPECT_EQ(udp->length(), 8 + data.size());
    EXPECT_EQ(udp->verify_checksum(pseudo_header::ipv4(a, b, udp::ip_protocol, udp->length())),
              checksum_status::good);
    EXPECT_TRUE(std::equal(data.begin(), data.end(), udp->payload().begin(), udp->payload().end()));
  }
}

TEST(BuildRoundTrip, RawIpv6ExtensionHeadersTcpOptions) {
  random_fields r(99);
  for (int i = 0; i < iterations; ++i) {
    const ipv6_address a = r.v6(), b = r.v6();
    const ipv6::header h6{.traffic_class = r.next<std::uint8_t>(),
                          .flow_label = r.next<std::uint32_t>() & 0xfffffU,
                          .hop_limit = r.next<std::uint8_t>()};
    const ipv6_frag::header frag{.fragment_offset = 0,
                                 .more_fragments = r.below(2) == 1,
                                 .identification = r.next<std::uint32_t>()};
    build::tcp_params p{.seq = r.next<std::uint32_t>(),
                        .ack = r.next<std::uint32_t>(),
                        .flags = tcp::flag_set(static_cast<std::uint16_t>(r.below(0x200))),
                        .window = r.next<std::uint16_t>(),
                        .urgent_ptr = r.next<std::uint16_t>()};
    if (r.below(2) == 1) {
      p.options.mss = r.next<std::uint16_t>();
    }
    if (r.below(2) == 1) {
      p.options.window_scale = static_cast<std::uint8_t>(r.below(15));
    }
    p.options.sack_permitted = r.below(2) == 1;
    if (r.below(2) == 1) {
      p.options.timestamps = tcp::timestamps{r.next<std::uint32_t>(), r.next<std::uint32_t>()};
    }
    const auto data = r.octets(200);
    const auto sport = r.next<std::uint16_t>(), dport = r.next<std::uint16_t>();

    const auto pkt = build::raw()
                         .ipv6(a, b, h6)
                         .hop_by_hop()
                         .fragment(frag)
                         .destination_options()
                         .tcp(sport, dport, p)
                         .payload(data);
    EXPECT_EQ(pkt.link(), link_type::raw);
    const auto out = pkt.to_vector();

    const auto ip = ipv6::view::parse(out);
    ASSERT_TRUE(ip);
    ipv6::header want = h6;
    want.src = a;
    want.dst = b;
    want.payload_length = static_cast<std::uint16_t>(out.size() - ipv6::header_len);
    want.next_header = ip_protocol::hopopt;
    EXPECT_EQ(ip->to_header(), want);
    const auto chain = ipv6_ext::walk(*ip);
    ASSERT_TRUE(chain);
    ASSERT_EQ(chain->count, 3U);
    EXPECT_EQ(chain->upper_protocol, ip_protocol::tcp);
    ASSERT_TRUE(chain->fragment);
    EXPECT_EQ(chain->fragment->more_fragments, frag.more_fragments);
    EXPECT_EQ(chain->fragment->identification, frag.identification);
    const auto hbh = ipv6_opts::view::parse(ip->payload());
    ASSERT_TRUE(hbh);
    auto opts = hbh->option_iter();
    while (opts.next()) {
    }
    EXPECT_FALSE(opts.malformed());

    const auto seg = bytes(out).subspan(chain->upper_offset);
    const auto tcp = tcp::view::parse(seg);
    ASSERT_TRUE(tcp);
    EXPECT_EQ(tcp->src_port(), sport);
    EXPECT_EQ(tcp->dst_port(), dport);
    EXPECT_EQ(tcp->seq(), p.seq);
    EXPECT_EQ(tcp->ack(), p.ack);
    EXPECT_EQ(tcp->flags(), p.flags);
    EXPECT_EQ(tcp->window(), p.window);
    EXPECT_EQ(tcp->urgent_ptr(), p.urgent_ptr);
    EXPECT_EQ(tcp->mss(), p.options.mss);
    EXPECT_EQ(tcp->window_scale(), p.options.window_scale);
    EXPECT_EQ(tcp->sack_permitted(), p.options.sack_permitted);
    EXPECT_EQ(tcp->timestamps(), p.options.timestamps);
    EXPECT_EQ(tcp->verify_checksum(pseudo_header::ipv6(a, b, tcp::ip_protocol,
                                                       static_cast<std::uint32_t>(seg.size())),
                                   seg.size()),
              checksum_status::good);
    EXPECT_EQ(tcp->payload().size(), data.size());
  }
}

TEST(BuildRoundTrip, MplsStackIpv4IcmpEcho) {
  random_fields r(7);
  for (int i = 0; i < iterations; ++i) {
    const std::uint32_t l1 = r.next<std::uint32_t>() & mpls::max_label;
    const std::uint32_t l2 = r.next<std::uint32_t>() & mpls::max_label;
    const auto ttl = r.next<std::uint8_t>();
    const auto tc = static_cast<std::uint8_t>(r.below(8));
    const auto id = r.next<std::uint16_t>(), seq = r.next<std::uint16_t>();
    const auto data = r.octets(100);
    const auto out = build::ethernet(r.mac(), r.mac())
                         .mpls(l1, ttl, tc)
                         .mpls(l2)
                         .ipv4(r.v4(), r.v4())
                         .icmp(build::icmp_echo(id, seq, i % 2 == 0))
                         .payload(data)
                         .to_vector();
    const auto eth = ethernet::view::parse(out);
    ASSERT_TRUE(eth);
    EXPECT_EQ(eth->ether_type(), ether_type::mpls_unicast);
    const auto stack = mpls::walk_stack(eth->payload());
    ASSERT_TRUE(stack);
    ASSERT_EQ(stack->depth, 2U);
    EXPECT_EQ(stack->at(0).to_header(), (mpls::header{l1, tc, false, ttl}));
    EXPECT_EQ(stack->at(1).to_header(), (mpls::header{l2, 0, true, 64}));
    const auto ip = ipv4::view::parse(stack->payload);
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->protocol(), ip_protocol::icmp);
    const auto icmp = icmp::view::parse(ip->payload());
    ASSERT_TRUE(icmp);
    EXPECT_EQ(icmp->kind(),
              i % 2 == 0 ? icmp::message_type::echo_reply : icmp::message_type::echo_request);
    EXPECT_EQ(icmp->identifier(), id);
    EXPECT_EQ(icmp->sequence(), seq);
    EXPECT_TRUE(icmp->checksum_ok());
  }
}

TEST(BuildRoundTrip, IcmpErrorQuotesOriginalDatagram) {
  random_fields r(3);
  for (int i = 0; i < iterations; ++i) {
    const ipv4_address a = r.v4(), b = r.v4();
    const auto sport = r.next<std::uint16_t>();
    const auto out =
        build::raw()
            .ipv4(b, a)
            .icmp({.type = 3, .code = 3})
            .inner(build::raw().ipv4(a, b, {.ttl = 1}).udp(sport, 33434).payload(r.octets(32)))
            .to_vector();
    const auto ip = ipv4::view::parse(out);
    ASSERT_TRUE(ip);
    const auto icmp = icmp::view::parse(ip->payload());
    ASSERT_TRUE(icmp);
    EXPECT_TRUE(icmp->checksum_ok());
    const auto orig = ipv4::view::parse(icmp->original_datagram());
    ASSERT_TRUE(orig);
    EXPECT_EQ(orig->src(), a);
    EXPECT_EQ(orig->ttl(), 1);
    EXPECT_TRUE(orig->checksum_ok());
    const auto udp = udp::view::parse(orig->payload());
    ASSERT_TRUE(udp);
    EXPECT_EQ(udp->src_port(), sport);
    EXPECT_EQ(udp->verify_checksum(pseudo_header::ipv4(a, b, udp::ip_protocol, udp->length())),
              checksum_status::good);
  }
}

TEST(BuildRoundTrip, Sll2Ipv6Icmpv6AndNullIpv4Sctp) {
  random_fields r(42);
  for (int i = 0; i < iterations; ++i) {
    const ipv6_address a = r.v6(), b = r.v6();
    const auto ifindex = r.next<std::int32_t>();
    const auto mac = r.mac();
    const auto out6 = build::linux_sll2(ifindex, linux_sll::packet_type::outgoing, mac)
                          .ipv6(a, b)
                          .icmpv6(build::icmpv6_echo(1, 2))
                          .payload(r.octets(64))
                          .to_vector();
    const auto sll = linux_sll2::view::parse(out6);
    ASSERT_TRUE(sll);
    EXPECT_EQ(sll->ether_type(), ether_type::ipv6);
    EXPECT_EQ(sll->interface_index(), ifindex);
    const auto ip6 = ipv6::view::parse(sll->payload());
    ASSERT_TRUE(ip6);
    EXPECT_EQ(ip6->next_header(), ip_protocol::icmpv6);
    const auto m = icmpv6::view::parse(ip6->payload());
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->checksum_ok(
        pseudo_header::ipv6(a, b, 58, static_cast<std::uint32_t>(ip6->payload().size()))));

    const auto vtag = r.next<std::uint32_t>();
    const auto v1 = r.octets(50), v2 = r.octets(50);
    const auto out4 = build::null_loopback()
                          .ipv4(r.v4(), r.v4())
                          .sctp(r.next<std::uint16_t>(), r.next<std::uint16_t>(), vtag)
                          .chunk(sctp::chunk_type::data, 3, v1)
                          .chunk(sctp::chunk_type::heartbeat, 0, v2)
                          .to_vector();
    const auto lo = null_loopback::view::parse(out4);
    ASSERT_TRUE(lo);
    EXPECT_TRUE(lo->is_ipv4());
    const auto ip4 = ipv4::view::parse(lo->payload());
    ASSERT_TRUE(ip4);
    const auto sctp = sctp::view::parse(ip4->payload());
    ASSERT_TRUE(sctp);
    EXPECT_EQ(sctp->verification_tag(), vtag);
    EXPECT_EQ(sctp->verify_checksum(ip4->payload().size()), checksum_status::good);
    auto chunks = sctp->chunks();
    std::size_t n = 0;
    for (const sctp::chunk& c : chunks) {
      const auto& want = n == 0 ? v1 : v2;
      EXPECT_EQ(c.length, 4 + want.size());
      EXPECT_TRUE(std::equal(want.begin(), want.end(), c.value.begin(), c.value.end()));
      ++n;
    }
    EXPECT_FALSE(chunks.failed());
    EXPECT_EQ(n, 2U);
  }
}

TEST(BuildRoundTrip, PppoeIpv6GreWithAllFieldsThenEthernet) {
  random_fields r(5);
  for (int i = 0; i < iterations; ++i) {
    const auto session = r.next<std::uint16_t>();
    const build::gre_params g{
        .checksum = true, .key = r.next<std::uint32_t>(), .sequence = r.next<std::uint32_t>()};
    const auto out = build::ethernet(r.mac(), r.mac())
                         .pppoe(session)
                         .ipv6(r.v6(), r.v6())
                         .gre(g)
                         .ethernet(r.mac(), r.mac())
                         .arp(arp::operation::request, r.mac(), r.v4(), r.mac(), r.v4())
                         .to_vector();
    const auto eth = ethernet::view::parse(out);
    ASSERT_TRUE(eth);
    EXPECT_EQ(eth->ether_type(), ether_type::pppoe_session);
    const auto pppoe = pppoe::view::parse(eth->payload());
    ASSERT_TRUE(pppoe);
    EXPECT_EQ(pppoe->session_id(), session);
    EXPECT_EQ(pppoe->declared_len(), out.size() - ethernet::header_len);
    EXPECT_EQ(pppoe->session_protocol(), ppp::protocol::ipv6);
    const auto ip = ipv6::view::parse(pppoe->payload().subspan(2));
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->next_header(), ip_protocol::gre);
    const auto gre = gre::view::parse(ip->payload());
    ASSERT_TRUE(gre);
    EXPECT_EQ(gre->key(), g.key);
    EXPECT_EQ(gre->sequence(), g.sequence);
    EXPECT_EQ(gre->protocol_type(), 0x6558);
    EXPECT_EQ(gre->verify_checksum(ip->payload().size()), checksum_status::good);
    const auto inner = ethernet::view::parse(gre->payload());
    ASSERT_TRUE(inner);
    EXPECT_EQ(inner->ether_type(), ether_type::arp);
    EXPECT_TRUE(arp::view::parse(inner->payload()));
  }
}

TEST(BuildRoundTrip, KeepPolicyWritesGivenChecksums) {
  const auto pkt = build::raw()
                       .ipv4(ipv4_address::from_u32(1), ipv4_address::from_u32(2),
                             {.ttl = 0, .checksum = 0xbeef})
                       .tcp(1, 2, {.checksum = 0x1234});
  const auto kept = pkt.to_vector(build::checksum_policy::keep);
  const auto ip = ipv4::view::parse(kept);
  ASSERT_TRUE(ip);
  EXPECT_EQ(ip->checksum(), 0xbeef);
  EXPECT_EQ(ip->ttl(), 0);
  EXPECT_FALSE(ip->checksum_ok());
  EXPECT_EQ(tcp::view::parse(ip->payload())->checksum(), 0x1234);
  const auto computed = pkt.to_vector();
  EXPECT_TRUE(ipv4::view::parse(computed)->checksum_ok());
}

} // namespace
} // namespace pktscope
