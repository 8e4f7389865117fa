#pragma once
// The outputs of `pktscope flows`, written to standard output: the human table, NDJSON, CSV
// with a header line, and Zeek's conn.log (TSV with its header). docs/cli/flows.md.

#include "flows/conn_rows.hpp"

#include <vector>

namespace pktscope::cli::flows {

void print_table(const std::vector<conn_row>& rows);
void print_json(const std::vector<conn_row>& rows);
void print_csv(const std::vector<conn_row>& rows);
/// `open_ts` and `close_ts` (the first and last packet's time) stamp the #open and #close lines.
void print_zeek(const std::vector<conn_row>& rows, timestamp_ns open_ts, timestamp_ns close_ts);

} // namespace pktscope::cli::flows
