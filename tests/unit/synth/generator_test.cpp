// The synthesizer against the decoder: same seed, same bytes; time order; every frame
// decodes strictly with valid checksums; and the labels' attack-packet counts equal counts
// made independently from the decoded output (addresses, ports, flags, ICMP types).

#include <pktscope/synth/generator.hpp>

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_writer.hpp>
#include <pktscope/proto/tcp.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pktscope::synth {
namespace {

scenario small_scenario(std::uint64_t seed) {
  scenario s;
  s.seed = seed;
  s.duration = 20 * ns_per_second;
  s.target_packets = 4000;
  s.hosts = 40;
  s.ipv6_share = 0.3;
  s.events = default_attacks();
  return s;
}

std::vector<std::uint8_t> capture_of(const scenario& s, capture_format format) {
  std::vector<std::uint8_t> out;
  writer_options wo;
  wo.format = format;
  wo.nanosecond = true;
  auto w = capture_writer::write_to_memory(out, wo);
  generator g(s);
  EXPECT_TRUE(write_all(g, *w).has_value());
  EXPECT_TRUE(w->close().has_value());
  return out;
}

/// IPv4 text "a.b.c.d" or prefix "a.b.c.d/n" as (address, mask).
std::pair<std::uint32_t, std::uint32_t> prefix_of(const std::string& text) {
  const auto slash = text.find('/');
  const auto a = ipv4_address::parse(text.substr(0, slash));
  EXPECT_TRUE(a.has_value()) << text;
  const int bits = slash == std::string::npos ? 32 : std::stoi(text.substr(slash + 1));
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return {a ? a->to_u32() & mask : 0, mask};
}

std::uint32_t v4_of(bytes b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         b[3];
}

/// Whether a decoded frame is one of the event's attack packets, judged from the decoded
/// fields alone (what a tshark filter would look at), not from the generator's bookkeeping.
bool is_attack_packet(const event_label& l, const decoded_packet& d) {
  if (d.ip_version != 4) {
    return false;
  }
  const std::uint32_t src = v4_of(d.src_address());
  bool from_attacker = false;
  for (const std::string& a : l.attackers) {
    const auto [net, mask] = prefix_of(a);
    from_attacker = from_attacker || (src & mask) == net;
  }
  if (!from_attacker) {
    return false;
  }
  const auto flags = static_cast<std::uint16_t>(d.tcp_flags & 0xff);
  const bool tcp = d.transport == layer_id::tcp;
  const bool syn_only = tcp && (flags & 0x12) == 0x02;
  std::string type;
  for (const auto& [k, v] : l.params) {
    if (k == "type") {
      type = v;
    }
  }
  switch (l.kind) {
  case event_kind::port_scan:
    if (type == "syn" || type == "connect") {
      return syn_only;
    }
    if (type == "null") {
      return tcp && flags == 0;
    }
    if (type == "fin") {
      return tcp && flags == 0x01;
    }
    if (type == "xmas") {
      return tcp && flags == 0x29;
    }
    if (type == "ack") {
      return tcp && flags == 0x10;
    }
    return d.transport == layer_id::udp && !d.has(layer_id::icmp);
  case event_kind::syn_flood:
    return syn_only && v4_of(d.dst_address()) == prefix_of(l.victims.front()).first;
  case event_kind::sensitive_ports: return syn_only;
  case event_kind::ping_sweep:
  case event_kind::icmp_flood:
  case event_kind::icmp_tunnel: return d.transport == layer_id::icmp && d.icmp_type == 8;
  case event_kind::volume_spike: return true;
  case event_kind::dns_tunnel:
    return d.transport == layer_id::udp && d.dst_port == 53 && d.application == layer_id::dns;
  }
  return false;
}

TEST(SynthGenerator, SameSeedSameBytes) {
  const auto a = capture_of(small_scenario(5), capture_format::pcapng);
  const auto b = capture_of(small_scenario(5), capture_format::pcapng);
  EXPECT_GT(a.size(), 100000U);
  EXPECT_TRUE(a == b);
}

TEST(SynthGenerator, DifferentSeedsDiffer) {
  const auto a = capture_of(small_scenario(5), capture_format::pcap);
  const auto b = capture_of(small_scenario(6), capture_format::pcap);
  EXPECT_FALSE(a == b);
}

TEST(SynthGenerator, TimeOrderedWithinTheCapture) {
  scenario s = small_scenario(11);
  generator g(s);
  timestamp_ns last = s.start;
  std::uint64_t n = 0;
  while (const synth_packet* p = g.next()) {
    ASSERT_GE(p->pkt.ts, last) << "packet " << n;
    ASSERT_LE(p->pkt.ts, s.start + s.duration);
    last = p->pkt.ts;
    ++n;
  }
  EXPECT_EQ(n, g.summary().packets);
  EXPECT_EQ(g.summary().last_ns, last);
}

class SynthLabels : public ::testing::TestWithParam<int> {};

TEST_P(SynthLabels, CountsMatchTheDecodedCapture) {
  scenario s = small_scenario(static_cast<std::uint64_t>(20 + GetParam()));
  if (GetParam() == 1) {
    s.vlan = 42;
  } else if (GetParam() == 2) {
    s.tunnel = tunnel_kind::vxlan;
  } else if (GetParam() == 3) {
    s.tunnel = tunnel_kind::gre;
    s.vlan = 7;
  }
  std::vector<std::uint8_t> file;
  writer_options wo;
  wo.nanosecond = true;
  auto w = capture_writer::write_to_memory(file, wo);
  generator g(s);
  ASSERT_TRUE(write_all(g, *w).has_value());
  ASSERT_TRUE(w->close().has_value());
  const std::vector<event_label>& labels = g.labels();
  ASSERT_EQ(labels.size(), s.events.size());

  auto reader = capture_reader::from_memory(bytes(file));
  ASSERT_TRUE(reader.has_value());
  decode_options opt;
  opt.strict = true;
  opt.verify_checksums = true;
  decoded_packet d;
  std::vector<std::uint64_t> counted(labels.size(), 0);
  std::vector<timestamp_ns> first(labels.size(), 0), last(labels.size(), 0);
  std::uint64_t packets = 0;
  std::uint64_t v6 = 0;
  while (const packet* p = reader->next()) {
    ++packets;
    ASSERT_TRUE(decode(p->data, p->link, opt, d).has_value()) << "packet " << packets;
    // NULL and Xmas scan probes carry their flag anomalies by design; nothing else may
    // (checksums, lengths, trailing bytes).
    d.anomalies.for_each([&](anomaly a) {
      EXPECT_TRUE(a == anomaly::tcp_null_flags || a == anomaly::tcp_xmas_flags)
          << "packet " << packets << ": " << anomaly_name(a);
    });
    if (s.vlan) {
      ASSERT_EQ(d.vlan_count, 1U);
      EXPECT_EQ(d.vlan_ids[0], *s.vlan);
    }
    EXPECT_EQ(d.tunnel_depth, s.tunnel == tunnel_kind::none ? 0 : 1) << "packet " << packets;
    v6 += d.ip_version == 6 ? 1 : 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (is_attack_packet(labels[i], d)) {
        if (counted[i]++ == 0) {
          first[i] = p->ts;
        }
        last[i] = p->ts;
      }
    }
  }
  EXPECT_EQ(packets, g.summary().packets);
  EXPECT_GT(v6, packets / 50) << "IPv6 share missing";
  std::size_t active = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    SCOPED_TRACE(std::string(event_kind_name(labels[i].kind)) + " #" + std::to_string(i));
    EXPECT_EQ(counted[i], labels[i].packets);
    if (labels[i].packets > 0) {
      ++active;
      EXPECT_EQ(first[i], labels[i].start_ns);
      EXPECT_EQ(last[i], labels[i].end_ns);
    }
  }
  EXPECT_GE(active, 14U);
}

INSTANTIATE_TEST_SUITE_P(Encapsulations, SynthLabels, ::testing::Values(0, 1, 2, 3));

TEST(SynthGenerator, AttackFlagMatchesLabels) {
  generator g(small_scenario(3));
  std::vector<std::uint64_t> flagged(g.labels().size(), 0);
  while (const synth_packet* p = g.next()) {
    if (p->attack) {
      ASSERT_GE(p->event, 0);
      ++flagged[static_cast<std::size_t>(p->event)];
    }
  }
  for (std::size_t i = 0; i < flagged.size(); ++i) {
    EXPECT_EQ(flagged[i], g.labels()[i].packets) << i;
  }
}

TEST(SynthGenerator, NormalTrafficNearTheTarget) {
  for (const std::uint64_t target : {5'000ULL, 50'000ULL}) {
    scenario s;
    s.seed = 77;
    s.duration = 120 * ns_per_second;
    s.target_packets = target;
    generator g(s);
    while (g.next() != nullptr) {
    }
    const auto n = static_cast<double>(g.summary().normal_packets);
    EXPECT_GT(n, 0.6 * static_cast<double>(target));
    EXPECT_LT(n, 1.6 * static_cast<double>(target));
  }
}

TEST(SynthGenerator, DiurnalCurvePeaksMidCapture) {
  scenario s;
  s.seed = 8;
  s.duration = 600 * ns_per_second;
  s.target_packets = 60'000;
  generator g(s);
  std::uint64_t edge = 0, middle = 0;
  while (const synth_packet* p = g.next()) {
    const double u = static_cast<double>(p->pkt.ts - s.start) / static_cast<double>(s.duration);
    edge += (u < 0.1 || u >= 0.9) ? 1 : 0;
    middle += (u >= 0.4 && u < 0.6) ? 1 : 0;
  }
  EXPECT_GT(middle, 2 * edge);
}

TEST(SynthScenario, ParsesEvents) {
  std::string why;
  const auto e = parse_event("port_scan:type=xmas,mode=horizontal,speed=slow,port=445,at=25%", why);
  ASSERT_TRUE(e.has_value()) << why;
  EXPECT_EQ(e->kind, event_kind::port_scan);
  EXPECT_EQ(e->scan, scan_type::xmas);
  EXPECT_TRUE(e->horizontal);
  EXPECT_TRUE(e->slow);
  EXPECT_EQ(e->port, 445);
  EXPECT_DOUBLE_EQ(e->at, 0.25);

  const auto f = parse_event("syn_flood:spoofed,victim=10.1.0.3,rate=200,duration=2s,at=10s", why);
  ASSERT_TRUE(f.has_value()) << why;
  EXPECT_TRUE(f->spoofed);
  EXPECT_EQ(f->victim, ipv4_address::parse("10.1.0.3"));
  EXPECT_EQ(f->duration, 2 * ns_per_second);
  EXPECT_EQ(f->at_offset, 10 * ns_per_second);

  EXPECT_FALSE(parse_event("port_scan:type=bogus", why).has_value());
  EXPECT_NE(why.find("scan type"), std::string::npos);
  EXPECT_FALSE(parse_event("teleport", why).has_value());
  EXPECT_FALSE(parse_event("port_scan:ports=9-3", why).has_value());
  EXPECT_FALSE(parse_event("icmp_tunnel:colour=red", why).has_value());
}

TEST(SynthScenario, Validates) {
  scenario s;
  EXPECT_EQ(validate(s), "");
  s.hosts = 2;
  EXPECT_NE(validate(s), "");
  s.hosts = 50;
  s.ipv6_share = 1.5;
  EXPECT_NE(validate(s), "");
  s.ipv6_share = 0;
  s.duration = 0;
  EXPECT_NE(validate(s), "");
}

TEST(SynthScenario, ExplicitEventParameters) {
  scenario s;
  s.seed = 4;
  s.duration = 30 * ns_per_second;
  s.target_packets = 2000;
  std::string why;
  s.events.push_back(*parse_event("port_scan:type=syn,ports=20-29,at=5s,rate=10", why));
  s.events.push_back(*parse_event("icmp_flood:count=77,rate=100,at=1s", why));
  generator g(s);
  while (g.next() != nullptr) {
  }
  const event_label& scan = g.labels()[0];
  EXPECT_EQ(scan.packets, 10U);
  EXPECT_GE(scan.start_ns, s.start + 5 * ns_per_second);
  EXPECT_LT(scan.end_ns, s.start + 7 * ns_per_second);
  EXPECT_EQ(g.labels()[1].packets, 77U);
  EXPECT_EQ(g.labels()[1].response_packets, 77U);
}

} // namespace
} // namespace pktscope::synth
