#include "output/text.hpp"

#include "cli_error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace pktscope::cli::output {

namespace {
template <class Out> void json_string(Out& out, std::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

template <class Out> void csv_field(Out& out, std::string_view s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) {
    out.push_back('"');
  }
  for (const char c : s) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  if (quote) {
    out.push_back('"');
  }
}
} // namespace

void append_json_string(fmt::memory_buffer& out, std::string_view s) {
  json_string(out, s);
}
void append_json_string(std::string& out, std::string_view s) {
  json_string(out, s);
}
void append_csv_field(std::string& out, std::string_view s) {
  csv_field(out, s);
}
void append_csv_field(fmt::memory_buffer& out, std::string_view s) {
  csv_field(out, s);
}

void append_markup_text(std::string& out, std::string_view s) {
  for (const char c : s) {
    switch (c) {
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
}

void write_stdout(std::string_view s) {
  if ((!s.empty() && std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) ||
      std::fflush(stdout) != 0) {
    throw cli_error(exit_code::io,
                    fmt::format("cannot write the output: {}", std::strerror(errno)));
  }
}

void buffered_output::flush() {
  write_stdout(std::string_view(buf_.data(), buf_.size()));
  buf_.clear();
}

table& table::column(std::string name, align a) {
  cols_.push_back({std::move(name), a});
  return *this;
}

table& table::row(std::vector<std::string> cells) {
  cells.resize(cols_.size());
  rows_.push_back(std::move(cells));
  return *this;
}

void table::render_text(std::string& out, std::string_view indent) const {
  std::vector<std::size_t> width(cols_.size(), 0);
  for (std::size_t c = 0; c < cols_.size(); ++c) {
    width[c] = cols_[c].name.size();
    for (const auto& r : rows_) {
      width[c] = std::max(width[c], r[c].size());
    }
  }
  const auto line = [&](const auto& cell_of) {
    std::string l{indent};
    for (std::size_t c = 0; c < cols_.size(); ++c) {
      const std::string_view v = cell_of(c);
      const std::size_t pad = width[c] - v.size();
      const bool last = c + 1 == cols_.size();
      if (c != 0) {
        l += "  ";
      }
      if (cols_[c].a == align::right) {
        l.append(pad, ' ');
        l += v;
      } else {
        l += v;
        if (!last) {
          l.append(pad, ' ');
        }
      }
    }
    while (!l.empty() && l.back() == ' ') {
      l.pop_back();
    }
    out += l;
    out += '\n';
  };
  line([&](std::size_t c) -> std::string_view { return cols_[c].name; });
  std::size_t total = 0;
  for (std::size_t c = 0; c < cols_.size(); ++c) {
    total += width[c] + (c != 0 ? 2 : 0);
  }
  out += indent;
  out.append(total, '-');
  out += '\n';
  for (const auto& r : rows_) {
    line([&](std::size_t c) -> std::string_view { return r[c]; });
  }
}

void table::render_csv(std::string& out) const {
  for (std::size_t c = 0; c < cols_.size(); ++c) {
    if (c != 0) {
      out += ',';
    }
    append_csv_field(out, cols_[c].name);
  }
  out += '\n';
  for (const auto& r : rows_) {
    for (std::size_t c = 0; c < cols_.size(); ++c) {
      if (c != 0) {
        out += ',';
      }
      append_csv_field(out, r[c]);
    }
    out += '\n';
  }
}

std::string human_bytes(std::uint64_t n) {
  constexpr const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  if (n < 1000) {
    return fmt::format("{} B", n);
  }
  auto v = static_cast<double>(n);
  std::size_t u = 0;
  while (v >= 1000.0 && u + 1 < std::size(units)) {
    v /= 1000.0;
    ++u;
  }
  return fmt::format("{:.2f} {}", v, units[u]);
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) {
    return "-";
  }
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string seconds_text(std::int64_t ns) {
  const bool neg = ns < 0;
  const std::uint64_t mag =
      neg ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  return fmt::format("{}{}.{:09} s", neg ? "-" : "", mag / 1000000000U, mag % 1000000000U);
}

} // namespace pktscope::cli::output
