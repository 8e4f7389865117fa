#include <pktscope/analysis/detect/baseline.hpp>

#include <algorithm>
#include <cmath>

namespace pktscope::detect {

namespace {
constexpr timestamp_ns ns_per_hour = 3'600'000'000'000;
constexpr timestamp_ns ns_per_day = 24 * ns_per_hour;

volume_expectation expectation_of(const std::vector<double>& p, const std::vector<double>& b) {
  running_stats sp, sb;
  for (const double x : p) {
    sp.add(x);
  }
  for (const double x : b) {
    sb.add(x);
  }
  return {sp.mean(), sp.variance(), sb.mean(), sb.variance(), !p.empty()};
}

// Nearest-rank quantile of a sorted sample.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) {
    return 0;
  }
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}
} // namespace

std::uint64_t baseline_learner::hash_size_key(const size_key& k) noexcept {
  std::uint64_t z =
      (std::uint64_t{k.ip_protocol} << 17) | (std::uint64_t{k.port} << 1) | (k.to_server ? 1U : 0U);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

namespace {
// An interval of zero or less means the default of ten seconds.
baseline_options with_valid_interval(baseline_options o) noexcept {
  if (o.interval.ns <= 0) {
    o.interval = seconds(10);
  }
  return o;
}
} // namespace

baseline_learner::baseline_learner(const baseline_options& o)
    : opt_(with_valid_interval(o)), usable_(opt_.interval.ns), hosts_(o.max_hosts),
      services_(o.max_services), sizes_(o.max_services) {}

void baseline_learner::close_until(timestamp_ns ts) {
  while (ts >= cur_.start + opt_.interval.ns) {
    rows_.push_back(cur_);
    const timestamp_ns next = cur_.start + opt_.interval.ns;
    cur_ = interval_row{};
    // A silence of more than a day is a gap between captures, not traffic: skip it.
    cur_.start = ts - next > ns_per_day ? ts : next;
  }
}

void baseline_learner::on_packet(timestamp_ns ts, std::uint32_t wire_len,
                                 const decoded_packet& d) noexcept {
  if (!usable_.contains(ts)) {
    return;
  }
  if (!started_) {
    started_ = true;
    cur_.start = ts;
    first_ = ts;
  }
  close_until(ts);
  last_ = std::max(last_, ts);
  ++packets_;
  const auto c = stats::index(stats::classify(d));
  cur_.packets[c] += 1;
  cur_.bytes[c] += wire_len;
  if (d.ip_version == 0) {
    return;
  }
  if (std::uint64_t* n = hosts_.find_or_insert(ip_host::source_of(d))) {
    ++*n;
  }
  if (d.transport == layer_id::tcp || d.transport == layer_id::udp) {
    const std::uint8_t proto = d.transport == layer_id::tcp ? 6 : 17;
    bool to_server = true;
    const std::uint16_t port =
        size_anomaly_detector::service_port(d.src_port, d.dst_port, &to_server);
    if (running_stats* s = sizes_.find_or_insert(size_key{proto, port, to_server})) {
      s->add(static_cast<double>(d.l4_payload_len));
    }
    // A service is a server port that sent something back (SYN+ACK or any later segment).
    const bool syn_only = proto == 6 && (d.tcp_flags & 0x12) == 0x02;
    if (!to_server && !syn_only) {
      if (std::uint64_t* n =
              services_.find_or_insert(service_key{ip_host::source_of(d), port, proto})) {
        ++*n;
      }
    }
  }
}

baseline baseline_learner::finish() {
  baseline b;
  b.volume.interval = opt_.interval.ns;
  b.first_ts = first_;
  b.last_ts = last_;
  b.packets = packets_;
  if (started_ && rows_.empty()) {
    rows_.push_back(cur_); // a capture shorter than one interval: its only (partial) row
  }
  b.intervals = rows_.size();

  std::vector<double> p, by;
  for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
    p.clear();
    by.clear();
    for (const interval_row& r : rows_) {
      p.push_back(static_cast<double>(r.packets[c]));
      by.push_back(static_cast<double>(r.bytes[c]));
    }
    b.volume.all[c] = expectation_of(p, by);
    std::sort(p.begin(), p.end());
    b.packet_quantiles[c] = {quantile(p, 0.5), quantile(p, 0.95), quantile(p, 0.99),
                             p.empty() ? 0 : p.back()};
  }
  b.volume.hourly = started_ && last_ - first_ >= opt_.hourly_min_span.ns;
  if (b.volume.hourly) {
    for (std::size_t h = 0; h < 24; ++h) {
      for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
        p.clear();
        by.clear();
        for (const interval_row& r : rows_) {
          timestamp_ns of_day = r.start % ns_per_day;
          if (of_day < 0) {
            of_day += ns_per_day;
          }
          if (static_cast<std::size_t>(of_day / ns_per_hour) == h) {
            p.push_back(static_cast<double>(r.packets[c]));
            by.push_back(static_cast<double>(r.bytes[c]));
          }
        }
        if (p.size() >= opt_.min_bucket_intervals) {
          b.volume.hours[h][c] = expectation_of(p, by);
        }
      }
    }
  }
  for (const auto& e : hosts_.entries()) {
    if (e.value >= opt_.min_talker_packets) {
      b.talkers.push_back(e.key);
    }
  }
  for (const auto& e : services_.entries()) {
    b.services.push_back(e.key);
  }
  for (const auto& e : sizes_.entries()) {
    b.sizes.push_back(size_profile{e.key.ip_protocol, e.key.port, e.key.to_server, e.value.mean(),
                                   e.value.variance(), e.value.count()});
  }
  return b;
}

} // namespace pktscope::detect
