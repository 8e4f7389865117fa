// udp_listing: every UDP datagram as "source -> destination length", the dpkt tutorial's
//
//   if isinstance(ip.data, dpkt.udp.UDP):
//       udp = ip.data
//       print(inet_to_str(ip.src), udp.sport, '->', inet_to_str(ip.dst), udp.dport, udp.ulen)
//
// The UDP view is re-parsed from the recorded layer with decoded_packet::view_of(), which is
// how any header field that the summary does not carry (here the length field) is reached.
//
//   usage: example_udp_listing CAPTURE
//   output: "SECONDS.NANOSECONDS SRC:PORT -> DST:PORT length=N payload=N"
//           (length: the UDP header's length field; payload: payload bytes captured)

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/proto/udp.hpp>

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

  const pktscope::decode_options options{.deepest = pktscope::stop_at::transport};
  pktscope::decoded_packet decoded;

  for (const pktscope::packet& pkt : *reader) {
    if (!pktscope::decode(pkt.data, pkt.link, options, decoded) ||
        decoded.transport != pktscope::layer_id::udp) {
      continue;
    }
    // The innermost UDP layer (a tunnel such as VXLAN may carry another one inside).
    const pktscope::layer* layer = decoded.find_last(pktscope::layer_id::udp);
    const auto udp = decoded.view_of<pktscope::udp::view>(*layer);
    if (!udp) {
      continue; // cannot happen for a layer decode() recorded; checked all the same
    }

    std::printf("%" PRId64 ".%09" PRId64 " ", pkt.ts / 1'000'000'000, pkt.ts % 1'000'000'000);
    // "192.0.2.1:80", or "[2001:db8::1]:80" for IPv6.
    char src[pktscope::max_endpoint_text];
    char dst[pktscope::max_endpoint_text];
    pktscope::format_endpoint(decoded.src_address(), decoded.src_port, src);
    pktscope::format_endpoint(decoded.dst_address(), decoded.dst_port, dst);
    std::printf("%s -> %s", src, dst);
    std::printf(" length=%u payload=%" PRIu32 "\n", udp->length(), decoded.l4_payload_len);
  }
  return reader->failure() ? 1 : 0;
}
