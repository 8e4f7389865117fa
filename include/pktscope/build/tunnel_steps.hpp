#pragma once
/// Tunnel steps: GRE (optional checksum, key, sequence number; protocol type filled from the
/// inner layer; checksum per policy when present), VXLAN and Geneve. The encapsulated packet
/// is built by the steps that follow (for example .ethernet(...).ipv4(...)) or embedded as a
/// whole nested chain (.inner(chain)).

#include <pktscope/build/step.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/gre.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <cstdint>
#include <optional>

namespace pktscope::build {

/// What .gre() takes (RFC 2784, RFC 2890).
struct gre_params {
  bool checksum = false; ///< C bit: checksum (filled per policy) and reserved1 fields
  std::optional<std::uint32_t> key{};
  std::optional<std::uint32_t> sequence{};
  std::uint16_t protocol_type = 0; ///< used when the inner layer has no EtherType
};

struct gre_step {
  static constexpr unsigned category = cat::transport;
  static constexpr unsigned follows = cat::frame | cat::ip | cat::mpls | cat::payload;
  gre::header h;

  [[nodiscard]] static gre_step make(const gre_params& p) noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return h.size(); }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::gre, 0, ip_protocol::gre, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// VXLAN header (RFC 7348 §5) as given; an Ethernet frame follows.
struct vxlan_step {
  static constexpr unsigned category = cat::udp_app;
  static constexpr unsigned follows = cat::frame | cat::payload;
  vxlan::header h;

  [[nodiscard]] std::size_t size() const noexcept { return vxlan::header_len; }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::vxlan, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// Geneve header (RFC 8926 §3.4) with options as given; protocol type filled from the inner
/// layer (0x6558 for Ethernet).
struct geneve_step {
  static constexpr unsigned category = cat::udp_app;
  static constexpr unsigned follows = cat::frame | cat::ip | cat::payload;
  geneve::header h;

  [[nodiscard]] std::size_t size() const noexcept { return h.size(); }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::geneve, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;
};

} // namespace pktscope::build
