// pktscope dump FILE...: one line per packet, like tcpdump's one-liners or dpkt's tutorial
// listings, or chosen columns named as tshark names them (`--fields ip.src,tcp.flags`), as
// tab-separated text, CSV or NDJSON. docs/cli/dump.md.

#include "cli_error.hpp"
#include "command_registry.hpp"
#include "dump/fields.hpp"
#include "output/capture_text.hpp"
#include "output/text.hpp"
#include "pass/filter_option.hpp"

#include <pktscope/core/link_type.hpp>
#include <pktscope/core/list_items.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/bpf_filter.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli {

namespace {

using dump::field;
using dump::time_mode;

struct dump_options {
  std::vector<std::string> files;
  std::string time = "iso";
  std::string protos;
  std::string fields;
  bool json = false;
  bool csv = false;
  std::string filter;
  std::optional<std::uint64_t> count;
};

enum class output_kind : std::uint8_t { human, tab, csv, json };

void put_csv_value(output::buffered_output& o, const dump::values& v) {
  bool quote = false;
  for (const std::string_view s : v) {
    quote = quote || s.find_first_of(",\"\r\n") != std::string_view::npos;
  }
  quote = quote || v.size() > 1;
  if (quote) {
    o.put('"');
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i != 0) {
      o.put(',');
    }
    for (const char c : v[i]) {
      if (c == '"') {
        o.put('"');
      }
      o.put(c);
    }
  }
  if (quote) {
    o.put('"');
  }
}

void put_joined(output::buffered_output& o, const dump::values& v, char sep) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i != 0) {
      o.put(sep);
    }
    o.put(v[i]);
  }
}

/// Columns of --json/--csv without --fields, and what the human line is made of.
constexpr field default_columns[] = {field::number, field::time,     field::caplen, field::len,
                                     field::vlan,   field::tunnel,   field::src,    field::dst,
                                     field::sport,  field::dport,    field::proto,  field::flags,
                                     field::info,   field::anomalies};

class dumper {
public:
  dumper(const dump_options& o, output_kind kind, std::vector<field> columns, time_mode tm)
      : opt_(o), kind_(kind), columns_(std::move(columns)), tm_(tm) {}

  void header(bool with_file) {
    with_file_ = with_file;
    if (kind_ != output_kind::csv) {
      return;
    }
    if (with_file_) {
      out_.put("file,");
    }
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i != 0) {
        out_.put(',');
      }
      out_.put(dump::info_of(columns_[i]).name);
    }
    out_.put('\n');
  }

  /// Returns false when --count is reached.
  bool packet(std::string_view file, const dump::packet_fields& pf) {
    switch (kind_) {
    case output_kind::human: human(pf); break;
    case output_kind::tab:
      for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i != 0) {
          out_.put('\t');
        }
        pf.collect(columns_[i], vals_, tm_);
        put_joined(out_, vals_, ',');
      }
      out_.put('\n');
      break;
    case output_kind::csv:
      if (with_file_) {
        vals_.clear();
        vals_.add(file);
        put_csv_value(out_, vals_);
        out_.put(',');
      }
      for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i != 0) {
          out_.put(',');
        }
        pf.collect(columns_[i], vals_, tm_);
        put_csv_value(out_, vals_);
      }
      out_.put('\n');
      break;
    case output_kind::json: json(file, pf); break;
    }
    out_.maybe_flush();
    ++shown_;
    return !opt_.count || shown_ < *opt_.count;
  }

  void file_banner(std::string_view file) {
    if (kind_ == output_kind::human && with_file_) {
      out_.put("# ");
      out_.put(file);
      out_.put('\n');
    }
  }
  void finish() { out_.flush(); }
  [[nodiscard]] bool done() const noexcept { return opt_.count && shown_ >= *opt_.count; }

private:
  void json(std::string_view file, const dump::packet_fields& pf) {
    out_.put('{');
    bool first = true;
    if (with_file_) {
      out_.put("\"file\":");
      output::append_json_string(out_.buf(), file);
      first = false;
    }
    for (const field f : columns_) {
      pf.collect(f, vals_, tm_);
      if (vals_.empty()) {
        continue;
      }
      const dump::field_info& fi = dump::info_of(f);
      if (!first) {
        out_.put(',');
      }
      first = false;
      output::append_json_string(out_.buf(), fi.name);
      out_.put(':');
      // Several occurrences (and the list-valued summary columns) are arrays.
      const bool array = vals_.size() > 1 || f == field::vlan || f == field::anomalies;
      if (array) {
        out_.put('[');
      }
      for (std::size_t i = 0; i < vals_.size(); ++i) {
        if (i != 0) {
          out_.put(',');
        }
        if (fi.kind == dump::value_kind::number) {
          out_.put(vals_[i]);
        } else {
          output::append_json_string(out_.buf(), vals_[i]);
        }
      }
      if (array) {
        out_.put(']');
      }
    }
    out_.put("}\n");
  }

  // NUM TIME [vlan 10] [mpls 16] [vxlan vni 5 a > b |] SRC.SPORT > DST.DPORT: PROTO INFO
  // (len CAP[/ORIG]) [!anomalies]
  void human(const dump::packet_fields& pf) {
    const auto one = [&](field f) -> std::string_view {
      pf.collect(f, vals_, tm_);
      return vals_.empty() ? std::string_view{} : vals_[0];
    };
    out_.put(one(field::number));
    out_.put(' ');
    out_.put(one(field::time));
    pf.collect(field::vlan, vals_, tm_);
    if (!vals_.empty()) {
      out_.put(" vlan ");
      put_joined(out_, vals_, ',');
    }
    pf.collect(field::mpls_label, vals_, tm_);
    if (!vals_.empty()) {
      out_.put(" mpls ");
      put_joined(out_, vals_, ',');
    }
    if (const std::string_view t = one(field::tunnel); !t.empty()) {
      out_.put(" [");
      out_.put(t);
      out_.put(']');
    }
    const auto endpoint = [&](field addr, field port) {
      out_.put(one(addr));
      if (const std::string_view p = one(port); !p.empty()) {
        out_.put('.');
        out_.put(p);
      }
    };
    if (!one(field::src).empty()) {
      out_.put(' ');
      endpoint(field::src, field::sport);
      out_.put(" > ");
      endpoint(field::dst, field::dport);
      out_.put(':');
    }
    if (const std::string_view p = one(field::proto); !p.empty()) {
      out_.put(' ');
      for (const char c : p) {
        out_.put(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
      }
    }
    if (const std::string_view i = one(field::info); !i.empty()) {
      out_.put(' ');
      out_.put(i);
    }
    const pktscope::packet& p = pf.pkt();
    if (p.captured_len() == p.original_len) {
      fmt::format_to(std::back_inserter(out_.buf()), " (len {})", p.original_len);
    } else {
      fmt::format_to(std::back_inserter(out_.buf()), " (len {}/{})", p.captured_len(),
                     p.original_len);
    }
    pf.collect(field::anomalies, vals_, tm_);
    if (!vals_.empty()) {
      out_.put(" !");
      put_joined(out_, vals_, ',');
    }
    out_.put('\n');
  }

  const dump_options& opt_;
  output_kind kind_;
  std::vector<field> columns_;
  time_mode tm_;
  output::buffered_output out_;
  dump::values vals_;
  std::uint64_t shown_ = 0;
  bool with_file_ = false;
};

std::vector<field> parse_fields(const std::string& list) {
  std::vector<field> out;
  for (const std::string_view name : list_items(list)) {
    const auto f = dump::find_field(name);
    if (!f) {
      throw cli_error(exit_code::usage,
                      fmt::format("--fields: unknown field '{}' (see 'pktscope dump "
                                  "--list-fields')",
                                  name));
    }
    out.push_back(*f);
  }
  if (out.empty()) {
    throw cli_error(exit_code::usage, "--fields: no field named");
  }
  return out;
}

constexpr std::string_view known_protos[] = {
    "eth",    "llc",  "vlan",   "mpls",      "pppoes", "ppp",         "sll",    "sll2",
    "null",   "arp",  "macsec", "ip",        "ipv4",   "ipv6",        "ah",     "esp",
    "ipcomp", "icmp", "icmpv6", "pim",       "gre",    "vxlan",       "geneve", "teredo",
    "ayiya",  "l2tp", "lisp",   "lisp-data", "nsh",    "openflow_v4", "tcp",    "udp",
    "sctp",   "dns",  "dhcp",   "ntp",       "http",   "tls"};

std::vector<std::string> parse_protos(const std::string& list) {
  std::vector<std::string> out;
  for (const std::string_view name : list_items(list)) {
    bool known = false;
    for (const std::string_view k : known_protos) {
      known = known || k == name;
    }
    if (!known) {
      throw cli_error(exit_code::usage, fmt::format("--proto: unknown protocol '{}'", name));
    }
    out.emplace_back(name);
  }
  return out;
}

void list_fields() {
  std::string text;
  for (const dump::field_info& fi : dump::all_fields()) {
    text += fmt::format("{:<24}{}\n", fi.name, fi.help);
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void run(const dump_options& o, bool list) {
  if (list) {
    list_fields();
    return;
  }
  if (o.files.empty()) {
    throw cli_error(exit_code::usage, "no capture file given");
  }
  if (o.json && o.csv) {
    throw cli_error(exit_code::usage, "--json and --csv exclude each other");
  }
  const time_mode tm = o.time == "epoch"      ? time_mode::epoch
                       : o.time == "relative" ? time_mode::relative
                       : o.time == "delta"    ? time_mode::delta
                                              : time_mode::iso;
  const output_kind kind = o.json              ? output_kind::json
                           : o.csv             ? output_kind::csv
                           : !o.fields.empty() ? output_kind::tab
                                               : output_kind::human;
  std::vector<field> columns =
      o.fields.empty() ? std::vector<field>(std::begin(default_columns), std::end(default_columns))
                       : parse_fields(o.fields);
  const std::vector<std::string> protos = parse_protos(o.protos);

  dumper out(o, kind, std::move(columns), tm);
  out.header(o.files.size() > 1);
  // Packet state lives outside the loop: no allocation per packet.
  auto pf = std::make_unique<dump::packet_fields>();
  exit_code worst = exit_code::ok;
  const auto worse = [&worst](exit_code c) {
    if (c == exit_code::io || worst == exit_code::ok) {
      worst = c;
    }
  };
  for (const std::string& path : o.files) {
    if (out.done()) {
      break;
    }
    errno = 0;
    auto opened = capture_reader::open(path);
    if (!opened) {
      const error& e = opened.error();
      if (e.code == errc::io) {
        fmt::print(stderr, "pktscope: {}: cannot read: {}\n", path,
                   errno != 0 ? std::strerror(errno) : "I/O error");
        worse(exit_code::io);
      } else if (e.code == errc::bad_format) {
        fmt::print(stderr, "pktscope: {}: offset 0: not a pcap or pcapng capture\n", path);
        worse(exit_code::bad_input);
      } else {
        fmt::print(stderr, "pktscope: {}: offset {}: damaged file header ({})\n", path, e.offset,
                   errc_name(e.code));
        worse(exit_code::bad_input);
      }
      continue;
    }
    capture_reader& reader = *opened;
    std::optional<bpf_filter> filter = pass::filter_for_file(o.filter, reader.info());
    out.file_banner(path);
    pf->start_capture();
    std::uint64_t number = 0;
    timestamp_ns first_ts = 0;
    timestamp_ns prev_ts = 0;
    while (const packet* pkt = reader.next()) {
      ++number;
      if (number == 1) {
        first_ts = pkt->ts;
        prev_ts = pkt->ts;
      }
      const timestamp_ns prev = prev_ts;
      prev_ts = pkt->ts;
      if (filter && !filter->matches(*pkt)) {
        continue;
      }
      const auto& itfs = reader.info().interfaces;
      const std::uint8_t fcs =
          pkt->interface < itfs.size() ? itfs[pkt->interface].fcs_len_bytes : std::uint8_t {
        0
      };
      pf->load(*pkt, number, first_ts, prev, fcs);
      if (!protos.empty()) {
        bool match = false;
        for (const std::string& p : protos) {
          match = match || pf->has_protocol(p);
        }
        if (!match) {
          continue;
        }
      }
      if (!out.packet(path, *pf)) {
        break;
      }
    }
    out.finish();
    for (const diagnostic& d : reader.warnings()) {
      fmt::print(stderr, "pktscope: {}: offset {}: warning: {}\n", path, d.err.offset,
                 output::diagnostic_text(d));
    }
    if (const auto& failure = reader.failure(); failure && !out.done()) {
      fmt::print(stderr, "pktscope: {}: offset {}: {}; reading stopped after {} packets\n", path,
                 failure->err.offset, output::diagnostic_text(*failure), number);
      worse(failure->err.code == errc::io ? exit_code::io : exit_code::bad_input);
    }
    if (filter) {
      for (const auto& [link, message] : filter->failures()) {
        fmt::print(stderr, "pktscope: {}: warning: {}\n", path,
                   output::filter_failure_text(o.filter, link, message, "skipped"));
      }
    }
  }
  out.finish();
  if (std::fflush(stdout) != 0) {
    throw cli_error(exit_code::io,
                    fmt::format("cannot write the output: {}", std::strerror(errno)));
  }
  if (worst != exit_code::ok) {
    throw cli_error(worst, "not every capture could be read to its end");
  }
}

void setup(CLI::App& app) {
  auto opts = std::make_shared<dump_options>();
  auto list = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "dump", "One line per packet: addresses, ports, flags, ICMP types, DNS questions, VLANs, "
              "tunnels, anomalies; or chosen tshark-named fields as text, CSV or NDJSON");
  cmd->add_option("files", opts->files, "Capture files (pcap, pcapng, gzip/zstd); - is stdin");
  cmd->add_option("--time", opts->time,
                  "Timestamp column: iso (UTC, ns; default), epoch, relative (to the first "
                  "packet), delta (to the previous packet)")
      ->check(CLI::IsMember({"iso", "epoch", "relative", "delta"}));
  cmd->add_option("--proto", opts->protos,
                  "Show only packets with one of these protocols (tcp, udp, icmp, icmpv6, arp, "
                  "dns, ip, ipv6, vlan, mpls, gre, vxlan, ...); comma-separated");
  cmd->add_option("--fields", opts->fields,
                  "Columns to print, comma-separated, by tshark field name (ip.src, tcp.flags, "
                  "...) or pktscope column name; tab-separated unless --json/--csv");
  cmd->add_flag("--list-fields", *list, "List the field names and exit");
  cmd->add_flag("--json", opts->json, "NDJSON: one JSON object per packet");
  cmd->add_flag("--csv", opts->csv, "CSV with a header row");
  cmd->add_option("--filter", opts->filter, "Only packets matching this BPF expression (tcpdump)");
  cmd->add_option("--count", opts->count, "Stop after printing N packets")
      ->check(CLI::NonNegativeNumber);
  cmd->footer("Exit status: 0 when every file was read to its end, 1 when a file is no capture "
              "or damage stopped reading it, 2 for usage errors, 3 when a file cannot be opened "
              "or the output cannot be written.");
  cmd->callback([opts, list] { run(*opts, *list); });
}

const command_registration registration{"dump", 20, setup};

} // namespace

} // namespace pktscope::cli
