// pktscope synth -o OUT: write a synthetic, seed-determined capture of normal traffic with
// optional injected attacks, plus a JSON file of exact ground-truth labels. docs/cli/synth.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "output/json_text.hpp"
#include "time_format.hpp"

#include <pktscope/core/duration.hpp>
#include <pktscope/io/capture_writer.hpp>
#include <pktscope/synth/generator.hpp>
#include <pktscope/synth/scenario.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pktscope::cli {

namespace {

using json = nlohmann::ordered_json;

struct synth_options {
  std::string output;
  std::string labels;
  std::uint64_t seed = 1;
  std::string duration = "5m";
  std::optional<std::uint64_t> packets;
  std::optional<double> rate;
  std::uint32_t hosts = 50;
  std::string start = "2024-01-01T00:00:00Z";
  std::vector<std::string> events;
  std::string events_file;
  bool attacks = false;
  double ipv6_share = 0.2;
  std::optional<std::string> vlan;
  std::string tunnel = "none";
  std::string format;
  bool quiet = false;
};

capture_format output_format(const synth_options& o) {
  if (!o.format.empty()) {
    return o.format == "pcap" ? capture_format::pcap : capture_format::pcapng;
  }
  const auto dot = o.output.rfind('.');
  if (dot != std::string::npos && o.output.find('/', dot) == std::string::npos &&
      o.output.substr(dot + 1) == "pcap") {
    return capture_format::pcap;
  }
  return capture_format::pcapng;
}

std::string default_labels_path(const std::string& out) {
  const auto slash = out.rfind('/');
  const auto dot = out.rfind('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash) &&
                       dot != (slash == std::string::npos ? 0 : slash + 1);
  return (has_ext ? out.substr(0, dot) : out) + ".labels.json";
}

std::vector<std::string> read_event_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw cli_error(exit_code::io, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') {
      continue;
    }
    const auto last = line.find_last_not_of(" \t\r");
    lines.push_back(line.substr(first, last - first + 1));
  }
  return lines;
}

synth::scenario make_scenario(const synth_options& o) {
  synth::scenario s;
  s.seed = o.seed;
  const auto d = parse_duration(o.duration);
  if (!d || *d <= 0) {
    throw cli_error(
        exit_code::usage,
        fmt::format("--duration: '{}' is not a duration (e.g. 90s, 10m, 1h)", o.duration));
  }
  s.duration = *d;
  const auto t = parse_time(o.start);
  if (!t) {
    throw cli_error(exit_code::usage,
                    fmt::format("--start: '{}' is not a time (use 2024-01-01T00:00:00Z)", o.start));
  }
  s.start = *t;
  if (o.packets && o.rate) {
    throw cli_error(exit_code::usage, "--packets and --rate exclude each other");
  }
  if (o.rate) {
    s.rate = *o.rate;
  } else if (o.packets) {
    s.target_packets = *o.packets;
  }
  s.hosts = o.hosts;
  s.ipv6_share = o.ipv6_share;
  if (o.vlan) {
    unsigned id = 100;
    if (!o.vlan->empty()) {
      try {
        std::size_t used = 0;
        id = static_cast<unsigned>(std::stoul(*o.vlan, &used));
        if (used != o.vlan->size()) {
          throw std::invalid_argument("trailing");
        }
      } catch (const std::exception&) {
        throw cli_error(exit_code::usage, fmt::format("--vlan: '{}' is not a VLAN ID", *o.vlan));
      }
    }
    if (id == 0 || id > 4094) {
      throw cli_error(exit_code::usage, "--vlan: the ID must be between 1 and 4094");
    }
    s.vlan = static_cast<std::uint16_t>(id);
  }
  s.tunnel = o.tunnel == "vxlan" ? synth::tunnel_kind::vxlan
             : o.tunnel == "gre" ? synth::tunnel_kind::gre
                                 : synth::tunnel_kind::none;
  if (o.attacks) {
    s.events = synth::default_attacks();
  }
  std::vector<std::string> texts = o.events;
  if (!o.events_file.empty()) {
    const auto more = read_event_file(o.events_file);
    texts.insert(texts.end(), more.begin(), more.end());
  }
  for (const std::string& text : texts) {
    std::string why;
    auto e = synth::parse_event(text, why);
    if (!e) {
      throw cli_error(exit_code::usage, fmt::format("--event '{}': {}", text, why));
    }
    s.events.push_back(std::move(*e));
  }
  if (const std::string why = synth::validate(s); !why.empty()) {
    throw cli_error(exit_code::usage, why);
  }
  return s;
}

json labels_json(const synth_options& o, const synth::scenario& s, const synth::generator& g) {
  json doc;
  doc["generator"] = "pktscope synth";
  doc["schema_version"] = 1;
  doc["capture"] = o.output;
  doc["seed"] = s.seed;
  const synth::capture_summary& sum = g.summary();
  json cap;
  cap["start"] = format_iso8601_ns(s.start);
  cap["start_ns"] = s.start;
  cap["end_ns"] = s.start + s.duration;
  cap["duration_ns"] = s.duration;
  cap["packets"] = sum.packets;
  cap["bytes"] = sum.bytes;
  cap["normal_packets"] = sum.normal_packets;
  cap["normal_conversations"] = sum.conversations;
  cap["first_packet_ns"] = sum.first_ns;
  cap["last_packet_ns"] = sum.last_ns;
  doc["summary"] = cap;
  json net;
  net["hosts"] = s.hosts;
  net["ipv6_share"] = s.ipv6_share;
  net["vlan"] = s.vlan ? json(*s.vlan) : json(nullptr);
  net["tunnel"] = s.tunnel == synth::tunnel_kind::vxlan ? "vxlan"
                  : s.tunnel == synth::tunnel_kind::gre ? "gre"
                                                        : "none";
  json hosts = json::array();
  for (const synth::host_info& h : g.hosts()) {
    hosts.push_back({{"role", h.role},
                     {"ipv4", h.ipv4.to_string()},
                     {"ipv6", h.ipv6.to_string()},
                     {"mac", h.mac.to_string()},
                     {"internal", h.internal}});
  }
  net["host_list"] = std::move(hosts);
  doc["network"] = std::move(net);
  json events = json::array();
  for (const synth::event_label& l : g.labels()) {
    json e;
    e["id"] = l.id;
    e["kind"] = std::string(synth::event_kind_name(l.kind));
    e["attackers"] = l.attackers;
    e["victims"] = l.victims;
    e["start_ns"] = l.start_ns;
    e["end_ns"] = l.end_ns;
    e["start"] = l.packets > 0 ? json(format_iso8601_ns(l.start_ns)) : json(nullptr);
    e["end"] = l.packets > 0 ? json(format_iso8601_ns(l.end_ns)) : json(nullptr);
    e["packets"] = l.packets;
    e["counted"] = l.counted;
    e["response_packets"] = l.response_packets;
    e["other_packets"] = l.other_packets;
    e["filter"] = l.filter;
    json params = json::object();
    for (const auto& [k, v] : l.params) {
      params[k] = v;
    }
    e["params"] = std::move(params);
    events.push_back(std::move(e));
  }
  doc["events"] = std::move(events);
  return doc;
}

void write_labels(const std::string& path, const json& doc) {
  const std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << output::json_text(doc, 2) << '\n';
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw cli_error(exit_code::io, fmt::format("cannot write {}", path));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw cli_error(exit_code::io, fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
}

void run(const synth_options& o) {
  const synth::scenario s = make_scenario(o);
  const std::string labels_path =
      !o.labels.empty() ? o.labels
                        : (o.output == "-" ? std::string{} : default_labels_path(o.output));

  writer_options wo;
  wo.format = output_format(o);
  wo.nanosecond = true; // labels are exact to the nanosecond
  wo.link = link_type::ethernet;
  wo.buffer_bytes = std::size_t{4} << 20;
  wo.comments.push_back(fmt::format("pktscope synth seed={} events={}", s.seed, s.events.size()));
  errno = 0;
  auto created = capture_writer::create(o.output, wo);
  if (!created) {
    throw cli_error(exit_code::io, fmt::format("cannot write {}: {}", o.output,
                                               errno != 0 ? std::strerror(errno) : "I/O error"));
  }
  capture_writer& w = **created;

  const auto t0 = std::chrono::steady_clock::now();
  synth::generator g(s);
  if (auto ok = synth::write_all(g, w); !ok) {
    const int err = w.os_error();
    throw cli_error(exit_code::io, fmt::format("cannot write {}: {}", o.output,
                                               err != 0 ? std::strerror(err) : "I/O error"));
  }
  if (auto ok = w.close(); !ok) {
    const int err = w.os_error();
    throw cli_error(exit_code::io, fmt::format("cannot write {}: {}", o.output,
                                               err != 0 ? std::strerror(err) : "I/O error"));
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!labels_path.empty()) {
    write_labels(labels_path, labels_json(o, s, g));
  }
  if (!o.quiet) {
    const synth::capture_summary& sum = g.summary();
    std::uint64_t attack = 0;
    for (const auto& l : g.labels()) {
      attack += l.packets;
    }
    fmt::print(stderr,
               "synth: {} packets ({} normal, {} attack packets in {} events), {:.1f} MB in "
               "{:.2f} s ({:.2f} Mpackets/s){}{}\n",
               sum.packets, sum.normal_packets, attack, g.labels().size(),
               static_cast<double>(w.bytes_written()) / 1e6, secs,
               secs > 0 ? static_cast<double>(sum.packets) / secs / 1e6 : 0.0,
               labels_path.empty() ? "" : "; labels in ", labels_path);
  }
}

void setup(CLI::App& app) {
  auto opts = std::make_shared<synth_options>();
  auto* cmd = app.add_subcommand(
      "synth", "Write a synthetic capture (normal traffic + labelled attacks) from a seed");
  cmd->add_option("-o,--output", opts->output,
                  "Output capture (.pcap or .pcapng; '-' = stdout); written atomically")
      ->required();
  cmd->add_option("--labels", opts->labels,
                  "Ground-truth label file (JSON; default: OUT with .labels.json)");
  cmd->add_option("--seed", opts->seed, "Random seed: same seed and options, same bytes")
      ->capture_default_str();
  cmd->add_option("--duration", opts->duration, "Capture duration (90s, 10m, 1h, 1d)")
      ->capture_default_str();
  cmd->add_option("--packets", opts->packets,
                  "Approximate number of normal-traffic packets (default 100000)");
  cmd->add_option("--rate", opts->rate, "Average normal-traffic packets per second")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--hosts", opts->hosts, "Hosts in the network (4..50000)")->capture_default_str();
  cmd->add_option("--start", opts->start, "Start time (ISO 8601 UTC or epoch seconds)")
      ->capture_default_str();
  cmd->add_option("--event", opts->events,
                  "Inject an event: KIND[:key=value,...] (repeatable; see docs/cli/synth.md)");
  cmd->add_option("--events", opts->events_file,
                  "File of events, one KIND[:key=value,...] per line ('#' comments)");
  cmd->add_flag("--attacks", opts->attacks, "Inject the default mixed set of attacks");
  cmd->add_option("--ipv6-share", opts->ipv6_share,
                  "Fraction of normal conversations over IPv6 (0..1)")
      ->capture_default_str();
  cmd->add_option("--vlan", opts->vlan, "Tag every frame with this 802.1Q VLAN ID (default 100)")
      ->expected(0, 1);
  cmd->add_option("--tunnel", opts->tunnel, "Encapsulate every packet: none, vxlan or gre")
      ->check(CLI::IsMember({"none", "vxlan", "gre"}))
      ->capture_default_str();
  cmd->add_option("--format", opts->format,
                  "Output format (default: from OUT's extension, .pcap else pcapng)")
      ->check(CLI::IsMember({"pcap", "pcapng"}));
  cmd->add_flag("-q,--quiet", opts->quiet, "No summary on stderr");
  cmd->callback([opts] { run(*opts); });
}

const command_registration registration{"synth", 40, setup};

} // namespace

} // namespace pktscope::cli
