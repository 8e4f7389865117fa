#include "stats/report.hpp"

#include "output/text.hpp"
#include "time_format.hpp"

#include <pktscope/analysis/detect/alert.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace pktscope::cli::stats {

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
