#include "time_format.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace pktscope::cli {

namespace {

constexpr std::int64_t ns_per_s = 1'000'000'000;
constexpr std::int64_t s_per_day = 86'400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil (H. Hinnant's civil_from_days).
constexpr civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).year == 2000 && civil_from_days(11017).month == 3);

constexpr bool is_leap(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// A cursor over the text with the few primitives the grammar needs.
class scanner {
public:
  explicit scanner(std::string_view s) noexcept : s_(s) {}
  [[nodiscard]] bool done() const noexcept { return pos_ == s_.size(); }
  [[nodiscard]] char peek() const noexcept { return done() ? '\0' : s_[pos_]; }
  bool eat(char c) noexcept {
    if (peek() == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  /// Exactly `n` decimal digits.
  bool fixed(std::size_t n, std::int64_t& out) noexcept {
    std::int64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = peek();
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
      ++pos_;
    }
    out = v;
    return true;
  }
  /// One or more digits, at most 19 (fits int64 when < 10^18 checked by the caller).
  bool digits(std::int64_t& out, std::size_t& count) noexcept {
    std::int64_t v = 0;
    count = 0;
    while (peek() >= '0' && peek() <= '9') {
      if (count == 18) {
        return false; // more than any representable number of seconds
      }
      v = v * 10 + (peek() - '0');
      ++pos_;
      ++count;
    }
    out = v;
    return count > 0;
  }
  /// ".ddd" fraction as nanoseconds; digits past the ninth are dropped.
  bool fraction(std::int64_t& ns) noexcept {
    ns = 0;
    if (!eat('.')) {
      return true;
    }
    std::size_t n = 0;
    while (peek() >= '0' && peek() <= '9') {
      if (n < 9) {
        ns = ns * 10 + (peek() - '0');
      }
      ++n;
      ++pos_;
    }
    if (n == 0) {
      return false;
    }
    for (std::size_t i = n; i < 9; ++i) {
      ns *= 10;
    }
    return true;
  }

private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// seconds * 1e9 + ns (ns carries the sign of seconds' direction) without overflow.
std::optional<timestamp_ns> combine(std::int64_t seconds, std::int64_t ns) noexcept {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(seconds, ns_per_s, &out) || __builtin_add_overflow(out, ns, &out)) {
    return std::nullopt;
  }
  return out;
}

std::optional<timestamp_ns> parse_epoch(std::string_view text) noexcept {
  scanner sc{text};
  const bool negative = sc.eat('-');
  std::int64_t seconds = 0;
  std::int64_t ns = 0;
  std::size_t count = 0;
  if (!sc.digits(seconds, count) || !sc.fraction(ns) || !sc.done()) {
    return std::nullopt;
  }
  return negative ? combine(-seconds, -ns) : combine(seconds, ns);
}

std::optional<timestamp_ns> parse_iso8601(std::string_view text) noexcept {
  scanner sc{text};
  std::int64_t year = 0;
  std::int64_t month = 0;
  std::int64_t day = 0;
  std::int64_t hour = 0;
  std::int64_t minute = 0;
  std::int64_t second = 0;
  std::int64_t ns = 0;
  if (!sc.fixed(4, year) || !sc.eat('-') || !sc.fixed(2, month) || !sc.eat('-') ||
      !sc.fixed(2, day)) {
    return std::nullopt;
  }
  if (!(sc.eat('T') || sc.eat('t') || sc.eat(' '))) {
    return std::nullopt;
  }
  if (!sc.fixed(2, hour) || !sc.eat(':') || !sc.fixed(2, minute) || !sc.eat(':') ||
      !sc.fixed(2, second) || !sc.fraction(ns)) {
    return std::nullopt;
  }
  if (!sc.eat('Z') && !sc.eat('z') && sc.eat('+')) {
    std::int64_t oh = 0;
    std::int64_t om = 0;
    // Only a zero offset is UTC; anything else would need conversion we do not guess.
    if (!sc.fixed(2, oh) || !sc.eat(':') || !sc.fixed(2, om) || oh != 0 || om != 0) {
      return std::nullopt;
    }
  }
  if (!sc.done() || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, static_cast<unsigned>(month)) || hour > 23 || minute > 59 ||
      second > 60) { // 60: a leap second, counted like POSIX time as the next second
    return std::nullopt;
  }
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return combine(days * s_per_day + hour * 3600 + minute * 60 + second, ns);
}

} // namespace

std::string format_iso8601_ns(timestamp_ns ts) {
  char text[iso8601_ns_max_len];
  return {text, format_iso8601_ns(ts, text)};
}

std::size_t format_iso8601_ns(timestamp_ns ts, char* out) noexcept {
  // Floor division so that times before 1970 keep a non-negative fraction.
  std::int64_t seconds = ts / ns_per_s;
  std::int64_t ns = ts % ns_per_s;
  if (ns < 0) {
    ns += ns_per_s;
    --seconds;
  }
  std::int64_t days = seconds / s_per_day;
  std::int64_t sod = seconds % s_per_day;
  if (sod < 0) {
    sod += s_per_day;
    --days;
  }
  const civil c = civil_from_days(days);
  return fmt::format_to_n(out, iso8601_ns_max_len, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
                          c.year, c.month, c.day, sod / 3600, sod / 60 % 60, sod % 60, ns)
      .size;
}

std::optional<timestamp_ns> parse_time(std::string_view text) {
  if (text.size() >= 5 && text[4] == '-') {
    return parse_iso8601(text);
  }
  return parse_epoch(text);
}

} // namespace pktscope::cli
