#include <pktscope/core/result.hpp>

namespace pktscope {

std::string_view errc_name(errc code) noexcept {
  switch (code) {
  case errc::ok: return "ok";
  case errc::truncated: return "truncated";
  case errc::malformed: return "malformed";
  case errc::unsupported: return "unsupported";
  case errc::io: return "io";
  case errc::bad_format: return "bad_format";
  }
  return "unknown";
}

} // namespace pktscope
