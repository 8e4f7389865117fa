// pktscope flows FILE...: one row per connection (conn.log style) from one pass over the
// captures, merged in timestamp order. Human table, NDJSON, CSV or Zeek conn.log TSV.
// docs/cli/flows.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "flows/conn_formats.hpp"
#include "flows/conn_rows.hpp"
#include "pass/capture_pass.hpp"

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/core/list_items.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

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

timestamp_ns seconds_option(double s, std::string_view name) {
  if (!(s >= 0) || s > 1e9) {
    throw cli_error(exit_code::usage,
                    fmt::format("{}: '{}' is not a number of seconds >= 0", name, s));
  }
  return static_cast<timestamp_ns>(std::llround(s * 1e9));
}

flows::conn_filter make_filter(const flows_options& o) {
  flows::conn_filter f;
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
  const flows::conn_filter filter = make_filter(o);

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
  flows::conn_collector sink(filter);
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

  std::vector<flows::conn_row>& rows = sink.rows;
  flows::sort_rows(rows, o.sort == "bytes"      ? flows::conn_order::bytes
                         : o.sort == "packets"  ? flows::conn_order::packets
                         : o.sort == "duration" ? flows::conn_order::duration
                                                : flows::conn_order::start);
  if (o.limit && rows.size() > *o.limit) {
    rows.resize(*o.limit);
  }

  if (format == "json") {
    flows::print_json(rows);
  } else if (format == "csv") {
    flows::print_csv(rows);
  } else if (format == "zeek") {
    flows::print_zeek(rows, first_ts, last_ts);
  } else {
    flows::print_table(rows);
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
