#pragma once
// How the commands name a capture's link type and word a reader's finding about a file, the
// same way in every command's messages and reports.

#include <pktscope/core/link_type.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace pktscope::cli::output {

/// "Ethernet (1)", or "LINKTYPE 999" for a link type without a name.
std::string link_label(link_type lt);

/// What the reader found: its description (or the error code's name when it has none), then
/// the sizes of a truncation or the error code, e.g. "enhanced packet block body (truncated:
/// needed 64 bytes, found 20)".
std::string diagnostic_text(const diagnostic& d);

/// The warning for a filter that libpcap could not compile for one of the capture's link types:
/// "--filter 'EXPR' does not apply to ETHERNET (1) (libpcap's reason); its packets were
/// FATE" (skipped by an analysis, dropped by a conversion).
std::string filter_failure_text(std::string_view expression, link_type link,
                                std::string_view reason, std::string_view fate);

/// An interface's own capture counters (a pcapng file's interface statistics, or what the
/// kernel counted during a live capture): "1000 received, 7 dropped by the interface, 2
/// dropped by the OS", naming only the counters the capture has; empty when it has none.
std::string interface_counters_text(const interface_info& itf);

/// Packets the interface's counters say the capture missed (dropped by the interface or by
/// the OS); 0 when it has no such counters.
std::uint64_t packets_dropped(const interface_info& itf) noexcept;

} // namespace pktscope::cli::output
