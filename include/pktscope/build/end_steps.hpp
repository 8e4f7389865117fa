#pragma once
/// Steps that end a chain: payload octets, a DNS message over TCP (with its RFC 1035 §4.2.2
/// length prefix), and ARP. Octets are not copied: the spans must outlive the chain's writes.

#include <pktscope/build/step.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/ethernet.hpp>

#include <algorithm>
#include <cstdint>

namespace pktscope::build {

/// Octets as given (application data, a DNS message, SCTP chunks, a truncated quote, ...).
struct payload_step {
  static constexpr unsigned category = cat::payload;
  static constexpr unsigned follows = 0;
  bytes data{};

  [[nodiscard]] std::size_t size() const noexcept { return data.size(); }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::payload, 0, {}, 0}; }
  void write(mut_bytes out, const context& /*c*/) const noexcept {
    std::copy(data.begin(), data.end(), out.begin());
  }
};

/// A DNS message behind its 2-octet length (DNS over TCP). Precondition: message.size() <=
/// 65535.
struct dns_tcp_step {
  static constexpr unsigned category = cat::tcp_app;
  static constexpr unsigned follows = 0;
  bytes message{};

  static constexpr std::size_t prefix_len = 2;
  [[nodiscard]] std::size_t size() const noexcept { return prefix_len + message.size(); }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::dns, 0, {}, 0}; }
  void write(mut_bytes out, const context& /*c*/) const noexcept {
    dns::write_tcp_length(out, static_cast<std::uint16_t>(message.size()));
    std::copy(message.begin(), message.end(), out.begin() + prefix_len);
  }
};

/// ARP for Ethernet and IPv4 (RFC 826), addresses held by value. Payload octets after it are
/// link-layer padding or trailer.
struct arp_step {
  static constexpr unsigned category = cat::arp;
  static constexpr unsigned follows = cat::payload;
  arp::operation oper = arp::operation::request;
  mac_address sender_mac;
  ipv4_address sender_ip;
  mac_address target_mac;
  ipv4_address target_ip;

  [[nodiscard]] std::size_t size() const noexcept { return arp::ethernet_ipv4_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::arp, static_cast<std::uint16_t>(ether_type::arp), {}, 0};
  }
  void write(mut_bytes out, const context& /*c*/) const noexcept {
    const arp::header h{.oper = oper,
                        .sender_hw = bytes(sender_mac.octets),
                        .sender_proto = bytes(sender_ip.octets),
                        .target_hw = bytes(target_mac.octets),
                        .target_proto = bytes(target_ip.octets)};
    h.write_to(out);
  }
};

} // namespace pktscope::build
