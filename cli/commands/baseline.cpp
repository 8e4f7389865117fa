// pktscope baseline learn NORMAL.pcap... -o baseline.json: learns what normal traffic looks
// like for `pktscope detect --baseline`. docs/cli/baseline.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "detect/baseline_file.hpp"
#include "pass/capture_pass.hpp"

#include <pktscope/analysis/detect/baseline.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace pktscope::cli {

namespace {

using namespace pktscope::detect;

struct learn_options {
  pass::input_options in;
  std::string output;
  double interval = 10;
};

void learn(const learn_options& o) {
  if (o.interval <= 0) {
    throw cli_error(exit_code::usage, "--interval must be > 0");
  }
  pass::capture_pass reading(o.in);
  baseline_options bo;
  bo.interval = seconds(o.interval);
  baseline_learner learner(bo);
  const pass::outcome read = reading.run([&learner](const packet& p, const decoded_packet& d) {
    learner.on_packet(p.ts, std::max(p.original_len, p.captured_len()), d);
  });
  const baseline b = learner.finish();
  const std::string text = detect::baseline_json(b, o.in.source_names());
  if (o.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    const std::string tmp = o.output + ".part";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) {
        std::remove(tmp.c_str());
        throw cli_error(exit_code::io, fmt::format("{}: cannot write", o.output));
      }
    }
    if (std::rename(tmp.c_str(), o.output.c_str()) != 0) {
      std::remove(tmp.c_str());
      throw cli_error(exit_code::io, fmt::format("{}: cannot write", o.output));
    }
  }
  fmt::print(stderr, "baseline: {} packets, {} intervals of {} s, {} talkers, {} services{}\n",
             b.packets, b.intervals, o.interval, b.talkers.size(), b.services.size(),
             b.volume.hourly ? ", hour-of-day buckets" : "");
  if (!read.problems.empty()) {
    throw cli_error(exit_code::bad_input, "input damaged");
  }
}

void setup(CLI::App& app) {
  auto* cmd = app.add_subcommand("baseline", "Learn normal traffic for 'detect --baseline'");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<learn_options>();
  auto* l = cmd->add_subcommand("learn", "Learn a baseline from captures of normal traffic");
  pass::add_input_options(l, opts->in, "Captures of normal traffic; - is stdin");
  l->add_option("-o,--output", opts->output, "Baseline JSON to write ('-' = stdout)")->required();
  l->add_option("--interval", opts->interval, "Counting interval in seconds (10)");
  l->callback([opts] { learn(*opts); });
}

const command_registration registration{"baseline", 61, setup};

} // namespace

} // namespace pktscope::cli
