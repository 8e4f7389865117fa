#pragma once
// The rows of `pktscope flows`: each finished flow reduced to what its outputs print, the
// filters of --proto, --host, --port and --state, and the orders of --sort.

#include <pktscope/analysis/flow_table.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli::flows {

/// One finished flow, reduced to what the output needs.
struct conn_row {
  std::uint64_t id = 0;
  std::uint32_t part = 0;
  timestamp_ns first_ts = 0, last_ts = 0;
  std::string orig_h, resp_h;
  std::uint16_t orig_p = 0, resp_p = 0;
  std::uint8_t ip_version = 0, ip_proto = 0;
  std::string_view proto, service;
  std::array<flow_direction, 2> dir{};
  std::uint64_t orig_bytes = 0, resp_bytes = 0; // Zeek's payload sizes
  conn_state state = conn_state::oth;
  std::string history;
  timestamp_ns rtt = -1;
  std::uint32_t orig_retx = 0, resp_retx = 0, orig_ooo = 0, resp_ooo = 0;
  std::uint32_t orig_zero_win = 0, resp_zero_win = 0;
  std::uint64_t missed_bytes = 0;
  std::string_view first_fin, first_rst;
  std::uint16_t vlan = 0, inner_vlan = 0;
  layer_id tunnel_kind = layer_id::none;
  std::uint32_t tunnel_id = 0;
  flow_end end = flow_end::end_of_input;
  std::string uid;

  [[nodiscard]] timestamp_ns duration() const { return last_ts - first_ts; }
  [[nodiscard]] std::uint64_t packets() const { return dir[0].packets + dir[1].packets; }
  [[nodiscard]] std::uint64_t bytes() const { return dir[0].bytes + dir[1].bytes; }
};

/// Row filters (--proto, --host, --port, --state); an unset one keeps every row.
struct conn_filter {
  std::optional<std::uint8_t> proto;
  std::optional<std::string> host; ///< in the addresses' canonical text form
  std::optional<std::uint16_t> port;
  std::vector<conn_state> states;

  [[nodiscard]] bool keep(const conn_row& r) const;
};

/// Collects the rows of the flows that pass the filter, as the flow table finishes them.
class conn_collector : public flow_sink {
public:
  explicit conn_collector(const conn_filter& f) : filter_(f) {}
  void flow_finished(const flow_record& r) override;
  std::vector<conn_row> rows;

private:
  const conn_filter& filter_;
};

enum class conn_order : std::uint8_t { start, bytes, packets, duration };

/// Sorts by start time (then flow id and part); the other orders put the largest first and
/// break ties by start time.
void sort_rows(std::vector<conn_row>& rows, conn_order order);

} // namespace pktscope::cli::flows
