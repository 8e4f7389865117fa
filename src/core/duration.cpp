#include <pktscope/core/duration.hpp>

#include <array>
#include <charconv>
#include <cmath>

namespace pktscope {

std::optional<timestamp_ns> parse_duration(std::string_view text) noexcept {
  struct unit {
    std::string_view suffix;
    double ns;
  };
  // Longer suffixes first, so that "ms" is not read as "m" after a number ending in "s".
  static constexpr std::array<unit, 8> units{{{"min", 60e9},
                                              {"ns", 1.0},
                                              {"us", 1e3},
                                              {"ms", 1e6},
                                              {"s", 1e9},
                                              {"m", 60e9},
                                              {"h", 3600e9},
                                              {"d", 86400e9}}};
  double scale = 1e9;
  for (const unit& u : units) {
    if (text.size() > u.suffix.size() && text.ends_with(u.suffix)) {
      scale = u.ns;
      text.remove_suffix(u.suffix.size());
      break;
    }
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !(v >= 0) ||
      !(v * scale <= 9e18)) {
    return std::nullopt;
  }
  return static_cast<timestamp_ns>(std::llround(v * scale));
}

} // namespace pktscope
