#pragma once
/// Unaligned big- and little-endian loads and stores. memcpy keeps them free of
/// alignment and aliasing traps; compilers turn each into one move (+ bswap).

#include <pktscope/core/bytes.hpp>

#include <bit>
#include <cstdint>
#include <cstring>

namespace pktscope {

namespace detail {
template <class T> constexpr T byteswap(T v) noexcept {
  if constexpr (sizeof(T) == 1) {
    return v;
  } else if constexpr (sizeof(T) == 2) {
    return static_cast<T>(__builtin_bswap16(v));
  } else if constexpr (sizeof(T) == 4) {
    return static_cast<T>(__builtin_bswap32(v));
  } else {
    return static_cast<T>(__builtin_bswap64(v));
  }
}

template <class T> inline T load_raw(const std::uint8_t* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class T> inline void store_raw(std::uint8_t* p, T v) noexcept {
  std::memcpy(p, &v, sizeof v);
}
} // namespace detail

/// Value of `bytes` read as big-endian (network order) `T`.
template <class T> inline T load_be(const std::uint8_t* p) noexcept {
  const T v = detail::load_raw<T>(p);
  if constexpr (std::endian::native == std::endian::little) {
    return detail::byteswap(v);
  } else {
    return v;
  }
}

template <class T> inline T load_le(const std::uint8_t* p) noexcept {
  const T v = detail::load_raw<T>(p);
  if constexpr (std::endian::native == std::endian::big) {
    return detail::byteswap(v);
  } else {
    return v;
  }
}

template <class T> inline void store_be(std::uint8_t* p, T v) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    v = detail::byteswap(v);
  }
  detail::store_raw(p, v);
}

template <class T> inline void store_le(std::uint8_t* p, T v) noexcept {
  if constexpr (std::endian::native == std::endian::big) {
    v = detail::byteswap(v);
  }
  detail::store_raw(p, v);
}

// Span forms with an offset. Preconditions: off + sizeof(T) <= b.size(); the
// caller's parse() established it, so no check is repeated here.
inline std::uint8_t load_u8(bytes b, std::size_t off) noexcept {
  return b[off];
}
inline std::uint16_t load_be16(bytes b, std::size_t off) noexcept {
  return load_be<std::uint16_t>(b.data() + off);
}
inline std::uint32_t load_be32(bytes b, std::size_t off) noexcept {
  return load_be<std::uint32_t>(b.data() + off);
}
inline std::uint64_t load_be64(bytes b, std::size_t off) noexcept {
  return load_be<std::uint64_t>(b.data() + off);
}
inline std::uint16_t load_le16(bytes b, std::size_t off) noexcept {
  return load_le<std::uint16_t>(b.data() + off);
}
inline std::uint32_t load_le32(bytes b, std::size_t off) noexcept {
  return load_le<std::uint32_t>(b.data() + off);
}
inline std::uint64_t load_le64(bytes b, std::size_t off) noexcept {
  return load_le<std::uint64_t>(b.data() + off);
}
inline void store_u8(mut_bytes b, std::size_t off, std::uint8_t v) noexcept {
  b[off] = v;
}
inline void store_be16(mut_bytes b, std::size_t off, std::uint16_t v) noexcept {
  store_be(b.data() + off, v);
}
inline void store_be32(mut_bytes b, std::size_t off, std::uint32_t v) noexcept {
  store_be(b.data() + off, v);
}
inline void store_be64(mut_bytes b, std::size_t off, std::uint64_t v) noexcept {
  store_be(b.data() + off, v);
}
inline void store_le16(mut_bytes b, std::size_t off, std::uint16_t v) noexcept {
  store_le(b.data() + off, v);
}
inline void store_le32(mut_bytes b, std::size_t off, std::uint32_t v) noexcept {
  store_le(b.data() + off, v);
}
inline void store_le64(mut_bytes b, std::size_t off, std::uint64_t v) noexcept {
  store_le(b.data() + off, v);
}

} // namespace pktscope
