// pktscope detect FILE...: runs the anomaly detectors over the captures (merged in timestamp
// order) and prints one row per alert (or NDJSON), optionally writing the packets behind each
// alert and running a command per alert. docs/cli/detect.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "detect/baseline_file.hpp"
#include "detect/detect_pass.hpp"
#include "time_format.hpp"

#include <pktscope/analysis/capture_set.hpp>
#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/io/capture_writer.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pktscope::cli {

namespace {

using namespace pktscope::detect;

/// Exit status when alerts were raised (docs/cli/detect.md).
constexpr int exit_alerts = 10;

struct detect_options {
  pass::input_options in;
  bool json_output = false;
  std::string evidence_dir;
  std::string alert_command;
  double alert_timeout = 10;
  bool print_config = false;
  std::string config_file;
  std::vector<std::string> sets;
  std::string baseline_file;
};

std::string ep_text(const std::optional<endpoint>& e) {
  return e ? e->to_string() : "-";
}

/// Runs `cmd` with /bin/sh, `input` on its standard input, its standard output sent to our
/// standard error; kills it after `timeout_s`. Returns "" on success, else why not.
std::string run_alert_command(const std::string& cmd, const std::string& input, double timeout_s) {
  int fds[2];
  if (pipe(fds) != 0) {
    return fmt::format("pipe: {}", std::strerror(errno));
  }
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return fmt::format("fork: {}", std::strerror(errno));
  }
  if (pid == 0) {
    dup2(fds[0], STDIN_FILENO);
    dup2(STDERR_FILENO, STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    setpgid(0, 0); // its own process group, so a timeout kills what it started too
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  // The command may not read its input: never block on a full pipe, never die of SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  fcntl(fds[1], F_SETFL, O_NONBLOCK);
  std::size_t off = 0;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<long>(timeout_s * 1000));
  int status = 0;
  bool done = false;
  while (!done) {
    if (off < input.size()) {
      const ssize_t n = write(fds[1], input.data() + off, input.size() - off);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        off = input.size(); // the reader is gone
      }
      if (off >= input.size()) {
        close(fds[1]);
        fds[1] = -1;
      }
    }
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      done = true;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      if (fds[1] >= 0) {
        close(fds[1]);
      }
      return fmt::format("timed out after {} s and was killed", timeout_s);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (fds[1] >= 0) {
    close(fds[1]);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    return {};
  }
  if (WIFEXITED(status)) {
    return fmt::format("exited with status {}", WEXITSTATUS(status));
  }
  return fmt::format("ended by signal {}", WTERMSIG(status));
}

/// Writes the packets behind each alert, one pcapng per alert, into `dir`
/// (alert-0001-port_scan.pcapng, ...). A second read of the input.
void write_evidence(const detect_options& o, const std::vector<alert>& alerts) {
  std::error_code ec;
  std::filesystem::create_directories(o.evidence_dir, ec);
  if (ec) {
    throw cli_error(exit_code::io,
                    fmt::format("--evidence-pcap {}: {}", o.evidence_dir, ec.message()));
  }
  std::map<std::uint64_t, std::vector<std::size_t>> wanted; // packet index -> alerts
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    for (const std::uint64_t p : alerts[i].packets) {
      wanted[p].push_back(i);
    }
  }
  std::vector<std::unique_ptr<capture_writer>> writers(alerts.size());
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const std::string path = fmt::format("{}/alert-{:04}-{}.pcapng", o.evidence_dir, i + 1,
                                         alert_kind_name(alerts[i].kind));
    writer_options wo;
    wo.nanosecond = true;
    wo.buffer_bytes = 4096;
    wo.comments.push_back(alerts[i].summary);
    auto w = capture_writer::create(path, wo);
    if (!w) {
      throw cli_error(exit_code::io, fmt::format("{}: cannot create", path));
    }
    writers[i] = std::move(*w);
  }
  if (!wanted.empty()) {
    capture_set_options so;
    so.filter = o.in.filter;
    auto set = capture_set::open(o.in.files, so);
    if (!set) {
      throw cli_error(exit_code::io, "--evidence-pcap: cannot read the input again");
    }
    std::uint64_t index = 0;
    const std::uint64_t last = wanted.rbegin()->first;
    while (const packet* p = set->next()) {
      if (const auto it = wanted.find(index); it != wanted.end()) {
        for (const std::size_t a : it->second) {
          if (!writers[a]->write(*p)) {
            throw cli_error(exit_code::io, "--evidence-pcap: write failed");
          }
        }
      }
      if (++index > last) {
        break;
      }
    }
  }
  for (auto& w : writers) {
    if (!w->close()) {
      throw cli_error(exit_code::io, "--evidence-pcap: cannot finish a file");
    }
  }
}

void run(const detect_options& o) {
  detect_config cfg;
  if (!o.config_file.empty()) {
    if (const std::string why = load_toml_file(cfg, o.config_file); !why.empty()) {
      throw cli_error(exit_code::usage, fmt::format("--config {}: {}", o.config_file, why));
    }
  }
  for (const std::string& s : o.sets) {
    if (const std::string why = apply_setting(cfg, s); !why.empty()) {
      throw cli_error(exit_code::usage, fmt::format("--set {}: {}", s, why));
    }
  }
  if (o.print_config) {
    const std::string text = to_toml(cfg);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  if (o.in.files.empty() && o.in.interface.empty()) {
    throw cli_error(exit_code::usage, "files is required (one or more captures, - for standard "
                                      "input; or --interface NAME; or --print-config)");
  }
  const bool reads_stdin = std::find(o.in.files.begin(), o.in.files.end(), "-") != o.in.files.end();
  if (!o.evidence_dir.empty() && (reads_stdin || !o.in.interface.empty())) {
    throw cli_error(exit_code::usage, "--evidence-pcap needs files: standard input and live "
                                      "captures cannot be read twice");
  }
  std::optional<baseline> base;
  if (!o.baseline_file.empty()) {
    base = detect::load_baseline(o.baseline_file);
  }

  detect::pass_options po;
  po.in = o.in;
  po.config = cfg;
  po.base = base ? &*base : nullptr;
  bool header = false;
  std::string line;
  std::uint64_t command_failures = 0;
  const auto print = [&](const alert& a) {
    line.clear();
    if (o.json_output) {
      append_json(a, line);
      line += '\n';
    } else {
      if (!header) {
        fmt::print("{:<30} {:<16} {:<6} {:<24} {:<24} {}\n", "time", "kind", "sev", "src", "dst",
                   "summary");
        header = true;
      }
      line = fmt::format("{:<30} {:<16} {:<6} {:<24} {:<24} {}\n", format_iso8601_ns(a.start_ns),
                         alert_kind_name(a.kind), severity_name(a.sev), ep_text(a.src),
                         ep_text(a.dst), a.summary);
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
    if (!o.alert_command.empty()) {
      const std::string why =
          run_alert_command(o.alert_command, to_json(a) + "\n", o.alert_timeout);
      if (!why.empty()) {
        ++command_failures;
        fmt::print(stderr, "pktscope: warning: --alert-command for {} alert: {}\n",
                   alert_kind_name(a.kind), why);
      }
    }
  };
  // Files: every alert in output order at the end; standard input and live captures: each as
  // its event ends.
  const bool streaming = reads_stdin || !o.in.interface.empty();
  if (streaming) {
    po.on_alert = print;
  }
  detect::pass_result r = detect::run_pass(po);
  if (!streaming) {
    std::stable_sort(r.alerts.begin(), r.alerts.end(), alert_sink::before);
    for (const alert& a : r.alerts) {
      print(a);
    }
  }
  if (!o.json_output && r.alerts.empty()) {
    fmt::print("no alerts ({} packets)\n", r.read.packets);
  }
  if (std::fflush(stdout) != 0) {
    throw cli_error(exit_code::io, "cannot write the output");
  }
  if (!o.evidence_dir.empty()) {
    write_evidence(o, r.alerts);
  }
  if (!r.read.problems.empty()) { // damage is bad input here, also after a failed read
    throw cli_error(exit_code::bad_input,
                    fmt::format("{} input file(s) damaged", r.read.problems.size()));
  }
  if (!r.alerts.empty()) {
    std::exit(exit_alerts);
  }
}

void setup(CLI::App& app) {
  auto opts = std::make_shared<detect_options>();
  auto* cmd = app.add_subcommand(
      "detect", "Detect scans, floods, sweeps, tunnels, volume changes and odd traffic");
  // Not required: --print-config runs without input (run() says when FILE is missing).
  pass::add_input_options(cmd, opts->in);
  cmd->add_flag("--json", opts->json_output, "NDJSON: one alert object per line");
  cmd->add_option("--baseline", opts->baseline_file,
                  "Baseline from 'pktscope baseline learn' (else detectors learn as they go)");
  cmd->add_option("--config", opts->config_file, "Detector parameters from a TOML file");
  cmd->add_option("--set", opts->sets, "Override one parameter: section.name=value (repeatable)")
      ->allow_extra_args(false); // one value per --set: FILE arguments may follow
  cmd->add_flag("--print-config", opts->print_config,
                "Print the configuration in effect (TOML, with sources) and exit");
  cmd->add_option("--evidence-pcap", opts->evidence_dir,
                  "Write the packets behind each alert to DIR, one pcapng per alert");
  cmd->add_option("--alert-command", opts->alert_command,
                  "Run CMD (sh -c) once per alert with the alert JSON on its standard input");
  cmd->add_option("--alert-command-timeout", opts->alert_timeout,
                  "Seconds before an alert command is killed (10)")
      ->check(CLI::Range(0.01, 3600.0));
  cmd->callback([opts] { run(*opts); });
}

const command_registration registration{"detect", 60, setup};

} // namespace

} // namespace pktscope::cli
