#include "flows/conn_formats.hpp"

#include "output/json_text.hpp"
#include "output/text.hpp"
#include "time_format.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

namespace pktscope::cli::flows {

namespace {

using json = nlohmann::ordered_json;

std::string seconds_text(timestamp_ns ns, int decimals = 6) {
  return fmt::format("{:.{}f}", static_cast<double>(ns) / 1e9, decimals);
}

/// Exact decimal seconds from nanoseconds (six digits, truncated as Zeek prints times).
std::string epoch_text(timestamp_ns ns) {
  const bool neg = ns < 0;
  const std::uint64_t a =
      neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1'000'000'000U,
                     (a % 1'000'000'000U) / 1000U);
}

std::string tunnel_text(const conn_row& r) {
  if (r.tunnel_kind == layer_id::none) {
    return "";
  }
  return fmt::format("{}:{}", layer_name(r.tunnel_kind), r.tunnel_id);
}

json row_json(const conn_row& r) {
  json j;
  j["ts"] = static_cast<double>(r.first_ts) / 1e9;
  j["ts_ns"] = r.first_ts;
  j["uid"] = r.uid;
  j["orig_h"] = r.orig_h;
  j["orig_p"] = r.orig_p;
  j["resp_h"] = r.resp_h;
  j["resp_p"] = r.resp_p;
  j["proto"] = r.proto;
  j["ip_proto"] = r.ip_proto;
  j["service"] = r.service.empty() ? json(nullptr) : json(r.service);
  j["duration"] = static_cast<double>(r.duration()) / 1e9;
  j["duration_ns"] = r.duration();
  j["orig_pkts"] = r.dir[0].packets;
  j["orig_bytes"] = r.dir[0].bytes;
  j["resp_pkts"] = r.dir[1].packets;
  j["resp_bytes"] = r.dir[1].bytes;
  j["orig_first_ns"] = r.dir[0].packets ? json(r.dir[0].first_ts) : json(nullptr);
  j["resp_first_ns"] = r.dir[1].packets ? json(r.dir[1].first_ts) : json(nullptr);
  j["orig_payload_bytes"] = r.orig_bytes;
  j["resp_payload_bytes"] = r.resp_bytes;
  j["orig_ip_bytes"] = r.dir[0].ip_bytes;
  j["resp_ip_bytes"] = r.dir[1].ip_bytes;
  j["conn_state"] = conn_state_name(r.state);
  j["history"] = r.history;
  j["rtt"] = r.rtt >= 0 ? json(static_cast<double>(r.rtt) / 1e9) : json(nullptr);
  j["orig_retransmissions"] = r.orig_retx;
  j["resp_retransmissions"] = r.resp_retx;
  j["orig_out_of_order"] = r.orig_ooo;
  j["resp_out_of_order"] = r.resp_ooo;
  j["orig_zero_windows"] = r.orig_zero_win;
  j["resp_zero_windows"] = r.resp_zero_win;
  j["missed_bytes"] = r.missed_bytes;
  j["first_fin"] = r.first_fin.empty() ? json(nullptr) : json(r.first_fin);
  j["first_rst"] = r.first_rst.empty() ? json(nullptr) : json(r.first_rst);
  j["fragments"] = r.dir[0].fragments + r.dir[1].fragments;
  j["vlan"] = r.vlan ? json(r.vlan) : json(nullptr);
  j["inner_vlan"] = r.inner_vlan ? json(r.inner_vlan) : json(nullptr);
  j["tunnel"] = r.tunnel_kind == layer_id::none ? json(nullptr) : json(tunnel_text(r));
  j["end"] = flow_end_name(r.end);
  return j;
}

/// One CSV field, quoted as RFC 4180 asks (the shared escaping of the CLI's outputs).
std::string csv_field(std::string_view s) {
  std::string out;
  output::append_csv_field(out, s);
  return out;
}

/// Zeek's "%Y-%m-%d-%H-%M-%S" for the #open/#close lines (UTC), from packet time.
std::string zeek_stamp(timestamp_ns ts) {
  std::string iso = format_iso8601_ns(ts); // 2024-01-02T03:04:05.123456789Z
  std::string out = iso.substr(0, 19);
  std::replace(out.begin(), out.end(), 'T', '-');
  std::replace(out.begin(), out.end(), ':', '-');
  return out;
}

} // namespace

void print_json(const std::vector<conn_row>& rows) {
  for (const conn_row& r : rows) {
    const std::string s = output::json_text(row_json(r));
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fputc('\n', stdout);
  }
}

void print_csv(const std::vector<conn_row>& rows) {
  fmt::print("ts,uid,orig_h,orig_p,resp_h,resp_p,proto,service,duration,orig_pkts,orig_bytes,"
             "resp_pkts,resp_bytes,orig_payload_bytes,resp_payload_bytes,conn_state,history,rtt,"
             "orig_retransmissions,resp_retransmissions,orig_out_of_order,resp_out_of_order,"
             "orig_zero_windows,resp_zero_windows,missed_bytes,first_fin,first_rst,vlan,tunnel,"
             "end\n");
  for (const conn_row& r : rows) {
    fmt::print(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},"
        "{},{},{}\n",
        epoch_text(r.first_ts), r.uid, r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.proto, r.service,
        seconds_text(r.duration()), r.dir[0].packets, r.dir[0].bytes, r.dir[1].packets,
        r.dir[1].bytes, r.orig_bytes, r.resp_bytes, conn_state_name(r.state), csv_field(r.history),
        r.rtt >= 0 ? seconds_text(r.rtt) : std::string(), r.orig_retx, r.resp_retx, r.orig_ooo,
        r.resp_ooo, r.orig_zero_win, r.resp_zero_win, r.missed_bytes, r.first_fin, r.first_rst,
        r.vlan ? fmt::format("{}", r.vlan) : std::string(), tunnel_text(r), flow_end_name(r.end));
  }
}

void print_zeek(const std::vector<conn_row>& rows, timestamp_ns open_ts, timestamp_ns close_ts) {
  // The ASCII log writer's header (Zeek's logging/writers/ascii): separator, set separator,
  // empty/unset markers, path, open time, field names and types.
  fmt::print("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
             "#path\tconn\n#open\t{}\n",
             zeek_stamp(open_ts));
  fmt::print("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t"
             "duration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\t"
             "missed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\t"
             "tunnel_parents\n");
  fmt::print("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\t"
             "string\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n");
  std::string line;
  for (const conn_row& r : rows) {
    // Zeek sets duration and byte counts only for connections lasting longer than zero.
    const bool timed = r.duration() > 0;
    line.clear();
    fmt::format_to(
        std::back_inserter(line),
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t-\t-\t{}\t{}\t{}\t{}\t{}\t{}\t-\n",
        epoch_text(r.first_ts), r.uid, r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.proto,
        r.service.empty() ? std::string_view{"-"} : r.service,
        timed ? seconds_text(r.duration()) : std::string("-"),
        timed ? fmt::format("{}", r.orig_bytes) : std::string("-"),
        timed ? fmt::format("{}", r.resp_bytes) : std::string("-"), conn_state_name(r.state),
        r.missed_bytes, r.history.empty() ? std::string_view{"-"} : std::string_view{r.history},
        r.dir[0].packets, r.dir[0].ip_bytes, r.dir[1].packets, r.dir[1].ip_bytes);
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  fmt::print("#close\t{}\n", zeek_stamp(close_ts));
}

void print_table(const std::vector<conn_row>& rows) {
  fmt::print("{:<27} {:<18} {:<5} {:>39} {:>39} {:<8} {:>12} {:>7} {:>10} {:>7} {:>10} {:<6} "
             "{:<16} {:>9} {:>5}\n",
             "start", "uid", "proto", "orig", "resp", "service", "duration", "o.pkts", "o.bytes",
             "r.pkts", "r.bytes", "state", "history", "rtt(ms)", "retx");
  for (const conn_row& r : rows) {
    const auto ep = [&](const std::string& h, std::uint16_t p, std::uint8_t v) {
      return v == 6 ? fmt::format("[{}]:{}", h, p) : fmt::format("{}:{}", h, p);
    };
    fmt::print("{:<27} {:<18} {:<5} {:>39} {:>39} {:<8} {:>12} {:>7} {:>10} {:>7} {:>10} {:<6} "
               "{:<16} {:>9} {:>5}\n",
               format_iso8601_ns(r.first_ts).substr(0, 26) + "Z", r.uid, r.proto,
               ep(r.orig_h, r.orig_p, r.ip_version), ep(r.resp_h, r.resp_p, r.ip_version),
               r.service.empty() ? std::string_view{"-"} : r.service, seconds_text(r.duration()),
               r.dir[0].packets, r.dir[0].bytes, r.dir[1].packets, r.dir[1].bytes,
               conn_state_name(r.state), r.history.empty() ? std::string("-") : r.history,
               r.rtt >= 0 ? fmt::format("{:.3f}", static_cast<double>(r.rtt) / 1e6)
                          : std::string("-"),
               r.orig_retx + r.resp_retx);
  }
}

} // namespace pktscope::cli::flows
