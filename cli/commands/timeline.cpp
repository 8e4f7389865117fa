// pktscope timeline FILE... --interval 1m: one row per interval: packets and bytes per
// protocol class, new flows, exact packet-size percentiles. Aligned text, --csv, or --json
// (NDJSON, one object per interval). docs/cli/timeline.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "output/text.hpp"
#include "stats/pipeline.hpp"
#include "time_format.hpp"

#include <pktscope/analysis/stats/traffic_stats.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace pktscope::cli {

namespace {

namespace ps = pktscope::stats;

struct timeline_args {
  stats::input_options in;
  std::string interval = "1m";
  std::string align = "epoch";
  bool json = false;
  bool csv = false;
  bool skip_empty = false;
};

constexpr std::array<ps::traffic_class, ps::traffic_class_count> classes = {
    ps::traffic_class::tcp,    ps::traffic_class::udp, ps::traffic_class::icmp,
    ps::traffic_class::icmpv6, ps::traffic_class::arp, ps::traffic_class::other};

void run(const timeline_args& a) {
  if (a.json && a.csv) {
    throw cli_error(exit_code::usage, "--json and --csv exclude each other");
  }
  ps::stats_config cfg;
  cfg.series.interval = stats::parse_interval(a.interval);
  cfg.series.align = a.align == "first" ? ps::align::first_packet : ps::align::epoch;
  auto st = std::make_unique<ps::traffic_stats>(cfg);
  const stats::pass_result pass = stats::run_pass(a.in, *st);
  const ps::interval_series& s = st->series();

  output::buffered_output out;
  if (a.json) {
    for (const ps::interval_row& r : s.rows()) {
      if (a.skip_empty && r.total_packets() == 0) {
        continue;
      }
      auto it = std::back_inserter(out.buf());
      fmt::format_to(it,
                     "{{\"start\":\"{}\",\"start_ns\":{},\"interval_ns\":{},\"packets\":{},"
                     "\"bytes\":{}",
                     format_iso8601_ns(r.start), r.start, s.config().interval, r.total_packets(),
                     r.total_bytes());
      for (const ps::traffic_class c : classes) {
        const std::string_view n = ps::traffic_class_name(c);
        fmt::format_to(it, ",\"{}_packets\":{},\"{}_bytes\":{}", n, r.packets[ps::index(c)], n,
                       r.bytes[ps::index(c)]);
      }
      fmt::format_to(it,
                     ",\"new_flows\":{},\"new_tcp_flows\":{},\"new_udp_flows\":{},"
                     "\"size_min\":{},\"size_p50\":{},\"size_p90\":{},\"size_p99\":{},"
                     "\"size_max\":{},\"late\":{}}}\n",
                     r.total_new_flows(), r.new_flows[ps::index(ps::traffic_class::tcp)],
                     r.new_flows[ps::index(ps::traffic_class::udp)], r.sizes.min, r.sizes.p50,
                     r.sizes.p90, r.sizes.p99, r.sizes.max, r.late);
      out.maybe_flush();
    }
    out.flush();
  } else {
    output::table t;
    const bool csv = a.csv;
    t.column("start", output::align::left);
    if (csv) {
      t.column("start_ns");
    }
    t.column("packets").column("bytes");
    for (const ps::traffic_class c : classes) {
      t.column(std::string{ps::traffic_class_name(c)} + (csv ? "_packets" : ""));
      if (csv) {
        t.column(std::string{ps::traffic_class_name(c)} + "_bytes");
      }
    }
    t.column("new_flows");
    if (csv) {
      t.column("new_tcp_flows").column("new_udp_flows").column("size_min");
    }
    t.column("size_p50").column("size_p90").column("size_p99");
    if (csv) {
      t.column("size_max").column("late");
    }
    for (const ps::interval_row& r : s.rows()) {
      if (a.skip_empty && r.total_packets() == 0) {
        continue;
      }
      std::vector<std::string> cells;
      cells.push_back(format_iso8601_ns(r.start));
      if (csv) {
        cells.push_back(fmt::format("{}", r.start));
      }
      cells.push_back(fmt::format("{}", r.total_packets()));
      cells.push_back(fmt::format("{}", r.total_bytes()));
      for (const ps::traffic_class c : classes) {
        cells.push_back(fmt::format("{}", r.packets[ps::index(c)]));
        if (csv) {
          cells.push_back(fmt::format("{}", r.bytes[ps::index(c)]));
        }
      }
      cells.push_back(fmt::format("{}", r.total_new_flows()));
      if (csv) {
        cells.push_back(fmt::format("{}", r.new_flows[ps::index(ps::traffic_class::tcp)]));
        cells.push_back(fmt::format("{}", r.new_flows[ps::index(ps::traffic_class::udp)]));
        cells.push_back(fmt::format("{}", r.sizes.min));
      }
      cells.push_back(fmt::format("{}", r.sizes.p50));
      cells.push_back(fmt::format("{}", r.sizes.p90));
      cells.push_back(fmt::format("{}", r.sizes.p99));
      if (csv) {
        cells.push_back(fmt::format("{}", r.sizes.max));
        cells.push_back(fmt::format("{}", r.late));
      }
      t.row(std::move(cells));
    }
    std::string text;
    if (csv) {
      t.render_csv(text);
    } else {
      t.render_text(text);
    }
    output::write_stdout(text);
  }
  if (s.out_of_range() != 0) {
    fmt::print(stderr, "pktscope: warning: {} packets lie beyond {} intervals and are not shown\n",
               s.out_of_range(), s.config().max_rows);
  }
  if (pass.exit_status != 0) {
    throw cli_error(static_cast<exit_code>(pass.exit_status),
                    "not every capture could be read to its end");
  }
}

void setup(CLI::App& app) {
  auto a = std::make_shared<timeline_args>();
  CLI::App* cmd = app.add_subcommand(
      "timeline", "Per-interval rows: packets and bytes per protocol class, new flows, "
                  "packet-size percentiles");
  pass::add_input_options(cmd, a->in);
  cmd->add_option("-i,--interval", a->interval,
                  "Interval length: 1m (default), 10s, 250ms, 1h, or seconds");
  cmd->add_option("--align", a->align,
                  "epoch: intervals start at multiples of the interval since 1970 (default); "
                  "first: at the first packet, as tshark -z io,stat")
      ->check(CLI::IsMember({"epoch", "first"}));
  cmd->add_flag("--skip-empty", a->skip_empty, "Leave out intervals without packets");
  cmd->add_flag("--json", a->json, "NDJSON: one object per interval");
  cmd->add_flag("--csv", a->csv, "CSV with a header row (all columns)");
  cmd->footer("Exit status: 0 when every file was read to its end, 1 when a file is no capture "
              "or damage stopped reading it, 2 for usage errors, 3 when a file cannot be opened "
              "or the output cannot be written.");
  cmd->callback([a] { run(*a); });
}

const command_registration registration{"timeline", 31, setup};

} // namespace

} // namespace pktscope::cli
