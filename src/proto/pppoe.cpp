#include <pktscope/proto/pppoe.hpp>

namespace pktscope::pppoe {

std::string_view describe(code c) noexcept {
  switch (c) {
  case code::session_data: return "Session Data";
  case code::pado: return "Active Discovery Offer (PADO)";
  case code::padi: return "Active Discovery Initiation (PADI)";
  case code::padr: return "Active Discovery Request (PADR)";
  case code::pads: return "Active Discovery Session-confirmation (PADS)";
  case code::padt: return "Active Discovery Terminate (PADT)";
  case code::padm: return "Active Discovery Message (PADM)";
  case code::padn: return "Active Discovery Network (PADN)";
  }
  return {};
}

} // namespace pktscope::pppoe
