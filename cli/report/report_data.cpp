#include "report/report_data.hpp"

#include "stats/pipeline.hpp"
#include "time_format.hpp"

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/analysis/stats/traffic_class.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/core/address.hpp>

#include <algorithm>
#include <memory>

namespace pktscope::cli::report {

namespace ps = pktscope::stats;

// ---- size bins ----------------------------------------------------------------------------

std::size_t size_bin_of(std::uint32_t size) noexcept {
  if (size < 2048) {
    return size / 32;
  }
  return std::min<std::size_t>(64 + (size - 2048) / 2048, size_bins - 1);
}

std::uint32_t size_bin_min(std::size_t bin) noexcept {
  return bin < 64 ? static_cast<std::uint32_t>(bin * 32)
                  : static_cast<std::uint32_t>(2048 + (bin - 64) * 2048);
}

std::uint32_t size_bin_max(std::size_t bin) noexcept {
  return bin + 1 == size_bins ? 65535U : size_bin_min(bin + 1) - 1;
}

// ---- time bins ----------------------------------------------------------------------------

namespace {

constexpr timestamp_ns ms = 1'000'000;
constexpr std::array<timestamp_ns, 19> width_ladder = {
    1 * ms,         2 * ms,          10 * ms,         20 * ms,        100 * ms,
    200 * ms,       1000 * ms,       2000 * ms,       10'000 * ms,    20'000 * ms,
    60'000 * ms,    120'000 * ms,    600'000 * ms,    1'200'000 * ms, 3'600'000 * ms,
    7'200'000 * ms, 21'600'000 * ms, 43'200'000 * ms, 86'400'000 * ms};

// The next round width that is a whole multiple of `w`, so that merged bins nest exactly
// (a chosen --interval need not be on the ladder).
timestamp_ns next_width(timestamp_ns w) noexcept {
  for (const timestamp_ns l : width_ladder) {
    if (l > w && l % w == 0) {
      return l;
    }
  }
  return w * 2;
}

std::int64_t floor_div(timestamp_ns a, timestamp_ns b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

} // namespace

time_bins::time_bins(timestamp_ns initial_width)
    : bins_(capacity), width_(initial_width > 0 ? initial_width : width_ladder[0]) {}

void time_bins::coarsen(timestamp_ns needed_end) noexcept {
  const timestamp_ns first = start();
  timestamp_ns w = width_;
  do {
    w = next_width(w);
  } while ((floor_div(needed_end, w) - floor_div(first, w)) >= static_cast<std::int64_t>(capacity));
  const std::int64_t new_base = floor_div(first, w);
  std::vector<bin> merged(capacity);
  std::size_t new_used = 0;
  for (std::size_t i = 0; i < used_; ++i) {
    const timestamp_ns s = (base_ + static_cast<std::int64_t>(i)) * width_;
    const auto j = static_cast<std::size_t>(floor_div(s, w) - new_base);
    bin& dst = merged[j];
    const bin& src = bins_[i];
    for (std::size_t c = 0; c < chart_class_count; ++c) {
      dst.packets[c] += src.packets[c];
      dst.bytes[c] += src.bytes[c];
      dst.flows[c] += src.flows[c];
    }
    for (std::size_t k = 0; k < size_bins; ++k) {
      dst.sizes[k] += src.sizes[k];
    }
    new_used = std::max(new_used, j + 1);
  }
  bins_ = std::move(merged);
  used_ = new_used;
  base_ = new_base;
  width_ = w;
}

time_bins::bin* time_bins::bin_of(timestamp_ns ts) noexcept {
  if (!started_) {
    started_ = true;
    base_ = floor_div(ts, width_);
  }
  std::int64_t idx = floor_div(ts, width_) - base_;
  if (idx < 0) {
    idx = 0; // earlier than the first packet (reordered input): counted in the first bin
  }
  if (idx >= static_cast<std::int64_t>(capacity)) {
    coarsen(ts);
    idx = floor_div(ts, width_) - base_;
  }
  const auto i = static_cast<std::size_t>(idx);
  used_ = std::max(used_, i + 1);
  return &bins_[i];
}

void time_bins::add_packet(timestamp_ns ts, std::size_t cls, std::uint32_t wire_len) noexcept {
  bin* b = bin_of(ts);
  ++b->packets[cls];
  b->bytes[cls] += wire_len;
  ++b->sizes[size_bin_of(wire_len)];
}

void time_bins::add_flow(timestamp_ns ts, std::size_t cls) noexcept {
  ++bin_of(ts)->flows[cls];
}

// ---- alerts and flows ---------------------------------------------------------------------

namespace {

bool same_address(const pktscope::detect::endpoint& e, const std::array<std::uint8_t, 16>& addr,
                  std::uint8_t ip_version) noexcept {
  if (e.ip_version != ip_version) {
    return false;
  }
  const std::size_t n = ip_version == 4 ? 4 : 16;
  return std::equal(addr.begin(), addr.begin() + static_cast<std::ptrdiff_t>(n), e.addr.begin());
}

bool endpoint_is(const pktscope::detect::endpoint& e, const std::array<std::uint8_t, 16>& addr,
                 std::uint16_t port, std::uint8_t ip_version) noexcept {
  return same_address(e, addr, ip_version) && (!e.has_port || e.port == port);
}

} // namespace

std::vector<std::size_t> flows_of_alert(const pktscope::detect::alert& a,
                                        const std::vector<flow_brief>& flows, std::size_t limit,
                                        std::size_t& matched) {
  std::vector<std::size_t> out;
  matched = 0;
  if (!a.src && !a.dst) {
    return out;
  }
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const flow_brief& f = flows[i];
    if (f.last_ts < a.start_ns || f.first_ts > a.end_ns) {
      continue;
    }
    const auto side = [&f](const pktscope::detect::endpoint& e, bool orig) {
      return orig ? endpoint_is(e, f.orig, f.orig_port, f.ip_version)
                  : endpoint_is(e, f.resp, f.resp_port, f.ip_version);
    };
    bool hit = false;
    if (a.src && a.dst) {
      hit = (side(*a.src, true) && side(*a.dst, false)) ||
            (side(*a.src, false) && side(*a.dst, true));
    } else {
      const pktscope::detect::endpoint& e = a.src ? *a.src : *a.dst;
      hit = side(e, true) || side(e, false);
    }
    if (hit) {
      ++matched;
      out.push_back(i);
    }
  }
  std::stable_sort(out.begin(), out.end(), [&flows](std::size_t x, std::size_t y) {
    return flows[x].first_ts < flows[y].first_ts;
  });
  if (out.size() > limit) {
    out.resize(limit);
  }
  return out;
}

namespace {

std::size_t chart_class(ps::traffic_class c) noexcept {
  switch (c) {
  case ps::traffic_class::tcp: return 0;
  case ps::traffic_class::udp: return 1;
  case ps::traffic_class::icmp:
  case ps::traffic_class::icmpv6: return 2;
  default: return 3;
  }
}

/// The report's own flow accumulators: new flows per bin, finished flows kept for the alerts.
class report_sink final : public flow_sink {
public:
  report_sink(time_bins& bins, std::size_t max_kept) : bins_(bins), max_kept_(max_kept) {}

  void flow_opened(const flow_record& r) override {
    bins_.add_flow(r.first_ts, chart_class(ps::class_of_ip_protocol(r.ip_protocol())));
  }
  void flow_finished(const flow_record& r) override {
    if (kept.size() >= max_kept_) {
      ++not_kept;
      return;
    }
    flow_brief b;
    b.orig = r.orig_addr;
    b.resp = r.resp_addr;
    b.orig_port = r.orig_port;
    b.resp_port = r.resp_port;
    b.ip_version = r.ip_version();
    b.ip_protocol = r.ip_protocol();
    b.state = r.state();
    b.first_ts = r.first_ts;
    b.last_ts = r.last_ts;
    b.packets = r.total_packets();
    b.bytes = r.total_bytes();
    b.id = r.id;
    b.part = r.part;
    const std::string_view h = r.history();
    std::copy_n(h.begin(), std::min(h.size(), b.history.size() - 1), b.history.begin());
    kept.push_back(b);
  }

  std::vector<flow_brief> kept;
  std::uint64_t not_kept = 0;

private:
  time_bins& bins_;
  std::size_t max_kept_;
};

std::string address_of(const std::array<std::uint8_t, 16>& a, std::uint8_t ip_version) {
  return ip_to_string(bytes(a).first(ip_version == 4 ? 4 : 16));
}

json series_json(const time_bins& tb) {
  json s;
  s["start_ns"] = tb.start();
  s["interval_ns"] = tb.width();
  s["classes"] = chart_class_names;
  json packets, bytes, flows;
  for (std::size_t c = 0; c < chart_class_count; ++c) {
    json p = json::array(), b = json::array(), f = json::array();
    for (std::size_t i = 0; i < tb.used(); ++i) {
      p.push_back(tb.at(i).packets[c]);
      b.push_back(tb.at(i).bytes[c]);
      f.push_back(tb.at(i).flows[c]);
    }
    packets[chart_class_names[c]] = std::move(p);
    bytes[chart_class_names[c]] = std::move(b);
    flows[chart_class_names[c]] = std::move(f);
  }
  s["packets"] = std::move(packets);
  s["bytes"] = std::move(bytes);
  s["new_flows"] = std::move(flows);
  return s;
}

/// New flows per minute (or per bin when bins are wider than a minute), by class.
json connections_json(const time_bins& tb) {
  constexpr timestamp_ns minute = 60'000'000'000;
  const timestamp_ns w = std::max(minute, tb.width());
  json c;
  c["interval_ns"] = w;
  const std::int64_t first = tb.used() == 0 ? 0 : floor_div(tb.start(), w);
  c["start_ns"] = first * w;
  std::vector<std::array<std::uint64_t, chart_class_count>> rows;
  for (std::size_t i = 0; i < tb.used(); ++i) {
    const timestamp_ns s = tb.start() + static_cast<timestamp_ns>(i) * tb.width();
    const auto j = static_cast<std::size_t>(floor_div(s, w) - first);
    if (rows.size() <= j) {
      rows.resize(j + 1);
    }
    for (std::size_t k = 0; k < chart_class_count; ++k) {
      rows[j][k] += tb.at(i).flows[k];
    }
  }
  c["classes"] = chart_class_names;
  json counts;
  for (std::size_t k = 0; k < chart_class_count; ++k) {
    json col = json::array();
    for (const auto& r : rows) {
      col.push_back(r[k]);
    }
    counts[chart_class_names[k]] = std::move(col);
  }
  c["counts"] = std::move(counts);
  return c;
}

/// Time x size density: columns merge bins so that at most `max_cols` remain; cells are
/// [column, size bin, packets] for the non-empty ones only.
json density_json(const time_bins& tb, std::size_t max_cols) {
  const std::size_t merge = tb.used() == 0 ? 1 : (tb.used() + max_cols - 1) / max_cols;
  std::size_t top_bin = 0;
  for (std::size_t i = 0; i < tb.used(); ++i) {
    for (std::size_t k = 0; k < size_bins; ++k) {
      if (tb.at(i).sizes[k] != 0) {
        top_bin = std::max(top_bin, k);
      }
    }
  }
  json d;
  d["start_ns"] = tb.start();
  d["interval_ns"] = tb.width() * static_cast<timestamp_ns>(merge);
  const std::size_t cols = (tb.used() + merge - 1) / merge;
  d["columns"] = cols;
  json bins = json::array();
  for (std::size_t k = 0; k <= top_bin && tb.used() != 0; ++k) {
    bins.push_back(json::array({size_bin_min(k), size_bin_max(k)}));
  }
  d["size_bins"] = std::move(bins);
  json cells = json::array();
  std::uint64_t peak = 0;
  for (std::size_t c = 0; c < cols; ++c) {
    std::array<std::uint64_t, size_bins> sum{};
    for (std::size_t i = c * merge; i < std::min(tb.used(), (c + 1) * merge); ++i) {
      for (std::size_t k = 0; k <= top_bin; ++k) {
        sum[k] += tb.at(i).sizes[k];
      }
    }
    for (std::size_t k = 0; k <= top_bin; ++k) {
      if (sum[k] != 0) {
        cells.push_back(json::array({c, k, sum[k]}));
        peak = std::max(peak, sum[k]);
      }
    }
  }
  d["cells"] = std::move(cells);
  d["max"] = peak;
  return d;
}

/// Size histogram from the exact distribution: a round bin width giving at most 64 bins.
json histogram_json(const ps::size_distribution& sz) {
  json h;
  const std::uint32_t top = sz.max();
  std::uint32_t w = 8;
  while (top / w >= 64) {
    w *= 2;
  }
  h["bin_width"] = w;
  json bins = json::array();
  if (sz.count() != 0) {
    for (std::uint32_t lo = 0; lo <= top; lo += w) {
      std::uint64_t n = 0;
      const std::uint32_t hi = std::min<std::uint32_t>(lo + w - 1, top);
      for (std::uint32_t s = lo; s <= hi; ++s) {
        n += sz.at(s);
      }
      bins.push_back(json::array({lo, lo + w - 1, n}));
    }
  }
  h["bins"] = std::move(bins);
  return h;
}

json flow_json(const flow_brief& f, std::size_t index) {
  return json{{"ref", index},
              {"id", f.id},
              {"part", f.part},
              {"proto", stats::transport_text(f.ip_protocol)},
              {"src", address_of(f.orig, f.ip_version)},
              {"sport", f.orig_port},
              {"dst", address_of(f.resp, f.ip_version)},
              {"dport", f.resp_port},
              {"first_ns", f.first_ts},
              {"last_ns", f.last_ts},
              {"packets", f.packets},
              {"bytes", f.bytes},
              {"state", std::string{conn_state_name(f.state)}},
              {"history", std::string{f.history.data()}}};
}

} // namespace

report_result build_report_data(const stats::input_options& in, const report_options& opt) {
  report_result res;
  auto st = std::make_unique<ps::traffic_stats>();
  auto bins = std::make_unique<time_bins>(opt.interval);
  report_sink own(*bins, opt.max_kept_flows);
  // The statistics as summary --json has them, and the default detectors as `pktscope detect`
  // runs them without options other than --baseline, in one pass with the report's own bins.
  stats::pass_options po;
  po.detect = true;
  po.baseline = opt.baseline;
  po.also = &own;
  const stats::pass_result pass =
      stats::run_pass(in, *st, po, [&bins](const packet& pkt, const decoded_packet& d) {
        bins->add_packet(pkt.ts, chart_class(ps::classify(d)), pkt.original_len);
      });
  const std::vector<pktscope::detect::alert>& alerts = *pass.alerts;
  res.exit_status = pass.exit_status;

  stats::summary_options so;
  so.top = opt.top;
  so.matrix_hosts = opt.matrix_hosts;
  so.filter = in.filter;
  json& doc = res.doc;
  doc["schema"] = report_schema;
  std::string title = opt.title;
  if (title.empty()) {
    for (const std::string& f : in.source_names()) {
      title += title.empty() ? "" : ", ";
      title += f.substr(f.find_last_of('/') + 1);
    }
  }
  doc["title"] = title;
  doc["summary"] = stats::summary_json(pass, *st, so);
  doc["series"] = series_json(*bins);
  doc["connections"] = connections_json(*bins);
  doc["size_density"] = density_json(*bins, opt.max_density_columns);
  doc["size_histogram"] = histogram_json(st->sizes());

  // Alerts with the flows they concern; each flow listed once, referred to by position.
  json jalerts = json::array();
  json jflows = json::array();
  std::vector<std::int64_t> flow_ref(own.kept.size(), -1);
  for (const pktscope::detect::alert& a : alerts) {
    json ja = json::parse(pktscope::detect::to_json(a));
    std::size_t matched = 0;
    json refs = json::array();
    for (const std::size_t i : flows_of_alert(a, own.kept, opt.max_alert_flows, matched)) {
      if (flow_ref[i] < 0) {
        flow_ref[i] = static_cast<std::int64_t>(jflows.size());
        jflows.push_back(flow_json(own.kept[i], jflows.size()));
      }
      refs.push_back(flow_ref[i]);
    }
    ja["flow_refs"] = std::move(refs);
    ja["flows_matched"] = matched;
    jalerts.push_back(std::move(ja));
  }
  doc["alerts"] = std::move(jalerts);
  doc["alert_flows"] = std::move(jflows);
  doc["flows_not_kept"] = own.not_kept;
  return res;
}

} // namespace pktscope::cli::report
