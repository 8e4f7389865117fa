#pragma once
/// TCP segments counted per flag combination (the 9 named flag bits, NS/AE to FIN; reserved
/// bits are ignored), and the combinations that are anomalies (scan probes, contradictions).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pktscope {
struct decoded_packet;
} // namespace pktscope

namespace pktscope::stats {

struct tcp_flag_row {
  std::uint16_t flags = 0;
  std::string names; ///< tshark's text, "SYN,ACK"; "<None>" for no flag
  std::uint64_t packets = 0;
  bool anomalous = false; ///< no flag, SYN+FIN, SYN+RST, FIN+PSH+URG, or FIN/PSH/URG without ACK
};

class tcp_flag_table {
public:
  /// Counts the frame when its transport layer is TCP.
  void add(const decoded_packet& d) noexcept;
  void add(std::uint16_t flags) noexcept;
  [[nodiscard]] std::uint64_t count(std::uint16_t flags) const noexcept {
    return counts_[flags & 0x1ffU];
  }
  /// Non-zero combinations, most frequent first (ties: lower flag value first).
  [[nodiscard]] std::vector<tcp_flag_row> rows() const;
  /// Whether a combination is an anomaly (see tcp_flag_row::anomalous).
  [[nodiscard]] static bool anomalous(std::uint16_t flags) noexcept;

private:
  std::array<std::uint64_t, 512> counts_{};
};

} // namespace pktscope::stats
