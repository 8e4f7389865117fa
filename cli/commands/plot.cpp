// pktscope plot KIND FILE... -o OUT.png|OUT.svg: one chart of the report as an image, drawn
// with cairo (PNG) or as SVG with text labels. Kinds: traffic, sizes, histogram, heatmap,
// connections. docs/cli/plot.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "plot/canvas.hpp"
#include "plot/plots.hpp"
#include "report/output_file.hpp"
#include "report/report_data.hpp"
#include "stats/pipeline.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <memory>
#include <string>

namespace pktscope::cli {

namespace {

struct plot_args {
  std::string kind;
  stats::input_options in;
  std::string output;
  std::string format;
  int width = 1000;
  int height = 500;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix.data(), suffix.size()) == 0;
}

void run(const plot_args& a) {
  const auto kind = plot::parse_plot_kind(a.kind);
  if (!kind) {
    throw cli_error(exit_code::usage,
                    fmt::format("unknown plot kind '{}': expected traffic, sizes, histogram, "
                                "heatmap or connections",
                                a.kind));
  }
  std::string format = a.format;
  if (format.empty()) {
    if (ends_with(a.output, ".svg")) {
      format = "svg";
    } else if (ends_with(a.output, ".png")) {
      format = "png";
    } else {
      throw cli_error(
          exit_code::usage,
          "cannot tell the image format from -o: name it .png or .svg, or use --format");
    }
  }
  const report::report_result r = report::build_report_data(a.in, {});
  auto c = format == "svg" ? plot::make_svg_canvas(a.width, a.height)
                           : plot::make_png_canvas(a.width, a.height);
  plot::draw(*kind, r.doc, *c, a.width, a.height);
  const std::string image = c->finish();
  c.reset();
  plot::release_fonts();
  report::write_file_atomically(a.output, image);
  if (r.exit_status != 0) {
    throw cli_error(static_cast<exit_code>(r.exit_status),
                    "not every capture could be read to its end (the plot shows what was read)");
  }
}

void setup(CLI::App& app) {
  auto a = std::make_shared<plot_args>();
  CLI::App* cmd = app.add_subcommand(
      "plot", "Draw one chart as PNG or SVG: traffic (throughput by protocol), sizes (packet "
              "size over time), histogram, heatmap (host to host bytes), connections (per minute)");
  cmd->add_option("kind", a->kind, "traffic, sizes, histogram, heatmap or connections")->required();
  pass::add_input_options(cmd, a->in);
  cmd->add_option("-o,--output", a->output, "Image file (.png or .svg; '-' = stdout)")->required();
  cmd->add_option("--format", a->format, "png or svg (default: from the -o file name)")
      ->check(CLI::IsMember({"png", "svg"}));
  cmd->add_option("--width", a->width, "Image width in pixels (default 1000)")
      ->check(CLI::Range(320, 8000));
  cmd->add_option("--height", a->height, "Image height in pixels (default 500)")
      ->check(CLI::Range(240, 8000));
  cmd->footer("Exit status: 0 ok, 1 when a file is no capture or damage stopped reading it, 2 "
              "for usage errors, 3 when a file cannot be opened or the image cannot be written.");
  cmd->callback([a] { run(*a); });
}

const command_registration registration{"plot", 51, setup};

} // namespace

} // namespace pktscope::cli
