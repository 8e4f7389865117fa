#include "stats/report.hpp"

#include "output/text.hpp"
#include "time_format.hpp"

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/analysis/tcp_state.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/decode/anomaly.hpp>

#include <fmt/format.h>

#include <algorithm>
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

// ---- text ---------------------------------------------------------------------------------

namespace {

std::string u64(const json& j) {
  return j.is_null() ? std::string{"-"} : fmt::format("{}", j.get<std::uint64_t>());
}

void heading(std::string& out, std::string_view title) {
  out += '\n';
  out += title;
  out += '\n';
}

} // namespace

std::string summary_text(const json& doc, std::size_t top_alerts) {
  std::string out;
  const json& c = doc["capture"];
  const std::uint64_t total_packets = c["packets"].get<std::uint64_t>();
  const std::uint64_t total_bytes = c["bytes"].get<std::uint64_t>();
  std::string files;
  for (const json& f : doc["files"]) {
    files += files.empty() ? "" : ", ";
    files += f.get<std::string>();
  }
  const auto kv = [&out](std::string_view k, const std::string& v) {
    out += fmt::format("  {:<18}{}\n", fmt::format("{}:", k), v);
  };
  out += "Capture\n";
  kv("Files", files);
  if (!doc["filter"].get<std::string>().empty()) {
    kv("Filter", doc["filter"].get<std::string>());
  }
  kv("Packets", fmt::format("{}", total_packets));
  kv("Bytes", fmt::format("{} ({}), captured {}", total_bytes, output::human_bytes(total_bytes),
                          c["captured_bytes"].get<std::uint64_t>()));
  kv("First packet", c["first"].is_null() ? "n/a" : c["first"].get<std::string>());
  kv("Last packet", c["last"].is_null() ? "n/a" : c["last"].get<std::string>());
  kv("Duration", output::seconds_text(c["duration_ns"].get<std::int64_t>()));
  const auto rate = [](const json& v, std::string_view unit) {
    return v.is_null() ? std::string{"n/a"} : fmt::format("{:.2f} {}", v.get<double>(), unit);
  };
  kv("Average size", rate(c["average_packet_bytes"], "bytes"));
  kv("Rates", fmt::format("{}, {}", rate(c["packets_per_second"], "packets/s"),
                          rate(c["bits_per_second"], "bits/s")));
  std::string links;
  for (const json& l : c["link_types"]) {
    links +=
        fmt::format("{}{} ({}) {} packets", links.empty() ? "" : "; ", l["name"].get<std::string>(),
                    l["link_type"].get<unsigned>(), l["packets"].get<std::uint64_t>());
  }
  kv("Link types", links.empty() ? "n/a" : links);
  kv("Integrity", c["complete"].get<bool>()
                      ? std::string{"read to the end"}
                      : fmt::format("{} file(s) cut short", c["problems"].size()));
  if (const json& dropped = c["dropped_while_capturing"]; !dropped.is_null()) {
    kv("Dropped", fmt::format("{} packets while capturing (the capture's own counters)",
                              dropped.get<std::uint64_t>()));
  }

  heading(out, "Protocol hierarchy (frames and bytes per protocol path, as tshark -z io,phs)");
  {
    output::table t;
    t.column("protocol", output::align::left).column("frames").column("bytes").column("% bytes");
    for (const json& n : doc["protocol_hierarchy"]) {
      t.row({std::string(2 * n["depth"].get<std::size_t>(), ' ') + n["protocol"].get<std::string>(),
             u64(n["frames"]), u64(n["bytes"]),
             output::percent(n["bytes"].get<std::uint64_t>(), total_bytes)});
    }
    t.render_text(out, "  ");
  }

  heading(out, "Traffic classes");
  {
    output::table t;
    t.column("class", output::align::left).column("packets").column("bytes").column("% bytes");
    for (const auto& [name, v] : doc["classes"].items()) {
      if (v["packets"].get<std::uint64_t>() != 0) {
        t.row({name, u64(v["packets"]), u64(v["bytes"]),
               output::percent(v["bytes"].get<std::uint64_t>(), total_bytes)});
      }
    }
    t.render_text(out, "  ");
  }

  const auto hosts_table = [&](std::string_view title, const json& rows, bool pair) {
    if (rows.empty()) {
      return;
    }
    heading(out, title);
    output::table t;
    if (pair) {
      t.column("host a", output::align::left).column("host b", output::align::left);
    } else {
      t.column("host", output::align::left);
    }
    t.column("packets").column("bytes").column("% bytes").column("flows");
    for (const json& r : rows) {
      std::vector<std::string> cells;
      if (pair) {
        cells = {r["a"].get<std::string>(), r["b"].get<std::string>()};
      } else {
        cells = {r["address"].get<std::string>()};
      }
      cells.push_back(u64(r["packets"]));
      cells.push_back(u64(r["bytes"]));
      cells.push_back(output::percent(r["bytes"].get<std::uint64_t>(), total_bytes));
      cells.push_back(u64(r["flows"]));
      t.row(std::move(cells));
    }
    t.render_text(out, "  ");
  };
  hosts_table("Top sources (by bytes sent)", doc["top"]["src"], false);
  hosts_table("Top destinations (by bytes received)", doc["top"]["dst"], false);
  hosts_table("Top host pairs (by bytes, both directions)", doc["top"]["pairs"], true);

  if (!doc["top"]["ports"].empty()) {
    heading(out, "Top services (responder port of flows, by bytes)");
    output::table t;
    t.column("port", output::align::left)
        .column("service", output::align::left)
        .column("flows")
        .column("packets")
        .column("bytes");
    for (const json& r : doc["top"]["ports"]) {
      t.row({fmt::format("{}/{}", r["port"].get<unsigned>(), r["protocol"].get<std::string>()),
             r["service"].get<std::string>(), u64(r["flows"]), u64(r["packets"]), u64(r["bytes"])});
    }
    t.render_text(out, "  ");
  }

  const json& f = doc["flows"];
  heading(out, "Flows");
  {
    std::string by;
    for (const auto& [name, v] : f["by_class"].items()) {
      if (v.get<std::uint64_t>() != 0) {
        by += fmt::format("{}{} {}", by.empty() ? "" : ", ", v.get<std::uint64_t>(), name);
      }
    }
    kv("Flows", fmt::format("{}{}", f["total"].get<std::uint64_t>(),
                            by.empty() ? "" : fmt::format(" ({})", by)));
    std::string states;
    for (const auto& [name, v] : f["tcp_states"].items()) {
      if (v.get<std::uint64_t>() != 0) {
        states += fmt::format("{}{} {}", states.empty() ? "" : ", ", name, v.get<std::uint64_t>());
      }
    }
    if (!states.empty()) {
      kv("TCP states", states);
      kv("TCP handshakes",
         fmt::format("{}{}", f["tcp_handshakes"].get<std::uint64_t>(),
                     f["tcp_mean_handshake_rtt_ns"].is_null()
                         ? std::string{}
                         : fmt::format(", mean RTT {:.3f} ms",
                                       static_cast<double>(
                                           f["tcp_mean_handshake_rtt_ns"].get<std::int64_t>()) /
                                           1e6)));
      kv("TCP trouble", fmt::format("{} retransmissions, {} out of order, {} zero windows",
                                    f["tcp_retransmissions"].get<std::uint64_t>(),
                                    f["tcp_out_of_order"].get<std::uint64_t>(),
                                    f["tcp_zero_windows"].get<std::uint64_t>()));
    }
  }

  if (!doc["icmp"].empty()) {
    heading(out, "ICMP and ICMPv6 messages");
    output::table t;
    t.column("proto", output::align::left)
        .column("type")
        .column("code")
        .column("packets")
        .column("type name", output::align::left)
        .column("code name", output::align::left);
    for (const json& r : doc["icmp"]) {
      t.row({r["version"].get<std::string>(), u64(r["type"]), u64(r["code"]), u64(r["packets"]),
             r["type_name"].get<std::string>(), r["code_name"].get<std::string>()});
    }
    t.render_text(out, "  ");
  }

  if (!doc["tcp_flags"].empty()) {
    heading(out, "TCP flag combinations (! = anomalous)");
    output::table t;
    t.column("flags", output::align::left).column("packets").column("", output::align::left);
    for (const json& r : doc["tcp_flags"]) {
      t.row({r["names"].get<std::string>(), u64(r["packets"]),
             r["anomalous"].get<bool>() ? "!" : ""});
    }
    t.render_text(out, "  ");
  }

  std::string anomalies;
  for (const auto& [name, v] : doc["anomalies"].items()) {
    if (v.get<std::uint64_t>() != 0) {
      anomalies +=
          fmt::format("{}{} {}", anomalies.empty() ? "" : ", ", name, v.get<std::uint64_t>());
    }
  }
  heading(out, "Decoder findings");
  kv("Anomalies", anomalies.empty() ? std::string{"none"} : anomalies);
  kv("Decode stopped", fmt::format("{} frames", doc["decode_stopped"].get<std::uint64_t>()));

  const json& sz = doc["packet_sizes"];
  heading(out, "Packet sizes (bytes on the wire)");
  kv("Quantiles", fmt::format("min {}, median {}, p90 {}, p99 {}, max {}, mean {:.1f}",
                              u64(sz["min"]), u64(sz["p50"]), u64(sz["p90"]), u64(sz["p99"]),
                              u64(sz["max"]), sz["mean"].get<double>()));
  std::string hist;
  for (const json& b : sz["buckets"]) {
    if (b["packets"].get<std::uint64_t>() != 0) {
      hist += fmt::format("{}{}-{} {}", hist.empty() ? "" : ", ", u64(b["min"]),
                          b["max"].is_null() ? std::string{} : u64(b["max"]), u64(b["packets"]));
    }
  }
  kv("Histogram", hist.empty() ? std::string{"n/a"} : hist);

  heading(out, "Alerts (default detectors, as pktscope detect runs them)");
  const json& al = doc["alerts"];
  if (al.is_null()) {
    kv("Alerts", "not looked for (--no-alerts)");
    return out;
  }
  const std::uint64_t total = al["total"].get<std::uint64_t>();
  if (total == 0) {
    kv("Alerts", "none");
    return out;
  }
  std::string sev;
  for (const char* name : {"high", "medium", "low", "info"}) {
    const std::uint64_t n = al["by_severity"][name].get<std::uint64_t>();
    if (n != 0) {
      sev += fmt::format("{}{} {}", sev.empty() ? "" : ", ", n, name);
    }
  }
  kv("Alerts", fmt::format("{} ({})", total, sev));
  // The most severe first; within a severity, output order (start time, kind, src, dst).
  const json& list = al["list"];
  std::vector<std::size_t> order(list.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  const auto rank = [&list](std::size_t i) {
    const auto s = pktscope::detect::parse_severity(list[i]["severity"].get<std::string>());
    return s ? static_cast<int>(*s) : -1;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&rank](std::size_t x, std::size_t y) { return rank(x) > rank(y); });
  const auto ep = [](const json& e) {
    return e.is_null() ? std::string{"-"} : e.get<std::string>();
  };
  output::table t;
  t.column("time", output::align::left)
      .column("kind", output::align::left)
      .column("sev", output::align::left)
      .column("src", output::align::left)
      .column("dst", output::align::left)
      .column("summary", output::align::left);
  for (std::size_t i = 0; i < order.size() && i < top_alerts; ++i) {
    const json& a = list[order[i]];
    t.row({format_iso8601_ns(a["start_ns"].get<timestamp_ns>()), a["kind"].get<std::string>(),
           a["severity"].get<std::string>(), ep(a["src"]), ep(a["dst"]),
           a["summary"].get<std::string>()});
  }
  t.render_text(out, "  ");
  if (list.size() > top_alerts) {
    out += fmt::format("  ... and {} more (pktscope detect lists every alert)\n",
                       list.size() - top_alerts);
  }
  return out;
}

} // namespace pktscope::cli::stats
