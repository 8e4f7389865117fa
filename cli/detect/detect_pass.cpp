#include "detect/detect_pass.hpp"

#include "cli_error.hpp"

#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/core/address.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace pktscope::cli::detect {

namespace {

using namespace pktscope::detect;
using json = nlohmann::ordered_json;

std::string host_text(const ip_host& h) {
  return ip_to_string(bytes(h.addr).first(h.version == 4 ? 4 : 16));
}
ip_host parse_host(const std::string& s) {
  const auto e = endpoint::parse(s);
  if (!e || e->ip_version == 0) {
    throw cli_error(exit_code::bad_input, fmt::format("baseline: '{}' is not an address", s));
  }
  return {e->addr, e->ip_version};
}

} // namespace

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

// ---------------------------------------------------------------------------------------------
// Baseline JSON: {"format":"pktscope-baseline","version":1,...}

std::string baseline_json(const baseline& b, const std::vector<std::string>& sources) {
  json j;
  j["format"] = "pktscope-baseline";
  j["version"] = 1;
  j["sources"] = sources;
  j["first_ns"] = b.first_ts;
  j["last_ns"] = b.last_ts;
  j["packets"] = b.packets;
  j["intervals"] = b.intervals;
  j["interval_ns"] = b.volume.interval;
  j["hourly"] = b.volume.hourly;
  const auto expect = [](const volume_expectation& e) {
    return json{{"packets_mean", e.packets_mean},
                {"packets_var", e.packets_var},
                {"bytes_mean", e.bytes_mean},
                {"bytes_var", e.bytes_var}};
  };
  json all = json::object();
  for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
    if (b.volume.all[c].known) {
      json e = expect(b.volume.all[c]);
      const auto& q = b.packet_quantiles[c];
      e["packets_p50"] = q.p50;
      e["packets_p95"] = q.p95;
      e["packets_p99"] = q.p99;
      e["packets_max"] = q.max;
      all[std::string(stats::traffic_class_name(static_cast<stats::traffic_class>(c)))] = e;
    }
  }
  j["volume"] = all;
  json hours = json::array();
  if (b.volume.hourly) {
    for (std::size_t h = 0; h < 24; ++h) {
      json row = json::object();
      for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
        if (b.volume.hours[h][c].known) {
          row[std::string(stats::traffic_class_name(static_cast<stats::traffic_class>(c)))] =
              expect(b.volume.hours[h][c]);
        }
      }
      hours.push_back(row);
    }
  }
  j["hours"] = hours;
  json talkers = json::array();
  for (const ip_host& h : b.talkers) {
    talkers.push_back(host_text(h));
  }
  j["talkers"] = talkers;
  json services = json::array();
  for (const service_key& s : b.services) {
    services.push_back(json{{"host", host_text(s.host)},
                            {"port", s.port},
                            {"protocol", s.ip_protocol == 6 ? "tcp" : "udp"}});
  }
  j["services"] = services;
  json sizes = json::array();
  for (const size_profile& s : b.sizes) {
    sizes.push_back(json{{"protocol", s.ip_protocol == 6 ? "tcp" : "udp"},
                         {"port", s.port},
                         {"to_server", s.to_server},
                         {"mean", s.mean},
                         {"var", s.variance},
                         {"count", s.count}});
  }
  j["sizes"] = sizes;
  return j.dump(1) + "\n";
}

baseline load_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw cli_error(exit_code::io, fmt::format("{}: cannot open the baseline", path));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  baseline b;
  try {
    const json j = json::parse(ss.str());
    if (j.value("format", "") != "pktscope-baseline" || j.value("version", 0) != 1) {
      throw cli_error(exit_code::bad_input,
                      fmt::format("{}: not a pktscope baseline (format/version)", path));
    }
    b.first_ts = j.at("first_ns").get<timestamp_ns>();
    b.last_ts = j.at("last_ns").get<timestamp_ns>();
    b.packets = j.at("packets").get<std::uint64_t>();
    b.intervals = j.at("intervals").get<std::uint64_t>();
    b.volume.interval = j.at("interval_ns").get<timestamp_ns>();
    b.volume.hourly = j.at("hourly").get<bool>();
    const auto read_class = [](const json& obj, volume_baseline::per_class& out) {
      for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
        const std::string name(stats::traffic_class_name(static_cast<stats::traffic_class>(c)));
        if (obj.contains(name)) {
          const json& e = obj.at(name);
          out[c] = {e.at("packets_mean").get<double>(), e.at("packets_var").get<double>(),
                    e.at("bytes_mean").get<double>(), e.at("bytes_var").get<double>(), true};
        }
      }
    };
    read_class(j.at("volume"), b.volume.all);
    const json& hours = j.at("hours");
    if (b.volume.hourly && hours.size() != 24) {
      throw cli_error(exit_code::bad_input,
                      fmt::format("{}: hourly baseline without 24 hours", path));
    }
    for (std::size_t h = 0; h < hours.size() && h < 24; ++h) {
      read_class(hours.at(h), b.volume.hours[h]);
    }
    for (const json& t : j.at("talkers")) {
      b.talkers.push_back(parse_host(t.get<std::string>()));
    }
    for (const json& s : j.at("services")) {
      b.services.push_back(service_key{
          parse_host(s.at("host").get<std::string>()), s.at("port").get<std::uint16_t>(),
          static_cast<std::uint8_t>(s.at("protocol").get<std::string>() == "tcp" ? 6 : 17)});
    }
    for (const json& s : j.at("sizes")) {
      b.sizes.push_back(size_profile{
          static_cast<std::uint8_t>(s.at("protocol").get<std::string>() == "tcp" ? 6 : 17),
          s.at("port").get<std::uint16_t>(), s.at("to_server").get<bool>(),
          s.at("mean").get<double>(), s.at("var").get<double>(),
          s.at("count").get<std::uint64_t>()});
    }
  } catch (const json::exception& e) {
    throw cli_error(exit_code::bad_input,
                    fmt::format("{}: not a pktscope baseline: {}", path, e.what()));
  }
  return b;
}

} // namespace pktscope::cli::detect
