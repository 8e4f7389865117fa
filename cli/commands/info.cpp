// pktscope info FILE...: file-level facts of captures (format, interfaces, packet
// count, sizes, time span, rates, link types, integrity), as aligned text or JSON.
// The JSON document is described in docs/info-json.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "output/capture_text.hpp"
#include "output/json_text.hpp"
#include "time_format.hpp"

#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_stats.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace pktscope::cli {

namespace {

using json = nlohmann::ordered_json;

struct info_options {
  std::vector<std::string> files;
  bool json_output = false;
};

// One file's outcome: either it could not be opened (open_error set) or it was
// read, possibly only up to damage (stats.integrity.failure set).
struct file_report {
  std::string file;
  std::optional<pktscope::error> open_error;
  std::string open_message;
  capture_info info;
  capture_stats stats;
};

std::string ts_resolution_label(const interface_info& itf) {
  return itf.ts_base2 ? fmt::format("2^-{} s", itf.ts_exponent)
                      : fmt::format("1e-{} s", itf.ts_exponent);
}

std::string open_error_message(const pktscope::error& err) {
  std::string what;
  switch (err.code) {
  case errc::io: what = "cannot open or read the file"; break;
  case errc::bad_format: what = "not a pcap or pcapng capture (unrecognised magic number)"; break;
  case errc::truncated:
    what = fmt::format("file header cut short: needed {} bytes, found {}", err.needed, err.have);
    break;
  case errc::malformed: what = "damaged file header"; break;
  case errc::unsupported: what = "unsupported capture format version or feature"; break;
  case errc::ok: what = "unknown error"; break;
  }
  if (err.layer != layer_id::none) {
    what = fmt::format("{} ({})", what, layer_name(err.layer));
  }
  return what;
}

file_report read_file(const std::string& path) {
  file_report rep;
  rep.file = path;
  auto reader = capture_reader::open(path);
  if (!reader) {
    rep.open_error = reader.error();
    rep.open_message = open_error_message(reader.error());
    if (reader.error().code == errc::io && path != "-") {
      // The reader says only "io"; the file system can say why.
      std::error_code ec;
      const auto st = std::filesystem::status(path, ec);
      if (ec) {
        rep.open_message += fmt::format(": {}", ec.message());
      } else if (std::filesystem::is_directory(st)) {
        rep.open_message += ": is a directory";
      }
    }
    return rep;
  }
  rep.stats = collect_stats(*reader);
  rep.info = reader->info();
  return rep;
}

// ---- JSON -------------------------------------------------------------------

json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json time_pair_ns(const capture_stats& s, timestamp_ns ts) {
  return s.packets == 0 ? json(nullptr) : json(ts);
}

json time_pair_iso(const capture_stats& s, timestamp_ns ts) {
  return s.packets == 0 ? json(nullptr) : json(format_iso8601_ns(ts));
}

json diagnostic_json(const diagnostic& d) {
  return json{{"offset", d.err.offset},
              {"code", std::string{errc_name(d.err.code)}},
              {"what", d.what},
              {"message", output::diagnostic_text(d)}};
}

json report_json(const file_report& rep) {
  json j;
  j["file"] = rep.file;
  if (rep.open_error) {
    j["error"] = json{{"offset", rep.open_error->offset},
                      {"code", std::string{errc_name(rep.open_error->code)}},
                      {"message", rep.open_message}};
    return j;
  }
  const capture_info& info = rep.info;
  const capture_stats& s = rep.stats;
  j["error"] = nullptr;
  j["format"] = std::string{capture_format_name(info.format)};
  j["nanosecond_pcap"] = info.format == capture_format::pcap && !info.interfaces.empty() &&
                         !info.interfaces[0].ts_base2 && info.interfaces[0].ts_exponent == 9;
  j["compression"] = std::string{compression_name(info.compressed)};
  j["byte_order"] = info.big_endian ? "big" : "little";
  j["version"] = fmt::format("{}.{}", info.version_major, info.version_minor);
  j["sections"] = info.sections;
  j["shb"] = json{{"hardware", info.hardware}, {"os", info.os}, {"application", info.application}};
  j["comments"] = info.comments;

  json itfs = json::array();
  for (std::size_t i = 0; i < info.interfaces.size(); ++i) {
    const interface_info& itf = info.interfaces[i];
    itfs.push_back(json{
        {"index", i},
        {"section", itf.section},
        {"link_type", static_cast<unsigned>(itf.link)},
        {"link_type_name", std::string{link_type_name(itf.link)}},
        {"snaplen", itf.snaplen},
        {"fcs_len", itf.fcs_len_bytes},
        {"ts_base", itf.ts_base2 ? 2 : 10},
        {"ts_exponent", itf.ts_exponent},
        {"ts_offset_s", itf.ts_offset_s},
        {"name", itf.name},
        {"description", itf.description},
        {"filter", itf.filter},
        {"os", itf.os},
        {"hardware", itf.hardware},
        {"stats_received", itf.stats_received ? json(*itf.stats_received) : json(nullptr)},
        {"stats_dropped", itf.stats_dropped ? json(*itf.stats_dropped) : json(nullptr)},
        {"stats_os_dropped", itf.stats_os_dropped ? json(*itf.stats_os_dropped) : json(nullptr)},
        {"packets", i < s.interface_packets.size() ? s.interface_packets[i] : 0},
    });
  }
  j["interfaces"] = std::move(itfs);

  json links = json::array();
  for (const link_type_count& lc : s.link_types) {
    links.push_back(json{{"link_type", static_cast<unsigned>(lc.link)},
                         {"name", std::string{link_type_name(lc.link)}},
                         {"packets", lc.packets}});
  }
  j["link_types"] = std::move(links);

  j["packets"] = s.packets;
  j["captured_bytes"] = s.captured_bytes;
  j["original_bytes"] = s.original_bytes;
  j["cut_by_snaplen"] = s.cut_by_snaplen;
  j["min_captured_len"] = s.packets == 0 ? json(nullptr) : json(s.min_captured_len);
  j["max_captured_len"] = s.packets == 0 ? json(nullptr) : json(s.max_captured_len);
  j["first"] = time_pair_iso(s, s.first_ns);
  j["first_ns"] = time_pair_ns(s, s.first_ns);
  j["last"] = time_pair_iso(s, s.last_ns);
  j["last_ns"] = time_pair_ns(s, s.last_ns);
  j["earliest"] = time_pair_iso(s, s.earliest_ns);
  j["earliest_ns"] = time_pair_ns(s, s.earliest_ns);
  j["latest"] = time_pair_iso(s, s.latest_ns);
  j["latest_ns"] = time_pair_ns(s, s.latest_ns);
  j["duration_ns"] = s.duration_ns();
  j["in_order"] = s.in_order();
  j["out_of_order"] = s.out_of_order;
  j["average_packet_bytes"] = optional_number(s.average_packet_bytes());
  j["packets_per_second"] = optional_number(s.packets_per_second());
  j["bits_per_second"] = optional_number(s.bits_per_second());

  const capture_integrity& ig = s.integrity;
  json warnings = json::array();
  for (const diagnostic& d : ig.warnings) {
    warnings.push_back(diagnostic_json(d));
  }
  j["integrity"] = json{
      {"complete", ig.complete()},
      {"truncated_at", ig.failure ? json(ig.failure->err.offset) : json(nullptr)},
      {"failure", ig.failure ? diagnostic_json(*ig.failure) : json(nullptr)},
      {"warnings", std::move(warnings)},
      {"skipped_blocks", ig.skipped_blocks},
      {"skipped_bytes", ig.skipped_bytes},
      {"captured_over_original", s.captured_over_original},
      {"packets_unlisted_interface", s.packets_unlisted_interface},
  };
  return j;
}

// ---- text -------------------------------------------------------------------

void line(std::string& out, std::string_view key, std::string_view value) {
  out += fmt::format("{:<24}{}\n", fmt::format("{}:", key), value);
}

std::string rate(const std::optional<double>& v, std::string_view unit) {
  return v ? fmt::format("{:.2f} {}", *v, unit) : std::string{"n/a"};
}

std::string duration_text(timestamp_ns d) {
  const bool neg = d < 0;
  const std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  return fmt::format("{}{}.{:09} s", neg ? "-" : "", mag / 1000000000U, mag % 1000000000U);
}

std::string report_text(const file_report& rep) {
  std::string out;
  line(out, "File name", rep.file);
  if (rep.open_error) {
    line(out, "Error", fmt::format("offset {}: {}", rep.open_error->offset, rep.open_message));
    return out;
  }
  const capture_info& info = rep.info;
  const capture_stats& s = rep.stats;
  std::string format{capture_format_name(info.format)};
  if (info.format == capture_format::pcap && !info.interfaces.empty() &&
      !info.interfaces[0].ts_base2 && info.interfaces[0].ts_exponent == 9) {
    format += " (nanosecond timestamps)";
  }
  line(out, "File format", format);
  line(out, "Compression", compression_name(info.compressed));
  line(out, "Byte order", info.big_endian ? "big-endian" : "little-endian");
  line(out, "Version", fmt::format("{}.{}", info.version_major, info.version_minor));
  if (info.format == capture_format::pcapng) {
    line(out, "Sections", fmt::format("{}", info.sections));
    if (!info.hardware.empty()) {
      line(out, "Hardware", info.hardware);
    }
    if (!info.os.empty()) {
      line(out, "OS", info.os);
    }
    if (!info.application.empty()) {
      line(out, "Application", info.application);
    }
    for (const std::string& c : info.comments) {
      line(out, "Comment", c);
    }
  }
  line(out, "Interfaces", fmt::format("{}", info.interfaces.size()));
  for (std::size_t i = 0; i < info.interfaces.size(); ++i) {
    const interface_info& itf = info.interfaces[i];
    std::string desc = fmt::format(
        "{}, snaplen {}, ts resolution {}, {} packets", output::link_label(itf.link),
        itf.snaplen == 0 ? std::string{"unlimited"} : fmt::format("{}", itf.snaplen),
        ts_resolution_label(itf), i < s.interface_packets.size() ? s.interface_packets[i] : 0);
    if (itf.ts_offset_s != 0) {
      desc += fmt::format(", ts offset {} s", itf.ts_offset_s);
    }
    if (!itf.name.empty()) {
      desc += fmt::format(", name \"{}\"", itf.name);
    }
    if (!itf.description.empty()) {
      desc += fmt::format(", description \"{}\"", itf.description);
    }
    if (!itf.filter.empty()) {
      desc += fmt::format(", filter \"{}\"", itf.filter);
    }
    if (!itf.os.empty()) {
      desc += fmt::format(", os \"{}\"", itf.os);
    }
    if (!itf.hardware.empty()) {
      desc += fmt::format(", hardware \"{}\"", itf.hardware);
    }
    if (const std::string counters = output::interface_counters_text(itf); !counters.empty()) {
      desc += ", " + counters;
    }
    line(out, fmt::format("  Interface #{}", i), desc);
  }
  std::string links;
  for (const link_type_count& lc : s.link_types) {
    links += fmt::format("{}{} {} packets", links.empty() ? "" : "; ", output::link_label(lc.link),
                         lc.packets);
  }
  line(out, "Link types", links.empty() ? std::string{"n/a (no packets)"} : links);
  line(out, "Packets", fmt::format("{}", s.packets));
  line(out, "Captured bytes", fmt::format("{}", s.captured_bytes));
  line(out, "Original bytes", fmt::format("{}", s.original_bytes));
  line(out, "Cut by snaplen", fmt::format("{} packets", s.cut_by_snaplen));
  if (s.packets > 0) {
    line(out, "First packet", fmt::format("{} ({} ns)", format_iso8601_ns(s.first_ns), s.first_ns));
    line(out, "Last packet", fmt::format("{} ({} ns)", format_iso8601_ns(s.last_ns), s.last_ns));
    if (!s.in_order()) {
      line(out, "Earliest packet",
           fmt::format("{} ({} ns)", format_iso8601_ns(s.earliest_ns), s.earliest_ns));
      line(out, "Latest packet",
           fmt::format("{} ({} ns)", format_iso8601_ns(s.latest_ns), s.latest_ns));
    }
  } else {
    line(out, "First packet", "n/a");
    line(out, "Last packet", "n/a");
  }
  line(out, "Duration", duration_text(s.duration_ns()));
  line(out, "Time order",
       s.in_order() ? std::string{"strictly increasing or equal"}
                    : fmt::format("{} packets earlier than their predecessor", s.out_of_order));
  const auto avg = s.average_packet_bytes();
  line(out, "Average packet size", avg ? fmt::format("{:.2f} bytes", *avg) : "n/a");
  line(out, "Packet rate", rate(s.packets_per_second(), "packets/s"));
  line(out, "Bit rate", rate(s.bits_per_second(), "bits/s"));

  const capture_integrity& ig = s.integrity;
  if (ig.failure) {
    line(out, "Integrity",
         fmt::format("stopped at offset {}: {}", ig.failure->err.offset,
                     output::diagnostic_text(*ig.failure)));
  } else if (ig.skipped_blocks != 0 || !ig.warnings.empty()) {
    line(out, "Integrity",
         fmt::format("read to the end; {} damaged blocks skipped ({} bytes)", ig.skipped_blocks,
                     ig.skipped_bytes));
  } else {
    line(out, "Integrity", "ok");
  }
  if (s.captured_over_original != 0) {
    line(
        out, "Inconsistent records",
        fmt::format("{} packets with captured length > original length", s.captured_over_original));
  }
  return out;
}

// ---- command ----------------------------------------------------------------

void run_info(const info_options& opt) {
  exit_code worst = exit_code::ok;
  std::size_t failed = 0;
  json all = json::array();
  std::string text;
  bool first_block = true;
  for (const std::string& path : opt.files) {
    const file_report rep = read_file(path);
    if (rep.open_error) {
      fmt::print(stderr, "pktscope: {}: offset {}: {}\n", path, rep.open_error->offset,
                 rep.open_message);
      ++failed;
      worst = rep.open_error->code == errc::io ? exit_code::io
              : worst == exit_code::io         ? worst
                                               : exit_code::bad_input;
    } else {
      for (const diagnostic& d : rep.stats.integrity.warnings) {
        fmt::print(stderr, "pktscope: {}: offset {}: warning: {}\n", path, d.err.offset,
                   output::diagnostic_text(d));
      }
      if (rep.stats.integrity.failure) {
        const diagnostic& d = *rep.stats.integrity.failure;
        fmt::print(stderr, "pktscope: {}: offset {}: {}\n", path, d.err.offset,
                   output::diagnostic_text(d));
        ++failed;
        if (worst == exit_code::ok) {
          worst = exit_code::bad_input;
        }
      }
    }
    if (opt.json_output) {
      all.push_back(report_json(rep));
    } else {
      if (!first_block) {
        std::fputc('\n', stdout);
      }
      first_block = false;
      const std::string block = report_text(rep);
      std::fwrite(block.data(), 1, block.size(), stdout);
    }
  }
  if (opt.json_output) {
    const std::string doc = output::json_text(all, 2) + "\n";
    std::fwrite(doc.data(), 1, doc.size(), stdout);
  }
  std::fflush(stdout);
  if (worst != exit_code::ok) {
    throw cli_error(worst, fmt::format("{} of {} files could not be read to the end", failed,
                                       opt.files.size()));
  }
}

void setup(CLI::App& app) {
  auto opt = std::make_shared<info_options>();
  CLI::App* cmd = app.add_subcommand(
      "info", "File-level facts of captures: format, interfaces, packet count, sizes, time "
              "span, rates, link types, integrity (like capinfos)");
  cmd->add_option("files", opt->files, "Capture files (pcap, pcapng, gzip/zstd); - is stdin")
      ->required();
  cmd->add_flag("--json", opt->json_output,
                "Print one JSON array with one object per file (docs/info-json.md)");
  cmd->footer("Exit status: 0 when every file was read to its end, 1 when damage stopped "
              "reading a file or a file is no capture, 3 when a file could not be opened.");
  cmd->callback([opt] { run_info(*opt); });
}

const command_registration registration{"info", 10, setup};

} // namespace

} // namespace pktscope::cli
