#include "detect/detect_pass.hpp"

#include <pktscope/analysis/detect/alert_sink.hpp>

#include <algorithm>

namespace pktscope::cli::detect {

using namespace pktscope::detect;

engine_feed::engine_feed(const detect_config& cfg, const baseline* base)
    : eng_(std::make_unique<detection_engine>(cfg, base)) {}

void engine_feed::flow_finished(const flow_record& r) {
  eng_->on_flow_finished(r);
}

std::vector<alert> engine_feed::finish() {
  eng_->finish();
  std::vector<alert> all = eng_->take_alerts();
  std::stable_sort(all.begin(), all.end(), alert_sink::before);
  return all;
}

pass_result run_pass(const pass_options& o) {
  pass::capture_pass reading(o.in);
  engine_feed feed(o.config, o.base);
  flow_table table({}, &feed);
  pass_result out;
  std::vector<alert> closed;
  const auto deliver = [&] {
    for (alert& a : closed) {
      if (o.on_alert) {
        o.on_alert(a);
      }
      out.alerts.push_back(std::move(a));
    }
    closed.clear();
  };
  flow_table::prepared_update pending;
  out.read = reading.run([&](const packet& p, const decoded_packet& d) {
    // The detectors see each packet before its flow update, and its flow events right after:
    // the update is split so that their work hides the flow lookup's cache misses.
    const std::uint32_t wire_len = std::max(p.original_len, p.captured_len());
    const bool prepared = table.prepare(d, p.ts, wire_len, pending);
    feed.on_packet(p, d);
    if (prepared) {
      table.fetch(pending);
      table.update(pending);
    } else {
      table.update(d, p.ts, wire_len);
    }
    if ((feed.packets() & 1023U) == 0) {
      feed.engine().drain_closed(feed.engine().now(), closed);
      deliver();
    }
  });
  table.flush();
  closed = feed.finish();
  deliver();
  return out;
}

} // namespace pktscope::cli::detect
