#pragma once
// Per-packet field values for `pktscope dump`: one decode per packet (plus one of the datagram
// an IPComp header compresses and one of the datagram an ICMP/ICMPv6 error quotes, as tshark
// dissects them), then any number of fields read from the layer lists. Field names and value text
// follow `tshark -T fields` (Wireshark 4.0) for the fields both tools know, so columns can be
// compared and scripts can switch tools. docs/cli/dump.md lists the fields.

#include <pktscope/analysis/dns_tcp_segments.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/layer_id.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/decode/ipcomp_payload.hpp>
#include <pktscope/io/packet.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace pktscope::cli::dump {

enum class field : std::uint8_t {
  // frame
  frame_number,
  frame_time_epoch,
  frame_time_relative,
  frame_time_delta,
  frame_len,
  frame_cap_len,
  // link
  eth_src,
  eth_dst,
  eth_type,
  vlan_id,
  vlan_etype,
  mpls_label,
  arp_opcode,
  arp_src_hw_mac,
  arp_src_proto_ipv4,
  arp_dst_proto_ipv4,
  // network
  ip_version,
  ip_hdr_len,
  ip_src,
  ip_dst,
  ip_proto,
  ip_ttl,
  ip_len,
  ip_id,
  ip_frag_offset,
  ip_flags_df,
  ip_flags_mf,
  ipv6_src,
  ipv6_dst,
  ipv6_nxt,
  ipv6_hlim,
  ipv6_plen,
  gre_proto,
  // transport
  tcp_srcport,
  tcp_dstport,
  tcp_seq_raw,
  tcp_ack_raw,
  tcp_flags,
  tcp_window_size_value,
  tcp_hdr_len,
  udp_srcport,
  udp_dstport,
  udp_length,
  icmp_type,
  icmp_code,
  icmpv6_type,
  icmpv6_code,
  vxlan_vni,
  geneve_vni,
  // application
  dns_id,
  dns_flags,
  dns_count_queries,
  dns_count_answers,
  dns_qry_name,
  dns_qry_type,
  // pktscope summary columns (not tshark fields)
  number,
  time,
  caplen,
  len,
  src,
  dst,
  sport,
  dport,
  proto,
  flags,
  icmp_desc,
  vlan,
  tunnel,
  info,
  anomalies,
  count_,
};

/// How a value is written in JSON: a number, or a string (hex, addresses, names, text).
enum class value_kind : std::uint8_t { number, text };

struct field_info {
  std::string_view name; ///< tshark's name ("ip.src"), or ours for summary columns ("src")
  field id;
  value_kind kind;
  std::string_view help;
};

/// Every field, tshark fields first, in the order --help lists them.
std::span<const field_info> all_fields() noexcept;
const field_info& info_of(field f) noexcept;
/// The field with this name, or nullopt.
std::optional<field> find_field(std::string_view name) noexcept;

/// How the `time` column is written.
enum class time_mode : std::uint8_t { iso, epoch, relative, delta };

/// The text of one field's occurrences for one packet, in frame order (outer layers first,
/// then the datagram an ICMP error quotes). Views into a scratch buffer that the next
/// collect() overwrites. Allocates its buffers once, in the constructor: room for every
/// question of the largest DNS message (a 64 KiB message holds at most 13107 questions of
/// 5 octets), as tshark lists them all.
class values {
public:
  static constexpr std::size_t max_values = 16384;
  static constexpr std::size_t storage_size = std::size_t{1} << 20;

  values() : v_(max_values), storage_(storage_size) {}

  [[nodiscard]] std::size_t size() const noexcept { return n_; }
  [[nodiscard]] bool empty() const noexcept { return n_ == 0; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept { return v_[i]; }
  [[nodiscard]] const std::string_view* begin() const noexcept { return v_.data(); }
  [[nodiscard]] const std::string_view* end() const noexcept { return v_.data() + n_; }

  void clear() noexcept {
    n_ = 0;
    used_ = 0;
  }
  /// Space to write at most `cap` chars of the next value; commit(len) ends it. Returns
  /// nullptr when storage or value slots are exhausted (the value is then dropped).
  [[nodiscard]] char* reserve(std::size_t cap) noexcept;
  void commit(std::size_t len) noexcept;
  void add(std::string_view text) noexcept;
  void add_u64(std::uint64_t v) noexcept;
  void add_hex(std::uint64_t v, int digits) noexcept; ///< "0x" and at least `digits` digits

private:
  std::vector<std::string_view> v_;
  std::vector<char> storage_;
  std::size_t n_ = 0;
  std::size_t used_ = 0;
  std::size_t reserved_ = 0;
};

/// One packet decoded once, answering any number of field queries.
class packet_fields {
public:
  packet_fields();

  /// Forgets the TCP streams of the capture before: call before a capture's first load().
  void start_capture() noexcept { dns_tcp_.clear(); }

  /// Decodes `pkt` (frame `number`, 1-based). `first_ts` and `prev_ts` are the timestamps of
  /// the capture's first packet and of the previous packet shown, for relative/delta times.
  /// `pkt` must stay valid until the next load().
  /// `fcs_len`: trailing FCS bytes the capture's interface declares (excluded from decoding).
  /// DNS over TCP is read as tshark reads it without reassembly (dns_tcp_segments): packets
  /// must come in capture order, and only segments that start a message have a DNS layer.
  void load(const packet& pkt, std::uint64_t number, timestamp_ns first_ts, timestamp_ns prev_ts,
            std::uint8_t fcs_len = 0) noexcept;

  /// Fills `out` with field `f`'s occurrences in this packet.
  void collect(field f, values& out, time_mode tm = time_mode::iso) const noexcept;

  /// Whether a layer (outer, inflated or quoted) has this protocol name (layer_name(), or "ipv4").
  [[nodiscard]] bool has_protocol(std::string_view name) const noexcept;

  [[nodiscard]] const decoded_packet& decoded() const noexcept { return outer_; }
  [[nodiscard]] const packet& pkt() const noexcept { return *pkt_; }
  [[nodiscard]] std::uint64_t number() const noexcept { return number_; }

private:
  struct ref {
    const decoded_packet* owner;
    const layer* l;
  };
  template <class F> void each(layer_id id, F&& f) const;
  void collect_summary(field f, values& out, time_mode tm) const noexcept;

  decoded_packet outer_;
  inflated_datagram inflater_;
  decoded_packet inflated_; ///< the datagram an IPComp header compresses, if any
  decoded_packet quoted_;   ///< the datagram quoted by an ICMP/ICMPv6 error, if any
  dns_tcp_segments dns_tcp_;
  std::array<ref, 3 * decoded_packet::max_layers> refs_{};
  std::size_t ref_count_ = 0;
  const packet* pkt_ = nullptr;
  std::uint64_t number_ = 0;
  timestamp_ns first_ts_ = 0;
  timestamp_ns prev_ts_ = 0;
};

/// Writes `ts` as text: "2024-01-02T03:04:05.123456789Z" (iso), "1704164645.123456789"
/// (epoch, also relative/delta durations: "0.000000000", negative with '-'). Returns the
/// length; `out` needs 40 chars.
std::size_t format_time(timestamp_ns ts, time_mode mode, char* out) noexcept;

} // namespace pktscope::cli::dump
