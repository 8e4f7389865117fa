#pragma once
/// Reading pcap and pcapng captures, plain or gzip/zstd compressed, from files,
/// standard input or memory, with one zero-copy iteration API:
///
///   auto reader = pktscope::capture_reader::open("trace.pcapng");
///   if (!reader) { /* reader.error() says where and why */ }
///   for (const pktscope::packet& pkt : *reader) { use(pkt.ts, pkt.data); }
///   if (reader->failure()) { /* damage stopped the read after the packets above */ }
///
/// Formats and compression are detected by magic number, never by file name.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/packet.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope {

enum class capture_format : std::uint8_t { pcap, pcapng };
enum class compression : std::uint8_t { none, gzip, zstd };

struct live_options;

std::string_view capture_format_name(capture_format f) noexcept;
std::string_view compression_name(compression c) noexcept;

/// One capture interface: the pcap file header, or a pcapng Interface Description
/// Block with its options (pcapng draft §4.2).
struct interface_info {
  link_type link = link_type::ethernet;
  std::uint32_t snaplen = 0;      ///< 0 = unlimited (pcapng)
  std::uint8_t fcs_len_bytes = 0; ///< pcap link-field FCS bits or if_fcslen
  /// Timestamp resolution: ts units per second as 10^ts_exponent or 2^ts_exponent.
  std::uint8_t ts_exponent = 6;
  bool ts_base2 = false;
  std::int64_t ts_offset_s = 0;    ///< if_tsoffset, seconds added to every timestamp
  std::uint32_t section = 0;       ///< index of the pcapng section it belongs to
  std::uint32_t id_in_section = 0; ///< the interface id packets of that section use
  std::string name;                ///< if_name
  std::string description;         ///< if_description
  std::string filter;              ///< if_filter (text form when given as such)
  std::string os;                  ///< if_os
  std::string hardware;            ///< if_hardware
  // Last Interface Statistics Block figures, when the file has one.
  std::optional<std::uint64_t> stats_received;   ///< isb_ifrecv
  std::optional<std::uint64_t> stats_dropped;    ///< isb_ifdrop: by the interface (its driver)
  std::optional<std::uint64_t> stats_os_dropped; ///< isb_osdrop: by the OS (no buffer room)
  /// Packets read so far from this interface (complete after the last packet).
  std::uint64_t packets = 0;
};

/// File-level facts. For pcapng, interfaces and comments grow as reading reaches
/// later sections and blocks; after the last packet they are complete.
struct capture_info {
  capture_format format = capture_format::pcap;
  compression compressed = compression::none;
  bool big_endian = false;         ///< of the first section
  std::uint16_t version_major = 0; ///< of the first section
  std::uint16_t version_minor = 0;
  std::uint32_t sections = 0; ///< pcapng sections seen so far; 0 for pcap
  std::vector<interface_info> interfaces;
  std::vector<std::string> comments; ///< section header comments, in order
  std::string hardware;              ///< shb_hardware of the first section
  std::string os;                    ///< shb_os
  std::string application;           ///< shb_userappl

  /// The link type of the first interface; Ethernet while none is known yet.
  [[nodiscard]] link_type first_link() const noexcept {
    return interfaces.empty() ? link_type::ethernet : interfaces[0].link;
  }
};

/// A finding about the file itself, positioned in the (decompressed) stream.
struct diagnostic {
  pktscope::error err; ///< err.offset is the byte offset in the stream
  std::string what;    ///< what was expected there, e.g. "enhanced packet block body"
};

struct reader_options {
  /// Refuse (as malformed) any record or block larger than this, so that a damaged
  /// length field can never drive a huge allocation or read.
  std::uint32_t max_record_bytes = 256U * 1024 * 1024;
  /// Regular files are memory-mapped when true; otherwise (the default) read in
  /// blocks of block_bytes. Measured on a 1 GB pcap in the page cache (2-core VM):
  /// 256 KiB reads run at the speed of `cat`, mmap about 2.5x slower (page faults;
  /// MAP_POPULATE slower still). Packet views are valid until the next read either way.
  bool use_mmap = false;
  /// Size of the refill buffer for streamed input (files, stdin, pipes, compressed
  /// data). It grows only for a record larger than this. Blocks that fit in L2
  /// beat larger ones (1 MiB: ~1.3x, 4 MiB: ~2x the time of 256 KiB).
  std::uint32_t block_bytes = 256U * 1024;
  /// Read a regular file (plain or compressed, not mapped) on a second thread, a few blocks
  /// (of min(block_bytes, 64 KiB)) ahead of the parser: the kernel's copy (or the
  /// decompression) then overlaps decoding. Packets are still handed out in place, valid until
  /// the next read; the reader itself stays single-consumer. Costs one thread and eight blocks
  /// (plus 64 KiB each); ignored for standard input, pipes and memory. Pays only with an idle
  /// core: it adds CPU time (hand-offs, data written by another core), so on a busy machine it
  /// is slower than reading on the parsing thread.
  bool read_ahead = false;
};

class capture_reader {
public:
  /// Opens `path` ("-" is standard input, streamed). Fails with errc::io when the
  /// file cannot be opened, errc::bad_format when it is no capture, or a positioned
  /// error when its file header is damaged.
  [[nodiscard]] static result<capture_reader> open(const std::string& path,
                                                   const reader_options& options = {});
  /// Reads a capture held in memory; packets are views into `data`, which must
  /// outlive the reader. Compressed data is decompressed into the reader's buffer.
  [[nodiscard]] static result<capture_reader> from_memory(bytes data,
                                                          const reader_options& options = {});
  /// Captures from a network interface (live_capture.hpp). Fails with errc::io when libpcap
  /// cannot open or start the capture, errc::bad_format when it rejects options.filter;
  /// `message`, if given, receives libpcap's reason.
  [[nodiscard]] static result<capture_reader> open_live(const live_options& options,
                                                        std::string* message = nullptr);
  /// A temporary buffer would die before the packets that view it.
  static result<capture_reader> from_memory(std::vector<std::uint8_t>&& data,
                                            const reader_options& options = {}) = delete;

  capture_reader(capture_reader&&) noexcept;
  capture_reader& operator=(capture_reader&&) noexcept;
  ~capture_reader();

  [[nodiscard]] const capture_info& info() const noexcept;

  /// The next packet, or nullptr at the end of the capture or at damage that stops
  /// reading (then failure() is set). The packet and its bytes stay valid until the
  /// next call. Never allocates per packet.
  [[nodiscard]] const packet* next() noexcept;

  /// Why reading stopped early: a truncated last record, a damaged header that
  /// cannot be skipped, an I/O error. Empty after a clean end.
  [[nodiscard]] const std::optional<diagnostic>& failure() const noexcept;
  /// Damage that reading stepped over (pcapng blocks skipped by their length fields),
  /// in file order. Bounded: after 100 entries only skipped_bytes() keeps counting.
  [[nodiscard]] const std::vector<diagnostic>& warnings() const noexcept;
  [[nodiscard]] std::uint64_t skipped_blocks() const noexcept;
  [[nodiscard]] std::uint64_t skipped_bytes() const noexcept;
  /// Bytes of the (decompressed) stream consumed so far; for progress reports.
  [[nodiscard]] std::uint64_t offset() const noexcept;
  /// Packets handed out so far.
  [[nodiscard]] std::uint64_t packets_read() const noexcept;

  class iterator {
  public:
    using value_type = packet;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(capture_reader* r) : reader_(r), current_(r->next()) {}
    const packet& operator*() const noexcept { return *current_; }
    const packet* operator->() const noexcept { return current_; }
    iterator& operator++() noexcept {
      current_ = reader_->next();
      return *this;
    }
    void operator++(int) noexcept { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return it.current_ == nullptr;
    }

  private:
    capture_reader* reader_ = nullptr;
    const packet* current_ = nullptr;
  };
  /// Single pass: begin() continues from wherever reading stands.
  iterator begin() { return iterator{this}; }
  std::default_sentinel_t end() noexcept { return {}; }

private:
  class impl;
  explicit capture_reader(std::unique_ptr<impl> p) noexcept;
  static result<capture_reader> start(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace pktscope
