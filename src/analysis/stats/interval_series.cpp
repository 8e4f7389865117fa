#include <pktscope/analysis/stats/interval_series.hpp>

#include <pktscope/core/assert.hpp>

#include <algorithm>
#include <numeric>

namespace pktscope::stats {

namespace {
std::uint64_t sum(const class_counts& c) noexcept {
  return std::accumulate(c.begin(), c.end(), std::uint64_t{0});
}
/// Largest multiple of `step` <= ts (floor also for times before the epoch).
timestamp_ns floor_to(timestamp_ns ts, timestamp_ns step) noexcept {
  timestamp_ns q = ts / step;
  if (ts % step < 0) {
    --q;
  }
  return q * step;
}
} // namespace

std::uint64_t interval_row::total_packets() const noexcept {
  return sum(packets);
}
std::uint64_t interval_row::total_bytes() const noexcept {
  return sum(bytes);
}
std::uint64_t interval_row::total_new_flows() const noexcept {
  return sum(new_flows);
}

interval_series::interval_series(const series_config& cfg) : cfg_(cfg) {
  PKTSCOPE_ASSERT(cfg.interval > 0);
  rows_.reserve(std::min<std::size_t>(cfg_.max_rows, 4096));
}

std::int64_t interval_series::row_of(timestamp_ns ts) noexcept {
  const auto step = static_cast<std::uint64_t>(cfg_.interval);
  // Unsigned: ts - start can overflow, and a ts before the start wraps to a large value.
  if (last_row_ >= 0 &&
      static_cast<std::uint64_t>(ts) - static_cast<std::uint64_t>(last_row_start_) < step) {
    return last_row_;
  }
  const std::int64_t r = find_row(ts);
  if (r >= 0) {
    last_row_ = r;
    last_row_start_ = rows_[static_cast<std::size_t>(r)].start;
  }
  return r;
}

std::int64_t interval_series::find_row(timestamp_ns ts) noexcept {
  const auto step = static_cast<std::uint64_t>(cfg_.interval);
  if (rows_.empty()) {
    origin_ = cfg_.align == align::epoch ? floor_to(ts, cfg_.interval) : ts;
    interval_row r;
    r.start = origin_;
    rows_.push_back(r);
    return 0;
  }
  if (ts < origin_) {
    // Differences as unsigned: two valid timestamps can be further apart than INT64_MAX.
    const std::uint64_t behind =
        static_cast<std::uint64_t>(origin_) - static_cast<std::uint64_t>(ts);
    const std::uint64_t k = (behind + step - 1) / step;
    if (k > cfg_.max_rows - rows_.size()) {
      return -1;
    }
    rows_.insert(rows_.begin(), static_cast<std::size_t>(k), interval_row{});
    origin_ -= static_cast<timestamp_ns>(k * step);
    for (std::size_t i = 0; i < k; ++i) {
      rows_[i].start = origin_ + static_cast<timestamp_ns>(i * step);
    }
    for (std::int64_t& r : open_row_) {
      if (r >= 0) {
        r += static_cast<std::int64_t>(k);
      }
    }
    return 0;
  }
  const std::uint64_t idx =
      (static_cast<std::uint64_t>(ts) - static_cast<std::uint64_t>(origin_)) / step;
  if (idx >= cfg_.max_rows) {
    return -1;
  }
  if (idx >= rows_.size()) {
    const std::size_t old = rows_.size();
    rows_.resize(static_cast<std::size_t>(idx) + 1U); // grows per new interval, not per packet
    for (std::size_t i = old; i < rows_.size(); ++i) {
      rows_[i].start = origin_ + static_cast<timestamp_ns>(i * step);
    }
  }
  return static_cast<std::int64_t>(idx);
}

void interval_series::close(std::size_t slot) noexcept {
  if (open_row_[slot] >= 0) {
    rows_[static_cast<std::size_t>(open_row_[slot])].sizes = open_[slot].quantiles();
  }
  open_[slot].clear();
  open_row_[slot] = -1;
}

void interval_series::add(timestamp_ns ts, traffic_class c, std::uint32_t wire_len) noexcept {
  const std::int64_t r = row_of(ts);
  if (r < 0) {
    ++out_of_range_;
    return;
  }
  interval_row& row = rows_[static_cast<std::size_t>(r)];
  row.packets[index(c)] += 1;
  row.bytes[index(c)] += wire_len;

  std::size_t slot = 2;
  if (open_row_[0] == r) {
    slot = 0;
  } else if (open_row_[1] == r) {
    slot = 1;
  } else {
    const std::int64_t hi = std::max(open_row_[0], open_row_[1]);
    const std::size_t free_slot = open_row_[0] < 0 ? 0 : open_row_[1] < 0 ? 1 : 2;
    if (hi < 0 || r > hi + 1) {
      close(0);
      close(1);
      slot = 0;
    } else if (r == hi + 1) {
      slot = open_row_[0] < open_row_[1] ? 0 : 1; // the older one (or a free one)
      close(slot);
    } else if (r == hi - 1 && free_slot != 2 && row.total_packets() == 1) {
      slot = free_slot; // first packet of the interval before the latest: still open
    }
    if (slot != 2) {
      open_row_[slot] = r;
    }
  }
  if (slot == 2) {
    row.late += 1;
    return;
  }
  open_[slot].add(wire_len);
}

void interval_series::add_new_flow(timestamp_ns ts, traffic_class c) noexcept {
  const std::int64_t r = row_of(ts);
  if (r < 0) {
    ++out_of_range_;
    return;
  }
  rows_[static_cast<std::size_t>(r)].new_flows[index(c)] += 1;
}

void interval_series::finish() noexcept {
  close(0);
  close(1);
}

} // namespace pktscope::stats
