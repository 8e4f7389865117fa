#include <pktscope/proto/dns.hpp>

#include <pktscope/core/chars.hpp>

#include <algorithm>
#include <cstring>

// message_builder: writes DNS messages (RFC 1035 §4.1), with name compression on request.

namespace pktscope::dns {

message_builder::message_builder(mut_bytes out, std::uint16_t id, std::uint16_t flags,
                                 compression c) noexcept
    : out_(out), compression_(c) {
  if (out_.size() >= header_len) {
    header{id, flags, 0, 0, 0, 0}.write_to(out_);
    pos_ = header_len;
  }
}

result<void> message_builder::begin(section s) noexcept {
  if (out_.size() < header_len) {
    return truncated(layer_id::dns, 0, header_len, out_.size());
  }
  if (s < section_ || s == section::end) {
    return unexpected{error{errc::unsupported, layer_id::dns, 0, 0, pos_}};
  }
  const std::size_t count_at = fields::qdcount + 2 * static_cast<std::size_t>(s);
  if (load_be16(out_, count_at) == 0xffff) {
    return unexpected{error{errc::unsupported, layer_id::dns, 0, 0, count_at}};
  }
  section_ = s;
  return {};
}

void message_builder::bump(section s) noexcept {
  const std::size_t count_at = fields::qdcount + 2 * static_cast<std::size_t>(s);
  store_be16(out_, count_at, static_cast<std::uint16_t>(load_be16(out_, count_at) + 1));
}

void message_builder::rollback(mark m) noexcept {
  pos_ = m.pos;
  table_len_ = m.table_len;
}

result<void> message_builder::put_bytes(bytes b) noexcept {
  if (out_.size() - pos_ < b.size()) {
    return truncated(layer_id::dns, pos_, b.size(), out_.size() - pos_);
  }
  if (!b.empty()) {
    std::memcpy(out_.data() + pos_, b.data(), b.size());
  }
  pos_ += b.size();
  return {};
}

result<void> message_builder::put_u16(std::uint16_t v) noexcept {
  const std::uint8_t b[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  return put_bytes(b);
}

result<void> message_builder::put_u32(std::uint32_t v) noexcept {
  const std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                             static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  return put_bytes(b);
}

// Does the uncompressed name suffix s[0, len) (ending in the root octet) equal the name
// written at `at`? Only names this builder wrote are in the table, so they are well formed.
bool message_builder::match_suffix(const std::uint8_t* s, std::size_t len,
                                   std::size_t at) const noexcept {
  std::size_t i = 0;
  std::size_t p = at;
  for (std::size_t jumps = 0; jumps <= max_pointer_jumps && p < pos_;) {
    const std::uint8_t l = out_[p];
    if ((l & pointer_bits) == pointer_bits) {
      p = (std::size_t{l & 0x3fU} << 8) | out_[p + 1];
      ++jumps;
      continue;
    }
    if (i >= len || s[i] != l) {
      return false;
    }
    if (l == 0) {
      return true;
    }
    if (std::memcmp(s + i + 1, out_.data() + p + 1, l) != 0) {
      return false;
    }
    i += 1U + l;
    p += 1U + l;
  }
  return false;
}

result<void> message_builder::put_name(std::string_view text) noexcept {
  std::uint8_t wire[max_name_len];
  const auto len = write_name(text, wire);
  if (!len) {
    return unexpected{len.error()};
  }
  std::size_t keep = *len; // octets written literally; a pointer follows when keep < len
  std::size_t target = 0;
  if (compression_ == compression::on) {
    for (std::size_t k = 0; wire[k] != 0 && keep == *len; k += 1U + wire[k]) {
      for (std::size_t t = 0; t < table_len_; ++t) {
        if (match_suffix(wire + k, *len - k, table_[t])) {
          keep = k;
          target = table_[t];
          break;
        }
      }
    }
  }
  const std::size_t start = pos_;
  const std::size_t total = keep == *len ? keep : keep + 2;
  if (out_.size() - pos_ < total) {
    return truncated(layer_id::dns, pos_, total, out_.size() - pos_);
  }
  if (auto r = put_bytes(bytes(wire, keep)); !r) {
    return r;
  }
  if (keep < *len) {
    const auto pointer = static_cast<std::uint16_t>((std::size_t{pointer_bits} << 8) | target);
    if (auto r = put_u16(pointer); !r) {
      return r;
    }
  }
  if (compression_ == compression::on) {
    constexpr std::size_t max_pointer_target = 0x3fff;
    for (std::size_t k = 0; k < keep && wire[k] != 0; k += 1U + wire[k]) {
      if (table_len_ < table_cap && start + k <= max_pointer_target) {
        table_[table_len_++] = static_cast<std::uint16_t>(start + k);
      }
    }
  }
  return {};
}

result<void> message_builder::add_question(std::string_view name, qtype type,
                                           std::uint16_t qclass) noexcept {
  if (auto r = begin(section::question); !r) {
    return r;
  }
  const mark m{pos_, table_len_};
  result<void> r = put_name(name);
  if (r) {
    r = put_u16(static_cast<std::uint16_t>(type));
  }
  if (r) {
    r = put_u16(qclass);
  }
  if (!r) {
    rollback(m);
    return r;
  }
  bump(section::question);
  return {};
}

result<void> message_builder::put_record_head(section s, std::string_view name, qtype type,
                                              std::uint16_t rclass, std::uint32_t ttl) noexcept {
  if (s == section::question) {
    return unexpected{error{errc::unsupported, layer_id::dns, 0, 0, pos_}};
  }
  if (auto r = begin(s); !r) {
    return r;
  }
  if (auto r = put_name(name); !r) {
    return r;
  }
  if (auto r = put_u16(static_cast<std::uint16_t>(type)); !r) {
    return r;
  }
  if (auto r = put_u16(rclass); !r) {
    return r;
  }
  if (auto r = put_u32(ttl); !r) {
    return r;
  }
  return put_u16(0); // RDLENGTH, patched by finish_record()
}

result<void> message_builder::finish_record(std::size_t rdlen_pos) noexcept {
  const std::size_t rdlen = pos_ - rdlen_pos - 2;
  if (rdlen > 0xffff) {
    return unexpected{error{errc::unsupported, layer_id::dns, 0, 0, rdlen_pos}};
  }
  store_be16(out_, rdlen_pos, static_cast<std::uint16_t>(rdlen));
  bump(section_);
  return {};
}

template <class Body>
result<void> message_builder::put_record(section s, std::string_view name, qtype type,
                                         std::uint16_t rclass, std::uint32_t ttl,
                                         Body&& put_rdata) noexcept {
  // All or nothing: a record that does not fit leaves the message as it was.
  const mark m{pos_, table_len_};
  const section before = section_;
  result<void> r = put_record_head(s, name, type, rclass, ttl);
  const std::size_t rdlen_pos = pos_ - 2;
  if (r) {
    r = put_rdata();
  }
  if (r) {
    r = finish_record(rdlen_pos);
  }
  if (!r) {
    rollback(m);
    section_ = before;
  }
  return r;
}

result<void> message_builder::add_record(section s, std::string_view name, qtype type,
                                         std::uint32_t ttl, bytes rdata,
                                         std::uint16_t rclass) noexcept {
  return put_record(s, name, type, rclass, ttl, [&] { return put_bytes(rdata); });
}

result<void> message_builder::add_a(std::string_view name, std::uint32_t ttl, ipv4_address addr,
                                    section s) noexcept {
  return add_record(s, name, qtype::a, ttl, addr.octets);
}

result<void> message_builder::add_aaaa(std::string_view name, std::uint32_t ttl, ipv6_address addr,
                                       section s) noexcept {
  return add_record(s, name, qtype::aaaa, ttl, addr.octets);
}

result<void> message_builder::add_name_record(std::string_view name, qtype type, std::uint32_t ttl,
                                              std::string_view target, section s) noexcept {
  return put_record(s, name, type, 1, ttl, [&] { return put_name(target); });
}

result<void> message_builder::add_mx(std::string_view name, std::uint32_t ttl,
                                     std::uint16_t preference, std::string_view exchange,
                                     section s) noexcept {
  return put_record(s, name, qtype::mx, 1, ttl, [&] {
    result<void> r = put_u16(preference);
    return r ? put_name(exchange) : r;
  });
}

result<void> message_builder::add_txt(std::string_view name, std::uint32_t ttl,
                                      std::string_view text, section s) noexcept {
  return put_record(s, name, qtype::txt, 1, ttl, [&] {
    constexpr std::size_t max_string = 255;
    for (std::size_t i = 0;;) { // one empty <character-string> for empty text
      const std::size_t n = std::min(max_string, text.size() - i);
      const std::uint8_t len = static_cast<std::uint8_t>(n);
      result<void> r = put_bytes(bytes(&len, 1));
      if (r) {
        r = put_bytes(as_bytes(text.substr(i, n)));
      }
      i += n;
      if (!r || i >= text.size()) {
        return r;
      }
    }
  });
}

} // namespace pktscope::dns
