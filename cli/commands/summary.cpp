// pktscope summary FILE...: the one-screen overview of captures: capture facts, protocol
// hierarchy, traffic classes, top talkers and services, flows and TCP states, ICMP types,
// TCP flag combinations, decoder findings, packet sizes, and the alerts of the default
// detectors (run in the same pass; --no-alerts skips them). --json prints the document of
// docs/summary-json.md. docs/cli/summary.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "output/json_text.hpp"
#include "output/text.hpp"
#include "stats/pipeline.hpp"
#include "stats/report.hpp"

#include <pktscope/analysis/stats/traffic_stats.hpp>

#include <CLI/CLI.hpp>

#include <memory>

namespace pktscope::cli {

namespace {

struct summary_args {
  stats::input_options in;
  bool json = false;
  std::size_t top = 10;
  std::size_t matrix = 8;
  bool no_alerts = false;
};

void run(const summary_args& a) {
  auto st = std::make_unique<pktscope::stats::traffic_stats>();
  stats::pass_options po;
  po.detect = !a.no_alerts;
  const stats::pass_result pass = stats::run_pass(a.in, *st, po);
  stats::summary_options so;
  so.top = a.top;
  so.matrix_hosts = a.matrix;
  so.filter = a.in.filter;
  const stats::json doc = stats::summary_json(pass, *st, so);
  output::write_stdout(a.json ? output::json_text(doc, 2) + "\n" : stats::summary_text(doc, a.top));
  if (pass.exit_status != 0) {
    throw cli_error(static_cast<exit_code>(pass.exit_status),
                    "not every capture could be read to its end");
  }
}

void setup(CLI::App& app) {
  auto a = std::make_shared<summary_args>();
  CLI::App* cmd = app.add_subcommand(
      "summary", "One-screen overview: capture facts, protocol hierarchy, top talkers and "
                 "services, TCP states, ICMP types, flag anomalies, sizes, rates and alerts");
  pass::add_input_options(cmd, a->in);
  cmd->add_flag("--json", a->json, "Print the summary as JSON (docs/summary-json.md)");
  cmd->add_flag("--no-alerts", a->no_alerts,
                "Skip the default detectors (faster; --json alerts is null)");
  cmd->add_option("-n,--top", a->top, "Rows in each top-N table, alerts included (default 10)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--matrix-hosts", a->matrix,
                  "Hosts in the host x host byte matrix (JSON only; default 8)")
      ->check(CLI::Range(0, 1000));
  cmd->footer("Exit status: 0 when every file was read to its end, 1 when a file is no capture "
              "or damage stopped reading it, 2 for usage errors, 3 when a file cannot be opened "
              "or the output cannot be written. Alerts do not change it.");
  cmd->callback([a] { run(*a); });
}

const command_registration registration{"summary", 30, setup};

} // namespace

} // namespace pktscope::cli
