#include "output/capture_text.hpp"

#include <fmt/format.h>

#include <string_view>

namespace pktscope::cli::output {

std::string link_label(link_type lt) {
  const std::string_view name = link_type_name(lt);
  const auto number = static_cast<unsigned>(lt);
  return name.empty() ? fmt::format("LINKTYPE {}", number) : fmt::format("{} ({})", name, number);
}

std::string diagnostic_text(const diagnostic& d) {
  std::string what = d.what.empty() ? std::string{errc_name(d.err.code)} : d.what;
  if (d.err.code == errc::truncated && d.err.needed != 0) {
    what += fmt::format(" (truncated: needed {} bytes, found {})", d.err.needed, d.err.have);
  } else if (!d.what.empty()) {
    what += fmt::format(" ({})", errc_name(d.err.code));
  }
  return what;
}

} // namespace pktscope::cli::output
