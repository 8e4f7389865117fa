#pragma once
/// Writing pcap and pcapng captures to files, standard output or memory:
///
///   auto w = pktscope::capture_writer::create("out.pcapng", {.nanosecond = true});
///   if (!w) { /* w.error().code == errc::io; errno says why */ }
///   for (const pktscope::packet& pkt : reader) {
///     if (auto ok = (*w)->write(pkt); !ok) { /* stop */ }
///   }
///   if (auto ok = (*w)->close(); !ok) { /* nothing was left under "out.pcapng" */ }
///
/// Files are written atomically: bytes go to a temporary file in the same directory
/// (".out.pcapng.XXXXXX.part") that only a successful close() renames onto the final
/// name. A writer destroyed without close(), or whose close() fails, removes the
/// temporary file, so an error or crash never leaves a half-written capture under
/// the final name (a crash can leave the ".part" file). The path "-" streams to
/// standard output; so does any existing path that is not a regular file (a FIFO,
/// /dev/null), which is written in place.
///
/// Output is buffered (options.buffer_bytes, allocated once); write() allocates
/// nothing, except the first time a pcapng writer meets a new interface.
/// Everything is little-endian. Not thread-safe.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/packet.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope {

struct writer_options {
  capture_format format = capture_format::pcapng;
  /// Nanosecond timestamps: the pcap magic 0xa1b23c4d, or pcapng if_tsresol = 9.
  /// Otherwise microseconds, and timestamps are truncated (rounded toward the past)
  /// to whole microseconds: a nanosecond input converted to microseconds loses its
  /// last three digits.
  bool nanosecond = false;
  /// Records longer than this are cut to it (original_len is kept). 0 keeps every
  /// byte; headers then state 262144 (pcap) or 0, "no limit" (pcapng).
  std::uint32_t snaplen = 0;
  /// pcap only: the file's link type. When unset, the link type of the first packet
  /// written is used (Ethernet for a capture without packets; a packet refused for its
  /// timestamp does not count). Either way a later packet with another link type is
  /// refused with errc::unsupported: one pcap file holds one.
  std::optional<link_type> link{};
  /// pcapng only: Section Header Block comments (shb_comment), in order.
  std::vector<std::string> comments{};
  /// pcapng only: shb_userappl.
  std::string application = "pktscope";
  /// Size of the output buffer (files and standard output). At least 4 KiB is used.
  std::size_t buffer_bytes = std::size_t{1} << 20;
};

/// What a pcapng Interface Description Block says besides link type and snaplen.
struct interface_description {
  std::string name;               ///< if_name
  std::string description;        ///< if_description
  std::uint8_t fcs_len_bytes = 0; ///< if_fcslen; 0 = not stated
};

/// An interface's capture counters at one moment: a pcapng Interface Statistics Block.
struct interface_statistics {
  std::uint32_t interface = 0;           ///< packet::interface of the packets they count
  link_type link = link_type::ethernet;  ///< and those packets' link type
  timestamp_ns at = 0;                   ///< when the counters were read
  std::optional<std::uint64_t> received; ///< isb_ifrecv
  std::optional<std::uint64_t> dropped_by_interface; ///< isb_ifdrop
  std::optional<std::uint64_t> dropped_by_os;        ///< isb_osdrop: no room in the OS's buffer
};

class capture_writer {
public:
  /// Starts writing `path` ("-" = standard output). Fails with errc::io (errno set)
  /// when the temporary file cannot be created or standard output is unusable.
  [[nodiscard]] static result<std::unique_ptr<capture_writer>>
  create(const std::string& path, const writer_options& options = {});

  /// A writer that appends the capture to `out` (which must outlive the writer).
  /// close() finishes it; until then `out` may lack the file header of an empty
  /// pcap. Never fails for I/O reasons.
  [[nodiscard]] static std::unique_ptr<capture_writer>
  write_to_memory(std::vector<std::uint8_t>& out, const writer_options& options = {});

  capture_writer(const capture_writer&) = delete;
  capture_writer& operator=(const capture_writer&) = delete;
  /// Without a successful close(): discards the output (removes the temporary file).
  virtual ~capture_writer();

  /// Appends one packet. pkt.link selects the link type; for pcapng, each distinct
  /// (pkt.link, pkt.interface) pair gets its own Interface Description Block, in order
  /// of first appearance; for pcap, pkt.interface is ignored. `comment`, if not
  /// empty, becomes the packet's opt_comment (pcapng; ignored for pcap).
  /// Errors: errc::io (write failed; the writer is then unusable), errc::unsupported
  /// (timestamp before 1970 or past the format's range, or a second link type in
  /// pcap; that packet is not written, the writer stays usable).
  [[nodiscard]] result<void> write(const packet& pkt, std::string_view comment = {}) noexcept;

  /// pcapng: names the interface whose packets carry `interface`; used by its IDB
  /// if that is written later. Ignored by pcap writers.
  void describe_interface(std::uint32_t interface, interface_description description);

  /// pcapng: appends an Interface Statistics Block for the interface of the packets written
  /// with (s.link, s.interface). errc::unsupported when no such packet was written (the
  /// block would name an interface not yet described) and for pcap, which has no place for
  /// it; errc::io when writing fails.
  [[nodiscard]] result<void> write_statistics(const interface_statistics& s) noexcept;

  /// Writes the file header if no packet did, flushes and, for files, renames the
  /// temporary file onto the final name. Calling it again returns the first result.
  [[nodiscard]] result<void> close() noexcept;

  [[nodiscard]] std::uint64_t packets_written() const noexcept { return packets_; }
  /// Bytes produced so far, buffered or not.
  [[nodiscard]] std::uint64_t bytes_written() const noexcept;
  /// errno of the failure behind the last errc::io error, else 0.
  [[nodiscard]] int os_error() const noexcept;
  [[nodiscard]] const writer_options& options() const noexcept { return options_; }

  class sink; ///< Where the bytes go (src/io); opaque to users.

protected:
  capture_writer(std::unique_ptr<sink> out, writer_options options) noexcept;

  /// The format-specific parts. write_header() runs once, before the first packet
  /// (`first`) or at close() of an empty capture (`first` == nullptr). Return
  /// errc::unsupported to refuse a packet.
  [[nodiscard]] virtual result<void> write_header(const packet* first) noexcept = 0;
  [[nodiscard]] virtual result<void> write_packet(const packet& pkt,
                                                  std::string_view comment) noexcept = 0;
  /// The default refuses (errc::unsupported): the format has no place for statistics.
  [[nodiscard]] virtual result<void> write_stats(const interface_statistics& s) noexcept;

  sink& out() noexcept { return *out_; }
  bool header_written_ = false;
  writer_options options_;
  std::vector<std::pair<std::uint32_t, interface_description>> descriptions_;

private:
  std::unique_ptr<sink> out_;
  std::uint64_t packets_ = 0;
  std::optional<result<void>> closed_;
};

} // namespace pktscope
