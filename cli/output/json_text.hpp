#pragma once
// The text of the JSON documents the commands print and write.

#include <nlohmann/json.hpp>

#include <string>

namespace pktscope::cli::output {

/// `doc` as JSON text (`indent` as nlohmann::json::dump: -1 for one line). A string that is
/// not valid UTF-8 (a comment, interface or host name read from a capture, a file name) has
/// each bad octet replaced by U+FFFD, where dump() would throw and the command would fail.
[[nodiscard]] std::string json_text(const nlohmann::json& doc, int indent = -1);

} // namespace pktscope::cli::output
