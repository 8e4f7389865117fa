#include "stats/report.hpp"

#include "time_format.hpp"

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/analysis/tcp_state.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/decode/anomaly.hpp>

#include <fmt/format.h>

#include <array>
#include <optional>
#include <vector>

namespace pktscope::cli::stats {

namespace ps = pktscope::stats;

std::string host_text(const ps::host_key& h) {
  return ip_to_string(h.address());
}

std::string transport_text(std::uint8_t ip_protocol) {
  switch (ip_protocol) {
  case 6: return "tcp";
  case 17: return "udp";
  case 132: return "sctp";
  default: return fmt::format("{}", ip_protocol);
  }
}

namespace {

json opt_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json talkers_json(const ps::talker_table& t, ps::talker_role role, std::size_t n) {
  json out = json::array();
  for (const ps::talker_row& r : t.top(ps::talker_metric::bytes, role, n)) {
    json j;
    if (role == ps::talker_role::port) {
      j["protocol"] = transport_text(r.ip_protocol);
      j["port"] = r.port;
      j["service"] = std::string{service_by_port(r.ip_protocol, r.port)};
    } else if (role == ps::talker_role::pair) {
      j["a"] = host_text(r.a);
      j["b"] = host_text(r.b);
    } else {
      j["address"] = host_text(r.a);
    }
    j["packets"] = r.packets;
    j["bytes"] = r.bytes;
    j["flows"] = r.flows;
    if (role == ps::talker_role::pair) {
      j["a_to_b_bytes"] = r.out_bytes;
      j["b_to_a_bytes"] = r.bytes - r.out_bytes;
    }
    out.push_back(std::move(j));
  }
  return out;
}

json capture_json(const pass_result& pass) {
  const capture_stats& s = pass.facts;
  json c;
  c["packets"] = s.packets;
  c["bytes"] = s.original_bytes;
  c["captured_bytes"] = s.captured_bytes;
  c["cut_by_snaplen"] = s.cut_by_snaplen;
  const bool any = s.packets != 0;
  c["first"] = any ? json(format_iso8601_ns(s.earliest_ns)) : json(nullptr);
  c["first_ns"] = any ? json(s.earliest_ns) : json(nullptr);
  c["last"] = any ? json(format_iso8601_ns(s.latest_ns)) : json(nullptr);
  c["last_ns"] = any ? json(s.latest_ns) : json(nullptr);
  c["duration_ns"] = s.duration_ns();
  c["average_packet_bytes"] = opt_number(s.average_packet_bytes());
  c["packets_per_second"] = opt_number(s.packets_per_second());
  c["bits_per_second"] = opt_number(s.bits_per_second());
  json links = json::array();
  for (const link_type_count& lc : s.link_types) {
    links.push_back(json{{"link_type", static_cast<unsigned>(lc.link)},
                         {"name", std::string{link_type_name(lc.link)}},
                         {"packets", lc.packets}});
  }
  c["link_types"] = std::move(links);
  c["complete"] = pass.problems.empty();
  c["problems"] = pass.problems;
  c["dropped_while_capturing"] = pass.dropped ? json(*pass.dropped) : json(nullptr);
  return c;
}

json alerts_json(const std::optional<std::vector<pktscope::detect::alert>>& alerts) {
  if (!alerts) {
    return nullptr;
  }
  namespace pd = pktscope::detect;
  std::array<std::uint64_t, pd::alert_kind_count> kinds{};
  std::array<std::uint64_t, 4> severities{};
  json list = json::array();
  for (const pd::alert& a : *alerts) {
    ++kinds[static_cast<std::size_t>(a.kind)];
    ++severities[static_cast<std::size_t>(a.sev)];
    list.push_back(json::parse(pd::to_json(a))); // the object `pktscope detect --json` prints
  }
  json by_kind;
  for (std::size_t k = 0; k < pd::alert_kind_count; ++k) {
    by_kind[std::string{pd::alert_kind_name(static_cast<pd::alert_kind>(k))}] = kinds[k];
  }
  json by_severity;
  for (std::size_t v = 0; v < severities.size(); ++v) {
    by_severity[std::string{pd::severity_name(static_cast<pd::severity>(v))}] = severities[v];
  }
  return json{{"total", alerts->size()},
              {"by_kind", std::move(by_kind)},
              {"by_severity", std::move(by_severity)},
              {"list", std::move(list)}};
}

} // namespace

json summary_json(const pass_result& pass, ps::traffic_stats& st, const summary_options& opt) {
  json doc;
  doc["schema"] = summary_schema;
  doc["files"] = pass.files;
  doc["filter"] = opt.filter;
  doc["capture"] = capture_json(pass);

  json phs = json::array();
  std::vector<std::string> path;
  st.hierarchy().walk([&](const ps::phs_node& n) {
    path.resize(n.depth);
    path.emplace_back(n.name);
    std::string p;
    for (const std::string& s : path) {
      p += p.empty() ? "" : ":";
      p += s;
    }
    phs.push_back(json{{"path", p},
                       {"protocol", std::string{n.name}},
                       {"depth", n.depth},
                       {"frames", n.frames},
                       {"bytes", n.bytes}});
  });
  doc["protocol_hierarchy"] = std::move(phs);

  json classes;
  for (std::size_t i = 0; i < ps::traffic_class_count; ++i) {
    classes[std::string{ps::traffic_class_name(static_cast<ps::traffic_class>(i))}] =
        json{{"packets", st.class_packets()[i]}, {"bytes", st.class_bytes()[i]}};
  }
  doc["classes"] = std::move(classes);

  const ps::talker_table& t = st.talkers();
  doc["top"] = json{{"src", talkers_json(t, ps::talker_role::src, opt.top)},
                    {"dst", talkers_json(t, ps::talker_role::dst, opt.top)},
                    {"pairs", talkers_json(t, ps::talker_role::pair, opt.top)},
                    {"ports", talkers_json(t, ps::talker_role::port, opt.top)}};

  std::vector<ps::host_key> hosts;
  for (const ps::talker_row& r :
       t.top(ps::talker_metric::bytes, ps::talker_role::host, opt.matrix_hosts)) {
    hosts.push_back(r.a);
  }
  const std::vector<std::uint64_t> m = t.byte_matrix(hosts);
  json mhosts = json::array();
  json mrows = json::array();
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    mhosts.push_back(host_text(hosts[i]));
    json row = json::array();
    for (std::size_t j = 0; j < hosts.size(); ++j) {
      row.push_back(m[i * hosts.size() + j]);
    }
    mrows.push_back(std::move(row));
  }
  doc["host_matrix"] = json{{"hosts", std::move(mhosts)}, {"bytes", std::move(mrows)}};

  const ps::flow_tally& f = st.flows();
  json states;
  for (std::size_t i = 0; i < conn_state_count; ++i) {
    states[std::string{conn_state_name(static_cast<conn_state>(i))}] = f.tcp_states[i];
  }
  json by_class;
  for (std::size_t i = 0; i < ps::traffic_class_count; ++i) {
    const auto c = static_cast<ps::traffic_class>(i);
    if (c != ps::traffic_class::arp) {
      by_class[std::string{ps::traffic_class_name(c)}] = f.by_class[i];
    }
  }
  doc["flows"] = json{
      {"total", f.flows},
      {"by_class", std::move(by_class)},
      {"tcp_states", std::move(states)},
      {"tcp_handshakes", f.tcp_handshakes},
      {"tcp_mean_handshake_rtt_ns",
       f.tcp_handshakes == 0 ? json(nullptr)
                             : json(f.tcp_rtt_sum / static_cast<timestamp_ns>(f.tcp_handshakes))},
      {"tcp_retransmissions", f.tcp_retransmissions},
      {"tcp_out_of_order", f.tcp_out_of_order},
      {"tcp_zero_windows", f.tcp_zero_windows},
      {"evicted", pass.flow_counts.evictions},
      {"fragments_reassembled", pass.fragment_counts.completed},
  };

  json icmp = json::array();
  for (const ps::icmp_row& r : st.icmp().rows()) {
    icmp.push_back(json{{"version", r.ip_version == 4 ? "icmp" : "icmpv6"},
                        {"type", r.type},
                        {"code", r.code},
                        {"type_name", std::string{r.type_name}},
                        {"code_name", std::string{r.code_name}},
                        {"packets", r.packets},
                        {"bytes", r.bytes}});
  }
  doc["icmp"] = std::move(icmp);

  json flags = json::array();
  for (const ps::tcp_flag_row& r : st.tcp_flags().rows()) {
    flags.push_back(json{{"flags", fmt::format("0x{:03x}", r.flags)},
                         {"names", r.names},
                         {"packets", r.packets},
                         {"anomalous", r.anomalous}});
  }
  doc["tcp_flags"] = std::move(flags);

  json anomalies;
  for (std::size_t i = 0; i < anomaly_count; ++i) {
    anomalies[std::string{anomaly_name(static_cast<anomaly>(i))}] = st.anomalies().per_code[i];
  }
  doc["anomalies"] = std::move(anomalies);
  doc["decode_stopped"] = st.decode_stopped();

  ps::size_distribution& sz = st.sizes();
  const ps::size_quantiles q = sz.quantiles();
  json buckets = json::array();
  const auto plen = sz.plen_buckets();
  std::uint32_t lo = 0;
  for (std::size_t i = 0; i < plen.size(); ++i) {
    const std::uint32_t hi = ps::plen_bucket_max[i];
    buckets.push_back(json{
        {"min", lo}, {"max", hi == 0xffffffffU ? json(nullptr) : json(hi)}, {"packets", plen[i]}});
    lo = hi + 1;
  }
  doc["packet_sizes"] = json{{"min", q.min},
                             {"p50", q.p50},
                             {"p90", q.p90},
                             {"p99", q.p99},
                             {"max", q.max},
                             {"mean", sz.mean()},
                             {"buckets", std::move(buckets)}};
  doc["alerts"] = alerts_json(pass.alerts);
  return doc;
}

} // namespace pktscope::cli::stats
