// pktscope convert IN OUT: rewrite a capture as pcap or pcapng, optionally keeping
// only packets that pass a BPF filter, a time window and a count. The output file
// appears only when the conversion succeeded (see capture_writer). docs/cli/convert.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "output/capture_text.hpp"
#include "pass/filter_option.hpp"
#include "time_format.hpp"

#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/bpf_filter.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_writer.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace pktscope::cli {

namespace {

struct convert_options {
  std::string input;
  std::string output;
  std::string format; // "", "pcap", "pcapng"
  bool nanosecond = false;
  bool microsecond = false;
  std::string filter;
  std::optional<std::uint64_t> count;
  std::string start;
  std::string end;
  std::uint32_t snaplen = 0;
};

capture_format output_format(const convert_options& o) {
  if (o.format == "pcap") {
    return capture_format::pcap;
  }
  if (o.format == "pcapng") {
    return capture_format::pcapng;
  }
  const auto dot = o.output.rfind('.');
  if (dot != std::string::npos && o.output.find('/', dot) == std::string::npos) {
    std::string ext = o.output.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == "pcap" || ext == "cap" || ext == "dmp") {
      return capture_format::pcap;
    }
  }
  return capture_format::pcapng;
}

/// Whether the input states finer than microsecond timestamps on any interface.
bool input_is_sub_microsecond(const capture_info& info) {
  return std::any_of(info.interfaces.begin(), info.interfaces.end(), [](const interface_info& i) {
    return i.ts_base2 ? i.ts_exponent > 19 : i.ts_exponent > 6; // 2^20 > 10^6
  });
}

timestamp_ns parse_time_option(const std::string& text, std::string_view name) {
  const auto t = parse_time(text);
  if (!t) {
    throw cli_error(exit_code::usage,
                    fmt::format("{}: '{}' is not a time (use 2024-01-02T03:04:05.123456789Z or "
                                "seconds since the epoch, e.g. 1704164645.5)",
                                name, text));
  }
  return *t;
}

/// Progress on stderr, only for a terminal, at most four times a second.
class progress {
public:
  explicit progress(const capture_reader& r) : reader_(r), enabled_(isatty(STDERR_FILENO) != 0) {}
  void tick(std::uint64_t read, std::uint64_t written) {
    if (!enabled_ || (read & 0xfff) != 0) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) {
      return;
    }
    last_ = now;
    shown_ = true;
    fmt::print(stderr, "\rconvert: {} packets read, {} written, {:.1f} MB", read, written,
               static_cast<double>(reader_.offset()) / 1e6);
    std::fflush(stderr);
  }
  void finish() {
    if (shown_) {
      fmt::print(stderr, "\r\033[K");
    }
  }

private:
  const capture_reader& reader_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

[[noreturn]] void write_failed(const std::string& path, const capture_writer& w) {
  const int err = w.os_error();
  throw cli_error(exit_code::io, fmt::format("cannot write {}: {}", path,
                                             err != 0 ? std::strerror(err) : "I/O error"));
}

/// The interfaces' own counters (pcapng interface statistics) describe how the capture went,
/// whichever packets are kept, so they go along to a pcapng output, after its last packet
/// (`at`). An interface none of whose packets was written has no description there to
/// carry them (the writer refuses); pcap has no place for them.
void copy_interface_statistics(const capture_info& info, timestamp_ns at, capture_writer& w,
                               const std::string& output) {
  for (std::size_t i = 0; i < info.interfaces.size(); ++i) {
    const interface_info& itf = info.interfaces[i];
    if (!itf.stats_received && !itf.stats_dropped && !itf.stats_os_dropped) {
      continue;
    }
    const interface_statistics s{
        static_cast<std::uint32_t>(i), itf.link, at, itf.stats_received, itf.stats_dropped,
        itf.stats_os_dropped};
    if (auto ok = w.write_statistics(s); !ok && ok.error().code == errc::io) {
      write_failed(output, w);
    }
  }
}

void run(const convert_options& o) {
  if (o.nanosecond && o.microsecond) {
    throw cli_error(exit_code::usage, "--nanosecond and --microsecond exclude each other");
  }
  // Window [start, end); plain integers (no std::optional) keep GCC's
  // -Wmaybe-uninitialized quiet in the loop.
  const timestamp_ns start = o.start.empty() ? std::numeric_limits<timestamp_ns>::min()
                                             : parse_time_option(o.start, "--start");
  const bool has_end = !o.end.empty();
  const timestamp_ns end = has_end ? parse_time_option(o.end, "--end") : 0;

  errno = 0;
  auto opened = capture_reader::open(o.input);
  if (!opened) {
    const error& e = opened.error();
    if (e.code == errc::io) {
      throw cli_error(exit_code::io, fmt::format("cannot read {}: {}", o.input,
                                                 errno != 0 ? std::strerror(errno) : "I/O error"));
    }
    if (e.code == errc::bad_format) {
      throw cli_error(exit_code::bad_input,
                      fmt::format("{}: not a pcap or pcapng capture", o.input));
    }
    throw cli_error(exit_code::bad_input, fmt::format("{}: offset {}: damaged file header ({})",
                                                      o.input, e.offset, errc_name(e.code)));
  }
  capture_reader& reader = *opened;

  std::optional<bpf_filter> filter = pass::filter_for_file(o.filter, reader.info());

  // The writer is made once the first packet is in hand: by then every interface
  // described before it is known, and with it the input's timestamp resolution.
  std::unique_ptr<capture_writer> writer;
  std::vector<bool> described;
  const auto make_writer = [&](bool empty) {
    writer_options wo;
    if (empty && !reader.info().interfaces.empty()) {
      wo.link = reader.info().interfaces[0].link; // an empty pcap keeps the input's link type
    }
    wo.format = output_format(o);
    wo.nanosecond = o.nanosecond || (!o.microsecond && input_is_sub_microsecond(reader.info()));
    wo.snaplen = o.snaplen;
    wo.comments = reader.info().comments;
    auto created = capture_writer::create(o.output, wo);
    if (!created) {
      throw cli_error(exit_code::io, fmt::format("cannot write {}: {}", o.output,
                                                 errno != 0 ? std::strerror(errno) : "I/O error"));
    }
    writer = std::move(*created);
  };

  progress bar{reader};
  std::uint64_t read = 0;
  std::uint64_t written = 0;
  std::optional<link_type> pcap_link;
  timestamp_ns last_written_ts = 0;
  while (!o.count || written < *o.count) {
    const packet* pkt = reader.next();
    if (pkt == nullptr) {
      break;
    }
    ++read;
    bar.tick(read, written);
    if (pkt->ts < start || (has_end && pkt->ts >= end)) {
      continue;
    }
    if (filter && !filter->matches(*pkt)) {
      continue;
    }
    if (!writer) {
      make_writer(false);
    }
    if (pkt->interface >= described.size()) {
      described.resize(pkt->interface + std::size_t{1}, false);
    }
    if (!described[pkt->interface] && pkt->interface < reader.info().interfaces.size()) {
      const interface_info& itf = reader.info().interfaces[pkt->interface];
      writer->describe_interface(pkt->interface, {itf.name, itf.description, itf.fcs_len_bytes});
      described[pkt->interface] = true;
    }
    if (auto ok = writer->write(*pkt); !ok) {
      if (ok.error().code == errc::io) {
        write_failed(o.output, *writer);
      }
      if (writer->options().format == capture_format::pcap && pcap_link &&
          pkt->link != *pcap_link) {
        throw cli_error(exit_code::bad_input,
                        fmt::format("{}: offset {}: packet {} has link type {} but the pcap "
                                    "output is {}; one pcap file holds one link type, use "
                                    "--format pcapng",
                                    o.input, pkt->file_offset, read, output::link_label(pkt->link),
                                    output::link_label(*pcap_link)));
      }
      throw cli_error(exit_code::bad_input,
                      fmt::format("{}: offset {}: packet {}: timestamp {} ns cannot be "
                                  "stored in {}",
                                  o.input, pkt->file_offset, read, pkt->ts,
                                  capture_format_name(writer->options().format)));
    }
    if (!pcap_link) {
      pcap_link = pkt->link;
    }
    last_written_ts = pkt->ts;
    ++written;
  }
  bar.finish();

  const auto& failure = reader.failure();
  if (failure && failure->err.code == errc::io) {
    throw cli_error(exit_code::io,
                    fmt::format("{}: offset {}: read error: {}", o.input, failure->err.offset,
                                output::diagnostic_text(*failure)));
  }
  if (!writer) {
    make_writer(true);
  }
  copy_interface_statistics(reader.info(), last_written_ts, *writer, o.output);
  if (auto ok = writer->close(); !ok) {
    write_failed(o.output, *writer);
  }

  for (const diagnostic& d : reader.warnings()) {
    fmt::print(stderr, "pktscope: {}: offset {}: warning: {}\n", o.input, d.err.offset,
               output::diagnostic_text(d));
  }
  if (reader.skipped_blocks() > reader.warnings().size()) {
    fmt::print(stderr, "pktscope: {}: warning: {} damaged blocks ({} bytes) skipped in all\n",
               o.input, reader.skipped_blocks(), reader.skipped_bytes());
  }
  if (failure) {
    fmt::print(stderr,
               "pktscope: {}: offset {}: {}; reading stopped there, after {} packets, all "
               "converted\n",
               o.input, failure->err.offset, output::diagnostic_text(*failure), read);
  }
  if (filter) {
    for (const auto& [link, message] : filter->failures()) {
      fmt::print(stderr, "pktscope: warning: {}\n",
                 output::filter_failure_text(o.filter, link, message, "dropped"));
    }
  }
}

void setup(CLI::App& app) {
  auto opts = std::make_shared<convert_options>();
  auto* cmd = app.add_subcommand(
      "convert", "Rewrite a capture as pcap or pcapng, optionally filtered (BPF, time, count)");
  cmd->add_option("IN", opts->input, "Input capture (pcap/pcapng, gzip/zstd; '-' = stdin)")
      ->required();
  cmd->add_option("OUT", opts->output,
                  "Output file ('-' = stdout); written atomically on success only")
      ->required();
  cmd->add_option("--format", opts->format,
                  "Output format (default: from OUT's extension .pcap/.cap/.dmp, else pcapng)")
      ->check(CLI::IsMember({"pcap", "pcapng"}));
  cmd->add_flag("--nanosecond", opts->nanosecond, "Write nanosecond timestamps");
  cmd->add_flag("--microsecond", opts->microsecond,
                "Write microsecond timestamps (finer input is truncated)");
  cmd->add_option("--filter", opts->filter, "Keep packets matching this BPF expression (tcpdump)");
  cmd->add_option("--count", opts->count, "Stop after writing N packets")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--start", opts->start,
                  "Keep packets at or after this time (ISO 8601 UTC or epoch seconds)");
  cmd->add_option("--end", opts->end, "Keep packets before this time");
  cmd->add_option("--snaplen", opts->snaplen, "Cut packets to at most N bytes (0 = keep all)");
  cmd->callback([opts] { run(*opts); });
}

const command_registration registration{"convert", 30, setup};

} // namespace

} // namespace pktscope::cli
