#pragma once
/// PKTSCOPE_ASSERT: checks programmer errors (broken preconditions), never input.
/// Active in debug and sanitizer builds; compiled out in Release.

#include <cstdio>
#include <cstdlib>

#if !defined(NDEBUG) || defined(PKTSCOPE_CHECKED)
#define PKTSCOPE_ASSERT(cond)                                                                      \
  ((cond) ? static_cast<void>(0)                                                                   \
          : (std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #cond),     \
             std::abort()))
#else
#define PKTSCOPE_ASSERT(cond) static_cast<void>(0)
#endif
