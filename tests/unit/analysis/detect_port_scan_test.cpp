// Connection attempt tracking and port scan detection on synthetic packet sequences. Expected
// decision points come from the TRW formulas of Jung et al. 2004 (eta1 = P_D / P_F, steps
// ln((1 - theta1) / (1 - theta0)) per failure and ln(theta1 / theta0) per success) and from
// Zeek scan.zeek's thresholds, not from the detector's own output.
#include "detect_support.hpp"

#include <pktscope/analysis/detect/port_scan.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace {

using namespace detect_test;

const v4 scanner{203, 0, 113, 9};
const v4 victim{10, 1, 0, 5};

detect_config scan_only() {
  detect_config c;
  c.syn_flood.enabled = false;
  c.icmp.enabled = false;
  return c;
}

// A SYN to `port` answered `answer_after` later by RST+ACK (closed) or SYN+ACK (open).
void probe(feeder& f, timestamp_ns ts, v4 dst, std::uint16_t port, bool open,
           timestamp_ns answer_after = ms) {
  f(ts, tcp(scanner, dst, 40000, port, syn));
  f(ts + answer_after, tcp(dst, scanner, port, 40000, open ? (syn | ack) : (rst | ack)));
}

TEST(DetectTrw, FailuresNeededFollowTheFormula) {
  port_scan_config c;
  // ln(0.99 / 0.01) / ln(0.8 / 0.2) = 4.595 / 1.386 = 3.31 -> 4 failures.
  EXPECT_EQ(trw_failures_to_detect(c), 4U);
  c.trw_p_d = 0.999;
  c.trw_p_f = 0.001; // ln 999 / ln 4 = 4.98 -> 5
  EXPECT_EQ(trw_failures_to_detect(c), 5U);
  c.trw_theta0 = 0.9; // ln 999 / ln(0.8 / 0.1) = 6.907 / 2.079 = 3.32 -> 4
  EXPECT_EQ(trw_failures_to_detect(c), 4U);
  const trw_bounds b = make_trw_bounds(port_scan_config{});
  EXPECT_NEAR(b.log_eta1, std::log(99.0), 1e-12);
  EXPECT_NEAR(b.log_eta0, std::log(0.01 / 0.99), 1e-12);
  EXPECT_NEAR(b.log_fail, std::log(4.0), 1e-12);
  EXPECT_NEAR(b.log_success, std::log(0.25), 1e-12);
}

TEST(DetectPortScan, TrwNamesTheScannerAtExactlyTheFourthFailure) {
  feeder f(scan_only());
  for (std::uint16_t p = 1; p <= 3; ++p) {
    probe(f, t0 + p * 10 * ms, victim, p, false);
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty()); // 4^3 = 64 < 99
  probe(f, t0 + 40 * ms, victim, 4, false);              // 4^4 = 256 >= 99
  const auto alerts = f.pending(alert_kind::port_scan);
  ASSERT_EQ(alerts.size(), 1U);
  const alert& a = alerts[0];
  EXPECT_EQ(a.src->to_string(), "203.0.113.9");
  ASSERT_TRUE(a.dst);
  EXPECT_EQ(a.dst->to_string(), "10.1.0.5");
  EXPECT_EQ(a.evidence.text("direction"), "vertical");
  EXPECT_EQ(a.evidence.text("scan_type"), "syn");
  EXPECT_EQ(a.evidence.number("failures"), 4.0);
  EXPECT_EQ(a.evidence.number("detected_after_probes"), 4.0);
  EXPECT_EQ(a.start_ns, t0 + 10 * ms);
  EXPECT_EQ(a.detector, "port_scan");
  EXPECT_EQ(a.packets.front(), 0U); // the first probe
}

TEST(DetectPortScan, ASuccessCostsTwoMoreFailures) {
  // F F F S: Lambda = 4^3 / 4 = 16; then 64 (< 99), then 256: the scanner is named at the
  // fifth failure, not the fourth.
  feeder f(scan_only());
  probe(f, t0 + 10 * ms, victim, 1, false);
  probe(f, t0 + 20 * ms, victim, 2, false);
  probe(f, t0 + 30 * ms, victim, 3, false);
  probe(f, t0 + 40 * ms, victim, 80, true);
  probe(f, t0 + 50 * ms, victim, 4, false);
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
  probe(f, t0 + 60 * ms, victim, 5, false);
  EXPECT_EQ(f.pending(alert_kind::port_scan).size(), 1U);
}

TEST(DetectPortScan, BenignDecisionRestartsTheWalk) {
  // Four successes: Lambda = 4^-4 = 0.0039 <= eta0 = 0.0101 (three give 0.0156 > eta0), so the
  // walk restarts at 1 and four failures suffice again. Without the restart eight would be
  // needed (4^-4 * 4^n >= 99).
  feeder f(scan_only());
  timestamp_ns t = t0;
  for (std::uint16_t p = 1; p <= 4; ++p) {
    probe(f, t += 10 * ms, victim, static_cast<std::uint16_t>(100 + p), true);
  }
  for (std::uint16_t p = 1; p <= 3; ++p) {
    probe(f, t += 10 * ms, victim, p, false);
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
  probe(f, t += 10 * ms, victim, 4, false);
  EXPECT_EQ(f.pending(alert_kind::port_scan).size(), 1U);
}

TEST(DetectPortScan, ThreeSuccessesDoNotRestart) {
  // 4^-3 * 4^n >= 99 needs n = 7 failures after three successes.
  feeder f(scan_only());
  timestamp_ns t = t0;
  for (std::uint16_t p = 1; p <= 3; ++p) {
    probe(f, t += 10 * ms, victim, static_cast<std::uint16_t>(100 + p), true);
  }
  for (std::uint16_t p = 1; p <= 6; ++p) {
    probe(f, t += 10 * ms, victim, p, false);
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
  probe(f, t += 10 * ms, victim, 7, false);
  EXPECT_EQ(f.pending(alert_kind::port_scan).size(), 1U);
}

TEST(DetectPortScan, RepeatedContactsAreOneObservation) {
  // Jung et al. count first contacts only: the same closed port ten times is one failure.
  feeder f(scan_only());
  for (int i = 0; i < 10; ++i) {
    f(t0 + i * 10 * ms, tcp(scanner, victim, static_cast<std::uint16_t>(40000 + i), 23, syn));
    f(t0 + i * 10 * ms + ms,
      tcp(victim, scanner, 23, static_cast<std::uint16_t>(40000 + i), rst | ack));
  }
  f.eng.finish();
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
}

TEST(DetectPortScan, UnansweredProbesFailAfterTheTimeout) {
  detect_config c = scan_only();
  feeder f(c);
  for (std::uint16_t p = 1; p <= 4; ++p) {
    f(t0 + p * sec, tcp(scanner, victim, 40000, p, syn));
  }
  // The 4th probe (t0 + 4 s) times out at t0 + 7 s: a packet just before leaves it pending.
  f(t0 + 7 * sec - 1, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 5353, 5353));
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
  f(t0 + 7 * sec, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 5353, 5353));
  ASSERT_EQ(f.pending(alert_kind::port_scan).size(), 1U);
}

TEST(DetectPortScan, SlowScanIsNamedAtItsFourthFailure) {
  feeder f(scan_only());
  for (std::uint16_t p = 1; p <= 4; ++p) {
    probe(f, t0 + p * 40 * sec, victim, p, false); // one probe every 40 s
    EXPECT_EQ(f.pending(alert_kind::port_scan).size(), p < 4 ? 0U : 1U) << p;
  }
}

TEST(DetectPortScan, PortThresholdOneBelowAndAt) {
  // Make TRW slow (P_F = 1e-12: ln(0.99e12) / ln 4 = 19.9 -> 20 failures) so Zeek's
  // port_scan_threshold (15 distinct failed ports on one host) decides.
  detect_config c = scan_only();
  c.port_scan.trw_p_f = 1e-12;
  ASSERT_EQ(trw_failures_to_detect(c.port_scan), 20U);
  feeder f(c);
  for (std::uint16_t p = 1; p <= 14; ++p) {
    probe(f, t0 + p * sec, victim, p, false);
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
  probe(f, t0 + 15 * sec, victim, 15, false);
  const auto alerts = f.pending(alert_kind::port_scan);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].evidence.number("max_ports_on_host"), 15.0);
}

TEST(DetectPortScan, PortThresholdCountsWithinTheWindowOnly) {
  detect_config c = scan_only();
  c.port_scan.trw_p_f = 1e-12;
  feeder f(c);
  // 10 failed ports, then 5 more after the 5-minute window: no single window holds 15.
  for (std::uint16_t p = 1; p <= 10; ++p) {
    probe(f, t0 + p * sec, victim, p, false);
  }
  for (std::uint16_t p = 11; p <= 15; ++p) {
    probe(f, t0 + 400 * sec + p * sec, victim, p, false);
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
}

TEST(DetectPortScan, HorizontalHostThresholdOneBelowAndAt) {
  // TRW out of the way: ln(0.99e20) / ln 4 = 33.2 -> 34 failures.
  detect_config c = scan_only();
  c.port_scan.trw_p_f = 1e-20;
  ASSERT_EQ(trw_failures_to_detect(c.port_scan), 34U);
  feeder f(c);
  for (std::uint8_t h = 1; h <= 24; ++h) {
    probe(f, t0 + h * sec, {10, 1, 0, h}, 22, false);
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
  probe(f, t0 + 25 * sec, {10, 1, 0, 25}, 22, false);
  const auto alerts = f.pending(alert_kind::port_scan);
  ASSERT_EQ(alerts.size(), 1U);
  const alert& a = alerts[0];
  EXPECT_FALSE(a.dst);
  EXPECT_EQ(a.evidence.text("direction"), "horizontal");
  EXPECT_EQ(a.evidence.number("port"), 22.0);
  EXPECT_EQ(a.evidence.number("max_hosts_on_port"), 25.0);
  // Hosts 1..25 share 27 leading bits (25 = 0b11001).
  EXPECT_EQ(a.evidence.text("target_prefix"), "10.1.0.0/27");
}

// One probe of each nmap type against a closed port of a live host, as nmap documents the
// answers (nmap.org/book/man-port-scanning-techniques.html): RST for SYN/NULL/FIN/Xmas/ACK,
// ICMP port unreachable for UDP.
alert scan_with(std::uint16_t flags, bool udp_probe) {
  feeder f(scan_only());
  static const std::vector<std::uint8_t> no_payload;
  for (std::uint16_t p = 1; p <= 4; ++p) {
    const timestamp_ns t = t0 + p * 10 * ms;
    if (udp_probe) {
      f(t, udp(scanner, victim, 40000, p));
      // ICMP port unreachable quoting the probe: IPv4 header (RFC 791) + 8 UDP octets.
      std::vector<std::uint8_t> quote = {0x45,
                                         0,
                                         0,
                                         28,
                                         0,
                                         1,
                                         0,
                                         0,
                                         64,
                                         17,
                                         0,
                                         0,
                                         203,
                                         0,
                                         113,
                                         9,
                                         10,
                                         1,
                                         0,
                                         5,
                                         0x9c,
                                         0x40,
                                         static_cast<std::uint8_t>(p >> 8),
                                         static_cast<std::uint8_t>(p),
                                         0,
                                         8,
                                         0,
                                         0};
      f(t + ms, icmp(victim, scanner, 3, 3, &quote));
    } else {
      f(t, tcp(scanner, victim, 40000, p, flags));
      f(t + ms, tcp(victim, scanner, p, 40000, rst));
    }
  }
  const auto alerts = f.pending(alert_kind::port_scan);
  EXPECT_EQ(alerts.size(), 1U);
  return alerts.empty() ? alert{} : alerts[0];
}

TEST(DetectPortScan, ScanTypes) {
  EXPECT_EQ(scan_with(syn, false).evidence.text("scan_type"), "syn");
  EXPECT_EQ(scan_with(0, false).evidence.text("scan_type"), "null");
  EXPECT_EQ(scan_with(fin, false).evidence.text("scan_type"), "fin");
  EXPECT_EQ(scan_with(fin | psh | urg, false).evidence.text("scan_type"), "xmas");
  EXPECT_EQ(scan_with(ack, false).evidence.text("scan_type"), "ack");
  EXPECT_EQ(scan_with(0, true).evidence.text("scan_type"), "udp");
}

TEST(DetectPortScan, ConnectScanCompletesHandshakes) {
  // -sT: the scanner ACKs SYN+ACK of open ports; -sS resets them.
  for (const bool connect : {true, false}) {
    feeder f(scan_only());
    timestamp_ns t = t0;
    for (std::uint16_t p = 1; p <= 2; ++p) { // open ports: success, success
      f(t += 10 * ms, tcp(scanner, victim, 40000, p, syn));
      f(t += ms, tcp(victim, scanner, p, 40000, syn | ack));
      f(t += ms, tcp(scanner, victim, 40000, p, connect ? ack : rst));
    }
    for (std::uint16_t p = 10; p <= 15; ++p) { // 4^-2 * 4^6 >= 99 at the sixth failure
      probe(f, t += 10 * ms, victim, p, false);
    }
    const auto alerts = f.pending(alert_kind::port_scan);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].evidence.text("scan_type"), connect ? "connect" : "syn");
  }
}

TEST(DetectPortScan, UnansweredBareAcksAreNoEvidence) {
  feeder f(scan_only());
  for (std::uint16_t p = 1; p <= 10; ++p) {
    f(t0 + p * 10 * ms, tcp(scanner, victim, 40000, p, ack));
  }
  f.eng.finish();
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
}

TEST(DetectPortScan, NormalClientIsNotAScanner) {
  // A client opening 200 connections to 20 servers, all answered, a few refused.
  feeder f(scan_only());
  timestamp_ns t = t0;
  for (int i = 0; i < 200; ++i) {
    const v4 server{10, 1, 1, static_cast<std::uint8_t>(1 + i % 20)};
    const auto sport = static_cast<std::uint16_t>(50000 + i);
    const bool refused = i % 25 == 24;
    f(t += 100 * ms, tcp({10, 1, 0, 77}, server, sport, 443, syn));
    f(t += ms, tcp(server, {10, 1, 0, 77}, 443, sport, refused ? (rst | ack) : (syn | ack)));
    if (!refused) {
      f(t += ms, tcp({10, 1, 0, 77}, server, sport, 443, ack));
    }
  }
  f.eng.finish();
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
}

TEST(DetectPortScan, MulticastDestinationsAreNotAttempts) {
  feeder f(scan_only());
  for (std::uint16_t p = 1; p <= 10; ++p) {
    f(t0 + p * sec, udp(scanner, {239, 255, 255, 250}, 40000, p));
  }
  f.eng.finish();
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
}

TEST(DetectConnectionTracker, OutcomesInOrder) {
  connection_tracker tr({.attempt_timeout = 3 * sec});
  tr.on_packet(tcp(scanner, victim, 40000, 80, syn), t0, 0);
  tr.on_packet(tcp(victim, scanner, 80, 40000, syn | ack), t0 + ms, 1);
  tr.on_packet(tcp(scanner, victim, 40000, 80, ack), t0 + 2 * ms, 2);
  tr.on_packet(tcp(scanner, victim, 40001, 81, syn), t0 + 3 * ms, 3);
  tr.on_packet(tcp(scanner, victim, 40001, 81, syn), t0 + 4 * ms, 4); // retransmission
  tr.expire(t0 + 3 * sec + 3 * ms);
  const auto& ev = tr.events();
  ASSERT_EQ(ev.size(), 5U);
  EXPECT_EQ(ev[0].outcome, attempt_outcome::started);
  EXPECT_EQ(ev[1].outcome, attempt_outcome::answered);
  EXPECT_EQ(ev[1].index, 1U);
  EXPECT_EQ(ev[2].outcome, attempt_outcome::completed);
  EXPECT_EQ(ev[3].outcome, attempt_outcome::started);
  EXPECT_EQ(ev[3].dport, 81);
  EXPECT_EQ(ev[4].outcome, attempt_outcome::unanswered);
  EXPECT_EQ(ev[4].ts, t0 + 3 * sec + 3 * ms);
  EXPECT_EQ(tr.pending(), 0U);
}

TEST(DetectConnectionTracker, FullTableTimesOutTheOldest) {
  connection_tracker tr({.attempt_timeout = 3 * sec, .max_pending = 16});
  for (std::uint16_t p = 1; p <= 17; ++p) {
    tr.on_packet(tcp(scanner, victim, 40000, p, syn), t0 + p, p);
  }
  EXPECT_EQ(tr.forced_expiries(), 1U);
  EXPECT_EQ(tr.pending(), 16U);
  std::size_t unanswered = 0;
  for (const auto& e : tr.events()) {
    if (e.outcome == attempt_outcome::unanswered) {
      ++unanswered;
      EXPECT_EQ(e.dport, 1);
    }
  }
  EXPECT_EQ(unanswered, 1U);
  // Answers still find the others after the table reorganised itself.
  tr.clear_events();
  for (std::uint16_t p = 2; p <= 17; ++p) {
    tr.on_packet(tcp(victim, scanner, p, 40000, rst), t0 + 100 + p, 100 + p);
  }
  EXPECT_EQ(tr.events().size(), 16U);
  EXPECT_EQ(tr.pending(), 0U);
}

// Attempts started and answered in a scrambled order through a small table: every answer
// must reach its own attempt (checked against a plain map of what is pending), while the
// table reuses the entries of resolved attempts and shifts keys on deletion.
TEST(DetectConnectionTracker, AnswersFindTheirAttemptsThroughChurn) {
  connection_tracker tr({.attempt_timeout = 3 * sec, .max_pending = 16});
  // Pending attempts by start number (their order in the table's ring of 16): destination
  // port and probe index. An attempt is answered within 8 starts of its own, so that the
  // ring never times one out early.
  std::map<std::uint64_t, std::pair<std::uint16_t, std::uint64_t>> pending;
  std::uint32_t rng = 12345;
  const auto next = [&rng] { return rng = rng * 1103515245U + 12345U, rng >> 16; };
  std::uint64_t starts = 0;
  std::size_t answered = 0;
  for (std::uint64_t i = 0; i < 4000; ++i) {
    tr.clear_events();
    const timestamp_ns ts = t0 + static_cast<timestamp_ns>(i) * 100;
    const bool oldest_due = !pending.empty() && starts - pending.begin()->first >= 8;
    if (!oldest_due && (pending.empty() || next() % 2 == 0)) {
      const auto port = static_cast<std::uint16_t>(starts % 60000 + 1);
      tr.on_packet(tcp(scanner, victim, 40000, port, syn), ts, i);
      pending[starts++] = {port, i};
      continue;
    }
    auto it = pending.begin();
    if (!oldest_due) {
      std::advance(it, next() % pending.size());
    }
    const auto [port, probe_index] = it->second;
    tr.on_packet(tcp(victim, scanner, port, 40000, rst | ack), ts, i);
    ASSERT_EQ(tr.events().size(), 1U) << i;
    const attempt_event& e = tr.events()[0];
    EXPECT_EQ(e.outcome, attempt_outcome::rejected);
    EXPECT_EQ(e.dport, port);
    EXPECT_EQ(e.probe_index, probe_index);
    pending.erase(it);
    ++answered;
  }
  EXPECT_GT(answered, 1500U);
  EXPECT_EQ(tr.pending(), pending.size());
  EXPECT_EQ(tr.forced_expiries(), 0U);
}

} // namespace

namespace {

TEST(DetectPortScan, DistinctPortsAreCountedPerSource) {
  // Twelve scanners, each probing the same 40 ports of its own host: every one must count
  // 40 distinct ports (per-source state must not leak between sources).
  feeder f(scan_only());
  timestamp_ns t = t0;
  for (std::uint8_t s = 1; s <= 12; ++s) {
    for (std::uint16_t p = 1; p <= 40; ++p) {
      t += ms;
      f(t, tcp({203, 0, 113, s}, {10, 1, 1, s}, 40000, p, syn));
      f(t + 1, tcp({10, 1, 1, s}, {203, 0, 113, s}, p, 40000, rst | ack));
    }
  }
  f.eng.finish();
  const auto alerts = f.pending(alert_kind::port_scan);
  ASSERT_EQ(alerts.size(), 12U);
  for (const alert& a : alerts) {
    EXPECT_EQ(a.evidence.number("ports"), 40.0) << a.src->to_string();
    EXPECT_EQ(a.evidence.number("probes"), 40.0);
  }
}

} // namespace

// Early failure (port_scan.hpp): a host of 10.1.0.0/24 answered a SYN in `rtt`, so the
// prefix's RFC 6298 RTO is rtt + 4 * rtt / 2 = 3 * rtt (one sample: SRTT = R, RTTVAR = R / 2),
// and an unanswered probe there waits max(early_min_wait = 10 ms, 3 * rtt) and 3 further first
// contacts before it counts as failed.
void learn_prefix(feeder& f, timestamp_ns ts, timestamp_ns rtt) {
  const v4 client{10, 1, 0, 50};
  const v4 server{10, 1, 0, 7};
  f(ts, tcp(client, server, 50000, 80, syn));
  f(ts + rtt, tcp(server, client, 80, 50000, syn | ack));
}

// Unanswered SYNs from the scanner to unused addresses .100, .101, ... every `gap`.
std::size_t sweep_alerts_after(feeder& f, timestamp_ns start, timestamp_ns gap, int probes,
                               v4 net = {10, 1, 0, 0}) {
  for (int i = 0; i < probes; ++i) {
    const v4 dst{net[0], net[1], net[2], static_cast<std::uint8_t>(100 + i)};
    f(start + (i + 1) * gap, tcp(scanner, dst, 40000, 22, syn));
  }
  return f.pending(alert_kind::port_scan).size();
}

TEST(DetectPortScanEarly, FurtherFirstContactsBoundary) {
  // Probes every 5 ms: probe k is 15 ms old (>= 10 ms) when probe k + 3 opens, so probes 1-4
  // fail at probes 4-7: named at probe 7, not at probe 6.
  for (const int n : {6, 7}) {
    feeder f(scan_only());
    learn_prefix(f, t0, ms);
    EXPECT_EQ(sweep_alerts_after(f, t0 + sec, 5 * ms, n), n < 7 ? 0U : 1U) << n;
  }
  // early_contacts = 4: one more probe needed.
  for (const int n : {7, 8}) {
    detect_config c = scan_only();
    c.port_scan.early_contacts = 4;
    feeder f(c);
    learn_prefix(f, t0, ms);
    EXPECT_EQ(sweep_alerts_after(f, t0 + sec, 5 * ms, n), n < 8 ? 0U : 1U) << n;
  }
}

TEST(DetectPortScanEarly, MinimumWaitBoundary) {
  // Probes every 2 ms: probe k is judged when it is 10 ms old, at probe k + 5; the 4th
  // failure comes at probe 9.
  for (const int n : {8, 9}) {
    feeder f(scan_only());
    learn_prefix(f, t0, ms);
    EXPECT_EQ(sweep_alerts_after(f, t0 + sec, 2 * ms, n), n < 9 ? 0U : 1U) << n;
  }
}

TEST(DetectPortScanEarly, WaitFollowsThePrefixRto) {
  // RTT 20 ms: RTO = 60 ms. Probes every 5 ms: probe k fails at probe k + 12, the 4th at 16.
  for (const int n : {15, 16}) {
    feeder f(scan_only());
    learn_prefix(f, t0, 20 * ms);
    EXPECT_EQ(sweep_alerts_after(f, t0 + sec, 5 * ms, n), n < 16 ? 0U : 1U) << n;
  }
}

TEST(DetectPortScanEarly, UnknownPrefixWaitsForTheTimeout) {
  feeder f(scan_only());
  learn_prefix(f, t0, ms);
  // 10.2.0.0/24 never answered: 40 probes in 200 ms stay pending (attempt_timeout 3 s).
  EXPECT_EQ(sweep_alerts_after(f, t0 + sec, 5 * ms, 40, {10, 2, 0, 0}), 0U);
}

TEST(DetectPortScanEarly, DisabledWaitsForTheTimeout) {
  detect_config c = scan_only();
  c.port_scan.early_failure = false;
  feeder f(c);
  learn_prefix(f, t0, ms);
  EXPECT_EQ(sweep_alerts_after(f, t0 + sec, 5 * ms, 40), 0U);
}

TEST(DetectPortScanEarly, UdpProbesAreNotJudgedEarly) {
  feeder f(scan_only());
  learn_prefix(f, t0, ms);
  for (std::uint8_t i = 0; i < 40; ++i) {
    f(t0 + sec + i * 5 * ms,
      udp(scanner, {10, 1, 0, static_cast<std::uint8_t>(100 + i)}, 40000, 161));
  }
  EXPECT_TRUE(f.pending(alert_kind::port_scan).empty());
}

TEST(DetectPortScanEarly, LateAnswerTurnsTheFailureIntoASuccess) {
  feeder f(scan_only());
  learn_prefix(f, t0, ms);
  const v4 slow{10, 1, 0, 100};
  // Probe 1 to a slow host, then 3 unanswered first contacts: probe 1 is judged failed at the
  // 4th (15 ms old); its SYN+ACK arrives 30 ms after it.
  sweep_alerts_after(f, t0 + sec, 5 * ms, 4);
  auto* s = f.eng.port_scan().state_of(endpoint::from_bytes(bytes(addr16(scanner)).first(4)));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->failures, 1U);
  EXPECT_EQ(s->early_failures, 1U);
  f(t0 + sec + 35 * ms, tcp(slow, scanner, 22, 40000, syn | ack));
  s = f.eng.port_scan().state_of(endpoint::from_bytes(bytes(addr16(scanner)).first(4)));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->failures, 0U);
  EXPECT_EQ(s->successes, 1U);
  EXPECT_EQ(s->early_corrected, 1U);
  // ln(theta1 / theta0) = ln 0.25 after the correction.
  EXPECT_NEAR(s->log_lambda, std::log(0.25), 1e-9);
}
