#include <pktscope/proto/null_loopback.hpp>

namespace pktscope::null_loopback {

std::string_view describe(address_family f) noexcept {
  switch (f) {
  case address_family::unspec: return "AF_UNSPEC";
  case address_family::inet: return "IP";
  case address_family::iso: return "OSI";
  case address_family::inet6_linux: return "IPv6 (Linux)";
  case address_family::appletalk: return "Appletalk";
  case address_family::ipx: return "Netware IPX/SPX";
  case address_family::inet6_bsd: return "IPv6 (NetBSD/OpenBSD/BSD/OS)";
  case address_family::inet6_freebsd: return "IPv6 (FreeBSD/DragonFly)";
  case address_family::inet6_darwin: return "IPv6 (macOS)";
  }
  return {};
}

} // namespace pktscope::null_loopback
