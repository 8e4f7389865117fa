#include <pktscope/proto/icmp.hpp>

#include <pktscope/proto/detail/verify_checksum.hpp>

#include <array>

namespace pktscope::icmp {

namespace {

// IANA "ICMP Type Numbers", names as registered; 44..252 are unassigned.
constexpr std::array<std::string_view, 44> type_names{
    "Echo Reply",
    "Unassigned",
    "Unassigned",
    "Destination Unreachable",
    "Source Quench (Deprecated)",
    "Redirect",
    "Alternate Host Address (Deprecated)",
    "Unassigned",
    "Echo",
    "Router Advertisement",
    "Router Solicitation",
    "Time Exceeded",
    "Parameter Problem",
    "Timestamp",
    "Timestamp Reply",
    "Information Request (Deprecated)",
    "Information Reply (Deprecated)",
    "Address Mask Request (Deprecated)",
    "Address Mask Reply (Deprecated)",
    "Reserved (for Security)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Reserved (for Robustness Experiment)",
    "Traceroute (Deprecated)",
    "Datagram Conversion Error (Deprecated)",
    "Mobile Host Redirect (Deprecated)",
    "IPv6 Where-Are-You (Deprecated)",
    "IPv6 I-Am-Here (Deprecated)",
    "Mobile Registration Request (Deprecated)",
    "Mobile Registration Reply (Deprecated)",
    "Domain Name Request (Deprecated)",
    "Domain Name Reply (Deprecated)",
    "SKIP (Deprecated)",
    "Photuris",
    "ICMP messages utilized by experimental mobility protocols such as Seamoby",
    "Extended Echo Request",
    "Extended Echo Reply",
};

constexpr std::array<std::string_view, 16> unreachable_codes{
    "Net Unreachable",
    "Host Unreachable",
    "Protocol Unreachable",
    "Port Unreachable",
    "Fragmentation Needed and Don't Fragment was Set",
    "Source Route Failed",
    "Destination Network Unknown",
    "Destination Host Unknown",
    "Source Host Isolated",
    "Communication with Destination Network is Administratively Prohibited",
    "Communication with Destination Host is Administratively Prohibited",
    "Destination Network Unreachable for Type of Service",
    "Destination Host Unreachable for Type of Service",
    "Communication Administratively Prohibited",
    "Host Precedence Violation",
    "Precedence cutoff in effect",
};

constexpr std::array<std::string_view, 4> redirect_codes{
    "Redirect Datagram for the Network (or subnet)",
    "Redirect Datagram for the Host",
    "Redirect Datagram for the Type of Service and Network",
    "Redirect Datagram for the Type of Service and Host",
};

constexpr std::array<std::string_view, 6> photuris_codes{
    "Bad SPI",           "Authentication Failed", "Decompression Failed",
    "Decryption Failed", "Need Authentication",   "Need Authorization",
};

constexpr std::array<std::string_view, 5> extended_echo_reply_codes{
    "No Error",
    "Malformed Query",
    "No Such Interface",
    "No Such Table Entry",
    "Multiple Interfaces Satisfy Query",
};

constexpr std::string_view unassigned = "Unassigned";

template <std::size_t N>
constexpr std::string_view pick(const std::array<std::string_view, N>& table,
                                std::uint8_t code) noexcept {
  return code < N ? table[code] : unassigned;
}

} // namespace

std::string_view describe_type(std::uint8_t type) noexcept {
  if (type < type_names.size()) {
    return type_names[type];
  }
  switch (type) {
  case 253: return "RFC3692-style Experiment 1";
  case 254: return "RFC3692-style Experiment 2";
  case 255: return "Reserved";
  default: return unassigned;
  }
}

std::string_view describe(std::uint8_t type, std::uint8_t code) noexcept {
  switch (type) {
  case 0:  // Echo Reply
  case 4:  // Source Quench
  case 8:  // Echo
  case 10: // Router Solicitation
  case 13: // Timestamp
  case 14: // Timestamp Reply
  case 15: // Information Request
  case 16: // Information Reply
  case 17: // Address Mask Request
  case 18: // Address Mask Reply
    return code == 0 ? "No Code" : unassigned;
  case 3: return pick(unreachable_codes, code);
  case 5: return pick(redirect_codes, code);
  case 6: return code == 0 ? "Alternate Address for Host" : unassigned;
  case 9:
    if (code == 0) {
      return "Normal router advertisement";
    }
    return code == 16 ? "Does not route common traffic" : unassigned;
  case 11:
    if (code == 0) {
      return "Time to Live exceeded in Transit";
    }
    return code == 1 ? "Fragment Reassembly Time Exceeded" : unassigned;
  case 12:
    switch (code) {
    case 0: return "Pointer indicates the error";
    case 1: return "Missing a Required Option";
    case 2: return "Bad Length";
    default: return unassigned;
    }
  case 40: return pick(photuris_codes, code);
  case 42: return code == 0 ? "No Error" : unassigned;
  case 43: return pick(extended_echo_reply_codes, code);
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
    return truncated(layer_id::icmp, 0, header_len, b.size());
  }
  return view(b);
}

bool view::checksum_ok() const noexcept {
  internet_checksum c;
  c.add(b_);
  return c.verifies();
}

checksum_status view::verify_checksum(std::size_t message_len) const noexcept {
  return detail::verify_internet_checksum({}, b_, message_len);
}

std::optional<timestamps> view::times() const noexcept {
  if (b_.size() < timestamp_len) {
    return std::nullopt;
  }
  return timestamps{load_be32(b_, fields::originate_timestamp),
                    load_be32(b_, fields::receive_timestamp),
                    load_be32(b_, fields::transmit_timestamp)};
}

std::optional<ipv4_address> view::address_mask() const noexcept {
  if (b_.size() < address_mask_len) {
    return std::nullopt;
  }
  return ipv4_address::from_bytes(b_.subspan(fields::address_mask, 4));
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::icmp, 0, header_len, b.size());
  }
  return mut_view(b);
}

void mut_view::fill_checksum() noexcept {
  set_checksum(0);
  set_checksum(checksum_of(bytes(b_)));
}

} // namespace pktscope::icmp
