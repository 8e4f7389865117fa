// libFuzzer target: the analysis pass behind summary, flows and detect, on a capture held in
// memory (pcap or pcapng, plain or compressed). Every packet is decoded and given to the
// detection engine, to the DNS-over-TCP segment tracker dump uses, and to three flow tables,
// each with its own statistics, one per way of updating a flow table: update(), defer(), and
// prepare()/fetch()/update(). The tables run small (a few flows, short timeouts,
// active-timeout parts, few fragments under reassembly), so that eviction, expiry, tuple reuse
// and the reassembly limits are reached on small inputs; the input's length picks one of three
// configurations. Seeds: fuzz/corpus/captures/ and the shared corpus's small captures
// (scripts/run-fuzzers.sh).
//
// Beyond what the sanitizers find, the three ways must hand their sinks the same flow events
// in the same order (the prepared steps at the same packet as update()), with the same
// counters and statistics, as flow_table.hpp promises; alerts come out in output order, each
// as valid JSON.

#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/detection_engine.hpp>
#include <pktscope/analysis/dns_tcp_segments.hpp>
#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/io/capture_reader.hpp>

#include "require.hpp"
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace pktscope::fuzz {
namespace {

constexpr timestamp_ns ms = 1'000'000;

/// A flow event as its sink saw it.
struct flow_event {
  bool opened = false;
  flow_record rec;
  std::uint64_t packet = 0; ///< packets read when it came
};

enum class update_path : std::uint8_t { direct, deferred, prepared };

/// One flow table with its statistics, fed one way; the direct lane also feeds the detectors.
class lane : public flow_sink {
public:
  lane(update_path path, const flow_table_config& cfg, detect::detection_engine* detectors)
      : path_(path), stats_(small_stats()), flows_(cfg, this), detectors_(detectors) {}

  void add(const packet& p, const decoded_packet& d) {
    ++packets_;
    if (path_ == update_path::deferred && flows_.defer(d, p.ts, p.original_len)) {
      stats_.add_deferred(p, d);
    } else if (path_ == update_path::prepared &&
               flows_.prepare(d, p.ts, p.original_len, pending_)) {
      flows_.fetch(pending_);
      stats_.add_deferred(p, d);
      flows_.update(pending_);
    } else {
      stats_.add(p, d, flows_.update(d, p.ts, p.original_len));
    }
  }

  void finish() {
    flows_.flush();
    stats_.finish();
  }

  void flow_opened(const flow_record& r) override {
    stats_.flow_opened(r);
    events_.push_back({true, r, packets_});
  }
  void flow_finished(const flow_record& r) override {
    stats_.flow_finished(r);
    if (detectors_ != nullptr) {
      detectors_->on_flow_finished(r);
    }
    events_.push_back({false, r, packets_});
  }

  [[nodiscard]] update_path path() const noexcept { return path_; }
  [[nodiscard]] const std::vector<flow_event>& events() const noexcept { return events_; }
  [[nodiscard]] const stats::traffic_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] const flow_table& flows() const noexcept { return flows_; }

private:
  static stats::stats_config small_stats() {
    stats::stats_config c;
    c.series.interval = 100 * ms;
    c.series.max_rows = 256;
    c.talkers = {.max_hosts = 16, .max_pairs = 32, .max_ports = 16};
    c.hierarchy_nodes = 64;
    return c;
  }

  update_path path_;
  stats::traffic_stats stats_;
  flow_table flows_;
  detect::detection_engine* detectors_;
  flow_table::prepared_update pending_{};
  std::vector<flow_event> events_;
  std::uint64_t packets_ = 0;
};

/// Three configurations: small, without reassembly, and one that cuts flows into parts and
/// evicts all the time.
flow_table_config table_config(std::size_t choice) {
  flow_table_config c;
  c.max_flows = 16;
  c.tcp_timeout = 2000 * ms;
  c.udp_timeout = c.icmp_timeout = c.other_timeout = 500 * ms;
  c.tcp_close_timeout = 100 * ms;
  c.fragments = {.max_datagrams = 4,
                 .max_datagram_bytes = 4096,
                 .max_fragments = 8,
                 .max_header_bytes = 256,
                 .timeout = 1000 * ms};
  if (choice == 1) {
    c.reassemble = false;
  } else if (choice == 2) {
    c.max_flows = 2;
    c.active_timeout = 50 * ms;
  }
  return c;
}

detect::detect_config small_detectors() {
  detect::detect_config c;
  c.port_scan.max_prefixes = c.port_scan.max_sources = 8;
  c.port_scan.max_contacts = 64;
  c.syn_flood.max_destinations = 8;
  c.icmp.max_entries = 8;
  c.sensitive_port.max_tracked = 8;
  c.new_talker.max_hosts = 8;
  c.dns.max_clients = 8;
  c.tcp_flags.max_pairs = 8;
  c.size.max_services = 8;
  c.malformed.max_pairs = 8;
  return c;
}

void require_same_record(const flow_record& a, const flow_record& b) {
  require(a.key == b.key && a.id == b.id && a.part == b.part && a.end == b.end);
  require(a.first_ts == b.first_ts && a.last_ts == b.last_ts);
  for (std::size_t i = 0; i < 2; ++i) {
    require(a.dir[i].packets == b.dir[i].packets && a.dir[i].bytes == b.dir[i].bytes);
    require(a.dir[i].payload_bytes == b.dir[i].payload_bytes);
    require(a.dir[i].tcp_flags == b.dir[i].tcp_flags && a.dir[i].last_ts == b.dir[i].last_ts);
  }
  require(a.state() == b.state() && a.history() == b.history());
}

/// `other` went the same steps as `direct`, as far as flow_table.hpp promises.
void require_same_pass(const lane& direct, const lane& other) {
  const auto& a = direct.events();
  const auto& b = other.events();
  require(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    require(a[i].opened == b[i].opened);
    require_same_record(a[i].rec, b[i].rec);
    require(other.path() != update_path::prepared || a[i].packet == b[i].packet);
  }
  const flow_counters& ca = direct.flows().counters();
  const flow_counters& cb = other.flows().counters();
  require(ca.packets == cb.packets && ca.flows_created == cb.flows_created);
  require(ca.flows_finished == cb.flows_finished && ca.evictions == cb.evictions);
  require(ca.reuses == cb.reuses);

  const stats::traffic_stats& sa = direct.stats();
  const stats::traffic_stats& sb = other.stats();
  require(sa.packets() == sb.packets() && sa.bytes() == sb.bytes());
  require(sa.hierarchy().frames() == sb.hierarchy().frames());
  require(sa.flows().flows == sb.flows().flows);
  require(sa.flows().tcp_states == sb.flows().tcp_states);
  // A full table keeps what came first, and deferred flow events come later: the tables agree
  // only while nothing was turned away.
  if (sa.series().out_of_range() == 0 && sb.series().out_of_range() == 0) {
    const auto& ra = sa.series().rows();
    const auto& rb = sb.series().rows();
    require(ra.size() == rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
      require(ra[i].start == rb[i].start && ra[i].packets == rb[i].packets);
      require(ra[i].new_flows == rb[i].new_flows);
    }
  }
  if (sa.talkers().untracked() == 0 && sb.talkers().untracked() == 0) {
    require(sa.talkers().hosts() == sb.talkers().hosts());
    require(sa.talkers().pairs() == sb.talkers().pairs());
  }
}

} // namespace
} // namespace pktscope::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pktscope;
  using namespace pktscope::fuzz;
  reader_options opts;
  opts.max_record_bytes = 1U << 16;
  auto reader = capture_reader::from_memory(bytes(data, size), opts);
  if (!reader) {
    return 0;
  }
  const flow_table_config cfg = table_config(size % 3);
  auto detectors = std::make_unique<detect::detection_engine>(small_detectors());
  std::array<std::unique_ptr<lane>, 3> lanes{
      std::make_unique<lane>(update_path::direct, cfg, detectors.get()),
      std::make_unique<lane>(update_path::deferred, cfg, nullptr),
      std::make_unique<lane>(update_path::prepared, cfg, nullptr)};
  dns_tcp_segments dns_segments(4);
  static const auto decoded = std::make_unique<decoded_packet>();
  std::uint64_t index = 0;
  while (const packet* p = reader->next()) {
    static_cast<void>(decode(p->data, p->link, decode_options{}, *decoded));
    detectors->on_packet(*p, *decoded, index++);
    if (decoded->transport == layer_id::tcp && !decoded->transport_partial &&
        registry::probe_tcp(decoded->src_port, decoded->dst_port, decoded->l4_payload()) ==
            layer_id::dns) {
      static_cast<void>(dns_segments.add(*decoded)); // as dump reads DNS over TCP
    }
    for (auto& l : lanes) {
      l->add(*p, *decoded);
    }
  }
  for (auto& l : lanes) {
    l->finish();
  }
  detectors->finish();
  require(lanes[0]->stats().packets() == index);
  require_same_pass(*lanes[0], *lanes[1]);
  require_same_pass(*lanes[0], *lanes[2]);
  const std::vector<detect::alert> alerts = detectors->take_alerts();
  require(std::is_sorted(alerts.begin(), alerts.end(), detect::alert_sink::before));
  for (const detect::alert& a : alerts) {
    require(a.start_ns <= a.end_ns);
    require(nlohmann::json::accept(detect::to_json(a))); // valid JSON, valid UTF-8
  }
  return 0;
}
