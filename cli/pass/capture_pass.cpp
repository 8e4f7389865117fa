#include "pass/capture_pass.hpp"

#include "cli_error.hpp"
#include "output/capture_text.hpp"

#include <pktscope/core/assert.hpp>
#include <pktscope/core/duration.hpp>
#include <pktscope/io/live_capture.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include <signal.h>
#include <unistd.h>

namespace pktscope::cli::pass {

std::vector<std::string> input_options::source_names() const {
  return interface.empty() ? files : std::vector<std::string>{"live capture on " + interface};
}

void add_input_options(CLI::App* cmd, input_options& in, const std::string& files_help) {
  cmd->add_option("files", in.files, files_help + " (or --interface)");
  cmd->add_option("--filter", in.filter, "Only packets matching this BPF expression (tcpdump)");
  cmd->add_flag("--no-progress", in.no_progress, "No progress line on stderr");
  cmd->add_flag("--read-ahead", in.read_ahead,
                "Read capture files on a second thread, ahead of the analysis (faster with an "
                "idle core; no effect on standard input)");
  auto* live = cmd->add_option("--interface", in.interface,
                               "Capture live from this network interface (eth0, lo, any) instead "
                               "of reading files; Ctrl-C ends the capture and the command "
                               "reports on what it saw (needs root or CAP_NET_RAW)");
  cmd->add_option("--duration", in.duration,
                  "With --interface: end the capture after this long (30s, 5m, 1h)")
      ->needs(live);
  cmd->add_option("--packets", in.packets,
                  "With --interface: end the capture after this many packets")
      ->needs(live);
}

namespace {

[[noreturn]] void throw_open_error(const input_options& in, const error& e, const open_failure& why,
                                   int saved_errno) {
  const std::string file = why.index < in.files.size() ? in.files[why.index] : std::string{};
  if (e.code == errc::io) {
    throw cli_error(exit_code::io,
                    fmt::format("{}: {}{}", file, why.message,
                                saved_errno != 0 ? fmt::format(": {}", std::strerror(saved_errno))
                                                 : std::string{}));
  }
  // A bad_format error that is not the reader's "no capture" comes from the filter compiler.
  if (e.code == errc::bad_format && !in.filter.empty() &&
      why.message != "is not a pcap or pcapng capture") {
    throw cli_error(exit_code::usage, fmt::format("--filter '{}': {}", in.filter, why.message));
  }
  if (e.code == errc::unsupported && e.layer == layer_id::none &&
      why.message.find("standard input") != std::string::npos) {
    throw cli_error(exit_code::usage, why.message);
  }
  throw cli_error(exit_code::bad_input, fmt::format("{}: {}", file, why.message));
}

} // namespace

/// Sets a flag on SIGINT or SIGTERM, for as long as it exists; the first signal also puts the
/// default action back, so that a second one ends the program.
class capture_pass::stop_on_signal {
public:
  stop_on_signal() {
    requested_.store(false);
    struct sigaction sa {};
    sa.sa_handler = &on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = static_cast<int>(SA_RESETHAND); // an unsigned constant in glibc
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  stop_on_signal(const stop_on_signal&) = delete;
  stop_on_signal& operator=(const stop_on_signal&) = delete;
  ~stop_on_signal() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  [[nodiscard]] static const std::atomic<bool>* flag() noexcept { return &requested_; }

private:
  static void on_signal(int) noexcept { requested_.store(true); }
  static inline std::atomic<bool> requested_{false};
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

namespace {

/// The live capture that `in` asks for; throws cli_error(usage) for options that do not fit.
live_options live_capture_of(const input_options& in) {
  if (!in.files.empty()) {
    throw cli_error(exit_code::usage, "give capture files or --interface, not both");
  }
  live_options live;
  live.interface = in.interface;
  live.count = in.packets;
  if (!in.duration.empty()) {
    const auto d = parse_duration(in.duration);
    if (!d || *d == 0) {
      throw cli_error(
          exit_code::usage,
          fmt::format("--duration '{}': expected a duration such as 30s, 5m or 1h", in.duration));
    }
    live.duration = *d;
  }
  return live;
}

} // namespace

capture_pass::capture_pass(const input_options& in, const decode_options& opt)
    : decoded_(std::make_unique<decoded_packet>()), opt_(opt) {
  if (in.files.empty() && in.interface.empty()) {
    throw cli_error(exit_code::usage, "files is required (one or more captures, - for standard "
                                      "input; or --interface NAME to capture live)");
  }
  capture_set_options o;
  o.filter = in.filter;
  o.reader.read_ahead = in.read_ahead;
  if (!in.no_progress && isatty(STDERR_FILENO) != 0) {
    // The set keeps this callback: capture_pass is neither copied nor moved.
    o.progress = [this](const capture_progress& p) {
      if (p.files_done == p.files) {
        return; // the end: finish() clears the line
      }
      fmt::print(stderr, "\r{} packets read, {} matched, {:.1f} MB, file {}/{}  ", p.packets_read,
                 p.packets_matched, static_cast<double>(p.bytes_read) / 1e6,
                 std::min(p.files_done + 1, p.files), p.files);
      std::fflush(stderr);
      progress_shown_ = true;
    };
  }
  open_failure why;
  if (!in.interface.empty()) {
    live_options live = live_capture_of(in);
    stop_ = std::make_unique<stop_on_signal>();
    live.stop = stop_on_signal::flag();
    fmt::print(stderr, "pktscope: capturing on {}; Ctrl-C ends the capture\n", in.interface);
    auto set = capture_set::open_live(live, std::move(o), &why);
    if (!set) {
      if (set.error().code == errc::io) {
        throw cli_error(exit_code::io,
                        fmt::format("--interface {}: {}", in.interface, why.message));
      }
      throw_open_error(in, set.error(), why, 0);
    }
    set_.emplace(std::move(*set));
    return;
  }
  errno = 0;
  auto set = capture_set::open(in.files, std::move(o), &why);
  if (!set) {
    throw_open_error(in, set.error(), why, errno);
  }
  set_.emplace(std::move(*set));
}

capture_pass::~capture_pass() = default;

outcome capture_pass::finish(std::uint64_t packets) {
  outcome res;
  res.packets = packets;
  if (progress_shown_) {
    fmt::print(stderr, "\r\033[K");
    progress_shown_ = false;
  }
  const capture_set& set = *set_;
  for (std::size_t i = 0; i < set.size(); ++i) {
    const capture_reader& r = set.reader(i);
    for (const diagnostic& w : r.warnings()) {
      fmt::print(stderr, "pktscope: {}: offset {}: warning: {}\n", set.path(i), w.err.offset,
                 output::diagnostic_text(w));
    }
    if (const auto& f = r.failure()) {
      std::string msg =
          fmt::format("{}: offset {}: {}; reading stopped after {} packets", set.path(i),
                      f->err.offset, output::diagnostic_text(*f), r.packets_read());
      fmt::print(stderr, "pktscope: {}\n", msg);
      res.problems.push_back(std::move(msg));
      if (f->err.code == errc::io) {
        res.exit_status = static_cast<int>(exit_code::io);
      } else if (res.exit_status == 0) {
        res.exit_status = static_cast<int>(exit_code::bad_input);
      }
    }
    report_interface_counters(i, res);
    if (const bpf_filter* f = set.filter(i)) {
      for (const auto& [link, message] : f->failures()) {
        fmt::print(stderr, "pktscope: {}: warning: {}\n", set.path(i),
                   output::filter_failure_text(f->expression(), link, message, "skipped"));
      }
    }
  }
  return res;
}

/// Adds the source's dropped packets to `res.dropped`. On stderr, a live capture always tells
/// what the kernel counted, as tcpdump does; a file only when its own statistics say packets
/// were dropped while capturing, which every figure then misses.
void capture_pass::report_interface_counters(std::size_t source, outcome& res) const {
  const capture_set& set = *set_;
  const auto& interfaces = set.reader(source).info().interfaces;
  for (std::size_t k = 0; k < interfaces.size(); ++k) {
    const interface_info& itf = interfaces[k];
    const std::string counters = output::interface_counters_text(itf);
    if (counters.empty()) {
      continue;
    }
    const std::uint64_t lost = output::packets_dropped(itf);
    res.dropped = res.dropped.value_or(0) + lost;
    if (!live() && lost == 0) {
      continue;
    }
    const std::string_view warning = lost > 0 ? "warning: " : "";
    const std::string_view consequence = lost > 0 ? "; the figures miss the dropped packets" : "";
    if (live()) {
      // The kernel's "received" can differ from what was captured (on loopback it counts each
      // packet twice), so the line gives both.
      fmt::print(stderr, "pktscope: live capture on {}: {}{} packets captured; counters: {}{}\n",
                 set.path(source), warning, itf.packets, counters, consequence);
    } else {
      fmt::print(stderr, "pktscope: {}: interface #{}: {}counters: {}{}\n", set.path(source), k,
                 warning, counters, consequence);
    }
  }
}

flow_fanout::flow_fanout(std::initializer_list<flow_sink*> sinks) noexcept {
  for (flow_sink* s : sinks) {
    PKTSCOPE_ASSERT(s == nullptr || count_ < max_sinks);
    if (s != nullptr && count_ < max_sinks) {
      sinks_[count_++] = s;
    }
  }
}

void flow_fanout::flow_opened(const flow_record& r) {
  for (std::size_t i = 0; i < count_; ++i) {
    sinks_[i]->flow_opened(r);
  }
}

void flow_fanout::flow_finished(const flow_record& r) {
  for (std::size_t i = 0; i < count_; ++i) {
    sinks_[i]->flow_finished(r);
  }
}

} // namespace pktscope::cli::pass
