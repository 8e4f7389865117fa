#pragma once
// The summary document: built once as JSON (the stable schema of docs/summary-json.md, which
// the HTML report reads too), and printed as one screen of text from that same document.

#include "stats/pipeline.hpp"

#include <pktscope/analysis/stats/talkers.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace pktscope::cli::stats {

using json = nlohmann::ordered_json;

/// Schema identifier written as "schema"; changes only when a field changes meaning.
inline constexpr const char* summary_schema = "pktscope.summary/1";

struct summary_options {
  std::size_t top = 10;         ///< rows per top-N table
  std::size_t matrix_hosts = 8; ///< hosts in the host x host byte matrix
  std::string filter;
};

/// Address text of a host key ("192.0.2.1", "2001:db8::1").
std::string host_text(const pktscope::stats::host_key& h);
/// "tcp", "udp", "sctp" or the protocol number.
std::string transport_text(std::uint8_t ip_protocol);

/// The document of docs/summary-json.md; its "alerts" are pass.alerts (null when absent).
json summary_json(const pass_result& pass, pktscope::stats::traffic_stats& st,
                  const summary_options& opt);
/// The human form of a summary_json() document; the alerts table shows the `top_alerts` most
/// severe alerts and counts the rest.
std::string summary_text(const json& doc, std::size_t top_alerts = 10);

} // namespace pktscope::cli::stats
