#include <pktscope/analysis/detect/alert_sink.hpp>

#include <algorithm>
#include <tuple>

namespace pktscope::detect {

namespace {

bool same_event(const alert& a, const alert& b) noexcept {
  return a.kind == b.kind && a.src == b.src && a.dst == b.dst && a.detector == b.detector;
}

} // namespace

bool alert_sink::before(const alert& a, const alert& b) noexcept {
  return std::tie(a.start_ns, a.kind, a.src, a.dst, a.detector, a.end_ns) <
         std::tie(b.start_ns, b.kind, b.src, b.dst, b.detector, b.end_ns);
}

void alert_sink::raise(alert a) {
  ++raised_;
  if (a.end_ns < a.start_ns) {
    a.end_ns = a.start_ns;
  }
  // The most recent matching alert (alerts_ is short: a linear scan from the back).
  for (auto it = alerts_.rbegin(); it != alerts_.rend(); ++it) {
    alert& open = *it;
    if (!same_event(open, a) || a.start_ns > open.end_ns + opt_.merge_gap ||
        open.start_ns > a.end_ns + opt_.merge_gap) {
      continue;
    }
    open.start_ns = std::min(open.start_ns, a.start_ns);
    open.end_ns = std::max(open.end_ns, a.end_ns);
    open.sev = std::max(open.sev, a.sev);
    if (!a.summary.empty()) {
      open.summary = std::move(a.summary);
    }
    open.evidence.merge_from(a.evidence);
    open.params.merge_from(a.params);
    open.add_packets(a.packets);
    open.updates += a.updates;
    return;
  }
  if (alerts_.size() >= opt_.max_alerts) {
    ++dropped_;
    return;
  }
  if (a.packets.size() > alert::max_packets) {
    a.packets.resize(alert::max_packets);
  }
  alerts_.push_back(std::move(a));
}

void alert_sink::drain_closed(timestamp_ns now, std::vector<alert>& out) {
  const auto first_out = out.size();
  const auto keep = std::stable_partition(alerts_.begin(), alerts_.end(), [&](const alert& a) {
    return a.end_ns + opt_.merge_gap >= now;
  });
  std::move(keep, alerts_.end(), std::back_inserter(out));
  alerts_.erase(keep, alerts_.end());
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first_out), out.end(), before);
}

std::vector<alert> alert_sink::finish() {
  std::vector<alert> out = std::move(alerts_);
  alerts_.clear();
  std::sort(out.begin(), out.end(), before);
  return out;
}

} // namespace pktscope::detect
