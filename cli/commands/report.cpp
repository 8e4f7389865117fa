// pktscope report FILE... -o report.html: one self-contained HTML page (charts, sortable
// tables, alerts) that opens offline. --json writes the data document the page is drawn from.
// docs/cli/report.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "detect/baseline_file.hpp"
#include "detect/detect_pass.hpp"
#include "output/json_text.hpp"
#include "report/html.hpp"
#include "report/output_file.hpp"
#include "report/report_data.hpp"
#include "stats/pipeline.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

namespace pktscope::cli {

namespace {

struct report_args {
  stats::input_options in;
  report::report_options opt;
  std::string output = "report.html";
  std::string interval;
  std::string baseline;
  bool json = false;
};

void run(const report_args& a) {
  report::report_options opt = a.opt;
  if (!a.interval.empty()) {
    opt.interval = stats::parse_interval(a.interval);
  }
  std::optional<pktscope::detect::baseline> base;
  if (!a.baseline.empty()) {
    base = detect::load_baseline(a.baseline);
    opt.baseline = &*base;
  }
  const report::report_result r = report::build_report_data(a.in, opt);
  std::string page;
  if (a.json) {
    page = output::json_text(r.doc, 1);
    page += '\n';
  } else {
    page.reserve(2U << 20);
    report::render_html(r.doc, page);
  }
  report::write_file_atomically(a.output, page);
  if (r.exit_status != 0) {
    throw cli_error(static_cast<exit_code>(r.exit_status),
                    "not every capture could be read to its end (the report covers what was read)");
  }
}

void setup(CLI::App& app) {
  auto a = std::make_shared<report_args>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Self-contained HTML report: traffic over time, packet sizes, connections, top "
                "talkers/ports/conversations, host heatmap, TCP states, ICMP types, alerts");
  pass::add_input_options(cmd, a->in);
  cmd->add_option("-o,--output", a->output,
                  "Output file (default report.html; '-' = stdout); written atomically")
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "Write the report's data document (JSON) instead of HTML");
  cmd->add_option("--title", a->opt.title, "Page title (default: the capture file names)");
  cmd->add_option("-n,--top", a->opt.top, "Rows in each top-N table (default 10)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--interval", a->interval,
                  "Narrowest time bin of the charts, e.g. 1s, 1m (default: automatic); bins "
                  "widen by whole multiples when the capture would need too many");
  cmd->add_option("--baseline", a->baseline,
                  "Baseline JSON from 'pktscope baseline learn' for the detectors");
  cmd->add_option("--matrix-hosts", a->opt.matrix_hosts,
                  "Hosts in the IP-to-IP heatmap (default 10)")
      ->check(CLI::Range(1, 100));
  cmd->footer("Exit status: 0 when every file was read to its end, 1 when a file is no capture "
              "or damage stopped reading it (a report of what was read is still written), 2 for "
              "usage errors, 3 when a file cannot be opened or the output cannot be written.");
  cmd->callback([a] { run(*a); });
}

const command_registration registration{"report", 50, setup};

} // namespace

} // namespace pktscope::cli
