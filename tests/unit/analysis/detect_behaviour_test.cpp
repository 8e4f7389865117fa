// Behavioural detectors on hand-made packet summaries: sensitive ports, new talkers, DNS
// anomalies. Thresholds are checked one below and at/above their documented values.
#include <pktscope/analysis/detect/behaviour.hpp>

#include <pktscope/proto/dns.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace pktscope;
using namespace pktscope::detect;

constexpr timestamp_ns sec = 1'000'000'000;
constexpr timestamp_ns t0 = 1'700'000'000 * sec;
constexpr std::uint16_t syn = 0x002, ack = 0x010;

decoded_packet ip4(std::uint8_t src_last, std::uint8_t dst_last) {
  decoded_packet d;
  d.ip_version = 4;
  d.src_addr = {192, 0, 2, src_last};
  d.dst_addr = {198, 51, 100, dst_last};
  return d;
}
decoded_packet tcp(std::uint8_t s, std::uint8_t t, std::uint16_t sport, std::uint16_t dport,
                   std::uint16_t flags) {
  decoded_packet d = ip4(s, t);
  d.ip_protocol = 6;
  d.transport = layer_id::tcp;
  d.src_port = sport;
  d.dst_port = dport;
  d.tcp_flags = flags;
  return d;
}
decoded_packet udp(std::uint8_t s, std::uint8_t t, std::uint16_t sport, std::uint16_t dport) {
  decoded_packet d = ip4(s, t);
  d.ip_protocol = 17;
  d.transport = layer_id::udp;
  d.src_port = sport;
  d.dst_port = dport;
  return d;
}

// ---------------------------------------------------------------------------------------------

TEST(DetectSensitivePort, AnsweredTelnetIsReportedOncePerPeriod) {
  sensitive_port_detector det{sensitive_port_config{}};
  // Client 192.0.2.1 opens telnet (23) on 198.51.100.9: the SYN alone says nothing...
  EXPECT_FALSE(det.on_packet(tcp(1, 9, 40000, 23, syn), t0));
  // ...the server's SYN+ACK (sent from 198.51.100.9:23 back to the client) does.
  decoded_packet synack = tcp(9, 1, 23, 40000, syn | ack);
  synack.src_addr = {198, 51, 100, 9};
  synack.dst_addr = {192, 0, 2, 1};
  const auto e = det.on_packet(synack, t0 + 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, 23);
  EXPECT_EQ(e->ip_protocol, 6);
  EXPECT_TRUE(e->responded);
  EXPECT_EQ(e->client.addr[0], 192);
  EXPECT_EQ(e->server.addr[0], 198);
  // Again within realert (5 min): nothing; just after: reported again.
  EXPECT_FALSE(det.on_packet(synack, t0 + 300 * sec));
  EXPECT_TRUE(det.on_packet(synack, t0 + 1 + 300 * sec));
}

TEST(DetectSensitivePort, OrdinaryPortsAndUnansweredProbesAreNot) {
  sensitive_port_detector det{sensitive_port_config{}};
  EXPECT_FALSE(det.on_packet(tcp(9, 1, 443, 40000, syn | ack), t0));
  EXPECT_FALSE(det.on_packet(tcp(9, 1, 24, 40000, syn | ack), t0)); // 24 is not listed
  EXPECT_FALSE(det.on_packet(tcp(1, 9, 40000, 3389, syn), t0));
  sensitive_port_config every;
  every.require_response = false;
  sensitive_port_detector eager{every};
  EXPECT_TRUE(eager.on_packet(tcp(1, 9, 40000, 3389, syn), t0));
  EXPECT_TRUE(eager.on_packet(udp(1, 9, 40000, 161), t0)); // SNMP
}

TEST(DetectSensitivePort, UdpReplyAndBaselineServices) {
  sensitive_port_detector det{sensitive_port_config{}};
  EXPECT_FALSE(det.on_packet(udp(1, 9, 40000, 69), t0)); // TFTP request: no answer yet
  const auto e = det.on_packet(udp(9, 1, 69, 40000), t0 + 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->ip_protocol, 17);
  // A baseline that knows this TFTP server silences it.
  const std::vector<service_key> known{{ip_host::source_of(udp(9, 1, 69, 40000)), 69, 17}};
  sensitive_port_detector quiet{sensitive_port_config{}, &known};
  EXPECT_FALSE(quiet.on_packet(udp(9, 1, 69, 40000), t0));
  EXPECT_TRUE(quiet.on_packet(udp(8, 1, 69, 40000), t0)); // another server
}

// ---------------------------------------------------------------------------------------------

TEST(DetectNewTalker, SilentWithoutBaselineByDefault) {
  // The default needs a baseline: a capture's first minutes say nothing about usual talkers.
  new_talker_config cfg;
  cfg.min_packets = 1;
  new_talker_detector det{cfg};
  for (std::uint8_t h = 1; h <= 5; ++h) {
    for (int i = 0; i < 30; ++i) {
      EXPECT_FALSE(det.on_packet(udp(h, 9, 1000, 53), t0 + h * 3600 * sec + i, 100)) << int{h};
    }
  }
  // An empty baseline is still a baseline: every talker is new.
  const std::vector<ip_host> none;
  new_talker_detector empty{cfg, &none};
  EXPECT_TRUE(empty.on_packet(udp(1, 9, 1000, 53), t0, 100));
}

TEST(DetectNewTalker, WarmupHostsAreKnownAndNewOnesNeedMinPackets) {
  new_talker_config cfg;
  cfg.require_baseline = false;
  cfg.warmup = seconds(60);
  cfg.min_packets = 20;
  new_talker_detector det{cfg};
  EXPECT_FALSE(det.on_packet(udp(1, 9, 1000, 53), t0, 100)); // warm-up: 192.0.2.1 is known
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(det.on_packet(udp(1, 9, 1000, 53), t0 + 61 * sec + i, 100));
  }
  // 192.0.2.2 appears after the warm-up: reported with its 20th packet, not its 19th.
  for (int i = 1; i <= 19; ++i) {
    EXPECT_FALSE(det.on_packet(udp(2, 9, 1000, 53), t0 + 70 * sec + i, 100)) << i;
  }
  const auto e = det.on_packet(udp(2, 9, 1000, 53), t0 + 71 * sec, 100);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host.addr[3], 2);
  EXPECT_EQ(e->packets, 20U);
  EXPECT_EQ(e->bytes, 2000U);
  EXPECT_EQ(e->first_seen, t0 + 70 * sec + 1);
  EXPECT_FALSE(det.on_packet(udp(2, 9, 1000, 53), t0 + 72 * sec, 100)); // once
}

TEST(DetectNewTalker, WarmupBoundaryAndBaseline) {
  new_talker_config cfg;
  cfg.require_baseline = false;
  cfg.warmup = seconds(60);
  cfg.min_packets = 1;
  new_talker_detector det{cfg};
  EXPECT_FALSE(det.on_packet(udp(1, 9, 1000, 53), t0, 60));
  EXPECT_FALSE(det.on_packet(udp(2, 9, 1000, 53), t0 + 60 * sec - 1, 60)); // last warm-up ns
  EXPECT_TRUE(det.on_packet(udp(3, 9, 1000, 53), t0 + 60 * sec, 60));      // first after
  const std::vector<ip_host> known{ip_host::source_of(udp(1, 9, 1, 1))};
  new_talker_detector base{cfg, &known};
  EXPECT_FALSE(base.on_packet(udp(1, 9, 1000, 53), t0, 60));
  EXPECT_TRUE(base.on_packet(udp(2, 9, 1000, 53), t0, 60)); // no warm-up with a baseline
  // With a baseline, require_baseline changes nothing.
  cfg.require_baseline = true;
  cfg.min_packets = 2;
  new_talker_detector strict{cfg, &known};
  EXPECT_FALSE(strict.on_packet(udp(1, 9, 1000, 53), t0, 60));
  EXPECT_FALSE(strict.on_packet(udp(2, 9, 1000, 53), t0, 60)); // 1st packet < min_packets
  EXPECT_TRUE(strict.on_packet(udp(2, 9, 1000, 53), t0 + 1, 60));
}

// ---------------------------------------------------------------------------------------------

struct dns_packet {
  std::array<std::uint8_t, 600> buf{};
  decoded_packet d;
};
// A DNS message as the decoder records it: a dns layer spanning the message.
void make_dns(dns_packet& p, decoded_packet base, std::uint16_t flags, const std::string& name) {
  dns::message_builder b(p.buf, 0x1234, flags);
  ASSERT_TRUE(b.add_question(name, dns::qtype::a));
  p.d = base;
  p.d.frame = bytes(p.buf.data(), b.size());
  p.d.layers[0] = {layer_id::dns, 0, static_cast<std::uint16_t>(b.size()), 0,
                   static_cast<std::uint32_t>(b.size())};
  p.d.layer_count = 1;
  p.d.application = layer_id::dns;
}
constexpr std::uint16_t dns_query = 0x0100;    // RD
constexpr std::uint16_t dns_nxdomain = 0x8183; // QR RD RA, RCODE 3 (RFC 1035 §4.1.1)
constexpr std::uint16_t dns_ok = 0x8180;

TEST(DetectDns, EntropyPartDropsTheRegisteredDomain) {
  EXPECT_EQ(dns_anomaly_detector::entropy_part("www.example.com"), "www");
  EXPECT_EQ(dns_anomaly_detector::entropy_part("a.b.example.com."), "a.b");
  EXPECT_EQ(dns_anomaly_detector::entropy_part("example.com"), "");
  EXPECT_EQ(dns_anomaly_detector::entropy_part("localhost"), "");
}

TEST(DetectDns, NameThresholds) {
  dns_anomaly_detector det{dns_anomaly_config{}};
  double h = 0;
  // 100 characters is allowed, 101 is long (max_name_length = 100).
  const std::string base = ".example.com"; // 12 characters
  EXPECT_FALSE(det.judge_name(std::string(88, 'a') + base, &h));
  EXPECT_EQ(det.judge_name(std::string(89, 'a') + base, &h), dns_anomaly_reason::long_name);
  // 32 distinct characters: exactly 5 bits; 16 distinct: exactly 4 bits (not above 4.0).
  const std::string b32 = "abcdefghijklmnopqrstuvwxyz234567";
  EXPECT_EQ(det.judge_name(b32 + base, &h), dns_anomaly_reason::high_entropy_name);
  EXPECT_DOUBLE_EQ(h, 5.0);
  EXPECT_FALSE(det.judge_name("0123456789abcdef0123456789abcdef" + base, &h));
  EXPECT_DOUBLE_EQ(h, 4.0);
  // 23 random-looking characters are below entropy_min_length = 24; 24 are judged.
  EXPECT_FALSE(det.judge_name(b32.substr(0, 23) + base, &h));
  EXPECT_TRUE(det.judge_name(b32.substr(0, 24) + base, &h));
  EXPECT_FALSE(det.judge_name("mail.google.com", &h));
}

TEST(DetectDns, QueriesWithTunnelNamesAreReported) {
  dns_anomaly_detector det{dns_anomaly_config{}};
  dns_packet p;
  make_dns(p, udp(1, 53, 40000, 53), dns_query, "www.example.com");
  EXPECT_FALSE(det.on_packet(p.d, t0));
  // A dnscat2-like query: hex payload labels, 2 x 60 characters.
  std::mt19937 rng(7);
  std::string label1, label2;
  for (int i = 0; i < 60; ++i) {
    label1 += "0123456789abcdef"[rng() % 16];
    label2 += "0123456789abcdef"[rng() % 16];
  }
  make_dns(p, udp(1, 53, 40000, 53), dns_query, label1 + "." + label2 + ".tunnel.example");
  const auto e = det.on_packet(p.d, t0 + 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reason, dns_anomaly_reason::long_name);
  EXPECT_EQ(e->name(), label1 + "." + label2 + ".tunnel.example");
  EXPECT_EQ(e->client.addr[3], 1);
}

TEST(DetectDns, NxdomainStormThreshold) {
  dns_anomaly_config cfg;
  cfg.nxdomain_threshold = 30;
  cfg.window = seconds(60);
  dns_anomaly_detector det{cfg};
  dns_packet p;
  // Responses from the resolver 198.51.100.53 to client 192.0.2.1 (source/destination swapped).
  decoded_packet resp = udp(53, 1, 53, 40000);
  resp.src_addr = {198, 51, 100, 53};
  resp.dst_addr = {192, 0, 2, 1};
  make_dns(p, resp, dns_ok, "fine.example.com");
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(det.on_packet(p.d, t0 + i)); // answers that exist never count
  }
  make_dns(p, resp, dns_nxdomain, "qxzvkwp.example.com");
  for (int i = 1; i <= 29; ++i) {
    EXPECT_FALSE(det.on_packet(p.d, t0 + i * sec)) << i;
  }
  const auto e = det.on_packet(p.d, t0 + 30 * sec);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reason, dns_anomaly_reason::nxdomain_storm);
  EXPECT_EQ(e->count, 30U);
  EXPECT_EQ(e->client.addr[0], 192);
  EXPECT_EQ(e->server.addr[3], 53);
  EXPECT_EQ(e->name(), "qxzvkwp.example.com");
  EXPECT_FALSE(det.on_packet(p.d, t0 + 31 * sec)); // once per window
}

TEST(DetectDns, SlowNxdomainsDoNotMakeAStorm) {
  dns_anomaly_detector det{dns_anomaly_config{}};
  dns_packet p;
  make_dns(p, udp(53, 1, 53, 40000), dns_nxdomain, "typo.example.com");
  for (int i = 0; i < 200; ++i) { // one every 3 s: 20 per window
    EXPECT_FALSE(det.on_packet(p.d, t0 + i * 3 * sec));
  }
}

} // namespace
