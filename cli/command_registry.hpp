#pragma once
// Subcommands register themselves from their own file, so adding a command
// touches only that file: `const command_registration reg{"info", 10, setup};`.

#include <CLI/CLI.hpp>

#include <functional>
#include <string_view>

namespace pktscope::cli {

/// Adds the subcommand to `app` and wires its callback. `order` sorts --help.
using command_setup = void (*)(CLI::App& app);

struct command_registration {
  command_registration(std::string_view name, int order, command_setup setup);
};

/// Calls every registered setup, in `order`.
void add_registered_commands(CLI::App& app);

} // namespace pktscope::cli
