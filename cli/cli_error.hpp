#pragma once
// Exceptions exist only in the CLI: a command throws cli_error, main() prints it
// as one line on stderr and exits with its code.

#include <stdexcept>
#include <string>

namespace pktscope::cli {

/// Exit codes, documented in docs/cli.md.
enum class exit_code : int { ok = 0, bad_input = 1, usage = 2, io = 3 };

class cli_error : public std::runtime_error {
public:
  cli_error(exit_code code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  [[nodiscard]] exit_code code() const noexcept { return code_; }

private:
  exit_code code_;
};

} // namespace pktscope::cli
