#include "output/json_text.hpp"

namespace pktscope::cli::output {

std::string json_text(const nlohmann::json& doc, int indent) {
  return doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace pktscope::cli::output
