// write_capture: build packets from scratch and save them as a pcap file, the dpkt tutorial's
//
//   tcp = dpkt.tcp.TCP(sport=40000, dport=80, flags=dpkt.tcp.TH_SYN)
//   ip = dpkt.ip.IP(src=..., dst=..., p=dpkt.ip.IP_PROTO_TCP, data=tcp)
//   eth = dpkt.ethernet.Ethernet(src=..., dst=..., data=ip)
//   writer = dpkt.pcap.Writer(open('out.pcap', 'wb'))
//   writer.writepkt(bytes(eth), ts=time.time())
//
// pktscope's builder chains from the outside in (Ethernet, then IP, then TCP, then payload)
// and fills EtherTypes, lengths and checksums when the chain is written; only stacks that make
// sense compile (.tcp() after .ethernet() does not). capture_writer writes pcap or pcapng
// atomically: the file appears under its name only when close() succeeds.
//
//   usage: example_write_capture OUTPUT.pcap
//   writes 36 packets: an HTTP request over a TCP handshake (IPv4), a DNS query and its answer,
//   an ICMP echo request and reply, an IPv6 TCP handshake on a VLAN, and a SYN sweep of ports
//   1-25 from one host (the port scan that example_port_scan_counter reports).

#include <pktscope/build/builder.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/core/chars.hpp>
#include <pktscope/io/capture_writer.hpp>
#include <pktscope/proto/dns.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace {

namespace build = pktscope::build;
using pktscope::tcp::flag;

// Addresses from the documentation ranges (RFC 5737, RFC 3849, RFC 7042).
const pktscope::mac_address client_mac{{0x00, 0x00, 0x5e, 0x00, 0x53, 0x01}};
const pktscope::mac_address server_mac{{0x00, 0x00, 0x5e, 0x00, 0x53, 0x02}};
const pktscope::ipv4_address client{{192, 0, 2, 10}};
const pktscope::ipv4_address server{{198, 51, 100, 80}};
const pktscope::ipv4_address resolver{{198, 51, 100, 53}};
const pktscope::ipv4_address scanner{{203, 0, 113, 66}};
const pktscope::ipv6_address client6{
    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10}};
const pktscope::ipv6_address server6{
    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80}};

// Writes packets one after another, 1 ms apart, starting at 2024-01-01T00:00:00Z.
class recorder {
public:
  explicit recorder(pktscope::capture_writer& w) : writer_(w) {}

  // Any finished chain: write it into a reusable buffer and hand it to the writer.
  template <class Chain> bool add(const Chain& packet) {
    buffer_.resize(packet.size());
    packet.write_to(buffer_); // fills EtherTypes, lengths and checksums
    pktscope::packet record;
    record.ts = ts_;
    record.data = buffer_;
    record.original_len = static_cast<std::uint32_t>(buffer_.size());
    record.link = Chain::link();
    ts_ += 1'000'000;
    return static_cast<bool>(writer_.write(record));
  }

private:
  pktscope::capture_writer& writer_;
  std::vector<std::uint8_t> buffer_;
  pktscope::timestamp_ns ts_ = 1'704'067'200'000'000'000;
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.pcap\n", argv[0]);
    return 2;
  }
  auto created = pktscope::capture_writer::create(
      argv[1], {.format = pktscope::capture_format::pcap, .nanosecond = false});
  if (!created) {
    std::fprintf(stderr, "%s: cannot create\n", argv[1]);
    return 1;
  }
  pktscope::capture_writer& writer = **created;
  recorder out(writer);
  bool ok = true;

  // 1. An HTTP request over a TCP handshake. Each step returns a new chain; the payload span
  //    is not copied, so it must outlive the writes (a string literal does).
  const auto client_to_server = build::ethernet(client_mac, server_mac).ipv4(client, server);
  const auto server_to_client = build::ethernet(server_mac, client_mac).ipv4(server, client);
  constexpr std::string_view request = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
  const pktscope::bytes request_bytes = pktscope::as_bytes(request);
  ok = ok && out.add(client_to_server.tcp(40000, 80, {.seq = 1000, .options = {.mss = 1460}}));
  ok = ok &&
       out.add(server_to_client.tcp(
           80, 40000,
           {.seq = 5000, .ack = 1001, .flags = {flag::syn, flag::ack}, .options = {.mss = 1460}}));
  ok = ok &&
       out.add(client_to_server.tcp(40000, 80, {.seq = 1001, .ack = 5001, .flags = {flag::ack}}));
  ok =
      ok && out.add(client_to_server
                        .tcp(40000, 80, {.seq = 1001, .ack = 5001, .flags = {flag::psh, flag::ack}})
                        .payload(request_bytes));

  // 2. A DNS query and its answer, the messages built with dns::message_builder.
  std::array<std::uint8_t, 512> query_buffer{}, answer_buffer{};
  pktscope::dns::message_builder query(query_buffer, 0x1234, 0x0100);   // RD
  pktscope::dns::message_builder answer(answer_buffer, 0x1234, 0x8180); // QR RD RA
  ok = ok && query.add_question("example.com", pktscope::dns::qtype::a) &&
       answer.add_question("example.com", pktscope::dns::qtype::a) &&
       answer.add_a("example.com", 300, server);
  ok =
      ok &&
      out.add(
          build::ethernet(client_mac, server_mac).ipv4(client, resolver).udp(53000, 53).dns(query));
  ok = ok && out.add(build::ethernet(server_mac, client_mac)
                         .ipv4(resolver, client)
                         .udp(53, 53000)
                         .dns(answer));

  // 3. Ping: ICMP echo request and reply (the IP protocol field is filled from the ICMP step).
  ok = ok && out.add(build::ethernet(client_mac, server_mac)
                         .ipv4(client, server)
                         .icmp(build::icmp_echo(7, 1)));
  ok = ok && out.add(build::ethernet(server_mac, client_mac)
                         .ipv4(server, client)
                         .icmp(build::icmp_echo(7, 1, /*reply=*/true)));

  // 4. An IPv6 handshake on VLAN 42.
  const auto v6_out = build::ethernet(client_mac, server_mac).vlan(42).ipv6(client6, server6);
  const auto v6_back = build::ethernet(server_mac, client_mac).vlan(42).ipv6(server6, client6);
  ok = ok && out.add(v6_out.tcp(40001, 443, {.seq = 77}));
  ok = ok &&
       out.add(v6_back.tcp(443, 40001, {.seq = 900, .ack = 78, .flags = {flag::syn, flag::ack}}));
  ok = ok && out.add(v6_out.tcp(40001, 443, {.seq = 78, .ack = 901, .flags = {flag::ack}}));

  // 5. A SYN sweep: one host probing ports 1-25 of the server.
  for (std::uint16_t port = 1; port <= 25; ++port) {
    ok = ok && out.add(build::ethernet(client_mac, server_mac)
                           .ipv4(scanner, server)
                           .tcp(61000, port, {.seq = 424242}));
  }

  // close() flushes and renames the temporary file onto OUTPUT; without it nothing is left.
  if (!ok || !writer.close()) {
    std::fprintf(stderr, "%s: writing failed\n", argv[1]);
    return 1;
  }
  std::printf("wrote %llu packets to %s\n",
              static_cast<unsigned long long>(writer.packets_written()), argv[1]);
  return 0;
}
