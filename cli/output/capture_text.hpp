#pragma once
// How the commands name a capture's link type and word a reader's finding about a file, the
// same way in every command's messages and reports.

#include <pktscope/core/link_type.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <string>

namespace pktscope::cli::output {

/// "Ethernet (1)", or "LINKTYPE 999" for a link type without a name.
std::string link_label(link_type lt);

/// What the reader found: its description (or the error code's name when it has none), then
/// the sizes of a truncation or the error code, e.g. "enhanced packet block body (truncated:
/// needed 64 bytes, found 20)".
std::string diagnostic_text(const diagnostic& d);

} // namespace pktscope::cli::output
