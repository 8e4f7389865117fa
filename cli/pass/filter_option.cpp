#include "pass/filter_option.hpp"

#include "cli_error.hpp"
#include "output/capture_text.hpp"

#include <pktscope/io/capture_reader.hpp>

#include <fmt/format.h>

#include <string>

namespace pktscope::cli::pass {

std::optional<bpf_filter> filter_for_file(std::string_view expression, const capture_info& file) {
  if (expression.empty()) {
    return std::nullopt;
  }
  std::string message;
  auto compiled = bpf_filter::compile_for(expression, file, &message);
  if (!compiled) {
    throw cli_error(exit_code::usage, fmt::format("--filter '{}': {} (for {})", expression, message,
                                                  output::link_label(file.first_link())));
  }
  return std::move(*compiled);
}

} // namespace pktscope::cli::pass
