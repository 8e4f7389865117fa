#pragma once
/// The packet decoder: walks a frame from its link type through every header it recognises,
/// filling a decoded_packet. One loop over `switch (next layer)`; each step parses that layer's
/// view and asks the registry for the successor. No heap, no exceptions, no virtual call or
/// std::function per layer.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoded_packet.hpp>

namespace pktscope {

/// Decodes `frame` (captured bytes of one packet whose link-layer header type is `link`) into
/// `out`, which is fully reset first. `out` refers to `frame`'s bytes afterwards.
///
/// Layers are recorded outermost first, up to opt.max_layers; a layer whose class is deeper
/// than opt.deepest is not parsed. IPv6 extension headers that would leave fewer than two
/// slots for the layers after them join the extension layer before them (one layer then spans
/// several headers; a Fragment header that is no atomic fragment keeps a layer of its own), so
/// a long chain still reaches its transport header. A later fragment (IPv4 offset > 0, IPv6
/// fragment header with offset > 0) stops the walk after the IP layer(s): its payload has no
/// transport header. Anomalies (bad checksums when opt.verify_checksums, TTL 0, odd TCP flags,
/// trailing bytes after the IP datagram, ...) never stop it. Bytes after an IP datagram carried by
/// Ethernet, SLL or SLL2 are not trailing bytes when the link payload is at most the 46-octet
/// minimum (padding, whatever its content), when they are zeros in a payload of at most 50 octets
/// (padding to 64), or when their last 4 octets are the frame's Ethernet CRC (a kept FCS).
/// Transport checksums are checked only for whole, unfragmented datagrams.
///
/// Errors (strict mode only; lax mode returns success and sets out.stopped instead):
/// - a view's truncated/malformed error for a link, network or transport layer, its offset
///   made relative to `frame` (application layers never fail the decode; see
///   anomaly::malformed_application);
/// - unsupported(layer_id::none) for a link type the decoder does not know;
/// - unsupported(next layer) when opt.max_layers layers are already recorded.
[[nodiscard]] result<void> decode(bytes frame, link_type link, const decode_options& opt,
                                  decoded_packet& out) noexcept;

} // namespace pktscope
