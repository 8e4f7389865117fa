#include "command_registry.hpp"

#include <algorithm>
#include <vector>

namespace pktscope::cli {

namespace {
struct entry {
  std::string_view name;
  int order;
  command_setup setup;
};

// A function-local static avoids the static-initialisation-order problem between
// this list and the registrations in other files.
std::vector<entry>& registry() {
  static std::vector<entry> entries;
  return entries;
}
} // namespace

command_registration::command_registration(std::string_view name, int order, command_setup setup) {
  registry().push_back({name, order, setup});
}

void add_registered_commands(CLI::App& app) {
  auto& entries = registry();
  std::sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
  for (const auto& e : entries) {
    e.setup(app);
  }
}

} // namespace pktscope::cli
