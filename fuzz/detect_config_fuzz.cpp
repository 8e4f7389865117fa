// libFuzzer target: the detectors' settings as users write them. Input starting with '='
// is one --set override ("section.name=value", after the '='); anything else is a --config
// TOML document. Whatever loads must print as TOML that loads back to the same settings
// (to_toml, then load_toml into defaults, prints the same text).

#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/core/chars.hpp>

#include "require.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using pktscope::fuzz::require;

using namespace pktscope::detect;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = pktscope::as_chars(pktscope::bytes(data, size));
  detect_config cfg;
  const std::string why =
      !in.empty() && in.front() == '=' ? apply_setting(cfg, in.substr(1)) : load_toml(cfg, in);
  if (!why.empty()) {
    return 0;
  }
  const std::string printed = to_toml(cfg);
  detect_config again;
  require(load_toml(again, printed).empty());
  require(to_toml(again) == printed);
  return 0;
}
