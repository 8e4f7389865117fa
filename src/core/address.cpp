#include <pktscope/core/address.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace pktscope {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// inet_pton/inet_ntop need NUL-terminated text; addresses are short, so a stack copy does.
template <class Address, int Family>
std::optional<Address> parse_with_inet(std::string_view text) noexcept {
  char buf[max_address_text];
  if (text.size() >= sizeof buf) {
    return std::nullopt;
  }
  std::copy(text.begin(), text.end(), buf); // not memcpy: an empty view may hold nullptr
  buf[text.size()] = '\0';
  Address a;
  if (inet_pton(Family, buf, a.octets.data()) != 1) {
    return std::nullopt;
  }
  return a;
}

} // namespace

mac_address mac_address::from_bytes(bytes b) noexcept {
  mac_address a;
  std::copy_n(b.begin(), 6, a.octets.begin());
  return a;
}

std::size_t mac_address::format_to(char* out) const noexcept {
  char* p = out;
  for (std::size_t i = 0; i < octets.size(); ++i) {
    if (i != 0) {
      *p++ = ':';
    }
    *p++ = hex_digits[octets[i] >> 4];
    *p++ = hex_digits[octets[i] & 0xf];
  }
  *p = '\0';
  return static_cast<std::size_t>(p - out);
}

std::string mac_address::to_string() const {
  char buf[max_address_text];
  return {buf, format_to(buf)};
}

std::optional<mac_address> mac_address::parse(std::string_view text) noexcept {
  if (text.size() != 17) {
    return std::nullopt;
  }
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  mac_address a;
  for (std::size_t i = 0; i < 6; ++i) {
    const int hi = nibble(text[i * 3]);
    const int lo = nibble(text[i * 3 + 1]);
    if (hi < 0 || lo < 0 || (i < 5 && text[i * 3 + 2] != ':' && text[i * 3 + 2] != '-')) {
      return std::nullopt;
    }
    a.octets[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return a;
}

ipv4_address ipv4_address::from_bytes(bytes b) noexcept {
  ipv4_address a;
  std::copy_n(b.begin(), 4, a.octets.begin());
  return a;
}

std::size_t ipv4_address::format_to(char* out) const noexcept {
  char* p = out;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i != 0) {
      *p++ = '.';
    }
    const unsigned v = octets[i];
    if (v >= 100) {
      *p++ = static_cast<char>('0' + v / 100);
    }
    if (v >= 10) {
      *p++ = static_cast<char>('0' + v / 10 % 10);
    }
    *p++ = static_cast<char>('0' + v % 10);
  }
  *p = '\0';
  return static_cast<std::size_t>(p - out);
}

std::string ipv4_address::to_string() const {
  char buf[max_address_text];
  return {buf, format_to(buf)};
}

std::optional<ipv4_address> ipv4_address::parse(std::string_view text) noexcept {
  return parse_with_inet<ipv4_address, AF_INET>(text);
}

ipv6_address ipv6_address::from_bytes(bytes b) noexcept {
  ipv6_address a;
  std::copy_n(b.begin(), 16, a.octets.begin());
  return a;
}

std::size_t ipv6_address::format_to(char* out) const noexcept {
  // inet_ntop implements RFC 5952 (including the IPv4-mapped form tshark prints).
  if (inet_ntop(AF_INET6, octets.data(), out, max_address_text) == nullptr) {
    out[0] = '\0';
    return 0;
  }
  return std::strlen(out);
}

std::string ipv6_address::to_string() const {
  char buf[max_address_text];
  return {buf, format_to(buf)};
}

std::optional<ipv6_address> ipv6_address::parse(std::string_view text) noexcept {
  return parse_with_inet<ipv6_address, AF_INET6>(text);
}

std::size_t format_ip(bytes address, char* out) noexcept {
  if (address.size() == 4) {
    return ipv4_address::from_bytes(address).format_to(out);
  }
  if (address.size() == 16) {
    return ipv6_address::from_bytes(address).format_to(out);
  }
  out[0] = '\0';
  return 0;
}

std::string ip_to_string(bytes address) {
  char buf[max_address_text];
  return {buf, format_ip(address, buf)};
}

std::size_t format_endpoint(bytes address, std::uint16_t port, char* out) noexcept {
  const bool bracket = address.size() == 16;
  char* p = out;
  if (bracket) {
    *p++ = '[';
  }
  p += format_ip(address, p);
  if (bracket) {
    *p++ = ']';
  }
  *p++ = ':';
  char digits[5];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + port % 10);
    port = static_cast<std::uint16_t>(port / 10);
  } while (port != 0);
  while (n != 0) {
    *p++ = digits[--n];
  }
  *p = '\0';
  return static_cast<std::size_t>(p - out);
}

} // namespace pktscope
