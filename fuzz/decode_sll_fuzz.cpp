// libFuzzer target: Linux cooked captures. The first byte's low bit picks LINKTYPE_LINUX_SLL
// (113) or LINUX_SLL2 (276); the rest is the frame.
#include "decode_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pktscope::link_type;
  if (size == 0) {
    return 0;
  }
  const link_type link = (data[0] & 1U) != 0 ? link_type::linux_sll2 : link_type::linux_sll;
  return pktscope::fuzz::decode_one(link, data + 1, size - 1);
}
