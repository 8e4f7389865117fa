#pragma once
// Capture files built byte by byte for the reader tests, straight from the
// format drafts (draft-ietf-opsawg-pcap §4-5, draft-ietf-opsawg-pcapng §3-4),
// independent of pktscope's writers.

#include <pktscope/io/capture_reader.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace pktscope::test {

using byte_vec = std::vector<std::uint8_t>;

/// Appends integers in a chosen byte order.
struct byte_builder {
  bool big_endian = false;
  byte_vec out;

  byte_builder& u8(std::uint8_t v) {
    out.push_back(v);
    return *this;
  }
  byte_builder& uint(std::uint64_t v, int size) {
    for (int i = 0; i < size; ++i) {
      const int shift = big_endian ? (size - 1 - i) * 8 : i * 8;
      out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
    return *this;
  }
  byte_builder& u16(std::uint16_t v) { return uint(v, 2); }
  byte_builder& u32(std::uint32_t v) { return uint(v, 4); }
  byte_builder& u64(std::uint64_t v) { return uint(v, 8); }
  byte_builder& raw(const byte_vec& v) {
    out.reserve(out.size() + v.size());
    out.insert(out.end(), v.begin(), v.end());
    return *this;
  }
  byte_builder& pad4() {
    while (out.size() % 4 != 0) {
      out.push_back(0);
    }
    return *this;
  }
};

/// A recognisable payload of n bytes: seed, seed+1, ...
inline byte_vec payload(std::size_t n, std::uint8_t seed) {
  byte_vec v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<std::uint8_t>(seed + i);
  }
  return v;
}

// ---- classic pcap ----

inline byte_vec pcap_header(bool be, bool nsec, std::uint32_t snaplen = 65535,
                            std::uint32_t link = 1, std::uint16_t major = 2,
                            std::uint16_t minor = 4) {
  byte_builder b{be, {}};
  b.u32(nsec ? 0xa1b23c4d : 0xa1b2c3d4).u16(major).u16(minor).u32(0).u32(0).u32(snaplen).u32(link);
  return b.out;
}

inline byte_vec pcap_record(bool be, std::uint32_t sec, std::uint32_t frac, const byte_vec& data,
                            std::uint32_t origlen) {
  byte_builder b{be, {}};
  b.u32(sec).u32(frac).u32(static_cast<std::uint32_t>(data.size())).u32(origlen).raw(data);
  return b.out;
}

// ---- pcapng ----

struct option {
  std::uint16_t code;
  byte_vec value;
};

inline byte_vec text_value(std::string_view s) {
  return byte_vec(s.begin(), s.end());
}

inline void put_options(byte_builder& b, const std::vector<option>& opts) {
  if (opts.empty()) {
    return;
  }
  for (const auto& o : opts) {
    b.u16(o.code).u16(static_cast<std::uint16_t>(o.value.size())).raw(o.value).pad4();
  }
  b.u16(0).u16(0); // opt_endofopt
}

/// Wraps a body into a block: type, total length, body (padded), total length.
inline byte_vec block(bool be, std::uint32_t type, byte_vec body) {
  while (body.size() % 4 != 0) {
    body.push_back(0);
  }
  byte_builder b{be, {}};
  const auto len = static_cast<std::uint32_t>(body.size() + 12);
  b.u32(type).u32(len).raw(body).u32(len);
  return b.out;
}

inline byte_vec shb(bool be, const std::vector<option>& opts = {}, std::uint16_t major = 1,
                    std::uint16_t minor = 0) {
  byte_builder b{be, {}};
  b.u32(0x1A2B3C4D).u16(major).u16(minor).u64(~std::uint64_t{0});
  put_options(b, opts);
  return block(be, 0x0A0D0D0A, b.out);
}

inline byte_vec idb(bool be, std::uint16_t link, std::uint32_t snaplen,
                    const std::vector<option>& opts = {}) {
  byte_builder b{be, {}};
  b.u16(link).u16(0).u32(snaplen);
  put_options(b, opts);
  return block(be, 1, b.out);
}

inline byte_vec epb(bool be, std::uint32_t iface, std::uint64_t ts, const byte_vec& data,
                    std::uint32_t origlen, const std::vector<option>& opts = {}) {
  byte_builder b{be, {}};
  b.u32(iface).u32(static_cast<std::uint32_t>(ts >> 32)).u32(static_cast<std::uint32_t>(ts));
  b.u32(static_cast<std::uint32_t>(data.size())).u32(origlen).raw(data).pad4();
  put_options(b, opts);
  return block(be, 6, b.out);
}

inline byte_vec spb(bool be, std::uint32_t origlen, const byte_vec& data) {
  byte_builder b{be, {}};
  b.u32(origlen).raw(data);
  return block(be, 3, b.out);
}

/// Obsolete Packet Block (pcapng draft appendix A).
inline byte_vec obsolete_pb(bool be, std::uint16_t iface, std::uint64_t ts, const byte_vec& data,
                            std::uint32_t origlen) {
  byte_builder b{be, {}};
  b.u16(iface).u16(0).u32(static_cast<std::uint32_t>(ts >> 32)).u32(static_cast<std::uint32_t>(ts));
  b.u32(static_cast<std::uint32_t>(data.size())).u32(origlen).raw(data);
  return block(be, 2, b.out);
}

/// ISB with isb_ifrecv, isb_ifdrop and isb_osdrop.
inline byte_vec isb(bool be, std::uint32_t iface, std::uint64_t recv, std::uint64_t drop,
                    std::uint64_t os_drop) {
  byte_builder b{be, {}};
  b.u32(iface).u32(0).u32(0);
  byte_builder r{be, {}};
  r.u64(recv);
  byte_builder d{be, {}};
  d.u64(drop);
  byte_builder o{be, {}};
  o.u64(os_drop);
  put_options(b, {{4, r.out}, {5, d.out}, {7, o.out}});
  return block(be, 5, b.out);
}

inline byte_vec u64_value(bool be, std::uint64_t v) {
  byte_builder b{be, {}};
  b.u64(v);
  return b.out;
}

inline byte_vec concat(std::initializer_list<byte_vec> parts) {
  byte_vec out;
  for (const auto& p : parts) {
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

/// Every packet of a reader, copied out (views die at the next read).
struct read_packet {
  timestamp_ns ts;
  byte_vec data;
  std::uint32_t original_len;
  link_type link;
  std::uint32_t interface;
  std::uint64_t file_offset;
};

inline std::vector<read_packet> read_all(capture_reader& r) {
  std::vector<read_packet> out;
  for (const packet& p : r) {
    out.push_back({p.ts, byte_vec(p.data.begin(), p.data.end()), p.original_len, p.link,
                   p.interface, p.file_offset});
  }
  return out;
}

} // namespace pktscope::test
