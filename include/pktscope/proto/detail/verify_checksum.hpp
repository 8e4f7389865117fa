#pragma once
/// Internal, not API: the Internet checksum check shared by the ICMP, ICMPv6, TCP, UDP and GRE
/// views.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/proto/checksum_status.hpp>

#include <cstddef>

namespace pktscope::detail {

/// Checks the Internet checksum (RFC 1071) over `sum` (empty, or seeded with a pseudo-header)
/// plus the first `len` octets of `b`: unverified when fewer than `len` octets were captured.
[[nodiscard]] inline checksum_status verify_internet_checksum(internet_checksum sum, bytes b,
                                                              std::size_t len) noexcept {
  if (len > b.size()) {
    return checksum_status::unverified;
  }
  sum.add(b.first(len));
  return sum.verifies() ? checksum_status::good : checksum_status::bad;
}

} // namespace pktscope::detail
