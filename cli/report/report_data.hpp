#pragma once
// The report's data document (schema "pktscope.report/1", docs/cli/report.md): everything the
// HTML report and `pktscope plot` draw, assembled in one pass over the captures. It embeds the
// `summary --json` document unchanged (tables and totals come from there) and adds bounded
// per-interval series, a time x size density matrix, a size histogram, connections per minute
// and the alerts with the flows they concern.
//
// Bounds: series have at most time_bins::capacity points whatever the capture's length (the
// bin width grows along a ladder of round durations as time advances), the density matrix at
// most max_density_columns x size_bins cells, tables are top-N, each alert lists at most
// max_alert_flows flows. So the document's size does not grow with the packet count.

#include "stats/pipeline.hpp"
#include "stats/report.hpp"

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/detect/baseline.hpp>
#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/core/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pktscope::cli::report {

using json = nlohmann::ordered_json;

inline constexpr const char* report_schema = "pktscope.report/1";

/// The four classes the report's charts stack: TCP, UDP, ICMP (with ICMPv6), other (ARP,
/// other IP protocols, non-IP).
inline constexpr std::size_t chart_class_count = 4;
inline constexpr std::array<const char*, chart_class_count> chart_class_names = {"tcp", "udp",
                                                                                 "icmp", "other"};

/// Packet-size bins of the density matrix: 32 octets wide up to 2047, then 2048 wide up to
/// 65535 (jumbo and offloaded frames).
inline constexpr std::size_t size_bins = 64 + 31;
[[nodiscard]] std::size_t size_bin_of(std::uint32_t size) noexcept;
[[nodiscard]] std::uint32_t size_bin_min(std::size_t bin) noexcept;
[[nodiscard]] std::uint32_t size_bin_max(std::size_t bin) noexcept;

/// Per-interval counters over a bounded number of bins. Bins are aligned to multiples of
/// their width since the epoch; when time runs past the last bin, the width moves up the
/// ladder 1, 2, 10, 20, 100, 200 ms, 1, 2, 10, 20 s, 1, 2, 10, 20 min, 1, 2, 6, 12 h, 1 d,
/// then doubles, and bins merge (each width divides the next, so merging is exact).
class time_bins {
public:
  static constexpr std::size_t capacity = 3000;
  struct bin {
    std::array<std::uint64_t, chart_class_count> packets{}, bytes{}, flows{};
    std::array<std::uint64_t, size_bins> sizes{};
  };

  /// Bins start `initial_width` wide (a fixed --interval) or at 1 ms (0: automatic) and only
  /// widen, by whole multiples, to keep their number bounded.
  explicit time_bins(timestamp_ns initial_width = 0);
  void add_packet(timestamp_ns ts, std::size_t cls, std::uint32_t wire_len) noexcept;
  void add_flow(timestamp_ns ts, std::size_t cls) noexcept;

  [[nodiscard]] timestamp_ns width() const noexcept { return width_; }
  /// Start of bins()[0] (0 when nothing was added).
  [[nodiscard]] timestamp_ns start() const noexcept { return base_ * width_; }
  [[nodiscard]] std::size_t used() const noexcept { return used_; }
  [[nodiscard]] const bin& at(std::size_t i) const noexcept { return bins_[i]; }

private:
  bin* bin_of(timestamp_ns ts) noexcept;
  void coarsen(timestamp_ns needed_span) noexcept;

  std::vector<bin> bins_; // capacity entries, reserved up front
  std::size_t used_ = 0;
  std::int64_t base_ = 0; // index of bins_[0] in units of width_ since the epoch
  timestamp_ns width_;
  bool started_ = false;
};

struct report_options {
  std::size_t top = 10;                  ///< rows per top-N table
  std::size_t matrix_hosts = 10;         ///< hosts in the IP-to-IP heatmap
  std::size_t max_density_columns = 240; ///< time columns of the size density matrix
  std::size_t max_alert_flows = 20;      ///< flows listed per alert
  std::size_t max_kept_flows = 1U << 19; ///< finished flows remembered for linking alerts
  std::string title;                     ///< page title; default: the file names
  timestamp_ns interval = 0;             ///< narrowest time bin (--interval); 0 = automatic
  const pktscope::detect::baseline* baseline =
      nullptr; ///< learned normal traffic for the detectors
};

/// A finished flow, as much as the report shows of it.
struct flow_brief {
  std::array<std::uint8_t, 16> orig{}, resp{};
  std::uint16_t orig_port = 0, resp_port = 0;
  std::uint8_t ip_version = 0, ip_protocol = 0;
  conn_state state = conn_state::oth;
  timestamp_ns first_ts = 0, last_ts = 0;
  std::uint64_t packets = 0, bytes = 0;
  std::uint64_t id = 0;
  std::uint32_t part = 0;
  std::array<char, 20> history{};
};

/// The flows an alert concerns: same hosts (and ports where the alert names them), overlapping
/// its time span. Returns indexes into `flows`, by first packet time, at most `limit`, and the
/// total that matched in `matched`.
std::vector<std::size_t> flows_of_alert(const pktscope::detect::alert& a,
                                        const std::vector<flow_brief>& flows, std::size_t limit,
                                        std::size_t& matched);

/// Result of the pass: the document and the exit status the command should end with.
struct report_result {
  json doc;
  int exit_status = 0;
};

/// Reads `in` once and builds the data document. Throws cli_error like stats::run_pass.
report_result build_report_data(const stats::input_options& in, const report_options& opt);

} // namespace pktscope::cli::report
