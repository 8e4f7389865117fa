#pragma once
/// TCP header view (RFC 9293 §3.1), flags (RFC 3168 ECE/CWR, RFC 3540 NS, now AE) and options
/// (RFC 9293 §3.2, RFC 7323 window scale and timestamps, RFC 2018 SACK).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/checksum_status.hpp>
#include <pktscope/proto/detail/tlv_reader.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

namespace pktscope::tcp {

/// IP protocol number (IANA) used in the pseudo-header.
inline constexpr std::uint8_t ip_protocol = 6;

namespace fields { // RFC 9293 §3.1
inline constexpr std::size_t src_port = 0, dst_port = 2, seq = 4, ack = 8;
/// High nibble of byte 12: data offset in 32-bit words.
inline constexpr std::size_t data_offset = 12;
/// 12 bits in bytes 12..13: 3 reserved bits, NS/AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN.
inline constexpr std::size_t flags = 12;
inline constexpr std::size_t window = 14, checksum = 16, urgent_ptr = 18, options = 20;
} // namespace fields

/// Length of the fixed header (data offset 5).
inline constexpr std::size_t header_len = 20;
/// Data offset 15: 40 bytes of options.
inline constexpr std::size_t max_header_len = 60;
inline constexpr std::size_t max_options_len = max_header_len - header_len;

/// One flag bit, with its value in the 12-bit flags field (as tshark's tcp.flags shows it).
enum class flag : std::uint16_t {
  fin = 0x001,
  syn = 0x002,
  rst = 0x004,
  psh = 0x008,
  ack = 0x010,
  urg = 0x020,
  ece = 0x040, ///< RFC 3168
  cwr = 0x080, ///< RFC 3168
  ns = 0x100,  ///< RFC 3540 ECN nonce (historic); reused as AE (Accurate ECN)
  ae = ns,
};
/// Bits of the flags field that are named flags.
inline constexpr std::uint16_t named_flags_mask = 0x1ff;
/// The three remaining reserved bits (RFC 9293: must be zero).
inline constexpr std::uint16_t reserved_flags_mask = 0xe00;
inline constexpr std::uint16_t flags_mask = 0xfff;

/// The 12-bit flags field as a set. Reserved bits are kept (so a round trip is exact).
class flag_set {
public:
  constexpr flag_set() noexcept = default;
  constexpr explicit flag_set(std::uint16_t raw) noexcept
      : bits_(static_cast<std::uint16_t>(raw & flags_mask)) {}
  constexpr flag_set(std::initializer_list<flag> fs) noexcept {
    for (const flag f : fs) {
      bits_ = static_cast<std::uint16_t>(bits_ | static_cast<std::uint16_t>(f));
    }
  }
  [[nodiscard]] constexpr std::uint16_t raw() const noexcept { return bits_; }
  [[nodiscard]] constexpr bool has(flag f) const noexcept {
    return (bits_ & static_cast<std::uint16_t>(f)) != 0;
  }
  [[nodiscard]] constexpr flag_set with(flag f) const noexcept {
    return flag_set(static_cast<std::uint16_t>(bits_ | static_cast<std::uint16_t>(f)));
  }
  [[nodiscard]] constexpr flag_set without(flag f) const noexcept {
    return flag_set(static_cast<std::uint16_t>(bits_ & ~static_cast<std::uint16_t>(f)));
  }
  [[nodiscard]] constexpr bool has_reserved() const noexcept {
    return (bits_ & reserved_flags_mask) != 0;
  }
  friend constexpr bool operator==(flag_set, flag_set) = default;

private:
  std::uint16_t bits_ = 0;
};

// Flag combinations the decoder reports as anomalies (scan probes, RFC 9293 contradictions).
/// No named flag at all (nmap's NULL scan). Reserved bits are not flags.
constexpr bool is_null_scan(flag_set f) noexcept {
  return (f.raw() & named_flags_mask) == 0;
}
/// FIN, PSH and URG all set (nmap's Xmas scan; other bits may also be set).
constexpr bool is_xmas(flag_set f) noexcept {
  return f.has(flag::fin) && f.has(flag::psh) && f.has(flag::urg);
}
constexpr bool has_syn_fin(flag_set f) noexcept {
  return f.has(flag::syn) && f.has(flag::fin);
}
constexpr bool has_syn_rst(flag_set f) noexcept {
  return f.has(flag::syn) && f.has(flag::rst);
}

/// `a - b` in sequence space (RFC 9293 §3.4: numbers compare modulo 2^32): negative when `a`
/// comes before `b`.
constexpr std::int32_t seq_delta(std::uint32_t a, std::uint32_t b) noexcept {
  return static_cast<std::int32_t>(a - b);
}

/// Name of one flag as tshark 4.0 prints it in the Info column: "FIN", "SYN", "RST", "PSH",
/// "ACK", "URG", "ECE", "CWR", "AE" (the former NS bit).
std::string_view describe(flag f) noexcept;

/// Buffer size sufficient for format_flags(), terminating NUL included.
inline constexpr std::size_t max_flags_text = 48;
/// Writes the set flags joined by ',' in tshark's order (FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,AE),
/// then "Reserved" if any reserved bit is set; "<None>" when nothing is set. NUL-terminates.
/// Precondition: `out` has max_flags_text chars. Returns the length written (without NUL).
std::size_t format_flags(flag_set f, char* out) noexcept;

/// Option kinds (IANA "TCP Option Kind Numbers"). Unlisted kinds stay valid.
enum class option_kind : std::uint8_t {
  eol = 0,            ///< End of Option List (RFC 9293)
  nop = 1,            ///< No-Operation (RFC 9293)
  mss = 2,            ///< Maximum Segment Size (RFC 9293), length 4
  window_scale = 3,   ///< RFC 7323, length 3
  sack_permitted = 4, ///< RFC 2018, length 2
  sack = 5,           ///< RFC 2018, length 2 + 8n
  echo = 6,           ///< RFC 1072 (obsolete)
  echo_reply = 7,     ///< RFC 1072 (obsolete)
  timestamps = 8,     ///< RFC 7323, length 10
  md5 = 19,           ///< RFC 2385
  user_timeout = 28,  ///< RFC 5482
  tcp_ao = 29,        ///< RFC 5925
  mptcp = 30,         ///< RFC 8684
  fast_open = 34,     ///< RFC 7413
  experimental_1 = 253,
  experimental_2 = 254,
};

/// One option as found in the header.
struct option {
  option_kind kind = option_kind::eol;
  /// The length byte (total option size incl. kind and length); 1 for EOL and NOP.
  std::uint8_t length = 1;
  /// Offset of the kind byte from the start of the TCP header.
  std::size_t offset = 0;
  /// Value bytes after kind and length (empty for EOL and NOP).
  bytes data;
};

struct sack_block {
  std::uint32_t left = 0;  ///< first sequence number of the block
  std::uint32_t right = 0; ///< sequence number just after the block
  friend bool operator==(const sack_block&, const sack_block&) = default;
};

/// SACK blocks of one option; at most 4 fit in 40 bytes of options.
struct sack_blocks {
  std::array<sack_block, 4> blocks{};
  std::size_t count = 0;
};

struct timestamps {
  std::uint32_t tsval = 0;
  std::uint32_t tsecr = 0;
  friend bool operator==(const timestamps&, const timestamps&) = default;
};

// Typed decoding of one option; nullopt when the kind differs or the length is not the one
// the RFC prescribes.
std::optional<std::uint16_t> as_mss(const option& o) noexcept;
/// The shift count (RFC 7323 §2.3; values above 14 are returned as sent).
std::optional<std::uint8_t> as_window_scale(const option& o) noexcept;
std::optional<sack_blocks> as_sack(const option& o) noexcept;
std::optional<timestamps> as_timestamps(const option& o) noexcept;

/// The rule of the option walk: EOL (yielded, then the walk ends), NOP and every other kind,
/// unknown ones skipped by their length. A kind without a length byte, a length < 2 or an
/// option running past the header is bad: malformed(layer_id::tcp, offset of that option).
struct option_rule {
  using value_type = option;
  static constexpr std::size_t start = header_len; ///< options start at byte 20
  static detail::tlv_step<option> read(bytes header, std::size_t pos) noexcept;
};

/// Bounded, tolerant walk over the options of a header, constructed from the whole TCP header
/// (data offset * 4 bytes). A bad option stops the walk: failed() then becomes true and
/// error() is malformed(layer_id::tcp, offset of that option).
///
///   auto opts = v.options();
///   for (const tcp::option& o : opts) { ... }
///   if (opts.failed()) { ... opts.error() ... }
using option_reader = detail::tlv_reader<option_rule>;

/// Plain value for building and comparing. write_to() serialises exactly the given values:
/// data offset, flags (reserved bits included), checksum, and options_len() bytes of
/// `options` (the builder pads options and sets the offset).
struct header {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t data_offset = 5; ///< 4 bits, in 32-bit words
  flag_set flags;
  std::uint16_t window = 0;
  std::uint16_t checksum = 0;
  std::uint16_t urgent_ptr = 0;
  std::array<std::uint8_t, max_options_len> options{};

  /// (data_offset - 5) * 4, or 0 when data_offset < 5.
  [[nodiscard]] std::size_t options_len() const noexcept {
    return data_offset > 5 ? (std::size_t{data_offset} - 5U) * 4U : 0U;
  }
  [[nodiscard]] std::size_t size() const noexcept { return header_len + options_len(); }
  /// Precondition: out.size() >= size(), data_offset <= 15.
  void write_to(mut_bytes out) const noexcept;
  /// Compares options_len() bytes of options only.
  friend bool operator==(const header& a, const header& b) noexcept;
};

class view {
public:
  /// Errors: truncated(layer_id::tcp, 0, 20, have) when b is shorter than the fixed header;
  /// malformed(layer_id::tcp, fields::data_offset) when the data offset is < 5;
  /// truncated(layer_id::tcp, 0, offset * 4, have) when the options are not all captured.
  /// `b` should end where the IP payload ends (the decoder clips it); the payload may be cut
  /// by snaplen, which is not an error.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= data_offset * 4 >= 20.
  std::uint16_t src_port() const noexcept { return load_be16(b_, fields::src_port); }
  std::uint16_t dst_port() const noexcept { return load_be16(b_, fields::dst_port); }
  /// Raw (absolute) sequence number, tshark's tcp.seq_raw.
  std::uint32_t seq() const noexcept { return load_be32(b_, fields::seq); }
  /// Raw acknowledgment number, tshark's tcp.ack_raw (meaningful when ACK is set).
  std::uint32_t ack() const noexcept { return load_be32(b_, fields::ack); }
  std::uint8_t data_offset() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::data_offset) >> 4);
  }
  flag_set flags() const noexcept { return flag_set(load_be16(b_, fields::flags)); }
  std::uint16_t window() const noexcept { return load_be16(b_, fields::window); }
  std::uint16_t checksum() const noexcept { return load_be16(b_, fields::checksum); }
  std::uint16_t urgent_ptr() const noexcept { return load_be16(b_, fields::urgent_ptr); }

  /// data_offset * 4 (tshark's tcp.hdr_len).
  std::size_t header_length() const noexcept { return std::size_t{data_offset()} * 4U; }
  bytes header_bytes() const noexcept { return b_.first(header_length()); }
  bytes options_bytes() const noexcept {
    return b_.subspan(header_len, header_length() - header_len);
  }
  /// Everything after the header in the bytes given to parse().
  bytes payload() const noexcept { return b_.subspan(header_length()); }
  std::size_t captured_len() const noexcept { return b_.size(); }

  option_reader options() const noexcept { return option_reader(header_bytes()); }
  // First option of each kind, decoded; nullopt when absent, malformed, or after a bad option.
  std::optional<std::uint16_t> mss() const noexcept;
  std::optional<std::uint8_t> window_scale() const noexcept;
  bool sack_permitted() const noexcept;
  std::optional<sack_blocks> sack() const noexcept;
  std::optional<tcp::timestamps> timestamps() const noexcept;

  /// Checks the checksum. `segment_len` is the TCP length from the IP layer (header +
  /// payload) and `pseudo` the pseudo-header sum built with protocol 6 and that length.
  /// unverified when fewer than segment_len bytes were captured.
  [[nodiscard]] checksum_status verify_checksum(internet_checksum pseudo,
                                                std::size_t segment_len) const noexcept;

  header to_header() const noexcept;

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing of a parsed segment. set_data_offset() voids what parse() checked (the
/// header length); the other setters do not.
class mut_view {
public:
  /// Same checks and errors as view::parse().
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  view as_view() const noexcept { return *view::parse(bytes(b_)); }
  mut_bytes options_bytes() const noexcept {
    return b_.subspan(header_len, header_length() - header_len);
  }
  mut_bytes payload() const noexcept { return b_.subspan(header_length()); }

  void set_src_port(std::uint16_t v) noexcept { store_be16(b_, fields::src_port, v); }
  void set_dst_port(std::uint16_t v) noexcept { store_be16(b_, fields::dst_port, v); }
  void set_seq(std::uint32_t v) noexcept { store_be32(b_, fields::seq, v); }
  void set_ack(std::uint32_t v) noexcept { store_be32(b_, fields::ack, v); }
  /// Voids parse()'s header length checks: keep 5 <= v and v * 4 <= captured.
  void set_data_offset(std::uint8_t v) noexcept {
    store_u8(b_, fields::data_offset,
             static_cast<std::uint8_t>((v << 4) | (load_u8(b_, fields::data_offset) & 0x0f)));
  }
  void set_flags(flag_set f) noexcept {
    store_be16(b_, fields::flags,
               static_cast<std::uint16_t>((load_be16(b_, fields::flags) & 0xf000) | f.raw()));
  }
  void set_window(std::uint16_t v) noexcept { store_be16(b_, fields::window, v); }
  void set_checksum(std::uint16_t v) noexcept { store_be16(b_, fields::checksum, v); }
  void set_urgent_ptr(std::uint16_t v) noexcept { store_be16(b_, fields::urgent_ptr, v); }

  /// Computes and stores the checksum over `pseudo` (protocol 6, length segment_len) and the
  /// first segment_len bytes. Error: truncated(layer_id::tcp, 0, segment_len, captured) when
  /// they are not all present; the field is then left unchanged.
  [[nodiscard]] result<void> fill_checksum(internet_checksum pseudo,
                                           std::size_t segment_len) noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  std::size_t header_length() const noexcept {
    return std::size_t{static_cast<std::uint8_t>(load_u8(b_, fields::data_offset) >> 4)} * 4U;
  }
  mut_bytes b_;
};

} // namespace pktscope::tcp
