#include <pktscope/analysis/detect/syn_flood.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

namespace pktscope::detect {

double distinct_counter::estimate() const noexcept {
  std::size_t set = 0;
  for (const std::uint64_t w : words_) {
    set += static_cast<std::size_t>(std::popcount(w));
  }
  constexpr auto m = static_cast<double>(bits);
  if (set >= bits) {
    return m * std::log(m); // saturated: a lower bound
  }
  // Linear counting: n ~ -m ln(V), V the fraction of zero bits.
  return -m * std::log(static_cast<double>(bits - set) / m);
}

syn_flood_detector::syn_flood_detector(const syn_flood_config& cfg)
    : cfg_(cfg), dests_(cfg.max_destinations) {
  active_.reserve(1024);
}

void syn_flood_detector::on_attempt(const attempt_event& e, alert_sink& sink) {
  static_cast<void>(sink);
  if (e.ip_protocol != 6 || e.probe != probe_kind::syn) {
    return;
  }
  const std::size_t alen = e.ip_version == 4 ? 4 : 16;
  const std::uint64_t key =
      hash_combine(address_hash(e.dst, e.ip_version), std::uint64_t{e.dport} | (1ULL << 20));
  if (e.outcome == attempt_outcome::started) {
    bool created = false;
    dest_state& d = dests_.get(key, e.ts, created);
    if (created) {
      d.dst = e.destination();
    }
    if (!d.active) {
      d.active = true;
      active_.push_back(key);
    }
    if (d.syns == 0 && d.cusum == 0) {
      d.first_syn_ts = e.probe_ts;
    }
    if (d.sample_n < dest_state::sample_size) {
      d.sample_ts[d.sample_n] = e.probe_ts;
      d.sample[d.sample_n++] = e.src;
    }
    ++d.syns;
    d.sources.add(hash_bytes(bytes(e.src).first(alen), 7));
    d.last_excess_ts = std::max(d.last_excess_ts, e.probe_ts);
    if (d.packet_count < kept_packets) {
      d.packets[d.packet_count++] = e.probe_index;
    }
    return;
  }
  dest_state* d = dests_.find(key);
  if (d == nullptr) {
    return;
  }
  switch (e.outcome) {
  case attempt_outcome::completed:
    ++d->completed;
    for (std::uint32_t i = 0; i < d->sample_n; ++i) {
      if (d->sample[i] == e.src) {
        d->sample_done |= 1U << i;
      }
    }
    break;
  case attempt_outcome::answered: ++d->answered; break;
  case attempt_outcome::rejected: ++d->rejected; break;
  default: break;
  }
}

void syn_flood_detector::on_interval(timestamp_ns start, timestamp_ns end, alert_sink& sink) {
  std::size_t keep = 0;
  for (const std::uint64_t key : active_) {
    dest_state* dp = dests_.find(key);
    if (dp == nullptr) {
      continue; // replaced under the memory cap
    }
    dest_state& d = *dp;
    const double syns = d.syns;
    const double done = d.completed;
    const double norm = std::max(d.mean_init ? d.mean_completed : 0.0, cfg_.min_norm);
    const double x = (syns - done) / norm;
    // Sources of this interval's half-open SYNs (from the sample): one address, or a prefix.
    bool have_src = false;
    bool one_source = true;
    std::array<std::uint8_t, 16> first_src{};
    std::uint8_t prefix_len = 128;
    timestamp_ns first_half_open = 0;
    for (std::uint32_t i = 0; i < d.sample_n; ++i) {
      if ((d.sample_done >> i & 1U) != 0) {
        continue;
      }
      if (!have_src) {
        have_src = true;
        first_src = d.sample[i];
        first_half_open = d.sample_ts[i];
        prefix_len = static_cast<std::uint8_t>(d.dst.ip_version == 4 ? 32 : 128);
      } else if (d.sample[i] != first_src) {
        one_source = false;
        prefix_len =
            std::min(prefix_len, common_prefix_bits(first_src, d.sample[i], d.dst.ip_version));
      }
    }
    const double before = d.cusum;
    // Capped at 2h: y then returns to 0 within 2h/a intervals after the excess stops, so the
    // next flood on this destination is a new event with its own sources.
    d.cusum = std::min(std::max(0.0, d.cusum + x - cfg_.cusum_a), 2 * cfg_.cusum_h);
    if (before == 0 && d.cusum > 0) {
      // A new rise: the event's sources are gathered from here on.
      d.rise_ts = start;
      d.first_syn_ts = have_src ? first_half_open : d.first_syn_ts;
      d.alarm_first_src = first_src;
      d.alarm_one_source = true;
      d.alarm_prefix_len = prefix_len;
      d.total_syns = 0;
      d.total_completed = 0;
      d.peak_rate = 0;
      d.max_sources = 0;
      d.spoofed = false;
      d.alarmed = false;
    }
    if (d.cusum > 0 && have_src) {
      if (!one_source || d.alarm_first_src != first_src) {
        d.alarm_one_source = false;
      }
      const std::uint8_t v = d.dst.ip_version;
      d.alarm_prefix_len = std::min(
          {d.alarm_prefix_len, prefix_len, common_prefix_bits(d.alarm_first_src, first_src, v)});
    }
    if (d.cusum > 0 && d.syns > 0) {
      d.total_syns += d.syns;
      d.total_completed += d.completed;
      const double secs = static_cast<double>(end - start) / 1e9;
      d.peak_rate = std::max(d.peak_rate, secs > 0 ? syns / secs : syns);
      const double est = d.sources.estimate();
      d.max_sources = std::max(d.max_sources, est);
      if (est >= cfg_.spoof_min_sources && est >= cfg_.spoof_ratio * syns) {
        d.spoofed = true;
      }
    }
    const bool excess = syns - done >= static_cast<double>(cfg_.min_syns);
    if (d.cusum > cfg_.cusum_h && excess) {
      d.alarmed = true;
      report(d, end, sink);
    }
    // The handshake mean follows normal intervals only (a flood must not raise its own bar).
    if (!excess) {
      d.mean_completed =
          d.mean_init ? (1 - cfg_.ewma_alpha) * d.mean_completed + cfg_.ewma_alpha * done : done;
      d.mean_init = true;
    }
    d.syns = d.completed = d.answered = d.rejected = 0;
    d.sources.clear();
    d.sample_n = 0;
    d.sample_done = 0;
    if (d.cusum > 0) {
      active_[keep++] = key;
    } else {
      d.active = false;
      d.packet_count = 0;
    }
  }
  active_.resize(keep);
}

void syn_flood_detector::finish(alert_sink& sink) {
  static_cast<void>(sink);
}

void syn_flood_detector::report(const dest_state& d, timestamp_ns end, alert_sink& sink) const {
  static_cast<void>(end);
  alert a;
  a.kind = alert_kind::syn_flood;
  a.detector = "syn_flood";
  a.sev = severity::high;
  a.dst = d.dst;
  const std::uint8_t v = d.dst.ip_version;
  if (d.alarm_one_source && !d.spoofed) {
    a.src = endpoint::from_field(d.alarm_first_src, v);
  }
  a.start_ns = d.first_syn_ts != 0 ? std::min(d.first_syn_ts, d.last_excess_ts) : d.rise_ts;
  a.end_ns = d.last_excess_ts;
  a.evidence.set("syns", static_cast<std::int64_t>(d.total_syns));
  a.evidence.set("completed", static_cast<std::int64_t>(d.total_completed));
  a.evidence.set("half_open", static_cast<std::int64_t>(d.total_syns > d.total_completed
                                                            ? d.total_syns - d.total_completed
                                                            : 0));
  a.evidence.set("peak_syn_rate", d.peak_rate);
  a.evidence.set("cusum", d.cusum);
  a.evidence.set("baseline_completed", d.mean_completed);
  a.evidence.set("sources_estimate", std::round(d.max_sources));
  a.evidence.set("spoofed", d.spoofed);
  if (!a.src) {
    a.evidence.set("source_prefix", prefix_text(d.alarm_first_src, v, d.alarm_prefix_len));
  }
  a.params.set("cusum_a", cfg_.cusum_a);
  a.params.set("cusum_h", cfg_.cusum_h);
  a.params.set("min_norm", cfg_.min_norm);
  a.params.set("min_syns", static_cast<std::int64_t>(cfg_.min_syns));
  a.params.set("spoof_min_sources", static_cast<std::int64_t>(cfg_.spoof_min_sources));
  for (std::size_t i = 0; i < d.packet_count; ++i) {
    a.packets.push_back(d.packets[i]);
  }
  std::sort(a.packets.begin(), a.packets.end());
  a.summary = "SYN flood on " + d.dst.to_string() + ": " + std::to_string(d.total_syns) +
              " SYNs, " + std::to_string(d.total_completed) + " handshakes completed, from " +
              (a.src ? a.src->address_string()
                     : (d.spoofed ? "spoofed sources " : "many sources ") +
                           prefix_text(d.alarm_first_src, v, d.alarm_prefix_len));
  sink.raise(std::move(a));
}

} // namespace pktscope::detect
