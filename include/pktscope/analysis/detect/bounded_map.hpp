#pragma once
/// A bounded, set-associative hash map keyed by 64-bit hashes: the detectors' per-host and
/// per-pair state. Each key maps to one set of `ways` entries. A full set first makes the
/// table double (up to the capacity given), which splits every set in two, so no entry is lost
/// while there is room; at full capacity the least recently touched entry of the set is
/// replaced (the caller learns so and may report it first). Lookups and inserts cost at most
/// `ways` comparisons. Memory follows the entries in use: a short capture does not pay for the
/// capacity a long one may need. Two different keys with equal 64-bit hashes share an entry
/// (probability ~ n^2 / 2^65).

#include <pktscope/core/bytes.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

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

template <class V, std::size_t Ways = 8> class bounded_map {
public:
  struct entry {
    std::uint64_t key = 0; ///< 0 = empty
    timestamp_ns touched = 0;
    V value{};
  };

  /// Room for at least `capacity` entries (rounded up to a power-of-two number of sets).
  explicit bounded_map(std::size_t capacity)
      : max_sets_(std::bit_ceil(std::max<std::size_t>(1, (capacity + Ways - 1) / Ways))) {
    resize_sets(std::min(max_sets_, initial_sets));
  }

  [[nodiscard]] V* find(std::uint64_t key) noexcept {
    key = fix(key);
    for (entry& e : set_of(key)) {
      if (e.key == key) {
        return &e.value;
      }
    }
    return nullptr;
  }

  [[nodiscard]] const V* find(std::uint64_t key) const noexcept {
    key = fix(key);
    const std::size_t set = static_cast<std::size_t>(mix64(key) & set_mask_);
    for (std::size_t i = set * Ways; i < (set + 1) * Ways; ++i) {
      if (entries_[i].key == key) {
        return &entries_[i].value;
      }
    }
    return nullptr;
  }

  /// The entry of `key`, created (value-initialised) if missing. `created` tells whether it is
  /// new; `evicted` receives a copy of the entry it replaced, if any (evicted.key != 0).
  V& get(std::uint64_t key, timestamp_ns now, bool& created, entry& evicted) noexcept {
    key = fix(key);
    evicted.key = 0;
    entry* victim = nullptr;
    for (entry& e : set_of(key)) {
      if (e.key == key) {
        e.touched = now;
        created = false;
        return e.value;
      }
      if (victim == nullptr || (victim->key != 0 && (e.key == 0 || e.touched < victim->touched))) {
        victim = &e;
      }
    }
    if (victim->key != 0 && set_mask_ + 1 < max_sets_) {
      grow();
      return get(key, now, created, evicted);
    }
    if (victim->key != 0) {
      evicted = *victim;
      ++evictions_;
    } else {
      ++size_;
    }
    victim->key = key;
    victim->touched = now;
    victim->value = V{};
    created = true;
    return victim->value;
  }
  V& get(std::uint64_t key, timestamp_ns now, bool& created) noexcept {
    entry ignored;
    return get(key, now, created, ignored);
  }

  /// Calls f(entry&) for every occupied entry (in slot order: deterministic).
  template <class F> void for_each(F&& f) {
    for (entry& e : entries_) {
      if (e.key != 0) {
        f(e);
      }
    }
  }
  void erase(std::uint64_t key) noexcept {
    key = fix(key);
    for (entry& e : set_of(key)) {
      if (e.key == key) {
        e.key = 0;
        --size_;
      }
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t evictions() const noexcept { return evictions_; }
  /// Entries the table holds room for now (it grows up to the capacity given).
  [[nodiscard]] std::size_t allocated() const noexcept { return entries_.size(); }

private:
  static constexpr std::size_t initial_sets = 16;

  void resize_sets(std::size_t sets) {
    entries_.assign(sets * Ways, entry{});
    set_mask_ = sets - 1;
  }
  // Doubles the sets: the entries of old set s go to new set s or s + old sets (the next bit
  // of their hash), so each new set receives at most the `Ways` entries of one old set.
  void grow() {
    std::vector<entry> old = std::move(entries_);
    resize_sets((set_mask_ + 1) * 2);
    for (entry& e : old) {
      if (e.key == 0) {
        continue;
      }
      for (entry& slot : set_of(e.key)) {
        if (slot.key == 0) {
          slot = std::move(e);
          break;
        }
      }
    }
  }

  static constexpr std::uint64_t fix(std::uint64_t k) noexcept { return k == 0 ? 1 : k; }
  std::span<entry> set_of(std::uint64_t key) noexcept {
    const std::size_t set = static_cast<std::size_t>(mix64(key) & set_mask_);
    return std::span<entry>(entries_).subspan(set * Ways, Ways);
  }
  std::size_t max_sets_;
  std::vector<entry> entries_;
  std::uint64_t set_mask_ = 0;
  std::size_t size_ = 0;
  std::uint64_t evictions_ = 0;
};

} // namespace pktscope::detect
