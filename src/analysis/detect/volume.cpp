#include <pktscope/analysis/detect/volume.hpp>

#include <algorithm>
#include <cmath>

namespace pktscope::detect {

namespace {
constexpr timestamp_ns ns_per_hour = 3'600'000'000'000;
constexpr timestamp_ns ns_per_day = 24 * ns_per_hour;

struct band {
  double mean = 0, sd = 0;
};

band make_band(double mean, double var, double floor_fraction, bool poisson) noexcept {
  double sd = std::sqrt(std::max(var, 0.0));
  sd = std::max(sd, floor_fraction * mean);
  if (poisson) {
    sd = std::max(sd, std::sqrt(std::max(mean, 0.0)));
  }
  return {mean, sd};
}
} // namespace

const volume_expectation& volume_baseline::at(timestamp_ns interval_start,
                                              stats::traffic_class c) const noexcept {
  if (hourly) {
    timestamp_ns of_day = interval_start % ns_per_day;
    if (of_day < 0) {
      of_day += ns_per_day;
    }
    const volume_expectation& h =
        hours[static_cast<std::size_t>(of_day / ns_per_hour)][stats::index(c)];
    if (h.known) {
      return h;
    }
  }
  return all[stats::index(c)];
}

volume_detector::volume_detector(const volume_config& cfg, const volume_baseline* base)
    : cfg_(cfg), base_(base) {
  if (cfg_.interval.ns <= 0) {
    cfg_.interval = seconds(10);
  }
  for (class_state& s : state_) {
    s.packets = ewma_model(cfg_.alpha);
    s.bytes = ewma_model(cfg_.alpha);
  }
}

void volume_detector::start(timestamp_ns ts) noexcept {
  started_ = true;
  cur_start_ = ts;
  cur_packets_ = {};
  cur_bytes_ = {};
}

void volume_detector::restart_grid(timestamp_ns ts) noexcept {
  // The unfinished interval and any open episode are dropped; the learned model stays.
  for (class_state& s : state_) {
    s.out = 0;
    s.reported = false;
  }
  start(ts);
}

std::span<const volume_event> volume_detector::close_interval() noexcept {
  const auto events = judge(cur_start_, cur_packets_, cur_bytes_);
  cur_start_ += cfg_.interval.ns;
  cur_packets_ = {};
  cur_bytes_ = {};
  return events;
}

std::span<const volume_event> volume_detector::judge(timestamp_ns start,
                                                     const stats::class_counts& packets,
                                                     const stats::class_counts& bytes) noexcept {
  ++judged_;
  std::size_t n = 0;
  const timestamp_ns end = start + cfg_.interval.ns;
  for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
    class_state& s = state_[c];
    const auto x_p = static_cast<double>(packets[c]);
    const auto x_b = static_cast<double>(bytes[c]);

    band bp, bb;
    bool ready = false;
    if (base_ != nullptr) {
      const volume_expectation& e = base_->at(start, static_cast<stats::traffic_class>(c));
      // Counts scale with the interval length; for Poisson-like counts so does the variance.
      const double scale = base_->interval > 0 ? static_cast<double>(cfg_.interval.ns) /
                                                     static_cast<double>(base_->interval)
                                               : 1.0;
      bp = make_band(e.packets_mean * scale, e.packets_var * scale, cfg_.sd_floor_fraction, true);
      bb = make_band(e.bytes_mean * scale, e.bytes_var * scale, cfg_.sd_floor_fraction, false);
      ready = true; // an unknown class has expectation 0: any real flood of it is a spike
    } else {
      bp = make_band(s.packets.mean(), s.packets.variance(), cfg_.sd_floor_fraction, true);
      bb = make_band(s.bytes.mean(), s.bytes.variance(), cfg_.sd_floor_fraction, false);
      ready = s.packets.count() >= cfg_.warmup;
    }

    bool high_p = false, high_b = false, low_p = false, low_b = false;
    if (ready) {
      high_p = x_p > bp.mean + cfg_.k * bp.sd && x_p - bp.mean >= cfg_.min_spike_packets;
      high_b = x_b > bb.mean + cfg_.k * bb.sd && x_b - bb.mean >= cfg_.min_spike_bytes;
      // Bursty traffic widens the band below zero; a fall to a small fraction of the
      // expectation is a drop all the same.
      low_p = bp.mean >= cfg_.min_drop_packets &&
              (x_p < bp.mean - cfg_.k * bp.sd || x_p < cfg_.drop_fraction * bp.mean);
      low_b = bb.mean >= cfg_.min_drop_bytes &&
              (x_b < bb.mean - cfg_.k * bb.sd || x_b < cfg_.drop_fraction * bb.mean);
    }
    const bool high = high_p || high_b;
    const bool low = !high && (low_p || low_b);

    if (high || low) {
      if (s.out == 0 || s.spike_side != high) {
        if (s.out > 0 && s.reported) { // side flipped: the old episode ends
          s.last.ongoing = false;
          out_[n++] = s.last;
        }
        s.out = 0;
        s.reported = false;
        s.spike_side = high;
        s.episode_start = start;
        s.extreme_packets = x_p;
        s.extreme_bytes = x_b;
      }
      ++s.out;
      s.extreme_packets =
          high ? std::max(s.extreme_packets, x_p) : std::min(s.extreme_packets, x_p);
      s.extreme_bytes = high ? std::max(s.extreme_bytes, x_b) : std::min(s.extreme_bytes, x_b);
      volume_event& e = s.last;
      e.spike = high;
      e.cls = static_cast<stats::traffic_class>(c);
      e.start = s.episode_start;
      e.end = end;
      e.intervals = s.out;
      e.ongoing = true;
      e.packets = x_p;
      e.bytes = x_b;
      e.expected_packets = bp.mean;
      e.expected_bytes = bb.mean;
      e.sd_packets = bp.sd;
      e.sd_bytes = bb.sd;
      e.extreme_packets = s.extreme_packets;
      e.extreme_bytes = s.extreme_bytes;
      e.by_packets = high ? high_p : low_p;
      e.by_bytes = high ? high_b : low_b;
      if (!s.reported && s.out >= cfg_.confirm) {
        s.reported = true;
        out_[n++] = e;
      }
      // Freeze learning during an episode so a long flood keeps standing out, but accept a
      // lasting new level after max_freeze intervals.
      if (base_ == nullptr && s.out > cfg_.max_freeze) {
        s.packets.add(x_p);
        s.bytes.add(x_b);
      }
    } else {
      if (s.out > 0 && s.reported) {
        s.last.ongoing = false;
        out_[n++] = s.last;
      }
      s.out = 0;
      s.reported = false;
      if (base_ == nullptr) {
        s.packets.add(x_p);
        s.bytes.add(x_b);
      }
    }
  }
  return {out_.data(), n};
}

std::span<const volume_event> volume_detector::end_episodes() noexcept {
  std::size_t n = 0;
  for (class_state& s : state_) {
    if (s.out > 0 && s.reported) {
      s.last.ongoing = false;
      out_[n++] = s.last;
    }
    s.out = 0;
    s.reported = false;
  }
  return {out_.data(), n};
}

} // namespace pktscope::detect
