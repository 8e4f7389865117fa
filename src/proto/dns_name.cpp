#include "dns_name_walk.hpp"

#include <pktscope/core/chars.hpp>
#include <pktscope/proto/dns.hpp>

#include <algorithm>
#include <array>
#include <cstring>

namespace pktscope::dns {

using detail::name_walk;
using detail::text_sink;

namespace {

constexpr std::uint8_t extended_label_bits = 0x40; // label type 01, RFC 6891 §5
constexpr std::uint8_t reserved_label_bits = 0x80; // label type 10, RFC 1035 §4.1.4
constexpr std::uint8_t bitstring_label = 0x41;     // extended label type 1, RFC 2673 §3.1

constexpr char upper_hex[] = "0123456789ABCDEF";

// Approximates GLib's g_unichar_isprint (not control, format, surrogate or unassigned): the
// Unicode tables for "unassigned" are not reproduced, the common format characters are.
bool printable(std::uint32_t cp) noexcept {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
    return false;
  }
  if ((cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) {
    return false; // noncharacters are unassigned
  }
  switch (cp) {
  case 0x00ad:
  case 0x061c:
  case 0x06dd:
  case 0x070f:
  case 0x180e:
  case 0xfeff: return false;
  default: break;
  }
  return !((cp >= 0x0600 && cp <= 0x0605) || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x206f) || (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0xe0001 ||
           (cp >= 0xe0020 && cp <= 0xe007f));
}

void put_utf8(text_sink& s, std::uint32_t cp) noexcept {
  if (cp < 0x80) {
    s.put(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.put(static_cast<char>(0xc0 | (cp >> 6)));
    s.put(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    s.put(static_cast<char>(0xe0 | (cp >> 12)));
    s.put(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    s.put(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    s.put(static_cast<char>(0xf0 | (cp >> 18)));
    s.put(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    s.put(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    s.put(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

constexpr std::string_view replacement = "\xef\xbf\xbd"; // U+FFFD

// UTF-8 sequence length announced by a lead octet; 0 for octets that cannot start one.
std::size_t sequence_len(std::uint8_t lead) noexcept {
  if (lead >= 0xc0 && lead <= 0xdf) {
    return 2;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf7) {
    return 4;
  }
  if (lead >= 0xf8 && lead <= 0xfb) {
    return 5;
  }
  if (lead >= 0xfc && lead <= 0xfd) {
    return 6;
  }
  return 0;
}

void put_escaped_ascii(text_sink& s, std::uint8_t c) noexcept {
  switch (c) {
  case 0x07: s.put("\\a"); return;
  case 0x08: s.put("\\b"); return;
  case 0x09: s.put("\\t"); return;
  case 0x0a: s.put("\\n"); return;
  case 0x0b: s.put("\\v"); return;
  case 0x0c: s.put("\\f"); return;
  case 0x0d: s.put("\\r"); return;
  default: break;
  }
  s.put('\\');
  s.put(static_cast<char>('0' + ((c >> 6) & 7)));
  s.put(static_cast<char>('0' + ((c >> 3) & 7)));
  s.put(static_cast<char>('0' + (c & 7)));
}

void format_into(text_sink& s, bytes label) noexcept {
  std::size_t i = 0;
  while (i < label.size()) {
    const std::uint8_t c = label[i];
    if (c < 0x80) {
      if (c >= 0x20 && c < 0x7f) {
        s.put(static_cast<char>(c));
      } else {
        put_escaped_ascii(s, c);
      }
      ++i;
      continue;
    }
    const std::size_t want = sequence_len(c);
    if (want == 0) {
      s.put(replacement);
      ++i;
      continue;
    }
    std::size_t k = 1;
    while (k < want && i + k < label.size() && (label[i + k] & 0xc0) == 0x80) {
      ++k;
    }
    if (k < want || want > 4) {
      s.put(replacement);
      i += k;
      continue;
    }
    // Overlong forms decode to their value, as tshark's decoder does.
    std::uint32_t cp = c & (0x7fU >> want);
    for (std::size_t j = 1; j < want; ++j) {
      cp = (cp << 6) | (label[i + j] & 0x3fU);
    }
    i += want;
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      s.put(replacement);
    } else if (printable(cp)) {
      put_utf8(s, cp);
    } else if (cp <= 0xffff) {
      s.put("\\u");
      for (int shift = 12; shift >= 0; shift -= 4) {
        s.put(upper_hex[(cp >> shift) & 0xf]);
      }
    } else {
      s.put("\\U");
      for (int shift = 28; shift >= 0; shift -= 4) {
        s.put(upper_hex[(cp >> shift) & 0xf]);
      }
    }
  }
}

// Parses name text (RFC 1035 §5.1 syntax) and hands each label's octets to `sink`.
// Returns the wire length of the whole name (root octet included).
template <class Sink> result<std::size_t> walk_text_name(std::string_view t, Sink&& sink) {
  if (t.empty() || t == ".") {
    return std::size_t{1};
  }
  std::size_t wire = 0;
  std::size_t i = 0;
  while (i < t.size()) {
    std::uint8_t buf[max_label_len];
    std::size_t n = 0;
    const std::size_t label_start = i;
    while (i < t.size() && t[i] != '.') {
      std::uint8_t c = 0;
      if (t[i] == '\\') {
        if (i + 1 >= t.size()) {
          return malformed(layer_id::dns, i);
        }
        const char e = t[i + 1];
        if (e >= '0' && e <= '9') {
          if (i + 3 >= t.size()) {
            return malformed(layer_id::dns, i);
          }
          unsigned v = 0;
          for (std::size_t j = 1; j <= 3; ++j) {
            const char d = t[i + j];
            if (d < '0' || d > '9') {
              return malformed(layer_id::dns, i);
            }
            v = v * 10 + static_cast<unsigned>(d - '0');
          }
          if (v > 255) {
            return malformed(layer_id::dns, i);
          }
          c = static_cast<std::uint8_t>(v);
          i += 4;
        } else {
          c = static_cast<std::uint8_t>(e);
          i += 2;
        }
      } else {
        c = static_cast<std::uint8_t>(t[i]);
        ++i;
      }
      if (n == max_label_len) {
        return malformed(layer_id::dns, label_start);
      }
      buf[n++] = c;
    }
    if (n == 0) {
      return malformed(layer_id::dns, label_start); // "a..b", ".a"
    }
    wire += 1 + n;
    if (wire + 1 > max_name_len) {
      return malformed(layer_id::dns, label_start);
    }
    sink(buf, n);
    if (i < t.size()) {
      ++i; // the '.'; a final one ends the loop
    }
  }
  return wire + 1;
}

/// The length of what `s` holds, without the UTF-8 sequence that running out of room cut
/// short at its end, if any: the text is written in whole sequences, so only the last one can
/// be cut, and a cut one would make the text invalid UTF-8.
std::size_t whole_sequences_len(const text_sink& s) noexcept {
  if (s.n <= s.cap) {
    return s.n;
  }
  constexpr std::size_t max_continuations = 3;
  std::size_t lead = s.cap; // one past the sequence's lead octet, once found
  while (lead > 0 && s.cap - lead < max_continuations &&
         (static_cast<std::uint8_t>(s.out[lead - 1]) & 0xc0) == 0x80) {
    --lead;
  }
  if (lead == 0) {
    return s.cap;
  }
  const std::size_t have = s.cap - (lead - 1);
  return have < sequence_len(static_cast<std::uint8_t>(s.out[lead - 1])) ? lead - 1 : s.cap;
}

} // namespace

std::size_t format_label(bytes label, char* out, std::size_t out_cap) noexcept {
  text_sink s{out, out_cap};
  format_into(s, label);
  return s.n;
}

namespace {

std::size_t bitstring_bits(std::uint8_t count) noexcept {
  return count == 0 ? 256 : count;
}

// RFC 2673 §3.2's text form, as tshark writes it: "\[x" then the octets in lower-case hex,
// "/" and the count.
void format_bitstring(text_sink& text, std::uint8_t count, bytes bits) noexcept {
  constexpr char lower_hex[] = "0123456789abcdef";
  text.put("\\[x");
  for (const std::uint8_t b : bits) {
    text.put(lower_hex[b >> 4]);
    text.put(lower_hex[b & 0xf]);
  }
  text.put('/');
  const std::size_t n = bitstring_bits(count);
  if (n >= 100) {
    text.put(static_cast<char>('0' + n / 100));
  }
  if (n >= 10) {
    text.put(static_cast<char>('0' + n / 10 % 10));
  }
  text.put(static_cast<char>('0' + n % 10));
  text.put(']');
}

} // namespace

name_walk detail::walk_name(bytes msg, std::size_t offset, text_sink& text) noexcept {
  name_walk w;
  const auto stop = [&w](name_fault f, std::size_t at) {
    w.fault = f;
    w.fault_at = at;
    return w;
  };
  // Pointer targets followed so far: a walk that reaches one again would repeat forever, so
  // that is the loop test (forward pointers, which RFC 1035 §4.1.4 does not foresee, are
  // followed as tshark does). The jump cap bounds pointer chains that do not loop; labels
  // are bounded by max_name_len, past which no pointer is followed.
  std::array<std::uint16_t, max_pointer_jumps> targets{};
  std::size_t jumps = 0;
  std::size_t pos = offset;
  std::size_t wire = 0;
  bool jumped = false;
  for (;;) {
    if (pos >= msg.size()) {
      w.needed = 1;
      w.have = 0;
      return stop(name_fault::truncated, pos);
    }
    const std::uint8_t len = msg[pos];
    if ((len & pointer_bits) == pointer_bits) {
      if (msg.size() - pos < 2) {
        w.needed = 2;
        w.have = msg.size() - pos;
        return stop(name_fault::truncated, pos);
      }
      if (!jumped) {
        w.info.end_offset = pos + 2;
        jumped = true;
      }
      if (w.fault == name_fault::too_long) {
        return w; // its end in place is known now
      }
      const auto target = static_cast<std::uint16_t>(((len & 0x3fU) << 8) | msg[pos + 1]);
      const auto followed = targets.begin() + static_cast<std::ptrdiff_t>(jumps);
      if (jumps == max_pointer_jumps || std::find(targets.begin(), followed, target) != followed) {
        return stop(name_fault::pointer_loop, pos);
      }
      targets[jumps++] = target;
      pos = target;
      continue;
    }
    const bool bitstring = len == bitstring_label;
    if ((len & pointer_bits) == extended_label_bits && !bitstring) {
      // Its length is unknown. tshark reads the field after the name right after this octet
      // when it is met in place, and gives up on a name it reaches through a pointer.
      w.info.end_offset = jumped ? 0 : pos + 1;
      return stop(name_fault::extended_label, pos);
    }
    if ((len & pointer_bits) == reserved_label_bits) {
      return stop(name_fault::reserved_label, pos);
    }
    if (len == 0) {
      if (!jumped) {
        w.info.end_offset = pos + 1;
      }
      break;
    }
    // A label's octets: its length octet and `len` octets, or a bitstring label's type
    // octet, count octet and the bits' octets (RFC 2673 §3.1: a count of 0 means 256).
    const std::size_t head = bitstring ? 2 : 1;
    std::size_t body = len;
    if (bitstring) {
      if (msg.size() - pos < head) {
        w.needed = head;
        w.have = msg.size() - pos;
        return stop(name_fault::truncated, pos);
      }
      body = (bitstring_bits(msg[pos + 1]) + 7) / 8;
    }
    if (msg.size() - pos - head < body) {
      w.needed = head + body;
      w.have = msg.size() - pos;
      return stop(name_fault::truncated, pos);
    }
    if (w.fault != name_fault::too_long) {
      wire += head + body;
      if (wire + 1 > max_name_len) {
        // Known invalid now. Only its end in place is still needed (tshark reads the type
        // there): walk on in place, without text, to the root or the first pointer. A fault
        // met on the way replaces this one; tshark would also follow the pointer and report
        // a fault it meets there instead, but that costs a walk of up to the message's size
        // per question.
        stop(name_fault::too_long, pos);
        if (jumped) {
          return w;
        }
      } else {
        if (text.cap != 0) {
          if (w.info.labels != 0) {
            text.put('.');
          }
          if (bitstring) {
            format_bitstring(text, msg[pos + 1], msg.subspan(pos + head, body));
          } else {
            format_into(text, msg.subspan(pos + 1, len));
          }
        }
        ++w.info.labels;
      }
    }
    pos += head + body;
  }
  if (w.fault != name_fault::none) {
    return w;
  }
  if (w.info.labels == 0 && text.cap != 0) {
    text.put("<Root>");
  }
  w.info.wire_len = wire + 1;
  w.info.jumps = static_cast<std::uint8_t>(jumps);
  w.info.text_len = whole_sequences_len(text);
  w.info.text_complete = text.n <= text.cap;
  return w;
}

result<name_info> read_name(bytes msg, std::size_t offset, char* out,
                            std::size_t out_cap) noexcept {
  text_sink text{out, out_cap};
  const name_walk w = walk_name(msg, offset, text);
  if (w.fault != name_fault::none) {
    return w.to_error();
  }
  return w.info;
}

name_check check_name(bytes msg, std::size_t offset) noexcept {
  text_sink none{nullptr, 0};
  const name_walk w = walk_name(msg, offset, none);
  return {w.fault, w.end_known() ? w.info.end_offset : 0};
}

std::string_view placeholder(name_fault f) noexcept {
  // The texts of Wireshark's expand_dns_name (epan/dissectors/packet-dns.c).
  switch (f) {
  case name_fault::too_long: return "<Name too long>";
  case name_fault::pointer_loop: return "<Name contains a pointer that loops>";
  case name_fault::extended_label: return "<Unknown extended label>";
  case name_fault::none:
  case name_fault::truncated:
  case name_fault::reserved_label: break;
  }
  return {};
}

result<std::size_t> encoded_name_len(std::string_view text) noexcept {
  return walk_text_name(text, [](const std::uint8_t*, std::size_t) {});
}

result<std::size_t> write_name(std::string_view text, mut_bytes out) noexcept {
  const auto need = encoded_name_len(text);
  if (!need) {
    return need;
  }
  if (out.size() < *need) {
    return truncated(layer_id::dns, 0, *need, out.size());
  }
  std::size_t pos = 0;
  const auto done = walk_text_name(text, [&](const std::uint8_t* d, std::size_t n) {
    out[pos] = static_cast<std::uint8_t>(n);
    std::memcpy(out.data() + pos + 1, d, n);
    pos += 1 + n;
  });
  out[pos] = 0;
  return done;
}

} // namespace pktscope::dns
