#include <pktscope/io/capture_stats.hpp>

#include <limits>

namespace pktscope {

namespace {
constexpr double ns_per_s = 1e9;
} // namespace

void capture_stats::start(const packet& first) noexcept {
  first_ns = earliest_ns = latest_ns = last_ns = first.ts;
  min_captured_len = max_captured_len = first.captured_len();
}

void capture_stats::count_new_interface(std::uint32_t interface) {
  if (interface >= max_interfaces) {
    ++packets_unlisted_interface;
    return;
  }
  interface_packets.resize(std::size_t{interface} + 1, 0);
  ++interface_packets[interface];
}

void capture_stats::count_other_link(link_type link) {
  for (std::size_t i = 0; i < link_types.size(); ++i) {
    if (link_types[i].link == link) {
      ++link_types[i].packets;
      last_link_index_ = i;
      return;
    }
  }
  link_types.push_back({link, 1});
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
