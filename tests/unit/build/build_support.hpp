#pragma once
// Helpers shared by the builder tests: address literals.

#include <pktscope/core/address.hpp>

#include <stdexcept>
#include <string_view>

namespace pktscope::test {

inline mac_address mac(std::string_view s) {
  const auto a = mac_address::parse(s);
  if (!a) {
    throw std::invalid_argument("bad MAC literal");
  }
  return *a;
}
inline ipv4_address v4(std::string_view s) {
  const auto a = ipv4_address::parse(s);
  if (!a) {
    throw std::invalid_argument("bad IPv4 literal");
  }
  return *a;
}
inline ipv6_address v6(std::string_view s) {
  const auto a = ipv6_address::parse(s);
  if (!a) {
    throw std::invalid_argument("bad IPv6 literal");
  }
  return *a;
}

} // namespace pktscope::test
