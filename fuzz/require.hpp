#pragma once
// The fuzz targets' assertion: an invariant that does not hold aborts, so libFuzzer keeps the
// input as a crash (a failed check is as much a finding as a sanitizer report). It names the
// check's file and line first: inlined into the target, the stack trace may not.

#include <cstdio>
#include <cstdlib>

namespace pktscope::fuzz {

inline void require(bool ok, const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  if (!ok) {
    std::fprintf(stderr, "require failed: %s:%d\n", file, line);
    std::abort();
  }
}

} // namespace pktscope::fuzz
