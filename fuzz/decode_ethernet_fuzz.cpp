// libFuzzer target: decode an Ethernet frame (LINKTYPE_ETHERNET, with VLAN, MPLS, PPPoE and
// every tunnel reachable from it).
#include "decode_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pktscope::fuzz::decode_one(pktscope::link_type::ethernet, data, size);
}
