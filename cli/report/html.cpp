#include "report/html.hpp"

#include "output/json_text.hpp"
#include "output/text.hpp"
#include "report/assets.hpp"

#include <span>
#include <string_view>

namespace pktscope::cli::report {

namespace {

using output::append_markup_text;

void append_all(std::string& out, std::span<const std::string_view> pieces) {
  for (const std::string_view p : pieces) {
    out.append(p);
  }
}

} // namespace

std::string script_safe_json(const json& doc) {
  const std::string text = output::json_text(doc);
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  for (const char c : text) {
    switch (c) {
    case '<': out += "\\u003c"; break;
    case '>': out += "\\u003e"; break;
    case '&': out += "\\u0026"; break;
    default: out += c;
    }
  }
  return out;
}

void render_html(const json& doc, std::string& out) {
  std::string skeleton;
  append_all(skeleton, report_assets::report_html());
  // The skeleton holds each placeholder once, in this order.
  struct slot {
    std::string_view marker;
    int what;
  };
  constexpr slot slots[] = {
      {"@@TITLE@@", 0}, {"@@CSS@@", 1}, {"@@DATA@@", 2}, {"@@ECHARTS@@", 3}, {"@@APP@@", 4}};
  std::size_t pos = 0;
  for (const slot& s : slots) {
    const std::size_t at = skeleton.find(s.marker, pos);
    if (at == std::string::npos) {
      continue;
    }
    out.append(skeleton, pos, at - pos);
    switch (s.what) {
    case 0: append_markup_text(out, doc.value("title", std::string{"pktscope report"})); break;
    case 1: append_all(out, report_assets::report_css()); break;
    case 2: out += script_safe_json(doc); break;
    case 3: append_all(out, report_assets::echarts_js()); break;
    default: append_all(out, report_assets::report_js()); break;
    }
    pos = at + s.marker.size();
  }
  out.append(skeleton, pos, std::string::npos);
}

} // namespace pktscope::cli::report
