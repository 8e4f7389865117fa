#include "detect/baseline_file.hpp"

#include "cli_error.hpp"
#include "output/json_text.hpp"

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/core/address.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>

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

// An integer field of `obj` as T. A JSON float is refused rather than converted (converting one
// out of T's range is undefined behaviour), as is an integer out of T's range: std::out_of_range.
template <class T> T integer_at(const json& obj, const char* key) {
  const json& v = obj.at(key);
  if (v.is_number_unsigned() && std::in_range<T>(v.get<std::uint64_t>())) {
    return static_cast<T>(v.get<std::uint64_t>());
  }
  if (v.is_number_integer() && !v.is_number_unsigned() && std::in_range<T>(v.get<std::int64_t>())) {
    return static_cast<T>(v.get<std::int64_t>());
  }
  throw std::out_of_range(fmt::format("'{}' is not an integer in [{}, {}]", key,
                                      std::numeric_limits<T>::min(),
                                      std::numeric_limits<T>::max()));
}

} // namespace

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
  return output::json_text(j, 1) + "\n";
}

baseline parse_baseline(std::string_view text, std::string_view path) {
  baseline b;
  try {
    const json j = json::parse(text);
    if (j.value("format", "") != "pktscope-baseline" || !j.contains("version") ||
        integer_at<int>(j, "version") != 1) {
      throw cli_error(exit_code::bad_input,
                      fmt::format("{}: not a pktscope baseline (format/version)", path));
    }
    b.first_ts = integer_at<timestamp_ns>(j, "first_ns");
    b.last_ts = integer_at<timestamp_ns>(j, "last_ns");
    b.packets = integer_at<std::uint64_t>(j, "packets");
    b.intervals = integer_at<std::uint64_t>(j, "intervals");
    b.volume.interval = integer_at<timestamp_ns>(j, "interval_ns");
    b.volume.hourly = j.at("hourly").get<bool>();
    // One class object per traffic class present; the all-hours one also has the quantiles.
    const auto read_class = [](const json& obj, volume_baseline::per_class& out,
                               decltype(baseline::packet_quantiles)* quantiles) {
      for (std::size_t c = 0; c < stats::traffic_class_count; ++c) {
        const std::string name(stats::traffic_class_name(static_cast<stats::traffic_class>(c)));
        if (!obj.contains(name)) {
          continue;
        }
        const json& e = obj.at(name);
        out[c] = {e.at("packets_mean").get<double>(), e.at("packets_var").get<double>(),
                  e.at("bytes_mean").get<double>(), e.at("bytes_var").get<double>(), true};
        if (quantiles != nullptr) {
          (*quantiles)[c] = {e.value("packets_p50", 0.0), e.value("packets_p95", 0.0),
                             e.value("packets_p99", 0.0), e.value("packets_max", 0.0)};
        }
      }
    };
    read_class(j.at("volume"), b.volume.all, &b.packet_quantiles);
    const json& hours = j.at("hours");
    if (b.volume.hourly && hours.size() != 24) {
      throw cli_error(exit_code::bad_input,
                      fmt::format("{}: hourly baseline without 24 hours", path));
    }
    for (std::size_t h = 0; h < hours.size() && h < 24; ++h) {
      read_class(hours.at(h), b.volume.hours[h], nullptr);
    }
    for (const json& t : j.at("talkers")) {
      b.talkers.push_back(parse_host(t.get<std::string>()));
    }
    for (const json& s : j.at("services")) {
      b.services.push_back(service_key{
          parse_host(s.at("host").get<std::string>()), integer_at<std::uint16_t>(s, "port"),
          static_cast<std::uint8_t>(s.at("protocol").get<std::string>() == "tcp" ? 6 : 17)});
    }
    for (const json& s : j.at("sizes")) {
      b.sizes.push_back(size_profile{
          static_cast<std::uint8_t>(s.at("protocol").get<std::string>() == "tcp" ? 6 : 17),
          integer_at<std::uint16_t>(s, "port"), s.at("to_server").get<bool>(),
          s.at("mean").get<double>(), s.at("var").get<double>(),
          integer_at<std::uint64_t>(s, "count")});
    }
  } catch (const cli_error&) {
    throw;                            // already says what is wrong
  } catch (const std::exception& e) { // the JSON library's, or integer_at's std::out_of_range
    throw cli_error(exit_code::bad_input,
                    fmt::format("{}: not a pktscope baseline: {}", path, e.what()));
  }
  return b;
}

baseline load_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw cli_error(exit_code::io, fmt::format("{}: cannot open the baseline", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_baseline(text.view(), path);
}

} // namespace pktscope::cli::detect
