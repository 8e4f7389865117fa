#include "report/output_file.hpp"

#include "cli_error.hpp"
#include "output/text.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace pktscope::cli::report {

void write_file_atomically(const std::string& path, std::string_view data) {
  if (path == "-") {
    output::write_stdout(data);
    return;
  }
  const std::string tmp = fmt::format("{}.tmp-{}", path, getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    throw cli_error(exit_code::io,
                    fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  }
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  const int saved = errno;
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    throw cli_error(exit_code::io,
                    fmt::format("{}: cannot write: {}", path, std::strerror(ok ? errno : saved)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp.c_str());
    throw cli_error(exit_code::io, fmt::format("{}: cannot write: {}", path, std::strerror(e)));
  }
}

} // namespace pktscope::cli::report
