#pragma once
/// result<T>: the library's only error channel. It follows std::expected's
/// interface (has_value, value, error, operator*, ->), so it can be swapped for
/// std::expected once every supported compiler ships it (Clang 14 does not).

#include <pktscope/core/assert.hpp>
#include <pktscope/core/layer_id.hpp>

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

namespace pktscope {

/// What went wrong, coarse enough to branch on.
enum class errc : std::uint8_t {
  ok = 0,
  truncated,   ///< captured data ended before the structure did (snaplen, cut file)
  malformed,   ///< the data contradicts itself (length field too small, bad magic value)
  unsupported, ///< valid but not handled (unknown version, link type)
  io,          ///< the operating system refused a read or write
  bad_format,  ///< not the expected file format at all
};

std::string_view errc_name(errc code) noexcept;

/// A small positional error: which layer, at which byte offset (from the start
/// of the buffer or file the caller passed), how many bytes were needed and how
/// many there were. `offset` is 64-bit because file offsets exceed 4 GiB.
struct error {
  errc code = errc::ok;
  layer_id layer = layer_id::none;
  std::uint32_t needed = 0;
  std::uint32_t have = 0;
  std::uint64_t offset = 0;

  friend constexpr bool operator==(const error&, const error&) = default;
};

/// Wrapper that marks a value as the error alternative, like std::unexpected.
class unexpected {
public:
  constexpr explicit unexpected(error e) noexcept : error_(e) {}
  [[nodiscard]] constexpr const error& value() const noexcept { return error_; }

private:
  error error_;
};

/// Shorthand for the common "not enough bytes" error.
constexpr unexpected truncated(layer_id layer, std::size_t offset, std::size_t needed,
                               std::size_t have) noexcept {
  return unexpected{error{errc::truncated, layer, static_cast<std::uint32_t>(needed),
                          static_cast<std::uint32_t>(have), offset}};
}

/// Shorthand for "the data contradicts itself" at `offset`.
constexpr unexpected malformed(layer_id layer, std::size_t offset) noexcept {
  return unexpected{error{errc::malformed, layer, 0, 0, offset}};
}

template <class T> class [[nodiscard]] result {
  static_assert(!std::is_reference_v<T>, "result holds values");

public:
  constexpr result(const T& v) noexcept(std::is_nothrow_copy_constructible_v<T>) // NOLINT
      : has_(true) {
    new (&value_) T(v);
  }
  constexpr result(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>) // NOLINT
      : has_(true) {
    new (&value_) T(std::move(v));
  }
  constexpr result(unexpected u) noexcept : error_(u.value()), has_(false) {} // NOLINT

  result(const result& o) : has_(o.has_) {
    if (has_) {
      new (&value_) T(o.value_);
    } else {
      error_ = o.error_;
    }
  }
  result(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : has_(o.has_) {
    if (has_) {
      new (&value_) T(std::move(o.value_));
    } else {
      error_ = o.error_;
    }
  }
  result& operator=(const result& o) {
    if (this != &o) {
      this->~result();
      new (this) result(o);
    }
    return *this;
  }
  result& operator=(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &o) {
      this->~result();
      new (this) result(std::move(o));
    }
    return *this;
  }
  ~result() {
    if (has_) {
      value_.~T();
    }
  }

  [[nodiscard]] constexpr bool has_value() const noexcept { return has_; }
  constexpr explicit operator bool() const noexcept { return has_; }

  /// Preconditions: has_value().
  [[nodiscard]] constexpr T& value() & noexcept {
    PKTSCOPE_ASSERT(has_);
    return value_;
  }
  [[nodiscard]] constexpr const T& value() const& noexcept {
    PKTSCOPE_ASSERT(has_);
    return value_;
  }
  [[nodiscard]] constexpr T&& value() && noexcept {
    PKTSCOPE_ASSERT(has_);
    return std::move(value_);
  }
  constexpr T& operator*() & noexcept { return value(); }
  constexpr const T& operator*() const& noexcept { return value(); }
  constexpr T&& operator*() && noexcept { return std::move(*this).value(); }
  constexpr T* operator->() noexcept { return &value(); }
  constexpr const T* operator->() const noexcept { return &value(); }

  /// Preconditions: !has_value().
  [[nodiscard]] constexpr const pktscope::error& error() const noexcept {
    PKTSCOPE_ASSERT(!has_);
    return error_;
  }

  template <class U> [[nodiscard]] constexpr T value_or(U&& fallback) const& {
    return has_ ? value_ : static_cast<T>(std::forward<U>(fallback));
  }

private:
  union {
    T value_;
    pktscope::error error_;
  };
  bool has_;
};

template <> class [[nodiscard]] result<void> {
public:
  constexpr result() noexcept = default;
  constexpr result(unexpected u) noexcept : error_(u.value()), has_(false) {} // NOLINT

  [[nodiscard]] constexpr bool has_value() const noexcept { return has_; }
  constexpr explicit operator bool() const noexcept { return has_; }
  constexpr void value() const noexcept { PKTSCOPE_ASSERT(has_); }
  [[nodiscard]] constexpr const pktscope::error& error() const noexcept {
    PKTSCOPE_ASSERT(!has_);
    return error_;
  }

private:
  pktscope::error error_{};
  bool has_ = true;
};

} // namespace pktscope
