#pragma once
/// Internal, not API: the bounded walk over a run of type-length-value items (TCP, IPv4,
/// IPv6 and ND options, Geneve options, SCTP chunks) shared by the protocol views. What an
/// item looks like, how long it is and when the walk ends is the protocol's `Rule`.

#include <pktscope/core/assert.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <iterator>
#include <optional>
#include <utility>

namespace pktscope::detail {

/// What a rule found at one position of the area.
template <class Value> struct tlv_step {
  std::optional<Value> value; ///< the item; nullopt ends the walk (failing when `bad`)
  std::size_t size = 0;       ///< octets the item occupies, padding included (> 0)
  bool last = false;          ///< the walk ends after this item (e.g. TCP End of Option List)
  bool bad = false;           ///< the item at this position is bad: the walk fails with `fault`
  error fault{};

  /// An item of `n` octets (n > 0); the walk goes on after it.
  static tlv_step item(Value v, std::size_t n) noexcept {
    return {std::move(v), n, false, false, {}};
  }
  /// An item of `n` octets (n > 0) after which the walk ends.
  static tlv_step last_item(Value v, std::size_t n) noexcept {
    return {std::move(v), n, true, false, {}};
  }
  /// The walk ends here without an item and without failing.
  static tlv_step end() noexcept { return {std::nullopt, 0, false, false, {}}; }
  /// The walk fails here with error `e`.
  static tlv_step fail(unexpected e) noexcept { return {std::nullopt, 0, false, true, e.value()}; }
};

/// Bounded walk over `area`, one item per next(). `Rule` provides
///   using value_type = ...;
///   static constexpr std::size_t start;  // offset of the first item in the area
///   static tlv_step<value_type> read(bytes area, std::size_t pos) noexcept;  // pos < size
/// Every item moves the position forward by at least one octet, so the walk ends after at
/// most area.size() steps. Views in the items point into `area`.
template <class Rule> class tlv_reader {
public:
  using value_type = typename Rule::value_type;

  explicit tlv_reader(bytes area) noexcept : b_(area) {}

  /// The next item, or nullopt at the end (or after a bad item; see failed()).
  [[nodiscard]] std::optional<value_type> next() noexcept {
    if (done_ || pos_ >= b_.size()) {
      done_ = true;
      return std::nullopt;
    }
    tlv_step<value_type> s = Rule::read(b_, pos_);
    if (!s.value) {
      done_ = true;
      failed_ = s.bad;
      error_ = s.fault;
      return std::nullopt;
    }
    PKTSCOPE_ASSERT(s.size > 0);
    pos_ += s.size;
    done_ = s.last;
    return std::move(s.value);
  }
  /// True when the walk stopped at a bad item.
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  /// Precondition: failed().
  [[nodiscard]] pktscope::error error() const noexcept { return error_; }
  /// Offset (within the area) of the next item to read, or of the one that ended the walk.
  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }

  class iterator {
  public:
    using value_type = typename Rule::value_type;
    using difference_type = std::ptrdiff_t;
    iterator() noexcept = default;
    explicit iterator(tlv_reader* r) noexcept : r_(r), cur_(r->next()) {}
    const value_type& operator*() const noexcept { return *cur_; }
    const value_type* operator->() const noexcept { return &*cur_; }
    iterator& operator++() noexcept {
      cur_ = r_->next();
      return *this;
    }
    void operator++(int) noexcept { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return !it.cur_.has_value();
    }

  private:
    tlv_reader* r_ = nullptr;
    std::optional<value_type> cur_;
  };
  /// Iterating consumes the reader: begin() once per reader.
  iterator begin() noexcept { return iterator(this); }
  std::default_sentinel_t end() const noexcept { return {}; }

private:
  bytes b_;
  std::size_t pos_ = Rule::start;
  bool done_ = false;
  bool failed_ = false;
  pktscope::error error_{};
};

} // namespace pktscope::detail
