#pragma once
/// Asking for a cache line before it is needed, in a way the optimiser keeps.
///
/// A function whose only effect is __builtin_prefetch looks pure to GCC: where it is not
/// inlined, GCC deletes the calls to it (with link-time optimisation, across files too), and
/// the prefetch never happens. An asm statement marked volatile is an effect the compiler
/// must keep, so a prefetch issued through prefetch() below survives wherever it is called.

namespace pktscope {

/// Asks for the cache line holding `p` (any address: a prefetch never faults).
inline void prefetch(const void* p) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
  asm volatile("" : : "r"(p)); // keeps the enclosing function impure, as above
#endif
}

} // namespace pktscope
