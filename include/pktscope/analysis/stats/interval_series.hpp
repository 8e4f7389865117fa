#pragma once
/// Per-interval traffic series: packets and bytes (frame length on the wire) per protocol
/// class, new flows (connections) per class, and exact size percentiles per interval.
///
/// Intervals are [start, start + interval). With align::epoch they start at multiples of the
/// interval since the Unix epoch (minute rows start on the minute); with align::first_packet
/// at the first packet's timestamp, as `tshark -z io,stat` does. Every interval between the
/// earliest and the latest packet has a row, empty ones included. A packet earlier than the
/// first row adds rows in front.
///
/// Size percentiles come from an exact per-interval histogram. Two intervals are open at once
/// (the latest and the one before it), which covers the reordering real captures have at
/// interval boundaries; a packet older than that still counts in its row's packets and bytes,
/// and in `late` instead of the percentiles.
///
/// Memory: one row (about 200 bytes) per interval, grown when time advances past the last row
/// (amortised, not per packet), at most max_rows; packets that would need more rows are
/// counted in out_of_range() only.

#include <pktscope/analysis/stats/size_distribution.hpp>
#include <pktscope/analysis/stats/traffic_class.hpp>
#include <pktscope/core/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pktscope::stats {

struct interval_row {
  timestamp_ns start = 0;
  class_counts packets{};
  class_counts bytes{};
  class_counts new_flows{}; ///< flows opened in this interval, by the flow's IP protocol
  size_quantiles sizes{};   ///< of the packets not counted in `late`
  std::uint64_t late = 0;   ///< packets that arrived after the interval was closed

  [[nodiscard]] std::uint64_t total_packets() const noexcept;
  [[nodiscard]] std::uint64_t total_bytes() const noexcept;
  [[nodiscard]] std::uint64_t total_new_flows() const noexcept;
};

enum class align : std::uint8_t { epoch, first_packet };

struct series_config {
  timestamp_ns interval = 60'000'000'000; ///< precondition: > 0
  stats::align align = align::epoch;
  std::size_t max_rows = 1U << 20;
};

class interval_series {
public:
  explicit interval_series(const series_config& cfg = {});

  /// Counts one packet of `wire_len` octets at `ts`.
  void add(timestamp_ns ts, traffic_class c, std::uint32_t wire_len) noexcept;
  /// Counts a flow opened at `ts` (the flow table's flow_opened event).
  void add_new_flow(timestamp_ns ts, traffic_class c) noexcept;
  /// Computes the percentiles of the intervals still open. Call once, after the last packet.
  void finish() noexcept;

  [[nodiscard]] const std::vector<interval_row>& rows() const noexcept { return rows_; }
  [[nodiscard]] const series_config& config() const noexcept { return cfg_; }
  /// Packets (and flows) that would have needed more than max_rows rows.
  [[nodiscard]] std::uint64_t out_of_range() const noexcept { return out_of_range_; }

private:
  /// Row index of `ts`, adding rows as needed; -1 when beyond max_rows.
  std::int64_t row_of(timestamp_ns ts) noexcept;
  /// row_of() without the shortcut for the last row.
  std::int64_t find_row(timestamp_ns ts) noexcept;
  void close(std::size_t slot) noexcept;

  series_config cfg_;
  std::vector<interval_row> rows_;
  timestamp_ns origin_ = 0; // start of rows_[0]
  // The two open intervals' histograms: row index (-1 = none) per slot.
  std::array<size_distribution, 2> open_{};
  std::array<std::int64_t, 2> open_row_{-1, -1};
  std::uint64_t out_of_range_ = 0;
  // The row row_of() returned last and its start: consecutive packets nearly always fall in
  // the same interval, which then costs a comparison instead of a 64-bit division.
  std::int64_t last_row_ = -1;
  timestamp_ns last_row_start_ = 0;
};

} // namespace pktscope::stats
