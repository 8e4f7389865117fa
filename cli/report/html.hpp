#pragma once
// The self-contained HTML report: the page skeleton, its CSS and JS, Apache ECharts and the
// data document, all inlined, so that the file opens offline and makes no request.

#include "report/report_data.hpp"

#include <string>

namespace pktscope::cli::report {

/// Appends the whole page for `doc` (a build_report_data() document) to `out`.
void render_html(const json& doc, std::string& out);

/// The document as JSON text that is safe inside a <script> element ('<', '>' and '&' as
/// \u escapes, which JSON.parse reads back unchanged).
std::string script_safe_json(const json& doc);

} // namespace pktscope::cli::report
