#pragma once
// Internal to src/build: the one way a step writes a header that carries a checksum.

#include <pktscope/build/step.hpp>

namespace pktscope::build::detail {

/// Writes `v` to `out`; under checksum_policy::compute first zeroes v.*field and afterwards
/// calls fill(m) on MutView::parse(out), which then sees every inner layer already written.
/// Under keep, v.*field goes out as given.
template <class MutView, class Header, class Field, class Fill>
void write_checksummed(Header v, Field Header::*field, mut_bytes out, const context& c,
                       Fill fill) noexcept {
  const bool compute = c.checksums == checksum_policy::compute;
  if (compute) {
    v.*field = Field{};
  }
  v.write_to(out);
  if (compute) {
    // The header was just written from a valid value, so parse() accepts it.
    if (auto m = MutView::parse(out)) {
      fill(*m);
    }
  }
}

} // namespace pktscope::build::detail
