#include <pktscope/analysis/flow_record.hpp>

#include <pktscope/proto/ip_protocol.hpp>

namespace pktscope {

namespace {

struct port_service {
  std::uint16_t port;
  std::uint8_t protocols; // bit 0 TCP, bit 1 UDP
  std::string_view name;
};

// Names as Zeek's analyzers log them in conn.log's service field (ssl for TLS, dns, ...).
// Sorted by port. IANA service-name registry for the port numbers.
constexpr port_service well_known[] = {
    {20, 1, "ftp-data"},     {21, 1, "ftp"},      {22, 1, "ssh"},          {23, 1, "telnet"},
    {25, 1, "smtp"},         {53, 3, "dns"},      {67, 2, "dhcp"},         {68, 2, "dhcp"},
    {69, 2, "tftp"},         {80, 1, "http"},     {88, 3, "krb"},          {110, 1, "pop3"},
    {111, 3, "rpc"},         {123, 2, "ntp"},     {137, 2, "netbios-ns"},  {138, 2, "netbios-dgm"},
    {139, 1, "netbios-ssn"}, {143, 1, "imap"},    {161, 2, "snmp"},        {162, 2, "snmp"},
    {179, 1, "bgp"},         {389, 3, "ldap"},    {443, 1, "ssl"},         {445, 1, "smb"},
    {465, 1, "ssl"},         {500, 2, "ike"},     {502, 1, "modbus"},      {514, 2, "syslog"},
    {546, 2, "dhcpv6"},      {547, 2, "dhcpv6"},  {587, 1, "smtp"},        {636, 1, "ssl"},
    {853, 1, "ssl"},         {993, 1, "ssl"},     {995, 1, "ssl"},         {1080, 1, "socks"},
    {1194, 3, "openvpn"},    {1812, 2, "radius"}, {1883, 1, "mqtt"},       {2049, 3, "nfs"},
    {3306, 1, "mysql"},      {3389, 1, "rdp"},    {4789, 2, "vxlan"},      {5060, 3, "sip"},
    {5353, 2, "dns"},        {5355, 2, "dns"},    {5432, 1, "postgresql"}, {6081, 2, "geneve"},
    {6379, 1, "redis"},      {8080, 1, "http"},   {8443, 1, "ssl"},        {20000, 1, "dnp3"},
};

} // namespace

std::string_view flow_end_name(flow_end e) noexcept {
  switch (e) {
  case flow_end::idle_timeout: return "idle_timeout";
  case flow_end::active_timeout: return "active_timeout";
  case flow_end::evicted: return "evicted";
  case flow_end::reused: return "reused";
  case flow_end::end_of_input: return "end_of_input";
  }
  return "unknown";
}

std::string_view service_by_port(std::uint8_t protocol, std::uint16_t port) noexcept {
  std::uint8_t bit = 0;
  if (protocol == static_cast<std::uint8_t>(ip_protocol::tcp)) {
    bit = 1;
  } else if (protocol == static_cast<std::uint8_t>(ip_protocol::udp)) {
    bit = 2;
  } else {
    return {};
  }
  for (const port_service& p : well_known) {
    if (p.port == port && (p.protocols & bit) != 0) {
      return p.name;
    }
  }
  return {};
}

conn_state flow_record::state() const noexcept {
  const auto proto = static_cast<pktscope::ip_protocol>(key.ip_protocol);
  if (proto == pktscope::ip_protocol::tcp) {
    return tcp.state();
  }
  if (proto == pktscope::ip_protocol::udp || proto == pktscope::ip_protocol::sctp) {
    // Zeek's conn_state(), UDP branch. The originator is the first sender, so it is active.
    return dir[1].packets > 0 ? conn_state::sf : conn_state::s0;
  }
  return conn_state::oth;
}

std::string_view flow_record::history() const noexcept {
  if (key.ip_protocol == static_cast<std::uint8_t>(pktscope::ip_protocol::tcp)) {
    return tcp.history();
  }
  return udp_history.str();
}

std::string_view flow_record::proto_name() const noexcept {
  switch (static_cast<pktscope::ip_protocol>(key.ip_protocol)) {
  case pktscope::ip_protocol::tcp: return "tcp";
  case pktscope::ip_protocol::udp: return "udp";
  case pktscope::ip_protocol::icmp:
  case pktscope::ip_protocol::icmpv6: return "icmp";
  case pktscope::ip_protocol::sctp: return "sctp";
  default: return "unknown_transport";
  }
}

std::string_view flow_record::service() const noexcept {
  switch (application) {
  case layer_id::dns: return "dns";
  case layer_id::dhcp: return "dhcp";
  case layer_id::ntp: return "ntp";
  case layer_id::http: return "http";
  case layer_id::tls: return "ssl";
  default: break;
  }
  std::string_view s = service_by_port(key.ip_protocol, resp_port);
  if (s.empty() && key.ip_protocol == static_cast<std::uint8_t>(pktscope::ip_protocol::udp)) {
    // Answers seen without their question (responder port ephemeral) still name a service.
    s = service_by_port(key.ip_protocol, orig_port);
  }
  return s;
}

std::uint64_t flow_record::orig_bytes() const noexcept {
  return key.ip_protocol == static_cast<std::uint8_t>(pktscope::ip_protocol::tcp)
             ? tcp.orig().size()
             : dir[0].payload_bytes;
}

std::uint64_t flow_record::resp_bytes() const noexcept {
  return key.ip_protocol == static_cast<std::uint8_t>(pktscope::ip_protocol::tcp)
             ? tcp.resp().size()
             : dir[1].payload_bytes;
}

} // namespace pktscope
