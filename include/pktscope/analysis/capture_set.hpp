#pragma once
/// Several captures read as one: packets of all files merged in timestamp order (ties go to
/// the file named first), each file with its own BPF program (a program depends on the file's
/// link type and byte order), "-" for standard input, and a progress hook.
///
///   pktscope::capture_set_options o;  o.filter = "tcp port 80";
///   pktscope::open_failure why;
///   auto set = pktscope::capture_set::open({"a.pcap", "b.pcapng"}, o, &why);
///   if (!set) { /* why.index, why.message */ }
///   while (const pktscope::packet* p = set->next()) { ... set->source() ... }

#include <pktscope/core/result.hpp>
#include <pktscope/io/bpf_filter.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/packet.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pktscope {

struct capture_progress {
  std::uint64_t packets_read = 0;    ///< over all files, before filtering
  std::uint64_t packets_matched = 0; ///< handed out by next()
  std::uint64_t bytes_read = 0;      ///< of the (decompressed) streams
  std::size_t files = 0;
  std::size_t files_done = 0;
};

struct capture_set_options {
  std::string filter; ///< BPF expression (tcpdump syntax); empty = every packet
  reader_options reader{};
  /// Called from next() about every `progress_every` packets read, and once at the end.
  std::function<void(const capture_progress&)> progress;
  std::uint64_t progress_every = 1U << 14;
};

/// Why open() failed: which file (index into the paths) and a message for people.
struct open_failure {
  std::size_t index = 0;
  std::string message;
};

class capture_set {
public:
  /// Opens every path ("-" = standard input, at most once) and compiles the filter for each
  /// file's first link type. Errors: the reader's error for a file that cannot be opened or is
  /// no capture; errc::bad_format for a filter libpcap rejects (message: libpcap's text);
  /// errc::unsupported for "-" given twice or no paths.
  [[nodiscard]] static result<capture_set> open(const std::vector<std::string>& paths,
                                                capture_set_options options,
                                                open_failure* failure = nullptr);

  /// Reads a live capture (capture_reader::open_live) as the set's one input, named after the
  /// interface; the options' filter runs in the kernel (in place of live.filter), not again
  /// on each packet here.
  /// Errors: errc::io when the capture cannot start (message: libpcap's reason);
  /// errc::bad_format for a filter libpcap rejects. Returns once the first packet has arrived
  /// or the capture has ended.
  [[nodiscard]] static result<capture_set>
  open_live(const live_options& live, capture_set_options options, open_failure* failure = nullptr);
  /// The next packet in timestamp order that passes the filter, or nullptr when every file is
  /// done (damage stops a file: reader(i).failure() says why). The packet and its bytes are
  /// valid until the next call. No allocation per packet.
  [[nodiscard]] const packet* next() noexcept;
  /// Index of the file the last packet came from.
  [[nodiscard]] std::size_t source() const noexcept { return last_; }

  [[nodiscard]] std::size_t size() const noexcept { return sources_.size(); }
  [[nodiscard]] const std::string& path(std::size_t i) const noexcept { return sources_[i].path; }
  [[nodiscard]] const capture_reader& reader(std::size_t i) const noexcept {
    return sources_[i].reader;
  }
  /// Link types the filter could not be compiled for, per file (packets of those dropped).
  [[nodiscard]] const bpf_filter* filter(std::size_t i) const noexcept {
    return sources_[i].filter ? &*sources_[i].filter : nullptr;
  }
  [[nodiscard]] capture_progress progress() const noexcept;

private:
  struct input {
    std::string path;
    capture_reader reader;
    std::optional<bpf_filter> filter;
    const packet* current = nullptr;
    bool done = false;
  };
  capture_set() = default;
  void advance(input& s) noexcept;
  void report() noexcept;

  std::vector<input> sources_;
  capture_set_options options_;
  std::size_t last_ = npos_;
  static constexpr std::size_t npos_ = static_cast<std::size_t>(-1);
  bool started_ = false;
  bool finished_ = false;
  std::uint64_t read_ = 0, matched_ = 0, next_report_ = 0;
};

} // namespace pktscope
