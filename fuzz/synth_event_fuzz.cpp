// libFuzzer target: synth's --event specs ("KIND[:key=value,...]"). A spec that parses must
// describe a valid scenario event or be refused by validate() with a reason, never crash.

#include <pktscope/core/chars.hpp>
#include <pktscope/synth/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = pktscope::as_chars(pktscope::bytes(data, size));
  std::string why;
  const auto event = pktscope::synth::parse_event(in, why);
  if (!event) {
    return 0;
  }
  pktscope::synth::scenario s;
  s.events.push_back(*event);
  (void)pktscope::synth::validate(s);
  return 0;
}
