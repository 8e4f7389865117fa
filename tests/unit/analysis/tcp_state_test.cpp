// TCP connection states and history letters, one built scenario per Zeek conn_state value.
// Expected values come from Zeek's own definitions (base/protocols/conn/main.zeek, the
// Conn::Info documentation of `conn_state` and `history`), quoted at each test.

#include "flow_test_support.hpp"

#include <pktscope/analysis/tcp_state.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace pktscope {
namespace {

using tcp::flag;
using test::harness;
using test::ms;

constexpr bool client = true;
constexpr bool server = false;

/// SYN (ISN 1000), SYN+ACK (ISN 5000) at +10 ms, ACK at +30 ms.
void handshake(harness& h) {
  h.tcp(client, {flag::syn}, 1000, 0, 0, 0);
  h.tcp(server, {flag::syn, flag::ack}, 5000, 1001, 0, 10 * ms);
  h.tcp(client, {flag::ack}, 1001, 5001, 0, 30 * ms);
}

std::size_t count(std::string_view s, char c) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), c));
}

TEST(ConnState, NamesRoundTrip) {
  for (std::size_t i = 0; i < conn_state_count; ++i) {
    const auto s = static_cast<conn_state>(i);
    EXPECT_EQ(parse_conn_state(conn_state_name(s)), s);
  }
  EXPECT_EQ(conn_state_name(conn_state::rstos0), "RSTOS0");
  EXPECT_FALSE(parse_conn_state("sf").has_value());
}

// "S0: Connection attempt seen, no reply."
TEST(ConnState, S0) {
  harness h;
  h.tcp(client, {flag::syn}, 1000, 0, 0, 0);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::s0);
  EXPECT_EQ(r.history(), "S");
}

// "S1: Connection established, not terminated."
TEST(ConnState, S1) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::psh, flag::ack}, 1001, 5001, 100, 40 * ms);
  h.tcp(server, {flag::psh, flag::ack}, 5001, 1101, 200, 50 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::s1);
  EXPECT_EQ(r.history(), "ShADd");
}

// "SF: Normal establishment and termination." The classic history of such a connection:
// s (SYN), h (SYN+ACK), a (pure ACK), d (data), f (FIN); upper case from the originator,
// 'a' and 'd' at most once per direction.
TEST(ConnState, SFClassicHistory) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::psh, flag::ack}, 1001, 5001, 100, 40 * ms);
  h.tcp(server, {flag::ack}, 5001, 1101, 0, 50 * ms);
  h.tcp(server, {flag::psh, flag::ack}, 5001, 1101, 200, 60 * ms);
  h.tcp(client, {flag::ack}, 1101, 5201, 0, 70 * ms);
  h.tcp(client, {flag::fin, flag::ack}, 1101, 5201, 0, 80 * ms);
  h.tcp(server, {flag::fin, flag::ack}, 5201, 1102, 0, 90 * ms);
  h.tcp(client, {flag::ack}, 1102, 5202, 0, 100 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::sf);
  EXPECT_EQ(r.history(), "ShADadFf");
  // "orig_bytes: The number of payload bytes the originator sent" (from sequence numbers).
  EXPECT_EQ(r.orig_bytes(), 100U);
  EXPECT_EQ(r.resp_bytes(), 200U);
  EXPECT_EQ(r.orig().packets, 6U);
  EXPECT_EQ(r.resp().packets, 4U);
  EXPECT_EQ(r.tcp.first_fin, tcp_side::orig);
  EXPECT_EQ(r.tcp.first_rst, tcp_side::none);
  EXPECT_EQ(r.tcp.handshake_rtt(), 30 * ms);
}

// "REJ: Connection attempt rejected."
TEST(ConnState, REJ) {
  harness h;
  h.tcp(client, {flag::syn}, 1000, 0, 0, 0);
  h.tcp(server, {flag::rst, flag::ack}, 0, 1001, 0, 1 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::rej);
  EXPECT_EQ(r.history(), "Sr");
  EXPECT_EQ(r.tcp.first_rst, tcp_side::resp);
}

// "S2: Connection established and close attempt by originator seen (but no reply from
// responder)."
TEST(ConnState, S2) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::fin, flag::ack}, 1001, 5001, 0, 40 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::s2);
  EXPECT_EQ(r.history(), "ShAF");
}

// "S3: Connection established and close attempt by responder seen (but no reply from
// originator)."
TEST(ConnState, S3) {
  harness h;
  handshake(h);
  h.tcp(server, {flag::fin, flag::ack}, 5001, 1001, 0, 40 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::s3);
  EXPECT_EQ(r.history(), "ShAf");
  EXPECT_EQ(r.tcp.first_fin, tcp_side::resp);
}

// "RSTO: Connection established, originator aborted (sent a RST)."
TEST(ConnState, RSTO) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::rst, flag::ack}, 1001, 5001, 0, 40 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::rsto);
  EXPECT_EQ(r.history(), "ShAR");
}

// "RSTR: Responder sent a RST."
TEST(ConnState, RSTR) {
  harness h;
  handshake(h);
  h.tcp(server, {flag::rst}, 5001, 0, 0, 40 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::rstr);
  EXPECT_EQ(r.history(), "ShAr");
}

// "RSTOS0: Originator sent a SYN followed by a RST, we never saw a SYN-ACK from the
// responder."
TEST(ConnState, RSTOS0) {
  harness h;
  h.tcp(client, {flag::syn}, 1000, 0, 0, 0);
  h.tcp(client, {flag::rst}, 1001, 0, 0, 1 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::rstos0);
  EXPECT_EQ(r.history(), "SR");
}

// "RSTRH: Responder sent a SYN ACK followed by a RST, we never saw a SYN from the
// (purported) originator." The SYN+ACK sender is the responder; '^' marks the flip.
TEST(ConnState, RSTRH) {
  harness h;
  h.tcp(server, {flag::syn, flag::ack}, 5000, 1001, 0, 0);
  h.tcp(server, {flag::rst}, 5001, 0, 0, 1 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::rstrh);
  EXPECT_EQ(r.history(), "^hr");
  EXPECT_EQ(r.orig_port, 40000);
  EXPECT_EQ(r.resp_port, 80);
}

// "SH: Originator sent a SYN followed by a FIN, we never saw a SYN ACK from the responder
// (hence the connection was "half" open)."
TEST(ConnState, SH) {
  harness h;
  h.tcp(client, {flag::syn}, 1000, 0, 0, 0);
  h.tcp(client, {flag::fin}, 1001, 0, 0, 1 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::sh);
  EXPECT_EQ(r.history(), "SF");
}

// "SHR: Responder sent a SYN ACK followed by a FIN, we never saw a SYN from the originator."
TEST(ConnState, SHR) {
  harness h;
  h.tcp(server, {flag::syn, flag::ack}, 5000, 1001, 0, 0);
  h.tcp(server, {flag::fin, flag::ack}, 5001, 1001, 0, 1 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::shr);
  EXPECT_EQ(r.history(), "^hf");
}

// "OTH: No SYN seen, just midstream traffic (one example of this is a "partial connection"
// that was not later closed)."
TEST(ConnState, OTH) {
  harness h;
  h.tcp(client, {flag::psh, flag::ack}, 2000, 7000, 10, 0);
  h.tcp(server, {flag::ack}, 7000, 2010, 0, 1 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.state(), conn_state::oth);
  EXPECT_EQ(r.history(), "Da");
  EXPECT_EQ(r.tcp.handshake_rtt(), -1);
}

// Zeek's conn_state() for UDP: "if ( os == UDP_ACTIVE ) return rs == UDP_ACTIVE ? "SF" :
// "S0";" and everything that is neither TCP nor UDP is "OTH".
TEST(ConnState, UdpAndIcmp) {
  const ipv4_address a{{192, 0, 2, 1}}, b{{192, 0, 2, 2}};
  harness h;
  h.feed(build::raw().ipv4(a, b).udp(5000, 53).to_vector(), 0);
  h.feed(build::raw().ipv4(b, a).udp(53, 5000).to_vector(), 1 * ms);
  h.feed(build::raw().ipv4(a, b).udp(5001, 53).to_vector(), 2 * ms);
  h.feed(build::raw().ipv4(a, b).icmp(build::icmp_echo(1, 1)).to_vector(), 3 * ms);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U);
  for (const flow_record& r : h.sink.finished) {
    // History for UDP: "d: packet with payload ("data")", upper case from the originator.
    if (r.proto_name() == "icmp") {
      EXPECT_EQ(r.state(), conn_state::oth);
      EXPECT_EQ(r.history(), "");
    } else if (r.orig_port == 5000) {
      EXPECT_EQ(r.state(), conn_state::sf);
      EXPECT_EQ(r.history(), "Dd");
    } else {
      EXPECT_EQ(r.state(), conn_state::s0);
      EXPECT_EQ(r.history(), "D");
    }
  }
}

// "'c', 'g', 't' and 'w' are recorded in a logarithmic fashion: the second instance
// represents that the event was seen (at least) 10 times; the third instance, 100 times".
TEST(History, RetransmissionsScaled) {
  for (const auto& [copies, letters] : {std::pair{9, 1}, {10, 2}, {99, 2}, {100, 3}}) {
    harness h;
    handshake(h);
    h.tcp(client, {flag::psh, flag::ack}, 1001, 5001, 100, 40 * ms);
    for (int i = 0; i < copies; ++i) {
      h.tcp(client, {flag::psh, flag::ack}, 1001, 5001, 100, (41 + i) * ms);
    }
    const flow_record& r = h.only();
    EXPECT_EQ(count(r.history(), 'T'), static_cast<std::size_t>(letters)) << copies;
    EXPECT_EQ(r.tcp.orig().retransmissions, static_cast<std::uint32_t>(copies));
    EXPECT_EQ(r.history().substr(0, 5), "ShADT");
  }
}

// 'w': "packet with a zero window advertisement", scaled like 't'.
TEST(History, ZeroWindowsScaled) {
  harness h;
  handshake(h);
  for (int i = 0; i < 10; ++i) {
    h.tcp(server, {flag::ack}, 5001, 1001, 0, (40 + i) * ms, 0);
  }
  const flow_record& r = h.only();
  EXPECT_EQ(r.history(), "ShAaww");
  EXPECT_EQ(r.tcp.resp().zero_windows, 10U);
}

// "'f', 'h', 'r' and 's' can be recorded multiple times for either direction if the associated
// sequence number differs from the last-seen packet of the same flag type."
TEST(History, RepeatedSynOnlyWithNewSequenceNumber) {
  tcp_connection c;
  const auto syn = static_cast<std::uint16_t>(flag::syn);
  c.update({0, syn, 1000, 0, 65535, 0, false}, true);
  c.update({1, syn, 1000, 0, 65535, 0, false}, true); // retransmitted SYN: same number
  EXPECT_EQ(c.history(), "S");
  c.update({2, syn, 3000, 0, 65535, 0, false}, true);
  EXPECT_EQ(c.history(), "SS");
}

// "i: inconsistent packet (e.g. FIN+RST bits set)", "q: multi-flag packet (SYN+FIN or
// SYN+RST bits set)"; 'a', 'd', 'i' and 'q' at most once per direction.
TEST(History, MultiFlagAndInconsistent) {
  harness h;
  h.tcp(client, {flag::syn, flag::fin}, 1000, 0, 0, 0);
  h.tcp(client, {flag::syn, flag::fin}, 1000, 0, 0, 1 * ms);
  h.tcp(server, {flag::fin, flag::rst}, 5000, 0, 0, 2 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.history(), "Qi");
}

TEST(Tcp, OutOfOrderIsNoRetransmission) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::ack}, 1001, 5001, 100, 40 * ms);
  h.tcp(client, {flag::ack}, 1201, 5001, 100, 41 * ms); // 1101..1201 not seen yet
  h.tcp(client, {flag::ack}, 1101, 5001, 100, 42 * ms); // fills the hole
  h.tcp(client, {flag::ack}, 1001, 5001, 100, 43 * ms); // a real retransmission
  const flow_record& r = h.only();
  EXPECT_EQ(r.tcp.orig().out_of_order, 1U);
  EXPECT_EQ(r.tcp.orig().retransmissions, 1U);
  EXPECT_EQ(count(r.history(), 'T'), 1U);
}

// "g: a content gap": data the peer acknowledged that never passed the capture point.
TEST(Tcp, ContentGap) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::ack}, 1001, 5001, 100, 40 * ms);
  h.tcp(client, {flag::ack}, 1201, 5001, 100, 41 * ms); // 1101..1201 lost before the tap
  h.tcp(server, {flag::ack}, 5001, 1301, 0, 42 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.tcp.orig().missed_bytes, 100U);
  EXPECT_EQ(r.history(), "ShADaG");
}

TEST(Tcp, ReuseStartsANewFlow) {
  harness h;
  handshake(h);
  h.tcp(client, {flag::fin, flag::ack}, 1001, 5001, 0, 40 * ms);
  h.tcp(server, {flag::fin, flag::ack}, 5001, 1002, 0, 50 * ms);
  h.tcp(client, {flag::ack}, 1002, 5002, 0, 60 * ms);
  h.tcp(client, {flag::syn}, 90000, 0, 0, 1000 * ms); // same tuple, new ISN
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 2U);
  EXPECT_EQ(h.sink.finished[0].end, flow_end::reused);
  EXPECT_EQ(h.sink.finished[0].state(), conn_state::sf);
  EXPECT_EQ(h.sink.finished[1].state(), conn_state::s0);
  EXPECT_EQ(h.table.counters().reuses, 1U);
}

} // namespace
} // namespace pktscope
