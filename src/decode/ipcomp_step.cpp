// Walker step of the IP Payload Compression header (RFC 3173), IP protocol 108.

#include "walker.hpp"

#include <pktscope/proto/ipcomp.hpp>

namespace pktscope::detail {

// The header is recorded and the walk ends: what follows is compressed. Decoding the
// datagram inside needs a buffer to inflate it into, which the zero-copy walk does not own;
// inflated_datagram (decode/ipcomp_payload.hpp) does that for the callers that want it.
layer_id walker::ipcomp() noexcept {
  const auto r = ipcomp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::ipcomp, ipcomp::header_len);
  off_ += ipcomp::header_len;
  return layer_id::none;
}

} // namespace pktscope::detail
