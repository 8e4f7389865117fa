// libFuzzer target: the baseline file `detect --baseline` reads (cli/detect/baseline_file.hpp).
// Text that is no baseline must be refused with cli_error, never crash; a baseline that reads
// must print as JSON that reads back to the same text.

#include "cli_error.hpp"
#include "detect/baseline_file.hpp"

#include <pktscope/core/chars.hpp>

#include "require.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pktscope::cli;
  const std::string_view in = pktscope::as_chars(pktscope::bytes(data, size));
  pktscope::detect::baseline b;
  try {
    b = detect::parse_baseline(in, "fuzz.json");
  } catch (const cli_error&) {
    return 0;
  }
  const std::string printed = detect::baseline_json(b, {});
  pktscope::fuzz::require(
      detect::baseline_json(detect::parse_baseline(printed, "printed.json"), {}) == printed);
  return 0;
}
