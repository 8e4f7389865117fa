#pragma once
/// A fixed-capacity hash table (open addressing, linear probing) for accumulators: capacity is
/// reserved at construction, inserting never allocates, and when the table is full new keys
/// are refused (the caller counts them) instead of growing. No erase.

#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/prefetch.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>

namespace pktscope::stats {

/// Key needs operator== and a hash function `std::uint64_t Hash(const Key&) noexcept`.
template <class Key, class Value, std::uint64_t (*Hash)(const Key&) noexcept> class bounded_table {
public:
  struct entry {
    Key key{};
    Value value{};
  };

  /// Holds up to `capacity` keys (slots: the next power of two >= 2 * capacity).
  explicit bounded_table(std::size_t capacity) : capacity_(capacity) {
    std::size_t slots = 16;
    while (slots < 2 * capacity) {
      slots *= 2;
    }
    index_ = detail::zeroed_table<slot>(slots); // zero: every slot empty
    mask_ = slots - 1;
    entries_.reserve(capacity);
  }

  /// The value of `k`, inserted zeroed when new; nullptr when `k` is new and the table full.
  Value* find_or_insert(const Key& k) noexcept { return find_or_insert(k, Hash(k)); }
  /// find_or_insert() of a key whose hash `h` (Hash(k)) is known already.
  Value* find_or_insert(const Key& k, std::uint64_t h) noexcept {
    const std::size_t i = probe(k, h);
    if (index_[i].entry != 0) {
      return &entries_[index_[i].entry - 1].value;
    }
    if (entries_.size() >= capacity_) {
      return nullptr;
    }
    entries_.push_back(entry{k, Value{}}); // within the reserved capacity: no allocation
    index_[i] = slot{static_cast<std::uint32_t>(entries_.size()), tag_of(h)};
    return &entries_.back().value;
  }
  [[nodiscard]] const Value* find(const Key& k) const noexcept {
    const slot s = index_[probe(k, Hash(k))];
    return s.entry == 0 ? nullptr : &entries_[s.entry - 1].value;
  }

  /// Asks for the slot of hash `h`: a lookup of its key a little later misses less.
  void prefetch_slot(std::uint64_t h) const noexcept { pktscope::prefetch(&index_[h & mask_]); }
  /// Asks for the entry that likely holds the key of hash `h` (the first of its probe run
  /// with its tag). Reads the slots: call it some time after prefetch_slot(h).
  void prefetch_entry(std::uint64_t h) const noexcept {
    const std::uint32_t tag = tag_of(h);
    for (std::size_t i = h & mask_; index_[i].entry != 0; i = (i + 1) & mask_) {
      if (index_[i].tag == tag) {
        // Both ends: an entry may straddle two cache lines.
        const entry* e = &entries_[index_[i].entry - 1];
        pktscope::prefetch(e);
        pktscope::prefetch(reinterpret_cast<const char*>(e + 1) - 1);
        return;
      }
    }
  }

  /// Entries in insertion order.
  [[nodiscard]] const detail::table_vector<entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
  std::size_t capacity_;
  detail::table_vector<entry> entries_;
  // The tag (the hash's high half; the low bits pick the slot) spares reading the entries of
  // other keys in a probe run: in tables larger than the caches each is a miss.
  struct slot {
    std::uint32_t entry = 0; // entry index + 1, 0 = empty
    std::uint32_t tag = 0;
  };
  detail::zeroed_table<slot> index_;
  std::size_t mask_ = 0;

  [[nodiscard]] static std::uint32_t tag_of(std::uint64_t h) noexcept {
    return static_cast<std::uint32_t>(h >> 32);
  }
  /// The slot of key `k` (hash `h`), or the empty slot that ends its probe run.
  [[nodiscard]] std::size_t probe(const Key& k, std::uint64_t h) const noexcept {
    const std::uint32_t tag = tag_of(h);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const slot s = index_[i];
      if (s.entry == 0 || (s.tag == tag && entries_[s.entry - 1].key == k)) {
        return i;
      }
    }
  }
};

} // namespace pktscope::stats
