// Structural detectors: TCP flag sets (values from RFC 9293 §3.1 bit positions and nmap's
// scan probes), payload sizes per service with a seeded size distribution, malformed frames
// (including the snaplen rule).
#include <pktscope/analysis/detect/structural.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

namespace {

using namespace pktscope;
using namespace pktscope::detect;

constexpr timestamp_ns sec = 1'000'000'000;
constexpr timestamp_ns t0 = 1'700'000'000 * sec;
// RFC 9293 §3.1 flag bits.
constexpr std::uint16_t fin = 0x001, syn = 0x002, rst = 0x004, psh = 0x008, ack = 0x010,
                        urg = 0x020;

decoded_packet tcp(std::uint8_t s, std::uint8_t t, std::uint16_t sport, std::uint16_t dport,
                   std::uint16_t flags, std::uint32_t payload = 0) {
  decoded_packet d;
  d.ip_version = 4;
  d.src_addr = {10, 0, 0, s};
  d.dst_addr = {10, 0, 1, t};
  d.ip_protocol = 6;
  d.transport = layer_id::tcp;
  d.src_port = sport;
  d.dst_port = dport;
  d.tcp_flags = flags;
  d.l4_payload_len = payload;
  return d;
}
decoded_packet udp(std::uint16_t sport, std::uint16_t dport, std::uint32_t payload) {
  decoded_packet d = tcp(1, 2, sport, dport, 0, payload);
  d.ip_protocol = 17;
  d.transport = layer_id::udp;
  return d;
}
std::uint32_t reasons(std::initializer_list<flag_reason> rs) {
  std::uint32_t b = 0;
  for (const flag_reason r : rs) {
    b |= 1U << static_cast<unsigned>(r);
  }
  return b;
}

TEST(DetectTcpFlags, AbnormalSets) {
  EXPECT_EQ(abnormal_flags(syn), 0U);
  EXPECT_EQ(abnormal_flags(syn | ack), 0U);
  EXPECT_EQ(abnormal_flags(fin | ack), 0U);
  EXPECT_EQ(abnormal_flags(rst), 0U);
  EXPECT_EQ(abnormal_flags(rst | ack), 0U);
  EXPECT_EQ(abnormal_flags(psh | ack), 0U);
  EXPECT_EQ(abnormal_flags(0), reasons({flag_reason::null_flags}));
  EXPECT_EQ(abnormal_flags(fin | psh | urg), reasons({flag_reason::xmas}));
  EXPECT_EQ(abnormal_flags(syn | fin), reasons({flag_reason::syn_fin}));
  EXPECT_EQ(abnormal_flags(syn | rst), reasons({flag_reason::syn_rst}));
  EXPECT_EQ(abnormal_flags(fin), reasons({flag_reason::fin_no_ack}));
  EXPECT_EQ(abnormal_flags(0x800 | syn), reasons({flag_reason::reserved}));
  // ECN bits (ECE 0x40, CWR 0x80) on a SYN are RFC 3168 negotiation, not an anomaly.
  EXPECT_EQ(abnormal_flags(syn | 0x40 | 0x80), 0U);
}

TEST(DetectTcpFlags, PairsAreCountedAndReportedAtMinPackets) {
  tcp_flag_config cfg;
  cfg.min_packets = 3;
  tcp_flag_detector det{cfg};
  EXPECT_FALSE(det.on_packet(tcp(1, 2, 40000, 80, syn), t0));
  EXPECT_FALSE(det.on_packet(tcp(1, 2, 40000, 80, 0), t0 + 1));
  EXPECT_FALSE(det.on_packet(tcp(1, 2, 40000, 81, fin | psh | urg), t0 + 2));
  const auto e = det.on_packet(tcp(1, 2, 40000, 82, 0), t0 + 3);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->packets, 3U);
  EXPECT_EQ(e->by_reason[static_cast<std::size_t>(flag_reason::null_flags)], 2U);
  EXPECT_EQ(e->by_reason[static_cast<std::size_t>(flag_reason::xmas)], 1U);
  EXPECT_EQ(e->first, t0 + 1);
  EXPECT_EQ(e->last_dst_port, 82);
  EXPECT_FALSE(det.on_packet(tcp(1, 2, 40000, 83, 0), t0 + 4)); // within realert
  EXPECT_TRUE(det.on_packet(tcp(1, 2, 40000, 83, 0), t0 + 3 + 60 * sec));
  EXPECT_FALSE(det.on_packet(tcp(3, 2, 40000, 83, 0), t0 + 5)); // other pair: 1 < 3
}

TEST(DetectTcpFlags, HalfOpenFinFlows) {
  tcp_flag_detector det{tcp_flag_config{}};
  const ip_host a = ip_host::source_of(tcp(1, 2, 1, 2, 0));
  const ip_host b = ip_host::destination_of(tcp(1, 2, 1, 2, 0));
  EXPECT_FALSE(det.on_flow(a, b, conn_state::sf, t0, 80));
  EXPECT_FALSE(det.on_flow(a, b, conn_state::s0, t0, 80));
  const auto e = det.on_flow(a, b, conn_state::sh, t0, 80);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->by_reason[static_cast<std::size_t>(flag_reason::half_open_fin)], 1U);
}

TEST(DetectSize, ServicePortChoice) {
  bool to_server = false;
  EXPECT_EQ(size_anomaly_detector::service_port(40000, 53, &to_server), 53);
  EXPECT_TRUE(to_server);
  EXPECT_EQ(size_anomaly_detector::service_port(443, 51000, &to_server), 443);
  EXPECT_FALSE(to_server);
  EXPECT_EQ(size_anomaly_detector::service_port(123, 123, &to_server), 123);
  EXPECT_EQ(size_anomaly_detector::service_port(50000, 8000, &to_server), 8000);
  EXPECT_TRUE(to_server);
  EXPECT_EQ(size_anomaly_detector::service_port(8000, 50000, &to_server), 8000);
  EXPECT_FALSE(to_server);
}

TEST(DetectSize, SeededDnsQueriesThenOversizedOnes) {
  size_anomaly_config cfg; // warmup 200, k 6, min_delta 256, min_count 10
  size_anomaly_detector det{cfg};
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::uint32_t> q(28, 60); // ordinary query payloads
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(det.on_packet(udp(40000, 53, q(rng)), t0 + i * 1000));
  }
  // Queries of 400 octets: 9 do not make a report, the 10th does.
  for (int i = 1; i <= 9; ++i) {
    EXPECT_FALSE(det.on_packet(udp(40000, 53, 400), t0 + sec + i)) << i;
  }
  const auto e = det.on_packet(udp(40001, 53, 450), t0 + sec + 10);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->service.port, 53);
  EXPECT_EQ(e->service.ip_protocol, 17);
  EXPECT_TRUE(e->to_server);
  EXPECT_EQ(e->count, 10U);
  EXPECT_DOUBLE_EQ(e->max_size, 450);
  EXPECT_NEAR(e->mean, 44, 2); // uniform 28..60
}

TEST(DetectSize, BaselineProfileBoundary) {
  // mean 100, sd 10: irregular beyond 6 sd = 60 and at least 256 away: > 356 or < -156.
  const std::vector<size_profile> profiles{{17, 514, true, 100.0, 100.0, 5000}};
  size_anomaly_config cfg;
  cfg.min_count = 1;
  size_anomaly_detector det{cfg, &profiles};
  EXPECT_FALSE(det.on_packet(udp(40000, 514, 355), t0));
  EXPECT_TRUE(det.on_packet(udp(40000, 514, 356), t0 + 1));
}

TEST(DetectMalformed, CodesAndSnaplenRule) {
  malformed_detector det{malformed_config{}};
  std::array<std::uint8_t, 60> frame{};
  decoded_packet d = tcp(1, 2, 1000, 80, ack);
  d.frame = bytes(frame.data(), 40);
  d.anomalies.add(anomaly::truncated_header);
  // 40 of 60 octets captured: the capture cut it, not malformed.
  EXPECT_EQ(det.malformed_codes(d, 60), 0U);
  EXPECT_FALSE(det.on_packet(d, t0, 60));
  // Whole frame captured but a header runs past its end: malformed.
  const auto e = det.on_packet(d, t0 + 1, 40);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->by_code[static_cast<std::size_t>(anomaly::truncated_header)], 1U);
  decoded_packet ok = tcp(1, 2, 1000, 80, ack);
  ok.anomalies.add(anomaly::bad_tcp_checksum); // checksums are off by default
  EXPECT_FALSE(det.on_packet(ok, t0 + 2, 0));
  decoded_packet bad = tcp(5, 2, 1000, 80, ack);
  bad.anomalies.add(anomaly::bad_header_length);
  bad.stopped = malformed(layer_id::tcp, 46).value();
  const auto e2 = det.on_packet(bad, t0 + 3, 0);
  ASSERT_TRUE(e2);
  ASSERT_TRUE(e2->last_error);
  EXPECT_EQ(e2->last_error->offset, 46U);
}

} // namespace

namespace {
TEST(DetectSize, TcpSegmentsOnlyWhenEnabled) {
  const std::vector<pktscope::detect::size_profile> profiles{{6, 80, true, 100.0, 100.0, 5000}};
  pktscope::detect::size_anomaly_config cfg;
  cfg.min_count = 1;
  pktscope::detect::size_anomaly_detector off{cfg, &profiles};
  EXPECT_FALSE(off.on_packet(tcp(1, 2, 40000, 80, ack, 1400), t0));
  cfg.tcp = true;
  pktscope::detect::size_anomaly_detector on{cfg, &profiles};
  EXPECT_FALSE(on.on_packet(tcp(1, 2, 40000, 80, ack, 0), t0)); // pure ACK
  EXPECT_TRUE(on.on_packet(tcp(1, 2, 40000, 80, ack, 1400), t0));
}
} // namespace

namespace {
// min_packets and realert boundaries: with min_packets = 3 the second malformed frame of a
// pair is not reported and the third is; within realert (60 s) nothing more, at 60 s again.
TEST(DetectMalformed, MinPacketsAndRealertBoundaries) {
  pktscope::detect::malformed_config cfg;
  cfg.min_packets = 3;
  pktscope::detect::malformed_detector det{cfg};
  decoded_packet bad = tcp(5, 2, 1000, 80, ack);
  bad.anomalies.add(anomaly::bad_header_length);
  EXPECT_FALSE(det.on_packet(bad, t0, 0));
  EXPECT_FALSE(det.on_packet(bad, t0 + 1, 0));  // 2: one below
  const auto e = det.on_packet(bad, t0 + 2, 0); // 3: at the threshold
  ASSERT_TRUE(e);
  EXPECT_EQ(e->packets, 3U);
  EXPECT_FALSE(det.on_packet(bad, t0 + 2 + 60 * sec - 1, 0));
  EXPECT_TRUE(det.on_packet(bad, t0 + 2 + 60 * sec, 0));
  // Another pair counts from zero.
  decoded_packet other = tcp(6, 2, 1000, 80, ack);
  other.anomalies.add(anomaly::bad_header_length);
  EXPECT_FALSE(det.on_packet(other, t0 + 3, 0));
}
} // namespace
