// pktscope top FILE... --by bytes|packets|flows --what src|dst|pair|host|port [-n 10]: the
// largest talkers, host pairs or service ports. Aligned text, --csv or --json.
// docs/cli/top.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "output/json_text.hpp"
#include "output/text.hpp"
#include "stats/pipeline.hpp"
#include "stats/report.hpp"

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace pktscope::cli {

namespace {

namespace ps = pktscope::stats;

struct top_args {
  stats::input_options in;
  std::string by = "bytes";
  std::string what = "src";
  std::size_t n = 10;
  bool json = false;
  bool csv = false;
};

void run(const top_args& a) {
  if (a.json && a.csv) {
    throw cli_error(exit_code::usage, "--json and --csv exclude each other");
  }
  const ps::talker_metric metric = a.by == "packets" ? ps::talker_metric::packets
                                   : a.by == "flows" ? ps::talker_metric::flows
                                                     : ps::talker_metric::bytes;
  const ps::talker_role role = a.what == "dst"    ? ps::talker_role::dst
                               : a.what == "pair" ? ps::talker_role::pair
                               : a.what == "port" ? ps::talker_role::port
                               : a.what == "host" ? ps::talker_role::host
                                                  : ps::talker_role::src;
  auto st = std::make_unique<ps::traffic_stats>();
  const stats::pass_result pass = stats::run_pass(a.in, *st);
  const std::vector<ps::talker_row> rows = st->talkers().top(metric, role, a.n);
  const std::uint64_t total_packets = st->packets();
  const std::uint64_t total_bytes = st->bytes();
  const std::uint64_t total_flows = st->flows().flows;
  const std::uint64_t total = metric == ps::talker_metric::bytes     ? total_bytes
                              : metric == ps::talker_metric::packets ? total_packets
                                                                     : total_flows;
  const auto value = [metric](const ps::talker_row& r) {
    return metric == ps::talker_metric::bytes     ? r.bytes
           : metric == ps::talker_metric::packets ? r.packets
                                                  : r.flows;
  };

  if (a.json) {
    stats::json doc = stats::json::array();
    std::size_t rank = 0;
    for (const ps::talker_row& r : rows) {
      stats::json j;
      j["rank"] = ++rank;
      if (role == ps::talker_role::port) {
        j["protocol"] = stats::transport_text(r.ip_protocol);
        j["port"] = r.port;
        j["service"] = std::string{service_by_port(r.ip_protocol, r.port)};
      } else if (role == ps::talker_role::pair) {
        j["a"] = stats::host_text(r.a);
        j["b"] = stats::host_text(r.b);
        j["a_to_b_packets"] = r.out_packets;
        j["a_to_b_bytes"] = r.out_bytes;
      } else {
        j["address"] = stats::host_text(r.a);
      }
      j["packets"] = r.packets;
      j["bytes"] = r.bytes;
      j["flows"] = r.flows;
      j["share"] = total == 0 ? 0.0 : static_cast<double>(value(r)) / static_cast<double>(total);
      doc.push_back(std::move(j));
    }
    output::write_stdout(output::json_text(doc, 2) + "\n");
  } else {
    output::table t;
    t.column("rank");
    if (role == ps::talker_role::port) {
      t.column("port", output::align::left).column("service", output::align::left);
    } else if (role == ps::talker_role::pair) {
      t.column("host_a", output::align::left).column("host_b", output::align::left);
    } else {
      t.column("host", output::align::left);
    }
    t.column("packets").column("bytes").column("flows").column(fmt::format("share_{}", a.by));
    std::size_t rank = 0;
    for (const ps::talker_row& r : rows) {
      std::vector<std::string> cells{fmt::format("{}", ++rank)};
      if (role == ps::talker_role::port) {
        cells.push_back(fmt::format("{}/{}", r.port, stats::transport_text(r.ip_protocol)));
        cells.emplace_back(service_by_port(r.ip_protocol, r.port));
      } else if (role == ps::talker_role::pair) {
        cells.push_back(stats::host_text(r.a));
        cells.push_back(stats::host_text(r.b));
      } else {
        cells.push_back(stats::host_text(r.a));
      }
      cells.push_back(fmt::format("{}", r.packets));
      cells.push_back(fmt::format("{}", r.bytes));
      cells.push_back(fmt::format("{}", r.flows));
      cells.push_back(output::percent(value(r), total));
      t.row(std::move(cells));
    }
    std::string text;
    if (a.csv) {
      t.render_csv(text);
    } else {
      t.render_text(text);
    }
    output::write_stdout(text);
  }
  if (st->talkers().untracked() != 0) {
    fmt::print(stderr,
               "pktscope: warning: {} packets or flows were not counted (talker tables full)\n",
               st->talkers().untracked());
  }
  if (pass.exit_status != 0) {
    throw cli_error(static_cast<exit_code>(pass.exit_status),
                    "not every capture could be read to its end");
  }
}

void setup(CLI::App& app) {
  auto a = std::make_shared<top_args>();
  CLI::App* cmd = app.add_subcommand(
      "top", "The largest sources, destinations, host pairs or service ports by bytes, "
             "packets or flows");
  pass::add_input_options(cmd, a->in);
  cmd->add_option("--by", a->by, "Rank by bytes (default), packets or flows")
      ->check(CLI::IsMember({"bytes", "packets", "flows"}));
  cmd->add_option("--what", a->what,
                  "src (default; what hosts sent), dst (received), pair (host pairs, both "
                  "directions), host (sent + received), port (service = responder port)")
      ->check(CLI::IsMember({"src", "dst", "pair", "host", "port"}));
  cmd->add_option("-n,--count", a->n, "Rows to print (default 10)")
      ->check(CLI::Range(1, 100000000));
  cmd->add_flag("--json", a->json, "A JSON array of rows");
  cmd->add_flag("--csv", a->csv, "CSV with a header row");
  cmd->footer("Exit status: 0 when every file was read to its end, 1 when a file is no capture "
              "or damage stopped reading it, 2 for usage errors, 3 when a file cannot be opened "
              "or the output cannot be written.");
  cmd->callback([a] { run(*a); });
}

const command_registration registration{"top", 32, setup};

} // namespace

} // namespace pktscope::cli
