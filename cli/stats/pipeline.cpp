#include "stats/pipeline.hpp"

#include "cli_error.hpp"

#include <pktscope/analysis/capture_set.hpp>
#include <pktscope/decode/decoder.hpp>

#include <fmt/core.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace pktscope::cli::stats {

void add_input_options(CLI::App* cmd, input_options& in) {
  cmd->add_option("files", in.files,
                  "Capture files (pcap, pcapng, gzip/zstd), merged in timestamp order; - is stdin")
      ->required();
  cmd->add_option("--filter", in.filter, "Only packets matching this BPF expression (tcpdump)");
  cmd->add_flag("--no-progress", in.no_progress, "No progress line on stderr");
}

namespace {
std::string diagnostic_text(const diagnostic& d) {
  std::string what = d.what.empty() ? std::string{errc_name(d.err.code)} : d.what;
  if (d.err.code == errc::truncated && d.err.needed != 0) {
    what += fmt::format(" (truncated: needed {} bytes, found {})", d.err.needed, d.err.have);
  }
  return what;
}
} // namespace

pass_result run_pass(const input_options& in, pktscope::stats::traffic_stats& st,
                     const flow_table_config& flow_cfg) {
  pass_result res;
  res.files = in.files;
  capture_set_options o;
  o.filter = in.filter;
  const bool show_progress = !in.no_progress && isatty(STDERR_FILENO) != 0;
  bool progress_shown = false;
  if (show_progress) {
    o.progress = [&progress_shown](const capture_progress& p) {
      fmt::print(stderr, "\r{} packets read, {} matched, {:.1f} MB, file {}/{}  ", p.packets_read,
                 p.packets_matched, static_cast<double>(p.bytes_read) / 1e6,
                 std::min(p.files_done + 1, p.files), p.files);
      progress_shown = true;
    };
  }
  open_failure why;
  errno = 0;
  auto set = capture_set::open(in.files, o, &why);
  if (!set) {
    const int saved_errno = errno;
    const error& e = set.error();
    const std::string file = why.index < in.files.size() ? in.files[why.index] : std::string{};
    if (e.code == errc::io) {
      throw cli_error(exit_code::io,
                      fmt::format("{}: {}{}", file, why.message,
                                  saved_errno != 0 ? fmt::format(": {}", std::strerror(saved_errno))
                                                   : std::string{}));
    }
    if (e.code == errc::bad_format && !in.filter.empty() &&
        why.message != "is not a pcap or pcapng capture") {
      throw cli_error(exit_code::usage, fmt::format("--filter '{}': {}", in.filter, why.message));
    }
    if (e.code == errc::unsupported && e.layer == layer_id::none && file.empty() == false &&
        why.message.find("standard input") != std::string::npos) {
      throw cli_error(exit_code::usage, why.message);
    }
    throw cli_error(exit_code::bad_input, fmt::format("{}: {}", file, why.message));
  }
  flow_table flows(flow_cfg, &st);
  auto d = std::make_unique<decoded_packet>(); // one decode buffer for the whole pass
  decode_options opt;
  while (const packet* pkt = set->next()) {
    const auto& itfs = set->reader(set->source()).info().interfaces;
    opt.fcs_len = pkt->interface < itfs.size() ? itfs[pkt->interface].fcs_len_bytes : 0;
    (void)decode(pkt->data, pkt->link, opt, *d); // lax: what decoded counts
    res.facts.add(*pkt);
    const flow_record* flow = flows.update(*d, pkt->ts, pkt->original_len);
    st.add(*pkt, *d, flow);
  }
  flows.flush();
  st.finish();
  if (progress_shown) {
    fmt::print(stderr, "\r\033[K");
  }
  res.flow_counts = flows.counters();
  res.fragment_counts = flows.fragment_stats();
  for (std::size_t i = 0; i < set->size(); ++i) {
    const capture_reader& r = set->reader(i);
    for (const diagnostic& w : r.warnings()) {
      fmt::print(stderr, "pktscope: {}: offset {}: warning: {}\n", set->path(i), w.err.offset,
                 diagnostic_text(w));
    }
    if (const auto& f = r.failure()) {
      std::string msg =
          fmt::format("{}: offset {}: {}; reading stopped after {} packets", set->path(i),
                      f->err.offset, diagnostic_text(*f), r.packets_read());
      fmt::print(stderr, "pktscope: {}\n", msg);
      res.problems.push_back(std::move(msg));
      if (f->err.code == errc::io) {
        res.exit_status = static_cast<int>(exit_code::io);
      } else if (res.exit_status == 0) {
        res.exit_status = static_cast<int>(exit_code::bad_input);
      }
    }
    if (const bpf_filter* f = set->filter(i)) {
      for (const auto& [link, message] : f->failures()) {
        fmt::print(stderr,
                   "pktscope: {}: warning: --filter does not apply to LINKTYPE {} ({}); its "
                   "packets were skipped\n",
                   set->path(i), static_cast<unsigned>(link), message);
      }
    }
  }
  return res;
}

timestamp_ns parse_interval(const std::string& text) {
  const auto bad = [&text]() {
    return cli_error(exit_code::usage,
                     fmt::format("--interval '{}': expected a duration such as 1m, 10s, 250ms, "
                                 "1h or a number of seconds",
                                 text));
  };
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
    ++i;
  }
  if (i == 0) {
    throw bad();
  }
  double v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + i, v);
  if (ec != std::errc{} || p != text.data() + i) {
    throw bad();
  }
  const std::string unit = text.substr(i);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1e9;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "us") {
    scale = 1e3;
  } else if (unit == "ns") {
    scale = 1;
  } else if (unit == "m" || unit == "min") {
    scale = 60e9;
  } else if (unit == "h") {
    scale = 3600e9;
  } else if (unit == "d") {
    scale = 86400e9;
  } else {
    throw bad();
  }
  const double ns = std::round(v * scale);
  if (!(ns >= 1) || ns > 9e18) {
    throw bad();
  }
  return static_cast<timestamp_ns>(ns);
}

} // namespace pktscope::cli::stats
