#include <pktscope/proto/icmpv6.hpp>

#include <pktscope/proto/detail/verify_checksum.hpp>

#include <array>

namespace pktscope::icmpv6 {

namespace {

constexpr std::string_view unassigned = "Unassigned";
constexpr std::string_view no_code = "No Code";

// IANA "ICMPv6 'type' Numbers" 128..161.
constexpr std::array<std::string_view, 34> info_type_names{
    "Echo Request",
    "Echo Reply",
    "Multicast Listener Query",
    "Multicast Listener Report",
    "Multicast Listener Done",
    "Router Solicitation",
    "Router Advertisement",
    "Neighbor Solicitation",
    "Neighbor Advertisement",
    "Redirect Message",
    "Router Renumbering",
    "ICMP Node Information Query",
    "ICMP Node Information Response",
    "Inverse Neighbor Discovery Solicitation Message",
    "Inverse Neighbor Discovery Advertisement Message",
    "Version 2 Multicast Listener Report",
    "Home Agent Address Discovery Request Message",
    "Home Agent Address Discovery Reply Message",
    "Mobile Prefix Solicitation",
    "Mobile Prefix Advertisement",
    "Certification Path Solicitation Message",
    "Certification Path Advertisement Message",
    "ICMP messages utilized by experimental mobility protocols such as Seamoby",
    "Multicast Router Advertisement",
    "Multicast Router Solicitation",
    "Multicast Router Termination",
    "FMIPv6 Messages",
    "RPL Control Message",
    "ILNPv6 Locator Update Message",
    "Duplicate Address Request",
    "Duplicate Address Confirmation",
    "MPL Control Message",
    "Extended Echo Request",
    "Extended Echo Reply",
};

constexpr std::array<std::string_view, 10> unreachable_codes{
    "no route to destination",
    "communication with destination administratively prohibited",
    "beyond scope of source address",
    "address unreachable",
    "port unreachable",
    "source address failed ingress/egress policy",
    "reject route to destination",
    "Error in Source Routing Header",
    "Headers too long",
    "Error in P-Route",
};

constexpr std::array<std::string_view, 11> parameter_problem_codes{
    "erroneous header field encountered",
    "unrecognized Next Header type encountered",
    "unrecognized IPv6 option encountered",
    "IPv6 First Fragment has incomplete IPv6 Header Chain",
    "SR Upper-layer Header Error",
    "Unrecognized Next Header type encountered by intermediate node",
    "Extension header too big",
    "Extension header chain too long",
    "Too many extension headers",
    "Too many options in extension header",
    "Option too big",
};

constexpr std::array<std::string_view, 3> node_info_query_codes{
    "The Data field contains an IPv6 address which is the Subject of this Query.",
    "The Data field contains a name which is the Subject of this Query, or is empty, as in "
    "the case of a NOOP.",
    "The Data field contains an IPv4 address which is the Subject of this Query.",
};

constexpr std::array<std::string_view, 3> node_info_response_codes{
    "A successful reply. The Reply Data field may or may not be empty.",
    "The Responder refuses to supply the answer. The Reply Data field will be empty.",
    "The Qtype of the Query is unknown to the Responder. The Reply Data field will be empty.",
};

constexpr std::array<std::string_view, 5> dar_codes{
    "DAR message",
    "EDAR message with 64-bit ROVR field",
    "EDAR message with 128-bit ROVR field",
    "EDAR message with 192-bit ROVR field",
    "EDAR message with 256-bit ROVR field",
};

constexpr std::array<std::string_view, 5> dac_codes{
    "DAC message",
    "EDAC message with 64-bit ROVR field",
    "EDAC message with 128-bit ROVR field",
    "EDAC message with 192-bit ROVR field",
    "EDAC message with 256-bit ROVR field",
};

constexpr std::array<std::string_view, 5> extended_echo_reply_codes{
    "No Error",
    "Malformed Query",
    "No Such Interface",
    "No Such Table Entry",
    "Multiple Interfaces Satisfy Query",
};

template <std::size_t N>
constexpr std::string_view pick(const std::array<std::string_view, N>& table,
                                std::uint8_t code) noexcept {
  return code < N ? table[code] : unassigned;
}

} // namespace

std::string_view describe_type(std::uint8_t type) noexcept {
  switch (type) {
  case 0: return "Reserved";
  case 1: return "Destination Unreachable";
  case 2: return "Packet Too Big";
  case 3: return "Time Exceeded";
  case 4: return "Parameter Problem";
  case 100:
  case 101:
  case 200:
  case 201: return "Private experimentation";
  case 127: return "Reserved for expansion of ICMPv6 error messages";
  case 255: return "Reserved for expansion of ICMPv6 informational messages";
  default: break;
  }
  if (type >= 128 && type - 128U < info_type_names.size()) {
    return info_type_names[type - 128U];
  }
  return unassigned;
}

std::string_view describe(std::uint8_t type, std::uint8_t code) noexcept {
  switch (type) {
  case 1: return pick(unreachable_codes, code);
  case 3:
    if (code == 0) {
      return "hop limit exceeded in transit";
    }
    return code == 1 ? "fragment reassembly time exceeded" : unassigned;
  case 4: return pick(parameter_problem_codes, code);
  // Types registered with the single code 0 and no name.
  case 2:
  case 128:
  case 129:
  case 130:
  case 131:
  case 132:
  case 133:
  case 134:
  case 135:
  case 136:
  case 137:
  case 141:
  case 142:
  case 144:
  case 145:
  case 146:
  case 147: return code == 0 ? no_code : unassigned;
  case 138:
    switch (code) {
    case 0: return "Router Renumbering Command";
    case 1: return "Router Renumbering Result";
    case 255: return "Sequence Number Reset";
    default: return unassigned;
    }
  case 139: return pick(node_info_query_codes, code);
  case 140: return pick(node_info_response_codes, code);
  // 157/158: code prefix (high nibble) 0 with the registered code suffixes.
  case 157: return pick(dar_codes, code);
  case 158: return pick(dac_codes, code);
  case 160: return code == 0 ? "No Error" : unassigned;
  case 161: return pick(extended_echo_reply_codes, code);
  default: return unassigned;
  }
}

void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::type, type);
  store_u8(out, fields::code, code);
  store_be16(out, fields::checksum, checksum);
  store_be32(out, fields::rest, rest);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::icmpv6, 0, header_len, b.size());
  }
  return view(b);
}

bool view::checksum_ok(internet_checksum pseudo) const noexcept {
  pseudo.add(b_);
  return pseudo.verifies();
}

checksum_status view::verify_checksum(internet_checksum pseudo,
                                      std::size_t message_len) const noexcept {
  return detail::verify_internet_checksum(pseudo, b_, message_len);
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::icmpv6, 0, header_len, b.size());
  }
  return mut_view(b);
}

void mut_view::fill_checksum(internet_checksum pseudo) noexcept {
  set_checksum(0);
  pseudo.add(bytes(b_));
  set_checksum(pseudo.finish());
}

std::string_view describe(nd_option_type t) noexcept {
  // IANA "IPv6 Neighbor Discovery Option Formats".
  switch (static_cast<std::uint8_t>(t)) {
  case 1: return "Source Link-layer Address";
  case 2: return "Target Link-layer Address";
  case 3: return "Prefix Information";
  case 4: return "Redirected Header";
  case 5: return "MTU";
  case 6: return "NBMA Shortcut Limit Option";
  case 7: return "Advertisement Interval Option";
  case 8: return "Home Agent Information Option";
  case 9: return "Source Address List";
  case 10: return "Target Address List";
  case 11: return "CGA option";
  case 12: return "RSA Signature option";
  case 13: return "Timestamp option";
  case 14: return "Nonce option";
  case 15: return "Trust Anchor option";
  case 16: return "Certificate option";
  case 17: return "IP Address/Prefix Option";
  case 18: return "New Router Prefix Information Option";
  case 19: return "Link-layer Address Option";
  case 20: return "Neighbor Advertisement Acknowledgment Option";
  case 21: return "PvD ID Router Advertisement Option";
  case 23: return "MAP Option";
  case 24: return "Route Information Option";
  case 25: return "Recursive DNS Server Option";
  case 26: return "RA Flags Extension Option";
  case 27: return "Handover Key Request Option";
  case 28: return "Handover Key Reply Option";
  case 29: return "Handover Assist Information Option";
  case 30: return "Mobile Node Identifier Option";
  case 31: return "DNS Search List Option";
  case 32: return "Proxy Signature (PS)";
  case 33: return "Address Registration Option";
  case 34: return "6LoWPAN Context Option";
  case 35: return "Authoritative Border Router Option";
  case 36: return "6LoWPAN Capability Indication Option (6CIO)";
  case 37: return "DHCP Captive-Portal";
  case 38: return "PREF64 option";
  case 39: return "Crypto-ID Parameters Option (CIPO)";
  case 40: return "NDP Signature Option (NDPSO)";
  case 41: return "Resource Directory Address Option";
  case 42: return "Consistent Uptime Option";
  case 138: return "CARD Request option";
  case 139: return "CARD Reply option";
  case 144: return "Encrypted DNS Option";
  case 253: return "RFC3692-style Experiment 1";
  case 254: return "RFC3692-style Experiment 2";
  default: return unassigned;
  }
}

detail::tlv_step<nd_option> nd_option_rule::read(bytes b, std::size_t pos) noexcept {
  using step = detail::tlv_step<nd_option>;
  const std::size_t left = b.size() - pos;
  const std::size_t len = left >= 2 ? std::size_t{b[pos + 1]} * 8 : 0;
  if (len == 0 || len > left) {
    return step::fail(malformed(layer_id::icmpv6, pos));
  }
  return step::item(nd_option{static_cast<nd_option_type>(b[pos]), b[pos + 1], b.subspan(pos, len),
                              b.subspan(pos + 2, len - 2)},
                    len);
}

std::optional<prefix_information> prefix_information::from(const nd_option& o) noexcept {
  // RFC 4861 §4.6.2: body = prefix length, flags, valid, preferred, reserved2, prefix.
  constexpr std::size_t prefix_len = 0, flags = 1, valid = 2, preferred = 6, prefix = 14;
  if (o.type != nd_option_type::prefix_information || o.length != 4) {
    return std::nullopt;
  }
  const std::uint8_t f = load_u8(o.body, flags);
  return prefix_information{load_u8(o.body, prefix_len),
                            (f & 0x80U) != 0,
                            (f & 0x40U) != 0,
                            (f & 0x20U) != 0,
                            load_be32(o.body, valid),
                            load_be32(o.body, preferred),
                            ipv6_address::from_bytes(o.body.subspan(prefix, 16))};
}

std::optional<std::uint32_t> mtu_of(const nd_option& o) noexcept {
  constexpr std::size_t mtu = 2; // after 2 reserved octets (RFC 4861 §4.6.4)
  if (o.type != nd_option_type::mtu || o.length != 1) {
    return std::nullopt;
  }
  return load_be32(o.body, mtu);
}

std::optional<mac_address> mac_of(const nd_option& o) noexcept {
  if ((o.type != nd_option_type::source_link_layer_address &&
       o.type != nd_option_type::target_link_layer_address) ||
      o.length != 1) {
    return std::nullopt;
  }
  return mac_address::from_bytes(o.body);
}

std::size_t nd_view::fixed_len(std::uint8_t type) noexcept {
  switch (type) {
  case 133: return 8;  // RS: type, code, checksum, reserved
  case 134: return 16; // RA
  case 135:            // NS
  case 136:            // NA
    return 24;
  case 137: return 40; // Redirect
  default: return 0;
  }
}

result<nd_view> nd_view::parse(const view& msg) noexcept {
  const std::size_t fixed = fixed_len(msg.type());
  if (fixed == 0) {
    return unexpected{error{errc::unsupported, layer_id::icmpv6, 0, 0, fields::type}};
  }
  const bytes b = msg.message();
  if (b.size() < fixed) {
    return truncated(layer_id::icmpv6, 0, fixed, b.size());
  }
  return nd_view(b, fixed);
}

} // namespace pktscope::icmpv6
