#pragma once
/// MPLS label stack entries (RFC 3032 §2.1; TC renamed from EXP by RFC 5462). A view is one
/// 4-octet entry; walk_stack() follows entries to the bottom of the stack (S = 1), and
/// guess_payload() names what follows it, since MPLS carries no next-protocol field.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace pktscope::mpls {

namespace fields { // RFC 3032 §2.1: label (20 bits) | TC (3) | S (1) | TTL (8)
inline constexpr std::size_t entry = 0;
}
inline constexpr std::size_t header_len = 4; ///< one label stack entry
inline constexpr std::uint32_t max_label = 0xfffff;
/// Default cap on walk_stack(): real stacks are a handful of entries deep.
inline constexpr std::size_t default_max_depth = 16;

/// Reserved label values (RFC 3032 §2.1, RFC 7274, IANA "Special-Purpose MPLS Label Values").
enum class reserved_label : std::uint32_t {
  ipv4_explicit_null = 0,
  router_alert = 1,
  ipv6_explicit_null = 2,
  implicit_null = 3,
  entropy_label_indicator = 7, ///< RFC 6790
  gal = 13,                    ///< generic associated channel label, RFC 5586
  oam_alert = 14,
  extension = 15,
};
/// Name of a reserved label (0..15), empty for unassigned and ordinary labels.
std::string_view describe(reserved_label label) noexcept;

/// Plain value for building and comparing. Preconditions of write_to(): label <= 0xFFFFF,
/// tc <= 7 (higher bits are masked off).
struct header {
  std::uint32_t label = 0;
  std::uint8_t tc = 0; ///< traffic class (formerly EXP)
  bool bottom_of_stack = false;
  std::uint8_t ttl = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  [[nodiscard]] std::uint32_t entry() const noexcept {
    return (label & max_label) << 12 | std::uint32_t{tc & 0x7U} << 9 |
           (bottom_of_stack ? 0x100U : 0U) | ttl;
  }
  void write_to(mut_bytes out) const noexcept { store_be32(out, fields::entry, entry()); }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::mpls, 0, 4,
  /// have) when fewer than 4 octets remain. Every entry value is valid.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::mpls, 0, header_len, b.size());
    }
    return view(b);
  }

  // in bounds: parse() checked b_.size() >= 4.
  [[nodiscard]] std::uint32_t entry() const noexcept { return load_be32(b_, fields::entry); }
  [[nodiscard]] std::uint32_t label() const noexcept { return entry() >> 12; }
  [[nodiscard]] std::uint8_t tc() const noexcept {
    return static_cast<std::uint8_t>((entry() >> 9) & 0x7U);
  }
  [[nodiscard]] bool bottom_of_stack() const noexcept { return (entry() & 0x100U) != 0; }
  [[nodiscard]] std::uint8_t ttl() const noexcept {
    return static_cast<std::uint8_t>(entry() & 0xffU);
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Everything after this entry: the next entry, or the payload after the bottom one.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    return {label(), tc(), bottom_of_stack(), ttl()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing of one entry. set_bottom_of_stack() changes where walk_stack() stops.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::mpls, 0, header_len, b.size());
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }

  /// Precondition: label <= 0xFFFFF.
  void set_label(std::uint32_t label) noexcept {
    set_entry((entry() & 0xfffU) | (label & max_label) << 12);
  }
  /// Precondition: tc <= 7.
  void set_tc(std::uint8_t tc) noexcept {
    set_entry((entry() & ~0xe00U) | std::uint32_t{tc & 0x7U} << 9);
  }
  void set_bottom_of_stack(bool s) noexcept {
    set_entry(s ? (entry() | 0x100U) : (entry() & ~0x100U));
  }
  void set_ttl(std::uint8_t ttl) noexcept { set_entry((entry() & ~0xffU) | ttl); }
  /// RFC 3032 §2.4.1: decrement on forwarding; returns the new TTL (0 stays 0).
  std::uint8_t decrement_ttl() noexcept {
    const std::uint8_t t = as_view().ttl();
    const auto n = static_cast<std::uint8_t>(t == 0 ? 0 : t - 1);
    set_ttl(n);
    return n;
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  [[nodiscard]] std::uint32_t entry() const noexcept { return load_be32(b_, fields::entry); }
  void set_entry(std::uint32_t v) noexcept { store_be32(b_, fields::entry, v); }
  mut_bytes b_;
};

/// A label stack found by walk_stack().
struct stack {
  std::size_t depth = 0; ///< number of entries, >= 1
  bytes entries;         ///< depth * 4 octets; mpls::view::parse() each 4-octet slice
  bytes payload;         ///< after the bottom-of-stack entry

  /// Entry i (0 = top). Precondition: i < depth.
  [[nodiscard]] view at(std::size_t i) const noexcept {
    return *view::parse(entries.subspan(i * header_len, header_len));
  }
  /// The bottom entry (its label hints the payload: 0 IPv4, 2 IPv6 explicit null).
  [[nodiscard]] view bottom() const noexcept { return at(depth - 1); }
};

/// Walks label stack entries from the start of b until one has S = 1. Errors:
/// truncated(layer_id::mpls, 4 * i, 4, have) when b ends before the bottom of the stack;
/// errc::unsupported (layer mpls, offset 4 * max_depth) when max_depth entries pass without
/// S = 1 (a cap against pathological input, not a protocol limit).
[[nodiscard]] inline result<stack> walk_stack(bytes b,
                                              std::size_t max_depth = default_max_depth) noexcept {
  for (std::size_t i = 0; i < max_depth; ++i) {
    const std::size_t off = i * header_len;
    const auto v = view::parse(b.subspan(std::min(off, b.size())));
    if (!v) {
      return truncated(layer_id::mpls, off, header_len, b.size() - std::min(off, b.size()));
    }
    if (v->bottom_of_stack()) {
      const std::size_t end = off + header_len;
      return stack{i + 1, b.first(end), b.subspan(end)};
    }
  }
  return unexpected{error{errc::unsupported, layer_id::mpls, 0, 0, max_depth * header_len}};
}

/// What follows the bottom of the stack, guessed from its first nibble as Wireshark does
/// (RFC 4385 §3: a pseudowire control word starts with nibble 0, an associated channel
/// header with 1; IP packets start with their version).
enum class payload_kind : std::uint8_t {
  empty,           ///< nothing captured after the stack
  ipv4,            ///< first nibble 4
  ipv6,            ///< first nibble 6
  pw_control_word, ///< nibble 0: 4-octet pseudowire control word, then (usually) Ethernet
  pw_ach,          ///< nibble 1: pseudowire associated channel header (RFC 4385 §5)
  unknown,         ///< anything else (e.g. Ethernet pseudowire without control word)
};
std::string_view describe(payload_kind k) noexcept;

/// RFC 4385 §3 / RFC 4448 §3: the generic pseudowire control word is 4 octets.
inline constexpr std::size_t control_word_len = 4;

[[nodiscard]] constexpr payload_kind guess_payload(bytes after_stack) noexcept {
  if (after_stack.empty()) {
    return payload_kind::empty;
  }
  switch (after_stack[0] >> 4) {
  case 4: return payload_kind::ipv4;
  case 6: return payload_kind::ipv6;
  case 0: return payload_kind::pw_control_word;
  case 1: return payload_kind::pw_ach;
  default: return payload_kind::unknown;
  }
}

} // namespace pktscope::mpls
