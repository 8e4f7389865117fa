#pragma once
// The charts of `pktscope plot`, drawn from the report's data document (report_data.hpp):
// traffic over time, packet size over time (density), size histogram, host x host heatmap
// and new connections per minute. Axis helpers (nice value steps, time ticks on round UTC
// boundaries) are exposed for tests.

#include "plot/canvas.hpp"
#include "report/report_data.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli::plot {

enum class plot_kind : std::uint8_t { traffic, sizes, histogram, heatmap, connections };
[[nodiscard]] std::optional<plot_kind> parse_plot_kind(std::string_view name) noexcept;

/// Draws `kind` from `doc` onto `c` (a width x height surface).
void draw(plot_kind kind, const report::json& doc, canvas& c, int width, int height);

struct tick {
  double value = 0;
  std::string label;
};

/// Ticks at multiples of a 1/2/5 x 10^k step covering [lo, hi], about `target` of them;
/// labels with k/M/G suffixes.
std::vector<tick> value_ticks(double lo, double hi, int target = 6);
/// Ticks on round UTC times (1 ms ... 1 day steps, then days) within [lo_ns, hi_ns], at most
/// `max_ticks`; labels "HH:MM", "HH:MM:SS", "HH:MM:SS.mmm" or "YYYY-MM-DD" by step.
std::vector<tick> time_ticks(double lo_ns, double hi_ns, int max_ticks = 8);

} // namespace pktscope::cli::plot
