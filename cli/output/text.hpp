#pragma once
// Text output shared by the commands: a buffered stdout writer, JSON string and CSV field
// escaping, and an aligned text table that also renders as CSV. `dump` streams per packet
// through buffered_output; summary/timeline/top build tables.

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli::output {

/// Appends `s` as a JSON string literal (quotes, backslash and control characters escaped;
/// other bytes copied, so UTF-8 passes through).
void append_json_string(fmt::memory_buffer& out, std::string_view s);
void append_json_string(std::string& out, std::string_view s);
/// Appends `s` as one CSV field (RFC 4180: quoted when it holds a comma, quote, CR or LF).
void append_csv_field(std::string& out, std::string_view s);
void append_csv_field(fmt::memory_buffer& out, std::string_view s);
/// Appends `s` as XML or HTML text, fit for an element or a quoted attribute value (<, >, &
/// and " escaped).
void append_markup_text(std::string& out, std::string_view s);

/// Writes to stdout through one reusable buffer in large blocks; throws cli_error(io) when
/// stdout cannot be written.
class buffered_output {
public:
  static constexpr std::size_t flush_threshold = 256U * 1024;
  buffered_output() { buf_.reserve(flush_threshold + 4096); }
  fmt::memory_buffer& buf() noexcept { return buf_; }
  void put(std::string_view s) { buf_.append(s.data(), s.data() + s.size()); }
  void put(char c) { buf_.push_back(c); }
  void maybe_flush() {
    if (buf_.size() >= flush_threshold) {
      flush();
    }
  }
  /// Writes the buffer out (and fflush()es stdout).
  void flush();

private:
  fmt::memory_buffer buf_;
};

/// Writes a whole string to stdout (throws cli_error(io) on failure).
void write_stdout(std::string_view s);

enum class align : std::uint8_t { left, right };

/// A table of text cells: printed with aligned columns (two spaces apart, a header line and
/// a rule) or as CSV with the header as the first row.
class table {
public:
  table& column(std::string name, align a = align::right);
  /// Adds a row; missing cells are empty, extra cells are ignored.
  table& row(std::vector<std::string> cells);
  [[nodiscard]] std::size_t rows() const noexcept { return rows_.size(); }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }

  /// Appends the aligned text form, each line prefixed with `indent`.
  void render_text(std::string& out, std::string_view indent = "") const;
  /// Appends RFC 4180 CSV (header row, then the rows), lines ending in "\n".
  void render_csv(std::string& out) const;

private:
  struct col {
    std::string name;
    align a;
  };
  std::vector<col> cols_;
  std::vector<std::vector<std::string>> rows_;
};

// ---- value formatting -------------------------------------------------------------------

/// "1.23 MB", "512 B" (SI units, as capinfos prints sizes).
std::string human_bytes(std::uint64_t n);
/// "12.3%" of `part` in `whole` ("-" when whole is 0).
std::string percent(std::uint64_t part, std::uint64_t whole);
/// "1.234567890 s" (nanoseconds exact, sign kept).
std::string seconds_text(std::int64_t ns);

} // namespace pktscope::cli::output
