#include "output/capture_text.hpp"

#include <fmt/format.h>

#include <optional>
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

std::string filter_failure_text(std::string_view expression, link_type link,
                                std::string_view reason, std::string_view fate) {
  return fmt::format("--filter '{}' does not apply to {} ({}); its packets were {}", expression,
                     link_label(link), reason, fate);
}

std::string interface_counters_text(const interface_info& itf) {
  std::string text;
  const auto add = [&](const std::optional<std::uint64_t>& counter, std::string_view what) {
    if (counter) {
      text += fmt::format("{}{} {}", text.empty() ? "" : ", ", *counter, what);
    }
  };
  add(itf.stats_received, "received");
  add(itf.stats_dropped, "dropped by the interface");
  add(itf.stats_os_dropped, "dropped by the OS");
  return text;
}

std::uint64_t packets_dropped(const interface_info& itf) noexcept {
  return itf.stats_dropped.value_or(0) + itf.stats_os_dropped.value_or(0);
}

} // namespace pktscope::cli::output
