#pragma once
/// What `pktscope synth` generates: the network (hosts, IPv6 share, VLAN, tunnel), the amount
/// and shape of normal traffic (duration, rate, diurnal curve) and the injected events
/// (scans, floods, sweeps, tunnels). Plain values, filled by the CLI or by tests; a scenario
/// and its seed determine the capture byte for byte.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::synth {

inline constexpr timestamp_ns ns_per_second = 1'000'000'000;

enum class tunnel_kind : std::uint8_t {
  none,
  vxlan, ///< every frame inside Ethernet/IPv4/UDP 4789/VXLAN/Ethernet (RFC 7348)
  gre,   ///< every IP packet inside Ethernet/IPv4/GRE (RFC 2784)
};

enum class event_kind : std::uint8_t {
  port_scan,       ///< TCP/UDP probes of many ports (vertical) or many hosts (horizontal)
  syn_flood,       ///< SYNs at a high rate from one source or spoofed random sources
  ping_sweep,      ///< ICMP echo requests to every address of the LAN
  icmp_flood,      ///< ICMP echo requests at a high rate to one host
  volume_spike,    ///< a burst of normal-looking web conversations from a few new clients
  icmp_tunnel,     ///< echo requests and replies with large high-entropy payloads
  dns_tunnel,      ///< DNS queries with long random labels under one domain
  sensitive_ports, ///< connection attempts to remote-access and file-sharing ports
};

/// "port_scan", "syn_flood", ... (the names --event accepts).
[[nodiscard]] std::string_view event_kind_name(event_kind kind) noexcept;
[[nodiscard]] std::optional<event_kind> parse_event_kind(std::string_view name) noexcept;

/// nmap's scan types: -sS, -sT, -sN, -sF, -sX, -sA, -sU.
enum class scan_type : std::uint8_t { syn, connect, null, fin, xmas, ack, udp };
[[nodiscard]] std::string_view scan_type_name(scan_type type) noexcept;

/// One injected event. Zero / unset fields take the kind's defaults (docs/cli/synth.md).
struct event_spec {
  event_kind kind = event_kind::port_scan;
  /// Start as a fraction of the capture duration, in [0, 1); negative: chosen from the seed.
  double at = -1;
  /// Start as an offset from the capture start; overrides `at` when >= 0.
  timestamp_ns at_offset = -1;
  /// Length of the event; 0: count / rate.
  timestamp_ns duration = 0;
  /// Attack packets (probes, SYNs, echo requests, queries) to send; for volume_spike the
  /// number of conversations. 0: the kind's default (or rate * duration).
  std::uint32_t count = 0;
  /// Attack packets (volume_spike: conversations) per second; 0: the kind's default.
  double rate = 0;
  scan_type scan = scan_type::syn;
  bool horizontal = false; ///< port_scan: one port on many hosts instead of many ports
  bool slow = false;       ///< port_scan: one probe every few seconds instead of hundreds/s
  bool spoofed = false;    ///< syn_flood: random source addresses from a reserved /16
  std::optional<ipv4_address> attacker{};
  std::optional<ipv4_address> victim{};
  std::uint16_t port_first = 0; ///< vertical scan range (0: kind default)
  std::uint16_t port_last = 0;
  std::uint16_t port = 0;    ///< horizontal scan / syn_flood target port (0: default)
  std::uint16_t size = 0;    ///< ICMP payload octets (icmp_flood, icmp_tunnel); 0: default
  std::string domain{};      ///< dns_tunnel: the domain under which labels are sent
  std::uint32_t sources = 0; ///< volume_spike: number of client hosts (0: 8)
};

struct scenario {
  std::uint64_t seed = 1;
  /// First possible timestamp (the capture starts at the first packet on or after it).
  timestamp_ns start = 1'704'067'200 * ns_per_second; // 2024-01-01T00:00:00Z
  timestamp_ns duration = 300 * ns_per_second;
  /// Normal-traffic packets per second, averaged over the capture; 0: target_packets /
  /// duration.
  double rate = 0;
  /// Approximate number of normal-traffic packets (events come on top).
  std::uint64_t target_packets = 100'000;
  std::uint32_t hosts = 50; ///< hosts taking part in normal traffic (clients and servers)
  double ipv6_share = 0.2;  ///< fraction of normal conversations over IPv6
  std::optional<std::uint16_t> vlan{}; ///< 802.1Q tag on every frame (outer, when tunnelled)
  tunnel_kind tunnel = tunnel_kind::none;
  std::vector<event_spec> events{};
};

/// Empty when the scenario can be generated, else why not (one sentence).
[[nodiscard]] std::string validate(const scenario& s);

/// The mixed set of events `--attacks` adds: every scan type, both flood variants, sweep,
/// spike, both tunnels and sensitive ports, spread over the capture.
[[nodiscard]] std::vector<event_spec> default_attacks();

/// Parses "KIND[:key=value,...]" (the --event syntax, keys in docs/cli/synth.md). On error
/// returns nullopt and sets `why`.
[[nodiscard]] std::optional<event_spec> parse_event(std::string_view text, std::string& why);

} // namespace pktscope::synth
