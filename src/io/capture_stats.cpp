#include <pktscope/io/capture_stats.hpp>

#include <algorithm>
#include <limits>

namespace pktscope {

namespace {
constexpr double ns_per_s = 1e9;
} // namespace

void capture_stats::add(const packet& pkt) {
  const std::uint32_t caplen = pkt.captured_len();
  if (packets == 0) {
    first_ns = earliest_ns = latest_ns = pkt.ts;
    min_captured_len = max_captured_len = caplen;
  } else {
    if (pkt.ts < last_ns) {
      ++out_of_order;
    }
    earliest_ns = std::min(earliest_ns, pkt.ts);
    latest_ns = std::max(latest_ns, pkt.ts);
    min_captured_len = std::min(min_captured_len, caplen);
    max_captured_len = std::max(max_captured_len, caplen);
  }
  last_ns = pkt.ts;
  ++packets;
  captured_bytes += caplen;
  original_bytes += pkt.original_len;
  max_original_len = std::max(max_original_len, pkt.original_len);
  if (caplen < pkt.original_len) {
    ++cut_by_snaplen;
  } else if (caplen > pkt.original_len) {
    ++captured_over_original;
  }

  if (pkt.interface < max_interfaces) {
    if (pkt.interface >= interface_packets.size()) {
      interface_packets.resize(std::size_t{pkt.interface} + 1, 0);
    }
    ++interface_packets[pkt.interface];
  } else {
    ++packets_unlisted_interface;
  }

  // Captures rarely mix link types: try the one the previous packet used first.
  if (last_link_index_ < link_types.size() && link_types[last_link_index_].link == pkt.link) {
    ++link_types[last_link_index_].packets;
    return;
  }
  for (std::size_t i = 0; i < link_types.size(); ++i) {
    if (link_types[i].link == pkt.link) {
      ++link_types[i].packets;
      last_link_index_ = i;
      return;
    }
  }
  link_types.push_back({pkt.link, 1});
  last_link_index_ = link_types.size() - 1;
}

void capture_stats::finish(const capture_reader& reader) {
  integrity.failure = reader.failure();
  integrity.warnings = reader.warnings();
  integrity.skipped_blocks = reader.skipped_blocks();
  integrity.skipped_bytes = reader.skipped_bytes();
  integrity.end_offset = integrity.failure ? integrity.failure->err.offset : reader.offset();
}

timestamp_ns capture_stats::duration_ns() const noexcept {
  if (packets < 2) {
    return 0;
  }
  // latest >= earliest, so the unsigned difference is exact; it exceeds the signed
  // range only for timestamps near both ends of it, and then saturates.
  const std::uint64_t d =
      static_cast<std::uint64_t>(latest_ns) - static_cast<std::uint64_t>(earliest_ns);
  return d > static_cast<std::uint64_t>(std::numeric_limits<timestamp_ns>::max())
             ? std::numeric_limits<timestamp_ns>::max()
             : static_cast<timestamp_ns>(d);
}

std::optional<double> capture_stats::average_packet_bytes() const noexcept {
  if (packets == 0) {
    return std::nullopt;
  }
  return static_cast<double>(original_bytes) / static_cast<double>(packets);
}

std::optional<double> capture_stats::packets_per_second() const noexcept {
  const timestamp_ns d = duration_ns();
  if (d <= 0) {
    return std::nullopt;
  }
  return static_cast<double>(packets) * ns_per_s / static_cast<double>(d);
}

std::optional<double> capture_stats::bits_per_second() const noexcept {
  const timestamp_ns d = duration_ns();
  if (d <= 0) {
    return std::nullopt;
  }
  return static_cast<double>(original_bytes) * 8.0 * ns_per_s / static_cast<double>(d);
}

capture_stats collect_stats(capture_reader& reader) {
  capture_stats stats;
  while (const packet* pkt = reader.next()) {
    stats.add(*pkt);
  }
  stats.finish(reader);
  return stats;
}

} // namespace pktscope
