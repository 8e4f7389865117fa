#include "flows/conn_rows.hpp"

#include <pktscope/core/address.hpp>
#include <pktscope/proto/ip_protocol.hpp>

#include <algorithm>

namespace pktscope::cli::flows {

namespace {

std::string_view side_name(tcp_side s) {
  return s == tcp_side::orig ? "orig" : s == tcp_side::resp ? "resp" : "";
}

/// A Zeek-like connection uid ("C" and 17 base62 digits), derived from the flow's identity and
/// start so that reruns print the same ids.
std::string make_uid(const flow_record& r) {
  std::uint64_t h =
      hash_flow_key(r.key) ^ (static_cast<std::uint64_t>(r.first_ts) * 0x9e3779b97f4a7c15ULL);
  h ^= r.id * 0xc2b2ae3d27d4eb4fULL + r.part;
  std::uint64_t h2 = h * 0xff51afd7ed558ccdULL ^ (h >> 29);
  static constexpr std::string_view digits =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string uid = "C";
  for (int i = 0; i < 17; ++i) {
    std::uint64_t& src = i < 9 ? h : h2;
    uid += digits[src % 62];
    src /= 62;
  }
  return uid;
}

/// Largest `key` first; rows already in start order keep it among equals.
template <class Key> void sort_largest_first(std::vector<conn_row>& rows, Key key) {
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const conn_row& a, const conn_row& b) { return key(a) > key(b); });
}

} // namespace

bool conn_filter::keep(const conn_row& r) const {
  if (proto && r.ip_proto != *proto) {
    return false;
  }
  if (host && r.orig_h != *host && r.resp_h != *host) {
    return false;
  }
  if (port && r.orig_p != *port && r.resp_p != *port) {
    return false;
  }
  if (!states.empty() && std::find(states.begin(), states.end(), r.state) == states.end()) {
    return false;
  }
  return true;
}

void conn_collector::flow_finished(const flow_record& r) {
  conn_row w;
  w.id = r.id;
  w.part = r.part;
  w.first_ts = r.first_ts;
  w.last_ts = r.last_ts;
  w.orig_h = ip_to_string(r.orig_address());
  w.resp_h = ip_to_string(r.resp_address());
  w.orig_p = r.orig_port;
  w.resp_p = r.resp_port;
  w.ip_version = r.ip_version();
  w.ip_proto = r.ip_protocol();
  w.proto = r.proto_name();
  w.service = r.service();
  w.dir = r.dir;
  w.orig_bytes = r.orig_bytes();
  w.resp_bytes = r.resp_bytes();
  w.state = r.state();
  w.history = std::string(r.history());
  if (r.ip_protocol() == static_cast<std::uint8_t>(ip_protocol::tcp)) {
    w.rtt = r.tcp.handshake_rtt();
    w.orig_retx = r.tcp.orig().retransmissions;
    w.resp_retx = r.tcp.resp().retransmissions;
    w.orig_ooo = r.tcp.orig().out_of_order;
    w.resp_ooo = r.tcp.resp().out_of_order;
    w.orig_zero_win = r.tcp.orig().zero_windows;
    w.resp_zero_win = r.tcp.resp().zero_windows;
    w.missed_bytes = r.tcp.orig().missed_bytes + r.tcp.resp().missed_bytes;
    w.first_fin = side_name(r.tcp.first_fin);
    w.first_rst = side_name(r.tcp.first_rst);
  }
  w.vlan = r.key.vlan;
  w.inner_vlan = r.key.inner_vlan;
  w.tunnel_kind = r.key.tunnel_kind;
  w.tunnel_id = r.key.tunnel_id;
  w.end = r.end;
  if (!filter_.keep(w)) {
    return;
  }
  w.uid = make_uid(r);
  rows.push_back(std::move(w));
}

void sort_rows(std::vector<conn_row>& rows, conn_order order) {
  std::sort(rows.begin(), rows.end(), [](const conn_row& a, const conn_row& b) {
    return a.first_ts != b.first_ts ? a.first_ts < b.first_ts
                                    : (a.id != b.id ? a.id < b.id : a.part < b.part);
  });
  switch (order) {
  case conn_order::start: return;
  case conn_order::bytes:
    sort_largest_first(rows, [](const conn_row& r) { return r.bytes(); });
    return;
  case conn_order::packets:
    sort_largest_first(rows, [](const conn_row& r) { return r.packets(); });
    return;
  case conn_order::duration:
    sort_largest_first(rows, [](const conn_row& r) { return r.duration(); });
    return;
  }
}

} // namespace pktscope::cli::flows
