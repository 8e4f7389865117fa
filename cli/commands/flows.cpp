// pktscope flows FILE...: one row per connection (conn.log style) from one pass over the
// captures, merged in timestamp order. Human table, NDJSON, CSV or Zeek conn.log TSV.
// docs/cli/flows.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "pass/capture_pass.hpp"
#include "time_format.hpp"

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/core/list_items.hpp>
#include <pktscope/proto/ip_protocol.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli {

namespace {

using json = nlohmann::ordered_json;

struct flows_options {
  std::string proto;
  std::string host;
  std::optional<std::uint16_t> port;
  std::string state;
  std::string sort = "start";
  std::optional<std::uint64_t> limit;
  bool json_output = false;
  bool csv_output = false;
  std::string format;
  double tcp_timeout = 300;
  double tcp_close_timeout = 5;
  double udp_timeout = 60;
  double icmp_timeout = 60;
  double active_timeout = 0;
  bool no_timeouts = false;
  std::uint32_t max_flows = 1U << 20;
  pass::input_options in;
};

/// One finished flow, reduced to what the output needs.
struct row {
  std::uint64_t id = 0;
  std::uint32_t part = 0;
  timestamp_ns first_ts = 0, last_ts = 0;
  std::string orig_h, resp_h;
  std::uint16_t orig_p = 0, resp_p = 0;
  std::uint8_t ip_version = 0, ip_proto = 0;
  std::string_view proto, service;
  std::array<flow_direction, 2> dir{};
  std::uint64_t orig_bytes = 0, resp_bytes = 0; // Zeek's payload sizes
  conn_state state = conn_state::oth;
  std::string history;
  timestamp_ns rtt = -1;
  std::uint32_t orig_retx = 0, resp_retx = 0, orig_ooo = 0, resp_ooo = 0;
  std::uint32_t orig_zero_win = 0, resp_zero_win = 0;
  std::uint64_t missed_bytes = 0;
  std::string_view first_fin, first_rst;
  std::uint16_t vlan = 0, inner_vlan = 0;
  layer_id tunnel_kind = layer_id::none;
  std::uint32_t tunnel_id = 0;
  flow_end end = flow_end::end_of_input;
  std::string uid;

  [[nodiscard]] timestamp_ns duration() const { return last_ts - first_ts; }
  [[nodiscard]] std::uint64_t packets() const { return dir[0].packets + dir[1].packets; }
  [[nodiscard]] std::uint64_t bytes() const { return dir[0].bytes + dir[1].bytes; }
};

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

/// Row filters (--proto, --host, --port, --state).
struct row_filter {
  std::optional<std::uint8_t> proto;
  std::optional<std::string> host;
  std::optional<std::uint16_t> port;
  std::vector<conn_state> states;

  [[nodiscard]] bool keep(const row& r) const {
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
};

class collector : public flow_sink {
public:
  explicit collector(const row_filter& f) : filter_(f) {}
  void flow_finished(const flow_record& r) override {
    row w;
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
  std::vector<row> rows;

private:
  const row_filter& filter_;
};

std::string seconds_text(timestamp_ns ns, int decimals = 6) {
  return fmt::format("{:.{}f}", static_cast<double>(ns) / 1e9, decimals);
}

/// Exact decimal seconds from nanoseconds (six digits, truncated as Zeek prints times).
std::string epoch_text(timestamp_ns ns) {
  const bool neg = ns < 0;
  const std::uint64_t a =
      neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1'000'000'000U,
                     (a % 1'000'000'000U) / 1000U);
}

std::string tunnel_text(const row& r) {
  if (r.tunnel_kind == layer_id::none) {
    return "";
  }
  return fmt::format("{}:{}", layer_name(r.tunnel_kind), r.tunnel_id);
}

json row_json(const row& r) {
  json j;
  j["ts"] = static_cast<double>(r.first_ts) / 1e9;
  j["ts_ns"] = r.first_ts;
  j["uid"] = r.uid;
  j["orig_h"] = r.orig_h;
  j["orig_p"] = r.orig_p;
  j["resp_h"] = r.resp_h;
  j["resp_p"] = r.resp_p;
  j["proto"] = r.proto;
  j["ip_proto"] = r.ip_proto;
  j["service"] = r.service.empty() ? json(nullptr) : json(r.service);
  j["duration"] = static_cast<double>(r.duration()) / 1e9;
  j["duration_ns"] = r.duration();
  j["orig_pkts"] = r.dir[0].packets;
  j["orig_bytes"] = r.dir[0].bytes;
  j["resp_pkts"] = r.dir[1].packets;
  j["resp_bytes"] = r.dir[1].bytes;
  j["orig_first_ns"] = r.dir[0].packets ? json(r.dir[0].first_ts) : json(nullptr);
  j["resp_first_ns"] = r.dir[1].packets ? json(r.dir[1].first_ts) : json(nullptr);
  j["orig_payload_bytes"] = r.orig_bytes;
  j["resp_payload_bytes"] = r.resp_bytes;
  j["orig_ip_bytes"] = r.dir[0].ip_bytes;
  j["resp_ip_bytes"] = r.dir[1].ip_bytes;
  j["conn_state"] = conn_state_name(r.state);
  j["history"] = r.history;
  j["rtt"] = r.rtt >= 0 ? json(static_cast<double>(r.rtt) / 1e9) : json(nullptr);
  j["orig_retransmissions"] = r.orig_retx;
  j["resp_retransmissions"] = r.resp_retx;
  j["orig_out_of_order"] = r.orig_ooo;
  j["resp_out_of_order"] = r.resp_ooo;
  j["orig_zero_windows"] = r.orig_zero_win;
  j["resp_zero_windows"] = r.resp_zero_win;
  j["missed_bytes"] = r.missed_bytes;
  j["first_fin"] = r.first_fin.empty() ? json(nullptr) : json(r.first_fin);
  j["first_rst"] = r.first_rst.empty() ? json(nullptr) : json(r.first_rst);
  j["fragments"] = r.dir[0].fragments + r.dir[1].fragments;
  j["vlan"] = r.vlan ? json(r.vlan) : json(nullptr);
  j["inner_vlan"] = r.inner_vlan ? json(r.inner_vlan) : json(nullptr);
  j["tunnel"] = r.tunnel_kind == layer_id::none ? json(nullptr) : json(tunnel_text(r));
  j["end"] = flow_end_name(r.end);
  return j;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) {
    return std::string(s);
  }
  std::string out = "\"";
  for (const char c : s) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + '"';
}

void print_csv(const std::vector<row>& rows) {
  fmt::print("ts,uid,orig_h,orig_p,resp_h,resp_p,proto,service,duration,orig_pkts,orig_bytes,"
             "resp_pkts,resp_bytes,orig_payload_bytes,resp_payload_bytes,conn_state,history,rtt,"
             "orig_retransmissions,resp_retransmissions,orig_out_of_order,resp_out_of_order,"
             "orig_zero_windows,resp_zero_windows,missed_bytes,first_fin,first_rst,vlan,tunnel,"
             "end\n");
  for (const row& r : rows) {
    fmt::print(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},"
        "{},{},{}\n",
        epoch_text(r.first_ts), r.uid, r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.proto, r.service,
        seconds_text(r.duration()), r.dir[0].packets, r.dir[0].bytes, r.dir[1].packets,
        r.dir[1].bytes, r.orig_bytes, r.resp_bytes, conn_state_name(r.state), csv_field(r.history),
        r.rtt >= 0 ? seconds_text(r.rtt) : std::string(), r.orig_retx, r.resp_retx, r.orig_ooo,
        r.resp_ooo, r.orig_zero_win, r.resp_zero_win, r.missed_bytes, r.first_fin, r.first_rst,
        r.vlan ? fmt::format("{}", r.vlan) : std::string(), tunnel_text(r), flow_end_name(r.end));
  }
}

/// Zeek's "%Y-%m-%d-%H-%M-%S" for the #open/#close lines (UTC), from packet time.
std::string zeek_stamp(timestamp_ns ts) {
  std::string iso = format_iso8601_ns(ts); // 2024-01-02T03:04:05.123456789Z
  std::string out = iso.substr(0, 19);
  std::replace(out.begin(), out.end(), 'T', '-');
  std::replace(out.begin(), out.end(), ':', '-');
  return out;
}

void print_zeek(const std::vector<row>& rows, timestamp_ns open_ts, timestamp_ns close_ts) {
  // The ASCII log writer's header (Zeek's logging/writers/ascii): separator, set separator,
  // empty/unset markers, path, open time, field names and types.
  fmt::print("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
             "#path\tconn\n#open\t{}\n",
             zeek_stamp(open_ts));
  fmt::print("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t"
             "duration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\t"
             "missed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\t"
             "tunnel_parents\n");
  fmt::print("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\t"
             "string\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n");
  std::string line;
  for (const row& r : rows) {
    // Zeek sets duration and byte counts only for connections lasting longer than zero.
    const bool timed = r.duration() > 0;
    line.clear();
    fmt::format_to(
        std::back_inserter(line),
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t-\t-\t{}\t{}\t{}\t{}\t{}\t{}\t-\n",
        epoch_text(r.first_ts), r.uid, r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.proto,
        r.service.empty() ? std::string_view{"-"} : r.service,
        timed ? seconds_text(r.duration()) : std::string("-"),
        timed ? fmt::format("{}", r.orig_bytes) : std::string("-"),
        timed ? fmt::format("{}", r.resp_bytes) : std::string("-"), conn_state_name(r.state),
        r.missed_bytes, r.history.empty() ? std::string_view{"-"} : std::string_view{r.history},
        r.dir[0].packets, r.dir[0].ip_bytes, r.dir[1].packets, r.dir[1].ip_bytes);
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  fmt::print("#close\t{}\n", zeek_stamp(close_ts));
}

void print_table(const std::vector<row>& rows) {
  fmt::print("{:<27} {:<18} {:<5} {:>39} {:>39} {:<8} {:>12} {:>7} {:>10} {:>7} {:>10} {:<6} "
             "{:<16} {:>9} {:>5}\n",
             "start", "uid", "proto", "orig", "resp", "service", "duration", "o.pkts", "o.bytes",
             "r.pkts", "r.bytes", "state", "history", "rtt(ms)", "retx");
  for (const row& r : rows) {
    const auto ep = [&](const std::string& h, std::uint16_t p, std::uint8_t v) {
      return v == 6 ? fmt::format("[{}]:{}", h, p) : fmt::format("{}:{}", h, p);
    };
    fmt::print("{:<27} {:<18} {:<5} {:>39} {:>39} {:<8} {:>12} {:>7} {:>10} {:>7} {:>10} {:<6} "
               "{:<16} {:>9} {:>5}\n",
               format_iso8601_ns(r.first_ts).substr(0, 26) + "Z", r.uid, r.proto,
               ep(r.orig_h, r.orig_p, r.ip_version), ep(r.resp_h, r.resp_p, r.ip_version),
               r.service.empty() ? std::string_view{"-"} : r.service, seconds_text(r.duration()),
               r.dir[0].packets, r.dir[0].bytes, r.dir[1].packets, r.dir[1].bytes,
               conn_state_name(r.state), r.history.empty() ? std::string("-") : r.history,
               r.rtt >= 0 ? fmt::format("{:.3f}", static_cast<double>(r.rtt) / 1e6)
                          : std::string("-"),
               r.orig_retx + r.resp_retx);
  }
}

timestamp_ns seconds_option(double s, std::string_view name) {
  if (!(s >= 0) || s > 1e9) {
    throw cli_error(exit_code::usage,
                    fmt::format("{}: '{}' is not a number of seconds >= 0", name, s));
  }
  return static_cast<timestamp_ns>(std::llround(s * 1e9));
}

row_filter make_filter(const flows_options& o) {
  row_filter f;
  if (!o.proto.empty()) {
    static const std::pair<std::string_view, std::uint8_t> names[] = {
        {"tcp", 6}, {"udp", 17}, {"icmp", 1}, {"icmpv6", 58}, {"icmp6", 58}, {"sctp", 132}};
    for (const auto& [n, v] : names) {
      if (o.proto == n) {
        f.proto = v;
      }
    }
    if (!f.proto) {
      unsigned v = 0;
      std::istringstream in(o.proto);
      if (!(in >> v) || !in.eof() || v > 255) {
        throw cli_error(exit_code::usage,
                        fmt::format("--proto: '{}' is not tcp, udp, icmp, icmpv6, sctp or an IP "
                                    "protocol number",
                                    o.proto));
      }
      f.proto = static_cast<std::uint8_t>(v);
    }
  }
  if (!o.host.empty()) {
    // Normalise the text form so that "2001:DB8::1" matches the canonical output.
    if (auto v4 = ipv4_address::parse(o.host)) {
      f.host = v4->to_string();
    } else if (auto v6 = ipv6_address::parse(o.host)) {
      f.host = v6->to_string();
    } else {
      throw cli_error(exit_code::usage, fmt::format("--host: '{}' is not an IP address", o.host));
    }
  }
  f.port = o.port;
  if (!o.state.empty()) {
    for (const std::string_view item : list_items(o.state)) {
      std::string name(item);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      const auto s = parse_conn_state(name);
      if (!s) {
        throw cli_error(exit_code::usage,
                        fmt::format("--state: '{}' is not a conn_state (S0 S1 SF REJ S2 S3 RSTO "
                                    "RSTR RSTOS0 RSTRH SH SHR OTH)",
                                    name));
      }
      f.states.push_back(*s);
    }
  }
  return f;
}

void run(const flows_options& o) {
  std::string format = o.format;
  if (o.json_output + o.csv_output + !o.format.empty() > 1) {
    throw cli_error(exit_code::usage, "choose one of --json, --csv and --format");
  }
  if (o.json_output) {
    format = "json";
  } else if (o.csv_output) {
    format = "csv";
  } else if (format.empty()) {
    format = "table";
  }
  const row_filter filter = make_filter(o);

  flow_table_config cfg;
  cfg.max_flows = o.max_flows;
  if (o.no_timeouts) {
    cfg.tcp_timeout = cfg.tcp_close_timeout = cfg.udp_timeout = cfg.icmp_timeout =
        cfg.other_timeout = 0;
  } else {
    cfg.tcp_timeout = seconds_option(o.tcp_timeout, "--tcp-timeout");
    cfg.tcp_close_timeout = seconds_option(o.tcp_close_timeout, "--tcp-close-timeout");
    cfg.udp_timeout = seconds_option(o.udp_timeout, "--udp-timeout");
    cfg.icmp_timeout = cfg.other_timeout = seconds_option(o.icmp_timeout, "--icmp-timeout");
  }
  cfg.active_timeout = seconds_option(o.active_timeout, "--active-timeout");

  pass::capture_pass reading(o.in);
  collector sink(filter);
  flow_table table(cfg, &sink);
  timestamp_ns first_ts = 0, last_ts = 0;
  bool any = false;
  // Damage that stops a file is only a warning here (the flows up to it are printed): exit 0.
  static_cast<void>(reading.run([&](const packet& p, const decoded_packet& d) {
    // Rows are collected and sorted: flow events a few packets late (defer) change nothing.
    const std::uint32_t wire_len = std::max(p.original_len, p.captured_len());
    if (!table.defer(d, p.ts, wire_len)) {
      table.update(d, p.ts, wire_len);
    }
    if (!any) {
      first_ts = p.ts;
      any = true;
    }
    last_ts = p.ts;
  }));
  table.flush();
  // Fragments of datagrams that never completed (or cut by the snaplen) count nowhere; say so.
  const fragment_counters& fc = table.fragment_stats();
  const std::uint64_t uncounted =
      fc.fragments - fc.completed_frames + table.counters().fragments_unusable;
  if (uncounted > 0) {
    fmt::print(stderr,
               "pktscope: note: {} IP fragments did not complete a datagram and are not "
               "counted ({} datagrams reassembled)\n",
               uncounted, fc.completed);
  }

  std::vector<row>& rows = sink.rows;
  const auto by_start = [](const row& a, const row& b) {
    return a.first_ts != b.first_ts ? a.first_ts < b.first_ts
                                    : (a.id != b.id ? a.id < b.id : a.part < b.part);
  };
  if (o.sort == "bytes") {
    std::stable_sort(rows.begin(), rows.end(), by_start);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const row& a, const row& b) { return a.bytes() > b.bytes(); });
  } else if (o.sort == "packets") {
    std::stable_sort(rows.begin(), rows.end(), by_start);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const row& a, const row& b) { return a.packets() > b.packets(); });
  } else if (o.sort == "duration") {
    std::stable_sort(rows.begin(), rows.end(), by_start);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const row& a, const row& b) { return a.duration() > b.duration(); });
  } else {
    std::sort(rows.begin(), rows.end(), by_start);
  }
  if (o.limit && rows.size() > *o.limit) {
    rows.resize(*o.limit);
  }

  if (format == "json") {
    for (const row& r : rows) {
      const std::string s = row_json(r).dump();
      std::fwrite(s.data(), 1, s.size(), stdout);
      std::fputc('\n', stdout);
    }
  } else if (format == "csv") {
    print_csv(rows);
  } else if (format == "zeek") {
    print_zeek(rows, first_ts, last_ts);
  } else {
    print_table(rows);
  }
  if (std::fflush(stdout) != 0) {
    throw cli_error(exit_code::io, "cannot write the output");
  }
}

void setup(CLI::App& app) {
  auto opts = std::make_shared<flows_options>();
  auto* cmd = app.add_subcommand(
      "flows", "List connections (conn.log style): endpoints, packets, bytes, TCP state/history");
  pass::add_input_options(cmd, opts->in);
  cmd->add_option("--proto", opts->proto, "Only this transport: tcp, udp, icmp, icmpv6, sctp, N");
  cmd->add_option("--host", opts->host, "Only flows with this address at either end");
  cmd->add_option("--port", opts->port, "Only flows with this port at either end");
  cmd->add_option("--state", opts->state, "Only these conn_states, comma separated (SF,REJ,...)");
  cmd->add_option("--sort", opts->sort, "Order: start (default), bytes, packets, duration")
      ->check(CLI::IsMember({"start", "bytes", "packets", "duration"}));
  cmd->add_option("--limit", opts->limit, "Print at most N rows");
  cmd->add_flag("--json", opts->json_output, "NDJSON: one object per flow");
  cmd->add_flag("--csv", opts->csv_output, "CSV with a header line");
  cmd->add_option("--format", opts->format, "table, json, csv or zeek (conn.log TSV)")
      ->check(CLI::IsMember({"table", "json", "csv", "zeek"}));
  cmd->add_option("--tcp-timeout", opts->tcp_timeout, "TCP idle timeout, seconds (300; 0 = none)");
  cmd->add_option("--tcp-close-timeout", opts->tcp_close_timeout,
                  "Idle timeout of a TCP flow once it is over (FIN from both sides, or a RST), "
                  "seconds (5; 0 = the TCP idle timeout)");
  cmd->add_option("--udp-timeout", opts->udp_timeout, "UDP idle timeout, seconds (60; 0 = none)");
  cmd->add_option("--icmp-timeout", opts->icmp_timeout,
                  "ICMP and other IP idle timeout, seconds (60; 0 = none)");
  cmd->add_option("--active-timeout", opts->active_timeout,
                  "Report flows open longer than this in parts, seconds (0 = never)");
  cmd->add_flag("--no-timeouts", opts->no_timeouts, "No idle timeouts: one flow per tuple");
  cmd->add_option("--max-flows", opts->max_flows,
                  "Flows held at once; the least recently active is evicted beyond (1048576)")
      ->check(CLI::Range(1U, 1U << 28));
  cmd->callback([opts] { run(*opts); });
}

const command_registration registration{"flows", 40, setup};

} // namespace

} // namespace pktscope::cli
