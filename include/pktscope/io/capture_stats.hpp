#pragma once
/// capture_stats: the file-level facts of a capture (counts, sizes, time span,
/// rates, link types, per-interface counts) gathered in one pass over its packets.
/// `pktscope info` prints them; other commands (summary) reuse the same struct.
///
///   pktscope::capture_stats stats;
///   for (const pktscope::packet& pkt : reader) { stats.add(pkt); }
///   stats.finish(reader);   // integrity findings: where and why reading stopped
///
/// add() does not allocate per packet: it grows its small tables only when a new
/// interface index or link type first appears.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/packet.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace pktscope {

/// How many packets carried one link type.
struct link_type_count {
  link_type link = link_type::ethernet;
  std::uint64_t packets = 0;
};

/// What the reader found wrong with the file itself.
struct capture_integrity {
  /// Damage that stopped reading; the facts cover the packets before it.
  std::optional<diagnostic> failure;
  /// Damage stepped over (bounded by the reader; skipped_* keep counting).
  std::vector<diagnostic> warnings;
  std::uint64_t skipped_blocks = 0;
  std::uint64_t skipped_bytes = 0;
  /// Offset in the (decompressed) stream where reading stopped: the failure's
  /// offset, or the end of the data after a clean read.
  std::uint64_t end_offset = 0;

  /// True when nothing stopped reading early (warnings may still be present).
  [[nodiscard]] bool complete() const noexcept { return !failure.has_value(); }
};

struct capture_stats {
  /// Interface indexes at or above this are counted in `packets_unlisted_interface`
  /// instead of `interface_packets`, so that a damaged index cannot grow the table.
  static constexpr std::uint32_t max_interfaces = 65536;

  std::uint64_t packets = 0;
  std::uint64_t captured_bytes = 0; ///< sum of captured lengths
  std::uint64_t original_bytes = 0; ///< sum of lengths on the wire
  /// Packets whose captured length is below their original length (snaplen cut).
  std::uint64_t cut_by_snaplen = 0;
  /// Packets claiming more captured than original bytes (the record contradicts itself).
  std::uint64_t captured_over_original = 0;
  std::uint32_t min_captured_len = 0; ///< valid when packets > 0
  std::uint32_t max_captured_len = 0;
  std::uint32_t max_original_len = 0;

  timestamp_ns first_ns = 0;    ///< of the first packet in file order; valid when packets > 0
  timestamp_ns last_ns = 0;     ///< of the last packet in file order
  timestamp_ns earliest_ns = 0; ///< smallest timestamp
  timestamp_ns latest_ns = 0;   ///< largest timestamp
  /// Packets whose timestamp is earlier than the packet before them.
  std::uint64_t out_of_order = 0;

  /// Packets per interface index (packet::interface), index = position.
  std::vector<std::uint64_t> interface_packets;
  std::uint64_t packets_unlisted_interface = 0;
  /// Packets per link type, in order of first appearance.
  std::vector<link_type_count> link_types;

  capture_integrity integrity;

  /// Counts one packet. Allocates only when a new interface or link type appears.
  /// Inline, with the first packet and new tables out of line: every command runs it for
  /// every packet.
  void add(const packet& pkt) {
    if (packets == 0) {
      start(pkt);
    }
    const std::uint32_t caplen = pkt.captured_len();
    out_of_order += pkt.ts < last_ns ? 1U : 0U;
    earliest_ns = std::min(earliest_ns, pkt.ts);
    latest_ns = std::max(latest_ns, pkt.ts);
    min_captured_len = std::min(min_captured_len, caplen);
    max_captured_len = std::max(max_captured_len, caplen);
    last_ns = pkt.ts;
    ++packets;
    captured_bytes += caplen;
    original_bytes += pkt.original_len;
    max_original_len = std::max(max_original_len, pkt.original_len);
    cut_by_snaplen += caplen < pkt.original_len ? 1U : 0U;
    captured_over_original += caplen > pkt.original_len ? 1U : 0U;
    if (pkt.interface < interface_packets.size()) {
      ++interface_packets[pkt.interface];
    } else {
      count_new_interface(pkt.interface);
    }
    // Captures rarely mix link types: the one the previous packet used comes first.
    if (last_link_index_ < link_types.size() && link_types[last_link_index_].link == pkt.link) {
      ++link_types[last_link_index_].packets;
    } else {
      count_other_link(pkt.link);
    }
  }

  /// Records the reader's integrity findings; call after the last packet.
  void finish(const capture_reader& reader);

  /// latest_ns - earliest_ns, or 0 with fewer than two packets.
  [[nodiscard]] timestamp_ns duration_ns() const noexcept;
  /// Mean original (on-the-wire) length, as capinfos reports it; nullopt without packets.
  [[nodiscard]] std::optional<double> average_packet_bytes() const noexcept;
  /// packets / duration; nullopt when the duration is 0.
  [[nodiscard]] std::optional<double> packets_per_second() const noexcept;
  /// 8 * original_bytes / duration; nullopt when the duration is 0.
  [[nodiscard]] std::optional<double> bits_per_second() const noexcept;
  /// True when no packet's timestamp is earlier than its predecessor's.
  [[nodiscard]] bool in_order() const noexcept { return out_of_order == 0; }

private:
  void start(const packet& first) noexcept;
  void count_new_interface(std::uint32_t interface);
  void count_other_link(link_type link);

  std::size_t last_link_index_ = 0;
};

/// Reads every remaining packet of `reader` into a fresh capture_stats and
/// records its integrity findings.
[[nodiscard]] capture_stats collect_stats(capture_reader& reader);

} // namespace pktscope
