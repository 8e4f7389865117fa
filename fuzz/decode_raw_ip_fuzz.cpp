// libFuzzer target: raw IP link types. The first byte picks LINKTYPE_RAW (101), IPV4 (228),
// IPV6 (229) or PPP (9), which all start at (or just before) the IP header; the rest is the
// frame.
#include "decode_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pktscope::link_type;
  if (size == 0) {
    return 0;
  }
  static constexpr link_type links[] = {link_type::raw, link_type::ipv4, link_type::ipv6,
                                        link_type::ppp};
  return pktscope::fuzz::decode_one(links[data[0] % 4], data + 1, size - 1);
}
