// icmp_listing: every ICMP and ICMPv6 message with its type, code and their meaning, the dpkt
// example print_icmp.py:
//
//   if isinstance(ip.data, dpkt.icmp.ICMP):
//       icmp = ip.data
//       print('ICMP: type:%d code:%d checksum:%d data: %s' % (icmp.type, icmp.code, ...))
//
// describe() turns the numbers into the IANA registry's names ("Destination Unreachable" /
// "Port Unreachable"), so no table needs to be copied into the program.
//
//   usage: example_icmp_listing CAPTURE
//   output: "SECONDS.NANOSECONDS ICMP|ICMPv6 SRC -> DST type=T code=C TYPE NAME: CODE NAME"

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>

#include <cinttypes>
#include <cstdio>
#include <string_view>

namespace {

void print_view(std::string_view s) {
  std::printf("%.*s", static_cast<int>(s.size()), s.data());
}

} // namespace

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
    if (!pktscope::decode(pkt.data, pkt.link, options, decoded)) {
      continue;
    }
    // ICMP for IPv4 and ICMPv6 have separate registries, so separate describe() functions.
    const bool v4 = decoded.transport == pktscope::layer_id::icmp;
    const bool v6 = decoded.transport == pktscope::layer_id::icmpv6;
    if (!v4 && !v6) {
      continue;
    }
    const std::uint8_t type = decoded.icmp_type;
    const std::uint8_t code = decoded.icmp_code;

    char src[pktscope::max_address_text];
    char dst[pktscope::max_address_text];
    pktscope::format_ip(decoded.src_address(), src);
    pktscope::format_ip(decoded.dst_address(), dst);
    std::printf("%" PRId64 ".%09" PRId64 " %s %s -> %s type=%u code=%u ", pkt.ts / 1'000'000'000,
                pkt.ts % 1'000'000'000, v4 ? "ICMP" : "ICMPv6", src, dst, type, code);
    print_view(v4 ? pktscope::icmp::describe_type(type) : pktscope::icmpv6::describe_type(type));
    std::printf(": ");
    print_view(v4 ? pktscope::icmp::describe(type, code) : pktscope::icmpv6::describe(type, code));
    std::printf("\n");
  }
  return reader->failure() ? 1 : 0;
}
