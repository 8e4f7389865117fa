// pktscope baseline learn NORMAL.pcap... -o baseline.json: learns what normal traffic looks
// like for `pktscope detect --baseline`. docs/cli/baseline.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "detect/detect_pass.hpp"

#include <pktscope/analysis/capture_set.hpp>
#include <pktscope/analysis/detect/baseline.hpp>
#include <pktscope/decode/decoder.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace pktscope::cli {

namespace {

using namespace pktscope::detect;

struct learn_options {
  std::vector<std::string> files;
  std::string output;
  std::string filter;
  double interval = 10;
};

void learn(const learn_options& o) {
  if (o.interval <= 0) {
    throw cli_error(exit_code::usage, "--interval must be > 0");
  }
  capture_set_options so;
  so.filter = o.filter;
  open_failure why;
  auto opened = capture_set::open(o.files, so, &why);
  if (!opened) {
    const error& e = opened.error();
    const std::string& name = o.files.empty() ? std::string() : o.files[why.index];
    if (!o.filter.empty() && e.code == errc::bad_format &&
        why.message.find("capture") == std::string::npos) {
      throw cli_error(exit_code::usage, fmt::format("--filter '{}': {}", o.filter, why.message));
    }
    throw cli_error(e.code == errc::io ? exit_code::io : exit_code::bad_input,
                    fmt::format("{}: {}", name, why.message));
  }
  baseline_options bo;
  bo.interval = seconds(o.interval);
  baseline_learner learner(bo);
  decode_options dopt;
  dopt.deepest = stop_at::application;
  decoded_packet d;
  while (const packet* p = opened->next()) {
    static_cast<void>(decode(p->data, p->link, dopt, d));
    learner.on_packet(p->ts, std::max(p->original_len, p->captured_len()), d);
  }
  int status = 0;
  for (std::size_t i = 0; i < opened->size(); ++i) {
    if (const auto& f = opened->reader(i).failure()) {
      fmt::print(stderr, "pktscope: {}: offset {}: {}; reading stopped there\n", opened->path(i),
                 f->err.offset, f->what);
      status = 1;
    }
  }
  const baseline b = learner.finish();
  const std::string text = detect::baseline_json(b, o.files);
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
  if (status != 0) {
    throw cli_error(exit_code::bad_input, "input damaged");
  }
}

void setup(CLI::App& app) {
  auto* cmd = app.add_subcommand("baseline", "Learn normal traffic for 'detect --baseline'");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<learn_options>();
  auto* l = cmd->add_subcommand("learn", "Learn a baseline from captures of normal traffic");
  l->add_option("FILE", opts->files, "Captures of normal traffic ('-' = stdin)")->required();
  l->add_option("-o,--output", opts->output, "Baseline JSON to write ('-' = stdout)")->required();
  l->add_option("--filter", opts->filter, "Only packets matching this BPF expression");
  l->add_option("--interval", opts->interval, "Counting interval in seconds (10)");
  l->callback([opts] { learn(*opts); });
}

const command_registration registration{"baseline", 61, setup};

} // namespace

} // namespace pktscope::cli
