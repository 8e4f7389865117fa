// The IPComp header step (RFC 3173) and inflated_datagram: the compressed payloads are DEFLATE
// streams written by hand (support/deflate_stream.hpp) around inner packets made by the
// builder, so the expected values come from the builder's inputs, not from zlib (which only
// squeezes the oversized datagram into a frame).

#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/decode/ipcomp_payload.hpp>

#include "decode_fixture.hpp"
#include "support/deflate_stream.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <zlib.h>

namespace pktscope {
namespace {

using L = layer_id;
using bytes_vec = std::vector<std::uint8_t>;
using test::addr;
using test::frame;
using test::ids;
using test::stored_deflate;
using test::zlib_wrapped;

constexpr std::uint8_t ipcomp_protocol = 108;
constexpr std::uint8_t next_ipv4 = 4, next_ipv6 = 41, next_tcp = 6;

bytes_vec inner_ipv6_udp() {
  const bytes_vec data = {'z', 'i', 'p'};
  return build::raw()
      .ipv6(*ipv6_address::parse("2001:db8::1"), *ipv6_address::parse("2001:db8::2"))
      .udp(1000, 2000)
      .payload(bytes(data))
      .to_vector();
}

bytes_vec inner_ipv4_tcp() {
  return build::raw()
      .ipv4(*ipv4_address::parse("10.0.0.1"), *ipv4_address::parse("10.0.0.2"))
      .tcp(40000, 80)
      .to_vector();
}

/// Raw IPv6 from 2001:db8:f::1 to 2001:db8:f::2, next header IPComp (RFC 3173 §2.2: next
/// header, flags 0, CPI) and `compressed`.
frame ipv6_ipcomp(std::uint8_t next_header, std::uint16_t cpi, const bytes_vec& compressed) {
  bytes_vec payload = {next_header, 0, static_cast<std::uint8_t>(cpi >> 8),
                       static_cast<std::uint8_t>(cpi)};
  payload.insert(payload.end(), compressed.begin(), compressed.end());
  bytes_vec f =
      build::raw()
          .ipv6(*ipv6_address::parse("2001:db8:f::1"), *ipv6_address::parse("2001:db8:f::2"))
          .payload(bytes(payload))
          .to_vector();
  f[6] = ipcomp_protocol; // the IPv6 Next Header
  return {link_type::raw, f};
}

TEST(DecodeIpcomp, HeaderIsALayerAndTheWalkStopsAtThePayload) {
  const frame f = ipv6_ipcomp(next_ipv6, 2, stored_deflate(inner_ipv6_udp()));
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv6, L::ipcomp}));
  EXPECT_EQ(p.ip_protocol, ipcomp_protocol);
  EXPECT_EQ(p.transport, L::none);
  EXPECT_FALSE(p.stopped.has_value());
  EXPECT_EQ(p.layers[1].offset, 40U);
  EXPECT_EQ(p.layers[1].length, 4U);
}

TEST(DecodeIpcomp, CutHeaderIsTruncated) {
  frame f = ipv6_ipcomp(next_ipv6, 2, {});
  f.data.resize(40 + 3);
  f.data[5] = 3; // payload length: the 3 octets left
  const auto p = f.decode();
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.stopped->layer, L::ipcomp);
  EXPECT_EQ(p.stopped->code, errc::truncated);
}

TEST(InflatedDatagram, RawDeflateTunnelModeIpv6) {
  const bytes_vec inner = inner_ipv6_udp();
  const frame f = ipv6_ipcomp(next_ipv6, 0x635c, stored_deflate(inner)); // a negotiated CPI
  const auto outer = f.decode();
  inflated_datagram inflater;
  decoded_packet p;
  ASSERT_TRUE(inflater.decode(outer, {}, p));
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv6, L::udp}));
  EXPECT_EQ(p.frame.size(), inner.size());
  EXPECT_EQ(addr(p.src_address()), "2001:db8::1");
  EXPECT_EQ(addr(p.dst_address()), "2001:db8::2");
  EXPECT_EQ(p.src_port, 1000);
  EXPECT_EQ(p.dst_port, 2000);
}

TEST(InflatedDatagram, ZlibWrappedTunnelModeIpv4) {
  const frame f = ipv6_ipcomp(next_ipv4, 2, zlib_wrapped(inner_ipv4_tcp()));
  inflated_datagram inflater;
  decoded_packet p;
  ASSERT_TRUE(inflater.decode(f.decode(), {}, p));
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::tcp}));
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  EXPECT_EQ(p.dst_port, 80);
}

TEST(InflatedDatagram, RefusesWhatIsNotATunnelledDatagram) {
  inflated_datagram inflater;
  decoded_packet p;
  // Transport mode: the compressed payload is a TCP segment.
  EXPECT_FALSE(
      inflater.decode(ipv6_ipcomp(next_tcp, 2, stored_deflate({1, 2, 3})).decode(), {}, p));
  // The next header says IPv4; the datagram inside is IPv6.
  EXPECT_FALSE(
      inflater.decode(ipv6_ipcomp(next_ipv4, 2, stored_deflate(inner_ipv6_udp())).decode(), {}, p));
  // Not DEFLATE: a stored block whose NLEN is not LEN's complement.
  bytes_vec bad = stored_deflate(inner_ipv6_udp());
  bad[3] ^= 0xff;
  EXPECT_FALSE(inflater.decode(ipv6_ipcomp(next_ipv6, 2, bad).decode(), {}, p));
  // The stream stops before its final block.
  bytes_vec cut = stored_deflate(inner_ipv6_udp());
  cut.resize(cut.size() - 1);
  EXPECT_FALSE(inflater.decode(ipv6_ipcomp(next_ipv6, 2, cut).decode(), {}, p));
  // Larger than any IP datagram: 65536 octets (zlib compresses them into a short stream).
  bytes_vec huge = inner_ipv6_udp();
  huge.resize(65536);
  bytes_vec squeezed(compressBound(static_cast<uLong>(huge.size())));
  uLongf squeezed_len = static_cast<uLongf>(squeezed.size());
  ASSERT_EQ(compress2(squeezed.data(), &squeezed_len, huge.data(), static_cast<uLong>(huge.size()),
                      Z_BEST_COMPRESSION),
            Z_OK);
  squeezed.resize(squeezed_len);
  EXPECT_FALSE(inflater.decode(ipv6_ipcomp(next_ipv6, 2, squeezed).decode(), {}, p));
  EXPECT_EQ(p.layer_count, 0U);
  // A packet that does not end at an IPComp header.
  EXPECT_FALSE(inflater.decode(frame(link_type::raw, inner_ipv6_udp()).decode(), {}, p));
  // After the refusals the same object still inflates.
  EXPECT_TRUE(
      inflater.decode(ipv6_ipcomp(next_ipv6, 2, stored_deflate(inner_ipv6_udp())).decode(), {}, p));
}

} // namespace
} // namespace pktscope
