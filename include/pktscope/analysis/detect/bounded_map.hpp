#pragma once
/// A bounded, set-associative hash map keyed by 64-bit hashes: the detectors' per-host and
/// per-pair state. Each key maps to one set of `ways` entries. A full set first makes the
/// table double (up to the capacity given), which splits every set in two, so no entry is lost
/// while there is room; at full capacity the least recently touched entry of the set is
/// replaced (the caller learns so and may report it first). Lookups and inserts cost at most
/// `ways` comparisons, over one set's keys, which are kept apart from the values. The whole
/// capacity is reserved up front as zero-filled address space (detail::zeroed_table) and the
/// table grows in place, over a prefix of it: memory is committed as the sets in use reach it
/// (on huge pages once they span 2 MiB), so a short capture does not pay for the capacity a
/// long one may need, and growing neither copies the table nor writes the new half. Two
/// different keys with equal 64-bit hashes share an entry (probability ~ n^2 / 2^65).

#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/bytes.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <utility>

namespace pktscope::detect {

/// 64-bit hash of a byte sequence with a seed (FNV-1a folded through splitmix64's finaliser).
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
[[nodiscard]] constexpr std::uint64_t hash_bytes(bytes b, std::uint64_t seed) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (const std::uint8_t c : b) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}
[[nodiscard]] constexpr std::uint64_t hash_combine(std::uint64_t h, std::uint64_t v) noexcept {
  return mix64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}
/// Hash of an IP address as the decoder stores it (IPv4 in the first 4 of 16 bytes), seeded
/// with the IP version: the detectors' key for a host.
[[nodiscard]] constexpr std::uint64_t address_hash(const std::array<std::uint8_t, 16>& a,
                                                   std::uint8_t ip_version) noexcept {
  return hash_bytes(bytes(a).first(ip_version == 4 ? 4 : 16), ip_version);
}

template <class V, std::size_t Ways = 8> class bounded_map {
public:
  /// Room for at least `capacity` entries (rounded up to a power-of-two number of sets).
  explicit bounded_map(std::size_t capacity)
      : max_sets_(std::bit_ceil(std::max<std::size_t>(1, (capacity + Ways - 1) / Ways))),
        tags_(max_sets_, detail::block_use::grows_in_place),
        values_(max_sets_ * Ways, detail::block_use::grows_in_place),
        set_mask_(std::min(max_sets_, initial_sets) - 1) {}

  [[nodiscard]] V* find(std::uint64_t key) noexcept {
    const std::size_t i = index_of(fix(key));
    return i == npos ? nullptr : &values_[i];
  }
  [[nodiscard]] const V* find(std::uint64_t key) const noexcept {
    const std::size_t i = index_of(fix(key));
    return i == npos ? nullptr : &values_[i];
  }

  /// The entry of `key`, created (value-initialised) if missing; `created` tells whether it is
  /// new. When creating it replaces an entry (full capacity), `on_evict(key, value)` sees that
  /// entry first.
  template <class OnEvict>
  V& get(std::uint64_t key, timestamp_ns now, bool& created, OnEvict&& on_evict) {
    key = fix(key);
    const std::size_t set = set_index(key);
    set_tags& t = tags_[set];
    std::size_t victim = 0;
    for (std::size_t w = 0; w < Ways; ++w) {
      if (t.keys[w] == key) {
        t.touched[w] = now;
        created = false;
        return values_[set * Ways + w];
      }
      if (t.keys[victim] != 0 && (t.keys[w] == 0 || t.touched[w] < t.touched[victim])) {
        victim = w;
      }
    }
    if (t.keys[victim] != 0 && set_mask_ + 1 < max_sets_) {
      grow();
      return get(key, now, created, on_evict);
    }
    V& value = values_[set * Ways + victim];
    if (t.keys[victim] != 0) {
      on_evict(t.keys[victim], std::as_const(value));
      ++evictions_;
    } else {
      ++size_;
    }
    t.keys[victim] = key;
    t.touched[victim] = now;
    value = V{};
    created = true;
    return value;
  }
  V& get(std::uint64_t key, timestamp_ns now, bool& created) {
    return get(key, now, created, [](std::uint64_t, const V&) {});
  }

  /// Calls f(key, value&) for every occupied entry (in slot order: deterministic).
  template <class F> void for_each(F&& f) {
    for (std::size_t set = 0; set <= set_mask_; ++set) {
      for (std::size_t w = 0; w < Ways; ++w) {
        if (tags_[set].keys[w] != 0) {
          f(tags_[set].keys[w], values_[set * Ways + w]);
        }
      }
    }
  }
  void erase(std::uint64_t key) noexcept {
    key = fix(key);
    set_tags& t = tags_[set_index(key)];
    for (std::size_t w = 0; w < Ways; ++w) {
      if (t.keys[w] == key) {
        t.keys[w] = 0;
        --size_;
      }
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t evictions() const noexcept { return evictions_; }
  /// Entries the table holds room for now (it grows up to the capacity given).
  [[nodiscard]] std::size_t allocated() const noexcept { return (set_mask_ + 1) * Ways; }

private:
  static constexpr std::size_t initial_sets = 16;
  static constexpr std::size_t npos = ~std::size_t{0};

  // A set's keys and last-touch times, apart from the values: a lookup reads one cache line
  // of keys and then the one value it wants, however large the values are.
  struct alignas(64) set_tags {
    std::array<std::uint64_t, Ways> keys{}; ///< 0 = empty
    std::array<timestamp_ns, Ways> touched{};
  };

  [[nodiscard]] std::size_t index_of(std::uint64_t key) const noexcept {
    const std::size_t set = set_index(key);
    for (std::size_t w = 0; w < Ways; ++w) {
      if (tags_[set].keys[w] == key) {
        return set * Ways + w;
      }
    }
    return npos;
  }
  // Doubles the sets in place: the entries of set s stay in s or go to s + old sets (the next
  // bit of their hash), each side packed to its first ways in their old order. That is the
  // layout a copy into a fresh table of twice the sets would make, so which entry a full set
  // evicts and the order for_each visits do not depend on how the table grew.
  void grow() noexcept {
    const std::size_t old_sets = set_mask_ + 1;
    set_mask_ = old_sets * 2 - 1;
    // Huge pages for the part in use only (see block_use::grows_in_place).
    tags_.advise_huge_pages(old_sets * 2);
    values_.advise_huge_pages(old_sets * 2 * Ways);
    for (std::size_t set = 0; set < old_sets; ++set) {
      set_tags& from = tags_[set]; // set + old_sets has never been used: zero bytes, empty
      std::size_t kept = 0, moved = 0;
      for (std::size_t w = 0; w < Ways; ++w) {
        const std::uint64_t key = from.keys[w];
        if (key == 0) {
          continue;
        }
        const std::size_t to_set = set_index(key);
        const std::size_t way = to_set == set ? kept++ : moved++;
        if (to_set == set && way == w) {
          continue; // already in place
        }
        set_tags& to = tags_[to_set];
        to.keys[way] = key;
        to.touched[way] = from.touched[w];
        values_[to_set * Ways + way] = values_[set * Ways + w];
        from.keys[w] = 0;
        from.touched[w] = 0;
      }
    }
  }

  static constexpr std::uint64_t fix(std::uint64_t k) noexcept { return k == 0 ? 1 : k; }
  [[nodiscard]] std::size_t set_index(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>(mix64(key) & set_mask_);
  }
  std::size_t max_sets_;
  detail::zeroed_table<set_tags> tags_; // max_sets_ sets; the first set_mask_ + 1 in use
  detail::zeroed_table<V> values_;      // Ways per set, beside its tags
  std::uint64_t set_mask_ = 0;
  std::size_t size_ = 0;
  std::uint64_t evictions_ = 0;
};

} // namespace pktscope::detect
