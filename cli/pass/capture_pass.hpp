#pragma once
// The one capture-reading loop of the analysis commands (summary, timeline, top, report, plot,
// flows, detect, baseline): opens the inputs (several files merged in timestamp order, "-" for
// standard input, an optional BPF filter) with one mapping of open errors to cli_error, shows
// one progress line on a terminal, decodes each packet into one reused buffer and hands
// (packet, decoded packet) to the command's consumer, then reports reading damage on stderr
// one way. A command says only what it does per packet:
//
//   pass::capture_pass p(in);                       // throws cli_error
//   const pass::outcome out = p.run([&](const packet& pkt, const decoded_packet& d) {
//     table.update(d, pkt.ts, pkt.original_len);
//   });
//
// The consumer is a template parameter (inlined; no std::function or virtual call per packet)
// and the loop allocates nothing per packet.

#include <pktscope/analysis/capture_set.hpp>
#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/packet.hpp>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace pktscope::cli::pass {

/// What to read.
struct input_options {
  std::vector<std::string> files; ///< "-" = standard input (at most once)
  std::string filter;             ///< BPF expression (tcpdump syntax); empty = every packet
  bool no_progress = false;       ///< no progress line even on a terminal
  bool read_ahead = false;        ///< read regular files on a second thread (reader_options)
  std::string interface;          ///< capture live from this interface instead of files
  std::string duration;           ///< live: end after this long ("30s", "5m"); empty = no limit
  std::uint64_t packets = 0;      ///< live: end after this many packets; 0 = no limit

  /// What the input is called in reports: the files, or "live capture on NAME".
  [[nodiscard]] std::vector<std::string> source_names() const;
};

/// Adds the input options every analysis command shares to `cmd`: the FILE... positional
/// argument (`files_help` describes it), --filter, --no-progress, --read-ahead, and live
/// capture's --interface, --duration and --packets. capture_pass requires files or
/// --interface (CLI11 cannot require one of two options).
void add_input_options(CLI::App* cmd, input_options& in,
                       const std::string& files_help = "Capture files (pcap, pcapng, gzip/zstd), "
                                                       "merged in timestamp order; - is stdin");

/// How reading went, after the last packet.
struct outcome {
  std::uint64_t packets = 0; ///< packets handed to the consumer (those that passed the filter)
  /// "FILE: offset N: what; reading stopped after N packets", one per file that damage (or an
  /// I/O error) stopped early. Already printed on stderr.
  std::vector<std::string> problems;
  /// 0; exit_code::bad_input when damage stopped a file; exit_code::io when a read failed.
  int exit_status = 0;
  /// Packets the inputs' own counters say were dropped while capturing (pcapng interface
  /// statistics; a live capture's kernel counters), over every interface; nullopt when no
  /// input has such counters.
  std::optional<std::uint64_t> dropped;
};

class capture_pass {
public:
  /// Opens every input. Throws cli_error: usage for a filter libpcap rejects or "-" given
  /// twice; io (with errno's text) for a file that cannot be opened or read; bad_input for a
  /// file that is no capture or whose header is damaged. `opt`: the decode options of every
  /// packet (fcs_len is set per packet from its interface).
  /// With in.interface set it captures live instead (capture_set::open_live): it says so on
  /// stderr, and Ctrl-C (SIGINT) or SIGTERM ends the capture as the end of a file would, so the
  /// command still reports what it saw; a second Ctrl-C ends the program.
  explicit capture_pass(const input_options& in, const decode_options& opt = {});
  capture_pass(const capture_pass&) = delete;
  capture_pass& operator=(const capture_pass&) = delete;
  capture_pass(capture_pass&&) = delete;
  capture_pass& operator=(capture_pass&&) = delete;
  ~capture_pass();

  /// Reads every packet, calling `consume(const packet&, const decoded_packet&)` for each in
  /// timestamp order (decode is lax: what decoded is there). Both references are valid during
  /// the call only. Then clears the progress line and prints, on stderr, the readers' warnings,
  /// the damage that stopped a file and the link types the filter could not apply to.
  /// Call once.
  template <class Consumer> outcome run(Consumer&& consume) {
    decoded_packet& d = *decoded_;
    std::uint64_t n = 0;
    while (const packet* p = set_->next()) {
      opt_.fcs_len = fcs_len(*p);
      static_cast<void>(decode(p->data, p->link, opt_, d));
      consume(*p, std::as_const(d));
      ++n;
    }
    return finish(n);
  }

  [[nodiscard]] const capture_set& set() const noexcept { return *set_; }

private:
  [[nodiscard]] std::uint8_t fcs_len(const packet& p) const noexcept {
    const auto& itfs = set_->reader(set_->source()).info().interfaces;
    return p.interface < itfs.size() ? itfs[p.interface].fcs_len_bytes : 0;
  }
  outcome finish(std::uint64_t packets);
  void report_interface_counters(std::size_t source, outcome& res) const;
  [[nodiscard]] bool live() const noexcept { return stop_ != nullptr; } // only live sets stop_

  /// Ends the live capture on SIGINT/SIGTERM while it lasts (capture_pass.cpp).
  class stop_on_signal;
  std::unique_ptr<stop_on_signal> stop_;
  std::optional<capture_set> set_;
  std::unique_ptr<decoded_packet> decoded_; // one decode buffer for the whole pass
  decode_options opt_;
  bool progress_shown_ = false;
};

/// Hands the flow table's events to several sinks, in the order given, so that one flow
/// table serves the statistics and the detectors of one pass. Null sinks are skipped.
class flow_fanout final : public flow_sink {
public:
  static constexpr std::size_t max_sinks = 4;
  /// Precondition: at most max_sinks non-null sinks; each must outlive the fan-out.
  flow_fanout(std::initializer_list<flow_sink*> sinks) noexcept;
  void flow_opened(const flow_record& r) override;
  void flow_finished(const flow_record& r) override;

private:
  std::array<flow_sink*, max_sinks> sinks_{};
  std::size_t count_ = 0;
};

} // namespace pktscope::cli::pass
