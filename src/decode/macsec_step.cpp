// Walker step of MACsec (IEEE 802.1AE), a link layer between an Ethernet header and the user's
// EtherType.

#include "walker.hpp"

#include <pktscope/core/endian.hpp>
#include <pktscope/proto/macsec.hpp>

namespace pktscope::detail {

// With confidentiality off (E and C clear) the Secure Data is the user's EtherType and data in
// clear text, which tshark dissects; the ICV after it is no user data. Encrypted or modified
// frames end at the SecTAG.
layer_id walker::macsec() noexcept {
  const auto r = macsec::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::macsec, r->header_length());
  const bytes data = r->secure_data();
  if (!r->is_clear_text() || data.size() < 2) {
    return layer_id::none;
  }
  off_ += r->header_length();
  end_ = off_ + data.size();
  off_ += 2; // the user's EtherType
  if (padded_link_) {
    link_payload_start_ = off_;
  }
  return by_type_or_length(load_be16(data, 0));
}

} // namespace pktscope::detail
