#pragma once
// The fuzz targets' assertion: an invariant that does not hold aborts, so libFuzzer keeps the
// input as a crash (a failed check is as much a finding as a sanitizer report).

#include <cstdlib>

namespace pktscope::fuzz {

inline void require(bool ok) {
  if (!ok) {
    std::abort();
  }
}

} // namespace pktscope::fuzz
