// pktscope: packet toolkit and traffic-pattern analyzer.

#include "cli_error.hpp"
#include "command_registry.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  using pktscope::cli::exit_code;
  CLI::App app{"pktscope — read, decode, analyse and report on packet captures (pcap, pcapng).\n"
               "Run 'pktscope COMMAND --help' for the options of one command.",
               "pktscope"};
  app.set_version_flag("--version", "pktscope 0.1.0");
  app.require_subcommand(1);
  pktscope::cli::add_registered_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(exit_code::usage);
  } catch (const pktscope::cli::cli_error& e) {
    fmt::print(stderr, "pktscope: {}\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "pktscope: internal error: {}\n", e.what());
    return static_cast<int>(exit_code::bad_input);
  }
  return static_cast<int>(exit_code::ok);
}
