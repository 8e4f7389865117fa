#pragma once
// DEFLATE streams written by hand from the specifications, so that tests of code that
// inflates do not take their expected bytes from the library under test: stored blocks
// (RFC 1951 §3.2.4: the BFINAL/BTYPE octet, LEN, NLEN = ~LEN, then the octets as they are),
// optionally with RFC 1950's zlib header and Adler-32 trailer.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pktscope::test {

/// A raw DEFLATE stream of stored blocks (at most 65535 octets each) holding `data`.
inline std::vector<std::uint8_t> stored_deflate(const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> out;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(data.size() - at, 65535);
    const bool last = at + n == data.size();
    const auto len = static_cast<std::uint16_t>(n);
    const auto nlen = static_cast<std::uint16_t>(~len);
    out.insert(out.end(), {static_cast<std::uint8_t>(last ? 1 : 0), static_cast<std::uint8_t>(len),
                           static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(nlen),
                           static_cast<std::uint8_t>(nlen >> 8)});
    out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(at),
               data.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
  } while (at < data.size());
  return out;
}

/// The same stream with RFC 1950's header (CM 8, CINFO 7, FCHECK making it a multiple of 31,
/// no dictionary) and Adler-32 trailer.
inline std::vector<std::uint8_t> zlib_wrapped(const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> out = {0x78, 0x01};
  const std::vector<std::uint8_t> body = stored_deflate(data);
  out.insert(out.end(), body.begin(), body.end());
  std::uint32_t a = 1, b = 0;
  for (const std::uint8_t c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  const std::uint32_t adler = (b << 16) | a;
  for (const int shift : {24, 16, 8, 0}) {
    out.push_back(static_cast<std::uint8_t>(adler >> shift));
  }
  return out;
}

} // namespace pktscope::test
