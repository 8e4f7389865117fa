#include <pktscope/analysis/detect/config.hpp>

#include <pktscope/core/duration.hpp>
#include <pktscope/core/list_items.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

// toml++ (Debian libtomlplusplus-dev) used header-only and without exceptions in this one
// translation unit, so the library builds the same with and without -fno-exceptions.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

namespace pktscope::detect {

bool port_list::contains(std::uint16_t p) const noexcept {
  return std::binary_search(ports.begin(), ports.end(), p);
}

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<double> parse_double(std::string_view s) noexcept {
  s = trim(s);
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<std::uint64_t> parse_uint(std::string_view s) noexcept {
  s = trim(s);
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

std::optional<duration> parse_duration_text(std::string_view s) noexcept {
  if (const auto ns = parse_duration(trim(s))) {
    return duration{*ns};
  }
  return std::nullopt;
}

std::optional<port_list> parse_ports(std::string_view s) {
  port_list out;
  s = trim(s);
  if (!s.empty() && s.front() == '[' && s.back() == ']') {
    s = s.substr(1, s.size() - 2);
  }
  for (std::string_view item : list_items(s)) {
    item = trim(item);
    if (item.empty()) {
      continue;
    }
    const auto dash = item.find('-');
    const auto lo = parse_uint(item.substr(0, dash));
    const auto hi = dash == std::string_view::npos ? lo : parse_uint(item.substr(dash + 1));
    if (!lo || !hi || *lo > *hi || *hi > 65535) {
      return std::nullopt;
    }
    for (std::uint64_t p = *lo; p <= *hi; ++p) {
      out.ports.push_back(static_cast<std::uint16_t>(p));
    }
  }
  std::sort(out.ports.begin(), out.ports.end());
  out.ports.erase(std::unique(out.ports.begin(), out.ports.end()), out.ports.end());
  return out;
}

std::string format_double(double v) {
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  std::string s(buf.data(), r.ptr);
  if (s.find_first_of(".e") == std::string::npos && s.find("inf") == std::string::npos) {
    s += ".0"; // TOML float
  }
  return s;
}

// Value <-> text, per parameter type.
std::string set_from_text(bool& f, std::string_view t) {
  t = trim(t);
  if (t == "true" || t == "1" || t == "yes" || t == "on") {
    f = true;
  } else if (t == "false" || t == "0" || t == "no" || t == "off") {
    f = false;
  } else {
    return "expected true or false";
  }
  return {};
}
std::string set_from_text(double& f, std::string_view t) {
  const auto v = parse_double(t);
  if (!v) {
    return "expected a number";
  }
  f = *v;
  return {};
}
std::string set_from_text(std::uint32_t& f, std::string_view t) {
  const auto v = parse_uint(t);
  if (!v || *v > std::numeric_limits<std::uint32_t>::max()) {
    return "expected a whole number from 0 to 4294967295";
  }
  f = static_cast<std::uint32_t>(*v);
  return {};
}
std::string set_from_text(duration& f, std::string_view t) {
  const auto v = parse_duration_text(t);
  if (!v) {
    return "expected a duration (seconds, or a number with ns/us/ms/s/m/h/d)";
  }
  f = *v;
  return {};
}
[[maybe_unused]] std::string set_from_text(port_list& f, std::string_view t) {
  auto v = parse_ports(t);
  if (!v) {
    return "expected ports and ranges, e.g. 22,80,8000-8080";
  }
  f = std::move(*v);
  return {};
}
[[maybe_unused]] std::string set_from_text(std::string& f, std::string_view t) {
  f = std::string(t);
  return {};
}

std::string to_text(bool v) {
  return v ? "true" : "false";
}
std::string to_text(double v) {
  return format_double(v);
}
std::string to_text(std::uint32_t v) {
  return std::to_string(v);
}
std::string to_text(const duration& v) {
  // Seconds as a TOML number when exact, else a string with the finest unit needed.
  if (v.ns % 1'000'000'000 == 0) {
    return std::to_string(v.ns / 1'000'000'000);
  }
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "\"" + std::string.
  const bool in_ms = v.ns % 1'000'000 == 0;
  std::string text = "\"";
  text += std::to_string(in_ms ? v.ns / 1'000'000 : v.ns);
  text += in_ms ? "ms\"" : "ns\"";
  return text;
}
[[maybe_unused]] std::string to_text(const port_list& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.ports.size(); ++i) {
    if (i != 0) {
      s += ", ";
    }
    s += std::to_string(v.ports[i]);
  }
  return s + "]";
}
[[maybe_unused]] std::string to_text(const std::string& v) {
  std::string s = "\"";
  for (const char c : v) {
    if (c == '"' || c == '\\') {
      s += '\\';
    }
    s += c;
  }
  return s + "\"";
}

// The text a TOML node stands for, in the form set_from_text reads.
std::optional<std::string> node_text(const toml::node& n) {
  if (const auto* b = n.as_boolean()) {
    return std::string(b->get() ? "true" : "false");
  }
  if (const auto* i = n.as_integer()) {
    if (i->get() < 0) {
      return std::to_string(i->get()); // rejected by the unsigned setters
    }
    return std::to_string(i->get());
  }
  if (const auto* f = n.as_floating_point()) {
    return format_double(f->get());
  }
  if (const auto* s = n.as_string()) {
    return std::string(s->get());
  }
  if (const auto* a = n.as_array()) {
    std::string out;
    for (const toml::node& e : *a) {
      const auto t = node_text(e);
      if (!t || e.is_array()) {
        return std::nullopt;
      }
      out += (out.empty() ? "" : ",") + *t;
    }
    return out;
  }
  return std::nullopt;
}

} // namespace

std::string set_param(detect_config& cfg, std::string_view section, std::string_view name,
                      std::string_view value) {
  bool section_found = false;
  bool param_found = false;
  std::string why;
  detect_config::visit_sections(cfg, [&](std::string_view sname, auto& sec) {
    if (sname != section) {
      return;
    }
    section_found = true;
    using section_t = std::remove_reference_t<decltype(sec)>;
    section_t::visit(sec,
                     [&](std::string_view pname, auto& field, std::string_view, std::string_view) {
                       if (pname != name) {
                         return;
                       }
                       param_found = true;
                       why = set_from_text(field, value);
                     });
  });
  if (!section_found) {
    return "unknown section '" + std::string(section) + "'";
  }
  if (!param_found) {
    return "unknown parameter '" + std::string(section) + "." + std::string(name) + "'";
  }
  if (!why.empty()) {
    return std::string(section) + "." + std::string(name) + ": " + why;
  }
  return {};
}

std::string apply_setting(detect_config& cfg, std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    return "expected section.name=value, got '" + std::string(assignment) + "'";
  }
  const std::string_view key = trim(assignment.substr(0, eq));
  const auto dot = key.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == key.size()) {
    return "expected section.name=value, got '" + std::string(assignment) + "'";
  }
  return set_param(cfg, key.substr(0, dot), key.substr(dot + 1), trim(assignment.substr(eq + 1)));
}

namespace {

// toml++ 3.3 reaches __builtin_unreachable() (undefined behaviour) when it meets some
// non-ASCII characters where whitespace may stand, e.g. a document that starts with U+00A7
// (upstream issues 190 and 295). No setting needs a non-ASCII character, so the document is
// checked first: it may hold them in comments only. Returns the offset of the first other.
std::optional<std::size_t> non_ascii_outside_comments(std::string_view doc) noexcept {
  enum class in : std::uint8_t { code, comment, basic, literal, multi_basic, multi_literal };
  in state = in::code;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const char c = doc[i];
    const bool tripled = doc.substr(i, 3) == std::string_view("\"\"\"") ||
                         doc.substr(i, 3) == std::string_view("'''");
    if (static_cast<unsigned char>(c) >= 0x80 && state != in::comment) {
      return i;
    }
    switch (state) {
    case in::code:
      if (c == '#') {
        state = in::comment;
      } else if (c == '"' || c == '\'') {
        const bool basic = c == '"';
        state = tripled ? (basic ? in::multi_basic : in::multi_literal)
                        : (basic ? in::basic : in::literal);
        i += tripled ? 2 : 0;
      }
      break;
    case in::comment:
    case in::basic:
    case in::literal:
      if (c == '\n' || (state == in::basic && c == '"') || (state == in::literal && c == '\'')) {
        state = in::code;
      } else if (state == in::basic && c == '\\') {
        ++i; // an escaped character
      }
      break;
    case in::multi_basic:
    case in::multi_literal:
      if (c == '\\' && state == in::multi_basic) {
        ++i;
      } else if (tripled && (c == '"') == (state == in::multi_basic)) {
        state = in::code;
        i += 2;
      }
      break;
    }
  }
  return std::nullopt;
}

} // namespace

std::string load_toml(detect_config& cfg, std::string_view toml_text) {
  if (const auto at = non_ascii_outside_comments(toml_text)) {
    const std::string_view before = toml_text.substr(0, *at);
    const auto line_start = before.rfind('\n');
    const std::size_t column = line_start == std::string_view::npos ? *at + 1 : *at - line_start;
    return std::to_string(std::count(before.begin(), before.end(), '\n') + 1) + ":" +
           std::to_string(column) +
           ": a non-ASCII character outside a comment (settings are ASCII text)";
  }
  toml::parse_result parsed = toml::parse(toml_text);
  if (!parsed) {
    const auto& err = parsed.error();
    return std::to_string(err.source().begin.line) + ":" +
           std::to_string(err.source().begin.column) + ": " + std::string(err.description());
  }
  const toml::table& root = parsed.table();
  for (const auto& [skey, snode] : root) {
    const auto* tbl = snode.as_table();
    if (tbl == nullptr) {
      return std::to_string(snode.source().begin.line) + ": '" + std::string(skey.str()) +
             "' is not a section (expected [section] tables)";
    }
    for (const auto& [pkey, pnode] : *tbl) {
      const auto text = node_text(pnode);
      const std::string where = std::to_string(pnode.source().begin.line) + ": ";
      if (!text) {
        return where + std::string(skey.str()) + "." + std::string(pkey.str()) +
               ": unsupported value type";
      }
      std::string why = set_param(cfg, skey.str(), pkey.str(), *text);
      if (!why.empty()) {
        return where + why;
      }
    }
  }
  return {};
}

std::string load_toml_file(detect_config& cfg, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return path + ": cannot open";
  }
  std::string text;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    text.append(buf.data(), n);
    if (text.size() > (16U << 20)) {
      std::fclose(f);
      return path + ": larger than 16 MiB";
    }
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    return path + ": read error";
  }
  std::string why = load_toml(cfg, text);
  return why.empty() ? why : path + ":" + why;
}

std::string to_toml(const detect_config& cfg) {
  std::string out;
  detect_config::visit_sections(cfg, [&](std::string_view sname, const auto& sec) {
    using section_t = std::remove_cv_t<std::remove_reference_t<decltype(sec)>>;
    out.append(out.empty() ? "[" : "\n[").append(sname).append("]\n");
    section_t::visit(sec, [&](std::string_view pname, const auto& field, std::string_view source,
                              std::string_view description) {
      out.append("# ").append(description).append(" (default from: ").append(source).append(")\n");
      out.append(pname).append(" = ").append(to_text(field)).append("\n");
    });
  });
  return out;
}

std::vector<param_text> describe_section(const detect_config& cfg, std::string_view section) {
  std::vector<param_text> out;
  detect_config::visit_sections(cfg, [&](std::string_view sname, const auto& sec) {
    if (sname != section) {
      return;
    }
    using section_t = std::remove_cv_t<std::remove_reference_t<decltype(sec)>>;
    section_t::visit(sec, [&](std::string_view pname, const auto& field, std::string_view source,
                              std::string_view description) {
      std::string v = to_text(field);
      if (v.size() >= 2 && v.front() == '"') {
        v = v.substr(1, v.size() - 2);
      }
      out.push_back({std::string(pname), v, std::string(source), std::string(description)});
    });
  });
  return out;
}

} // namespace pktscope::detect
