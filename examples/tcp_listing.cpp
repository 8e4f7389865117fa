// tcp_listing: every TCP segment as "source -> destination [flags] seq ack", the dpkt
// tutorial's
//
//   eth = dpkt.ethernet.Ethernet(buf)
//   ip = eth.data
//   if isinstance(ip.data, dpkt.tcp.TCP):
//       tcp = ip.data
//       print(inet_to_str(ip.src), tcp.sport, '->', inet_to_str(ip.dst), tcp.dport, tcp.flags)
//
// With pktscope one call, decode(), walks the whole stack (any link type, VLAN tags, IPv4 or
// IPv6 and its extension headers) and leaves a summary of the innermost IP and transport
// headers in a decoded_packet, which lives on the stack and is reused for every packet.
//
//   usage: example_tcp_listing CAPTURE
//   output: "SECONDS.NANOSECONDS SRC:PORT -> DST:PORT [FLAGS] seq=N ack=N len=N"
//           (IPv6 addresses in brackets; seq and ack are the raw header values)

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/proto/tcp.hpp>

#include <cinttypes>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CAPTURE\n", argv[0]);
    return 2;
  }
  auto reader = pktscope::capture_reader::open(argv[1]);
  if (!reader) {
    std::fprintf(stderr, "%s: not a readable capture\n", argv[1]);
    return 1;
  }

  // Only headers up to the transport layer are needed: stop there (no DNS, HTTP, ... parsing).
  const pktscope::decode_options options{.deepest = pktscope::stop_at::transport};
  pktscope::decoded_packet decoded;

  for (const pktscope::packet& pkt : *reader) {
    // Lax mode (the default) never fails: a damaged packet keeps the layers that decoded and
    // says in decoded.stopped why it ended early. Here we simply skip what is not TCP.
    if (!pktscope::decode(pkt.data, pkt.link, options, decoded) ||
        decoded.transport != pktscope::layer_id::tcp) {
      continue;
    }
    // The flags by name, in tshark's order: "SYN", "SYN,ACK", "FIN,PSH,ACK", ...
    char flags[pktscope::tcp::max_flags_text];
    pktscope::tcp::format_flags(pktscope::tcp::flag_set(decoded.tcp_flags), flags);

    std::printf("%" PRId64 ".%09" PRId64 " ", pkt.ts / 1'000'000'000, pkt.ts % 1'000'000'000);
    // "192.0.2.1:80", or "[2001:db8::1]:80" for IPv6.
    char src[pktscope::max_endpoint_text];
    char dst[pktscope::max_endpoint_text];
    pktscope::format_endpoint(decoded.src_address(), decoded.src_port, src);
    pktscope::format_endpoint(decoded.dst_address(), decoded.dst_port, dst);
    std::printf("%s -> %s", src, dst);
    std::printf(" [%s] seq=%" PRIu32 " ack=%" PRIu32 " len=%" PRIu32 "\n", flags, decoded.tcp_seq,
                decoded.tcp_ack, decoded.l4_payload_len);
  }
  return reader->failure() ? 1 : 0;
}
