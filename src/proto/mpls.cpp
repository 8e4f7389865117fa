#include <pktscope/proto/mpls.hpp>

namespace pktscope::mpls {

std::string_view describe(reserved_label label) noexcept {
  switch (label) {
  case reserved_label::ipv4_explicit_null: return "IPv4 Explicit-Null";
  case reserved_label::router_alert: return "Router Alert";
  case reserved_label::ipv6_explicit_null: return "IPv6 Explicit-Null";
  case reserved_label::implicit_null: return "Implicit-Null";
  case reserved_label::entropy_label_indicator: return "Entropy Label Indicator";
  case reserved_label::gal: return "Generic Associated Channel Label";
  case reserved_label::oam_alert: return "OAM Alert";
  case reserved_label::extension: return "Extension";
  }
  return {};
}

std::string_view describe(payload_kind k) noexcept {
  switch (k) {
  case payload_kind::empty: return "empty";
  case payload_kind::ipv4: return "IPv4";
  case payload_kind::ipv6: return "IPv6";
  case payload_kind::pw_control_word: return "pseudowire control word";
  case payload_kind::pw_ach: return "pseudowire associated channel";
  case payload_kind::unknown: return "unknown";
  }
  return {};
}

} // namespace pktscope::mpls
