#include <pktscope/proto/tcp.hpp>

#include <pktscope/proto/detail/verify_checksum.hpp>

#include <algorithm>
#include <cstring>

namespace pktscope::tcp {

namespace {

// tshark's order (packet-tcp.c, tcp_flags_to_str): lowest bit first.
constexpr std::array<std::string_view, 9> flag_names = {"FIN", "SYN", "RST", "PSH", "ACK",
                                                        "URG", "ECE", "CWR", "AE"};

constexpr std::size_t mss_len = 4, window_scale_len = 3, sack_permitted_len = 2,
                      timestamps_len = 10, sack_block_len = 8, option_head_len = 2;

std::size_t append(char* out, std::size_t n, std::string_view s) noexcept {
  std::memcpy(out + n, s.data(), s.size());
  return n + s.size();
}

} // namespace

std::string_view describe(flag f) noexcept {
  const auto bits = static_cast<std::uint16_t>(f);
  for (std::size_t i = 0; i < flag_names.size(); ++i) {
    if (bits == (1U << i)) {
      return flag_names[i];
    }
  }
  return "?";
}

std::size_t format_flags(flag_set f, char* out) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < flag_names.size(); ++i) {
    if ((f.raw() & (1U << i)) != 0) {
      if (n != 0) {
        out[n++] = ',';
      }
      n = append(out, n, flag_names[i]);
    }
  }
  if (f.has_reserved()) {
    if (n != 0) {
      out[n++] = ',';
    }
    n = append(out, n, "Reserved");
  }
  if (n == 0) {
    n = append(out, n, "<None>");
  }
  out[n] = '\0';
  return n;
}

std::optional<std::uint16_t> as_mss(const option& o) noexcept {
  if (o.kind != option_kind::mss || o.length != mss_len) {
    return std::nullopt;
  }
  return load_be16(o.data, 0);
}

std::optional<std::uint8_t> as_window_scale(const option& o) noexcept {
  if (o.kind != option_kind::window_scale || o.length != window_scale_len) {
    return std::nullopt;
  }
  return load_u8(o.data, 0);
}

std::optional<sack_blocks> as_sack(const option& o) noexcept {
  const std::size_t n = o.data.size() / sack_block_len;
  if (o.kind != option_kind::sack || o.data.size() % sack_block_len != 0 || n == 0 ||
      n > sack_blocks{}.blocks.size()) {
    return std::nullopt;
  }
  sack_blocks s;
  s.count = n;
  for (std::size_t i = 0; i < n; ++i) {
    s.blocks[i] = {load_be32(o.data, i * sack_block_len),
                   load_be32(o.data, i * sack_block_len + 4)};
  }
  return s;
}

std::optional<timestamps> as_timestamps(const option& o) noexcept {
  if (o.kind != option_kind::timestamps || o.length != timestamps_len) {
    return std::nullopt;
  }
  return timestamps{load_be32(o.data, 0), load_be32(o.data, 4)};
}

detail::tlv_step<option> option_rule::read(bytes b, std::size_t pos) noexcept {
  using step = detail::tlv_step<option>;
  const auto kind = static_cast<option_kind>(load_u8(b, pos));
  if (kind == option_kind::eol) {
    // Bytes after EOL are padding (RFC 9293 §3.2).
    return step::last_item(option{kind, 1, pos, {}}, 1);
  }
  if (kind == option_kind::nop) {
    return step::item(option{kind, 1, pos, {}}, 1);
  }
  if (pos + 1 >= b.size()) {
    return step::fail(malformed(layer_id::tcp, pos));
  }
  const std::uint8_t len = load_u8(b, pos + 1);
  if (len < option_head_len || len > b.size() - pos) {
    return step::fail(malformed(layer_id::tcp, pos));
  }
  return step::item(option{kind, len, pos, b.subspan(pos + option_head_len, len - option_head_len)},
                    len);
}

bool operator==(const header& a, const header& b) noexcept {
  return a.src_port == b.src_port && a.dst_port == b.dst_port && a.seq == b.seq && a.ack == b.ack &&
         a.data_offset == b.data_offset && a.flags == b.flags && a.window == b.window &&
         a.checksum == b.checksum && a.urgent_ptr == b.urgent_ptr &&
         std::equal(a.options.begin(),
                    a.options.begin() + static_cast<std::ptrdiff_t>(a.options_len()),
                    b.options.begin());
}

void header::write_to(mut_bytes out) const noexcept {
  store_be16(out, fields::src_port, src_port);
  store_be16(out, fields::dst_port, dst_port);
  store_be32(out, fields::seq, seq);
  store_be32(out, fields::ack, ack);
  store_be16(out, fields::flags,
             static_cast<std::uint16_t>((std::uint16_t{data_offset} << 12) | flags.raw()));
  store_be16(out, fields::window, window);
  store_be16(out, fields::checksum, checksum);
  store_be16(out, fields::urgent_ptr, urgent_ptr);
  std::copy_n(options.begin(), options_len(), out.begin() + fields::options);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::tcp, 0, header_len, b.size());
  }
  const std::size_t len = std::size_t{static_cast<std::uint8_t>(b[fields::data_offset] >> 4)} * 4U;
  if (len < header_len) {
    return malformed(layer_id::tcp, fields::data_offset);
  }
  if (b.size() < len) {
    return truncated(layer_id::tcp, 0, len, b.size());
  }
  return view(b);
}

namespace {
template <class F> auto first_option(const view& v, option_kind kind, F decode) noexcept {
  auto reader = v.options();
  for (const option& o : reader) {
    if (o.kind == kind) {
      return decode(o);
    }
  }
  return decltype(decode(std::declval<const option&>())){};
}
} // namespace

std::optional<std::uint16_t> view::mss() const noexcept {
  return first_option(*this, option_kind::mss, as_mss);
}
std::optional<std::uint8_t> view::window_scale() const noexcept {
  return first_option(*this, option_kind::window_scale, as_window_scale);
}
bool view::sack_permitted() const noexcept {
  return first_option(*this, option_kind::sack_permitted,
                      [](const option& o) { return o.length == sack_permitted_len; });
}
std::optional<sack_blocks> view::sack() const noexcept {
  return first_option(*this, option_kind::sack, as_sack);
}
std::optional<tcp::timestamps> view::timestamps() const noexcept {
  return first_option(*this, option_kind::timestamps, as_timestamps);
}

checksum_status view::verify_checksum(internet_checksum pseudo,
                                      std::size_t segment_len) const noexcept {
  return detail::verify_internet_checksum(pseudo, b_, segment_len);
}

header view::to_header() const noexcept {
  header h;
  h.src_port = src_port();
  h.dst_port = dst_port();
  h.seq = seq();
  h.ack = ack();
  h.data_offset = data_offset();
  h.flags = flags();
  h.window = window();
  h.checksum = checksum();
  h.urgent_ptr = urgent_ptr();
  const bytes opts = options_bytes();
  std::copy(opts.begin(), opts.end(), h.options.begin());
  return h;
}

result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  const auto v = view::parse(bytes(b));
  if (!v) {
    return unexpected(v.error());
  }
  return mut_view(b);
}

result<void> mut_view::fill_checksum(internet_checksum pseudo, std::size_t segment_len) noexcept {
  if (segment_len > b_.size()) {
    return truncated(layer_id::tcp, 0, segment_len, b_.size());
  }
  store_be16(b_, fields::checksum, 0);
  pseudo.add(bytes(b_.first(segment_len)));
  store_be16(b_, fields::checksum, pseudo.finish());
  return {};
}

} // namespace pktscope::tcp
