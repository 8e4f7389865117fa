// libFuzzer target: the capture reader on classic pcap (plain or compressed); seeds in
// fuzz/corpus/pcap_reader_fuzz/.
#include "reader_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pktscope::fuzz::read_all(data, size);
}
