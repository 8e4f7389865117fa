#pragma once
// The pass behind summary, timeline, top and report (cli/pass/capture_pass.hpp reads the
// captures): decode -> flow table -> traffic_stats, and for summary and report the default
// detectors in the same pass, sharing the flow table.

#include "detect/detect_pass.hpp"
#include "pass/capture_pass.hpp"

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/io/capture_stats.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pktscope::cli::stats {

using input_options = pass::input_options;

/// What the pass found besides the statistics.
struct pass_result {
  capture_stats facts; ///< over the packets that passed the filter, all files together
  std::vector<std::string> files;
  std::vector<std::string> problems; ///< "FILE: offset N: what" for damage that stopped a file
  flow_counters flow_counts;
  fragment_counters fragment_counts;
  /// The default detectors' alerts in output order; nullopt when they did not run.
  std::optional<std::vector<pktscope::detect::alert>> alerts;
  /// exit_code to end with: 0, or 1 when damage stopped reading a file (3 for a read error).
  int exit_status = 0;
  std::optional<std::uint64_t> dropped; ///< pass::outcome::dropped
};

struct pass_options {
  flow_table_config flows{};
  /// Also run the default detectors (default configuration), as `pktscope detect` does, in
  /// the same pass: their flow events come from the same flow table.
  bool detect = false;
  const pktscope::detect::baseline* baseline = nullptr; ///< for the detectors; may be null
  flow_sink* also = nullptr; ///< one more sink of the flow events (after st and the detectors)
};

/// Reads every packet of `in` into `st` (and the flow table, whose sinks are `st`, the
/// detectors and `opt.also`). `each(const packet&, const decoded_packet&)`, if given, sees
/// every packet too, before the flow update. Throws cli_error as pass::capture_pass does.
/// Damage inside a file ends that file; it is reported on stderr and in the result.
template <class PerPacket>
pass_result run_pass(const input_options& in, pktscope::stats::traffic_stats& st,
                     const pass_options& opt, PerPacket&& each) {
  pass_result res;
  res.files = in.source_names();
  pass::capture_pass reading(in);
  std::optional<detect::engine_feed> detection;
  if (opt.detect) {
    detection.emplace(pktscope::detect::detect_config{}, opt.baseline);
  }
  pass::flow_fanout sinks{&st, detection ? &*detection : nullptr, opt.also};
  flow_table flows(opt.flows, &sinks);
  // Deferred flow updates (flow_table::defer) hand flow events to the sinks a few packets
  // late. The statistics do not mind; the detectors and the extra sink keep per-packet state
  // of their own beside the flow events, so with them each update is applied within its
  // packet, in steps (flow_table::prepare) that the detectors' and statistics' work separate.
  const bool deferrable = !detection && opt.also == nullptr;
  flow_table::prepared_update pending;
  const pass::outcome read = reading.run([&](const packet& pkt, const decoded_packet& d) {
    res.facts.add(pkt);
    each(pkt, d);
    if (deferrable) {
      if (flows.defer(d, pkt.ts, pkt.original_len)) {
        st.add_deferred(pkt, d);
      } else {
        st.add(pkt, d, flows.update(d, pkt.ts, pkt.original_len));
      }
      return;
    }
    const bool prepared = flows.prepare(d, pkt.ts, pkt.original_len, pending);
    if (detection) {
      detection->on_packet(pkt, d); // before the flow update, as `pktscope detect`
    }
    if (prepared) {
      flows.fetch(pending);
      st.add_deferred(pkt, d); // a prepared packet is counted in a flow record, as a deferred one
      flows.update(pending);
    } else {
      st.add(pkt, d, flows.update(d, pkt.ts, pkt.original_len));
    }
  });
  flows.flush();
  st.finish();
  if (detection) {
    res.alerts = detection->finish();
  }
  res.flow_counts = flows.counters();
  res.fragment_counts = flows.fragment_stats();
  res.problems = read.problems;
  res.exit_status = read.exit_status;
  res.dropped = read.dropped;
  return res;
}

inline pass_result run_pass(const input_options& in, pktscope::stats::traffic_stats& st,
                            const pass_options& opt = {}) {
  return run_pass(in, st, opt, [](const packet&, const decoded_packet&) {});
}

/// Parses "1m", "10s", "250ms", "1h", "2d", "500us", "100ns" or a plain number of seconds
/// ("0.5") into nanoseconds; throws cli_error(usage) for anything else or a value <= 0.
timestamp_ns parse_interval(const std::string& text);

} // namespace pktscope::cli::stats
