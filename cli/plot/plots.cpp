#include "plot/plots.hpp"

#include "time_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace pktscope::cli::plot {

using report::json;

std::optional<plot_kind> parse_plot_kind(std::string_view name) noexcept {
  if (name == "traffic") {
    return plot_kind::traffic;
  }
  if (name == "sizes") {
    return plot_kind::sizes;
  }
  if (name == "histogram") {
    return plot_kind::histogram;
  }
  if (name == "heatmap") {
    return plot_kind::heatmap;
  }
  if (name == "connections") {
    return plot_kind::connections;
  }
  return std::nullopt;
}

// ---- ticks --------------------------------------------------------------------------------

namespace {

std::string si_number(double v, double step) {
  const double a = std::fabs(v);
  static constexpr std::array<std::pair<double, const char*>, 4> units = {
      {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
  for (const auto& [scale, suffix] : units) {
    if (a >= scale) {
      const int decimals = step / scale >= 1 ? 0 : step / scale >= 0.1 ? 1 : 2;
      return fmt::format("{:.{}f}{}", v / scale, decimals, suffix);
    }
  }
  const int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
  return fmt::format("{:.{}f}", v, decimals);
}

} // namespace

std::vector<tick> value_ticks(double lo, double hi, int target) {
  std::vector<tick> out;
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  // The last tick covers `hi`, so it can serve as the axis end.
  const double end = std::ceil(hi / step - 1e-9) * step;
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= end + step * 1e-9; v += step) {
    const double clean = std::fabs(v) < step * 1e-9 ? 0.0 : v;
    out.push_back({clean, si_number(clean, step)});
  }
  return out;
}

std::vector<tick> time_ticks(double lo_ns, double hi_ns, int max_ticks) {
  constexpr double ms = 1e6, s = 1e9, min = 60 * s, h = 60 * min, d = 24 * h;
  static constexpr std::array<double, 28> steps = {
      1 * ms,   2 * ms, 5 * ms, 10 * ms, 20 * ms, 50 * ms, 100 * ms, 200 * ms, 500 * ms, 1 * s,
      2 * s,    5 * s,  10 * s, 15 * s,  30 * s,  1 * min, 2 * min,  5 * min,  10 * min, 15 * min,
      30 * min, 1 * h,  2 * h,  3 * h,   6 * h,   12 * h,  1 * d,    2 * d};
  const double span = std::max(hi_ns - lo_ns, 1.0);
  double step = 0;
  for (const double st : steps) {
    if (span / st <= max_ticks) {
      step = st;
      break;
    }
  }
  if (step == 0) {
    step = 7 * d;
    while (span / step > max_ticks) {
      step *= 2;
    }
  }
  std::vector<tick> out;
  for (double t = std::ceil(lo_ns / step) * step; t <= hi_ns; t += step) {
    const std::string iso = format_iso8601_ns(static_cast<timestamp_ns>(std::llround(t)));
    std::string label;
    if (step >= d) {
      label = iso.substr(0, 10);
    } else if (step >= min) {
      label = iso.substr(11, 5);
    } else if (step >= s) {
      label = iso.substr(11, 8);
    } else {
      label = iso.substr(11, 12);
    }
    out.push_back({t, std::move(label)});
  }
  return out;
}

// ---- frame --------------------------------------------------------------------------------

namespace {

const rgb ink = rgb::hex(0x1d2330);
const rgb muted = rgb::hex(0x5d6678);
const rgb grid = rgb::hex(0xe3e6ec);
const std::array<rgb, 4> class_colors = {rgb::hex(0x2f6fdb), rgb::hex(0x26a269), rgb::hex(0xe66100),
                                         rgb::hex(0x8a8f99)};
const std::array<const char*, 4> class_labels = {"TCP", "UDP", "ICMP/ICMPv6", "Other"};

struct area {
  double x, y, w, h; // the plot area, in pixels
};

struct frame {
  canvas& c;
  area a;
};

/// Title, the plot area's box and its legend row. Returns the plot area.
area layout(canvas& c, int width, int height, std::string_view title, double right_pad = 30) {
  c.text(width / 2.0, 26, title, 16, ink, anchor::middle, true);
  return {84, 64, width - 84 - right_pad, height - 64 - 62.0};
}

void legend(canvas& c, int width, const std::vector<std::pair<std::string, rgb>>& items) {
  double total = 0;
  for (const auto& [label, color] : items) {
    total += 22 + canvas::text_width(label, 12) + 16;
  }
  double x = (width - total) / 2;
  for (const auto& [label, color] : items) {
    c.rect(x, 38, 14, 10, color);
    c.text(x + 20, 47.5, label, 12, ink, anchor::start);
    x += 22 + canvas::text_width(label, 12) + 16;
  }
}

void y_axis(canvas& c, const area& a, const std::vector<tick>& ticks, double lo, double hi,
            std::string_view title) {
  for (const tick& t : ticks) {
    const double y = a.y + a.h - (t.value - lo) / (hi - lo) * a.h;
    c.line(a.x, y, a.x + a.w, y, grid, 1);
    c.text(a.x - 6, y + 4, t.label, 11, muted, anchor::end);
  }
  c.text(18, a.y + a.h / 2, title, 12, ink, anchor::middle, false, true);
}

void x_time_axis(canvas& c, const area& a, double lo, double hi) {
  const auto ticks = time_ticks(lo, hi, std::max(2, static_cast<int>(a.w / 110)));
  for (const tick& t : ticks) {
    const double x = a.x + (t.value - lo) / (hi - lo) * a.w;
    c.line(x, a.y + a.h, x, a.y + a.h + 5, ink, 1);
    c.text(x, a.y + a.h + 18, t.label, 11, muted, anchor::middle);
  }
  const std::string first = format_iso8601_ns(static_cast<timestamp_ns>(std::llround(lo)));
  c.text(a.x + a.w / 2, a.y + a.h + 40,
         fmt::format("time (UTC), from {} {}", first.substr(0, 10), first.substr(11, 8)), 12, ink,
         anchor::middle);
}

void box(canvas& c, const area& a) {
  c.line(a.x, a.y + a.h, a.x + a.w, a.y + a.h, ink, 1);
  c.line(a.x, a.y, a.x, a.y + a.h, ink, 1);
}

/// White -> blue -> dark blue -> orange, t in [0, 1].
rgb ramp(double t) {
  static constexpr std::array<std::array<double, 3>, 4> stops = {
      {{0.97, 0.98, 1.0}, {0.42, 0.68, 0.84}, {0.03, 0.19, 0.42}, {0.90, 0.33, 0.05}}};
  t = std::clamp(t, 0.0, 1.0) * 3;
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), 2);
  const double f = t - static_cast<double>(i);
  return {stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f,
          stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f,
          stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f};
}

void color_bar(canvas& c, double x, double y, double h, double peak, std::string_view title) {
  constexpr int steps = 60;
  for (int i = 0; i < steps; ++i) {
    const double t = static_cast<double>(i) / (steps - 1);
    c.rect(x, y + h - (i + 1) * h / steps, 14, h / steps + 0.5, ramp(t));
  }
  c.text(x + 18, y + 8, si_number(peak, 1), 11, muted, anchor::start);
  c.text(x + 18, y + h, "0", 11, muted, anchor::start);
  c.text(x + 7, y - 8, title, 11, ink, anchor::middle);
}

double log_scale(double v, double peak) {
  return peak <= 0 ? 0 : std::log10(v + 1) / std::log10(peak + 1);
}

void no_data(canvas& c, const area& a) {
  c.text(a.x + a.w / 2, a.y + a.h / 2, "no packets", 14, muted, anchor::middle);
}

// ---- kinds --------------------------------------------------------------------------------

void draw_traffic(const json& doc, canvas& c, int width, int height) {
  const json& s = doc["series"];
  const area a = layout(c, width, height, "Throughput by protocol");
  const std::size_t bins = s["bytes"]["tcp"].size();
  // A static image shows at most one point per 2 pixels: bins are summed in groups.
  const std::size_t group =
      std::max<std::size_t>(1, (bins + static_cast<std::size_t>(a.w / 2) - 1) /
                                   std::max<std::size_t>(1, static_cast<std::size_t>(a.w / 2)));
  const std::size_t n = (bins + group - 1) / group;
  const double w = s["interval_ns"].get<double>() * static_cast<double>(group);
  const double t0 = s["start_ns"].get<double>();
  std::vector<std::array<double, 4>> stack(n);
  double peak = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double acc = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const json& col = s["bytes"][report::chart_class_names[k]];
      double sum = 0;
      for (std::size_t j = i * group; j < std::min(bins, (i + 1) * group); ++j) {
        sum += col[j].get<double>();
      }
      acc += sum * 8e9 / w;
      stack[i][k] = acc;
    }
    peak = std::max(peak, acc);
  }
  std::vector<std::pair<std::string, rgb>> items;
  for (std::size_t k = 0; k < 4; ++k) {
    items.emplace_back(class_labels[k], class_colors[k]);
  }
  legend(c, width, items);
  const auto yt = value_ticks(0, peak > 0 ? peak : 1, 5);
  const double hi = yt.back().value > 0 ? yt.back().value : 1;
  y_axis(c, a, yt, 0, hi, "throughput (bits/s)");
  if (n == 0) {
    no_data(c, a);
    box(c, a);
    return;
  }
  const double t_end = t0 + static_cast<double>(n) * w;
  x_time_axis(c, a, t0, t_end);
  const auto px = [&](std::size_t i) {
    return a.x + (static_cast<double>(i) + 0.5) * w / (t_end - t0) * a.w;
  };
  const auto py = [&](double v) { return a.y + a.h - v / hi * a.h; };
  std::array<std::vector<point>, 4> tops;
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      tops[k].push_back({px(i), py(stack[i][k])});
    }
    std::vector<point> poly = tops[k];
    for (std::size_t i = n; i-- > 0;) {
      poly.push_back({px(i), py(k == 0 ? 0 : stack[i][k - 1])});
    }
    c.polygon(poly, class_colors[k], 0.55);
  }
  for (std::size_t k = 4; k-- > 0;) { // the lowest class's line last: it is the widest
    c.polyline(tops[k], class_colors[k], 1);
  }
  box(c, a);
}

void draw_connections(const json& doc, canvas& c, int width, int height) {
  const json& s = doc["connections"];
  const double w = s["interval_ns"].get<double>();
  const std::string per =
      w == 60e9 ? std::string{"per minute"} : fmt::format("per {} min", w / 60e9);
  const area a = layout(c, width, height, "New connections " + per);
  const std::size_t n = s["counts"]["tcp"].size();
  std::vector<std::pair<std::string, rgb>> items;
  for (std::size_t k = 0; k < 4; ++k) {
    items.emplace_back(class_labels[k], class_colors[k]);
  }
  legend(c, width, items);
  double peak = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double acc = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      acc += s["counts"][report::chart_class_names[k]][i].get<double>();
    }
    peak = std::max(peak, acc);
  }
  const auto yt = value_ticks(0, peak > 0 ? peak : 1, 5);
  const double hi = yt.back().value > 0 ? yt.back().value : 1;
  y_axis(c, a, yt, 0, hi, "connections " + per);
  if (n == 0) {
    no_data(c, a);
    box(c, a);
    return;
  }
  const double t0 = s["start_ns"].get<double>();
  const double t_end = t0 + static_cast<double>(n) * w;
  x_time_axis(c, a, t0, t_end);
  const double bw = a.w / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    double acc = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const double v = s["counts"][report::chart_class_names[k]][i].get<double>();
      if (v > 0) {
        const double y1 = a.y + a.h - (acc + v) / hi * a.h;
        c.rect(a.x + static_cast<double>(i) * bw + bw * 0.1, y1, bw * 0.8, v / hi * a.h,
               class_colors[k]);
      }
      acc += v;
    }
  }
  box(c, a);
}

void draw_histogram(const json& doc, canvas& c, int width, int height) {
  const json& h = doc["size_histogram"];
  const json& q = doc["summary"]["packet_sizes"];
  const area a = layout(c, width, height, "Packet size distribution");
  c.text(width / 2.0, 47.5,
         fmt::format("{}-byte bins; median {} bytes, p90 {}, p99 {}, max {}",
                     h["bin_width"].get<unsigned>(), q["p50"].get<unsigned>(),
                     q["p90"].get<unsigned>(), q["p99"].get<unsigned>(), q["max"].get<unsigned>()),
         12, muted, anchor::middle);
  const json& bins = h["bins"];
  double peak = 0;
  for (const json& b : bins) {
    peak = std::max(peak, b[2].get<double>());
  }
  const auto yt = value_ticks(0, peak > 0 ? peak : 1, 5);
  const double hi = yt.back().value > 0 ? yt.back().value : 1;
  y_axis(c, a, yt, 0, hi, "packets");
  if (bins.empty()) {
    no_data(c, a);
    box(c, a);
    return;
  }
  const auto xt =
      value_ticks(0, bins.back()[1].get<double>() + 1, std::max(2, static_cast<int>(a.w / 90)));
  const double top_size = xt.back().value;
  for (const tick& t : xt) {
    const double x = a.x + t.value / top_size * a.w;
    c.line(x, a.y + a.h, x, a.y + a.h + 5, ink, 1);
    c.text(x, a.y + a.h + 18, t.label, 11, muted, anchor::middle);
  }
  c.text(a.x + a.w / 2, a.y + a.h + 40, "packet size (bytes on the wire)", 12, ink, anchor::middle);
  for (const json& b : bins) {
    const double lo = b[0].get<double>(), up = b[1].get<double>() + 1, v = b[2].get<double>();
    if (v > 0) {
      const double x0 = a.x + lo / top_size * a.w, x1 = a.x + up / top_size * a.w;
      c.rect(x0 + 0.5, a.y + a.h - v / hi * a.h, std::max(1.0, x1 - x0 - 1), v / hi * a.h,
             class_colors[0]);
    }
  }
  box(c, a);
}

void draw_sizes(const json& doc, canvas& c, int width, int height) {
  const json& d = doc["size_density"];
  const area a = layout(c, width, height, "Packet size over time", 110);
  c.text(width / 2.0, 47.5, "packets per time column and size bin (colour: logarithmic)", 12, muted,
         anchor::middle);
  const json& bins = d["size_bins"];
  const auto cols = d["columns"].get<std::size_t>();
  if (bins.empty() || cols == 0) {
    no_data(c, a);
    box(c, a);
    return;
  }
  const auto yt = value_ticks(0, bins.back()[1].get<double>() + 1, 6);
  const double top_size = yt.back().value;
  y_axis(c, a, yt, 0, top_size, "packet size (bytes)");
  const double t0 = d["start_ns"].get<double>();
  const double w = d["interval_ns"].get<double>();
  x_time_axis(c, a, t0, t0 + static_cast<double>(cols) * w);
  const double peak = d["max"].get<double>();
  const double cw = a.w / static_cast<double>(cols);
  for (const json& cell : d["cells"]) {
    const auto col = cell[0].get<std::size_t>();
    const auto bin = cell[1].get<std::size_t>();
    const double lo = bins[bin][0].get<double>(), up = bins[bin][1].get<double>() + 1;
    const double y0 = a.y + a.h - up / top_size * a.h;
    const double hh = (up - lo) / top_size * a.h;
    c.rect(a.x + static_cast<double>(col) * cw, y0, cw + 0.3, hh + 0.3,
           ramp(0.08 + 0.92 * log_scale(cell[2].get<double>(), peak)));
  }
  box(c, a);
  color_bar(c, a.x + a.w + 30, a.y + 16, a.h - 16, peak, "packets");
}

void draw_heatmap(const json& doc, canvas& c, int width, int height) {
  const json& m = doc["summary"]["host_matrix"];
  const auto n = m["hosts"].size();
  c.text(width / 2.0, 26, "Bytes from source host (row) to destination host (column)", 16, ink,
         anchor::middle, true);
  double label_w = 0;
  for (const json& hname : m["hosts"]) {
    label_w = std::max(label_w, canvas::text_width(hname.get<std::string>(), 11));
  }
  const area a{label_w + 44, 50, width - label_w - 44 - 110.0, height - 50 - label_w - 40};
  if (n == 0) {
    no_data(c, a);
    return;
  }
  double peak = 0;
  for (const json& row : m["bytes"]) {
    for (const json& v : row) {
      peak = std::max(peak, v.get<double>());
    }
  }
  const double cw = a.w / static_cast<double>(n), ch = a.h / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string host = m["hosts"][i].get<std::string>();
    c.text(a.x - 6, a.y + (static_cast<double>(i) + 0.5) * ch + 4, host, 11, ink, anchor::end);
    c.text(a.x + (static_cast<double>(i) + 0.5) * cw + 4, a.y + a.h + 6, host, 11, ink, anchor::end,
           false, true);
    for (std::size_t j = 0; j < n; ++j) {
      const double v = m["bytes"][i][j].get<double>();
      const rgb color = v > 0 ? ramp(0.08 + 0.92 * log_scale(v, peak)) : rgb{0.98, 0.98, 0.98};
      c.rect(a.x + static_cast<double>(j) * cw + 0.5, a.y + static_cast<double>(i) * ch + 0.5,
             cw - 1, ch - 1, color);
    }
  }
  c.text(16, a.y + a.h / 2, "source", 12, ink, anchor::middle, false, true);
  c.text(a.x + a.w / 2, static_cast<double>(height) - 8, "destination", 12, ink, anchor::middle);
  color_bar(c, a.x + a.w + 30, a.y + 16, a.h - 16, peak, "bytes");
}

} // namespace

void draw(plot_kind kind, const json& doc, canvas& c, int width, int height) {
  switch (kind) {
  case plot_kind::traffic: draw_traffic(doc, c, width, height); break;
  case plot_kind::sizes: draw_sizes(doc, c, width, height); break;
  case plot_kind::histogram: draw_histogram(doc, c, width, height); break;
  case plot_kind::heatmap: draw_heatmap(doc, c, width, height); break;
  case plot_kind::connections: draw_connections(doc, c, width, height); break;
  }
}

} // namespace pktscope::cli::plot
