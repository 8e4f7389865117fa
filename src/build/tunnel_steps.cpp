#include <pktscope/build/tunnel_steps.hpp>

#include "checksummed.hpp"

namespace pktscope::build {

gre_step gre_step::make(const gre_params& p) noexcept {
  gre_step s;
  s.h.flags_version = static_cast<std::uint16_t>((p.checksum ? gre::bits::checksum_present : 0U) |
                                                 (p.key ? gre::bits::key_present : 0U) |
                                                 (p.sequence ? gre::bits::seq_present : 0U));
  s.h.protocol_type = p.protocol_type;
  s.h.key = p.key.value_or(0);
  s.h.sequence = p.sequence.value_or(0);
  return s;
}

void gre_step::write(mut_bytes out, const context& c) const noexcept {
  gre::header v = h;
  v.protocol_type = ether_type_or(c, h.protocol_type);
  if ((v.flags_version & gre::bits::checksum_present) == 0) {
    v.write_to(out);
    return;
  }
  detail::write_checksummed<gre::mut_view>(v, &gre::header::checksum, out, c, [&](auto& m) {
    static_cast<void>(m.fill_checksum(out.size()));
  });
}

void vxlan_step::write(mut_bytes out, const context& /*c*/) const noexcept {
  h.write_to(out);
}

void geneve_step::write(mut_bytes out, const context& c) const noexcept {
  geneve::header v = h;
  v.protocol_type = ether_type_or(c, h.protocol_type);
  v.write_to(out);
}

} // namespace pktscope::build
