#pragma once
/// Indexes into an array of entries reserved up front (internal; not API): the flow table's
/// records and the connection tracker's pending attempts. The index given back last is handed
/// out first (its entry is likely still in the cache), and a fresh one only when none is
/// free, so the entries in use stay packed at the front of the array, on as few pages as
/// their number needs, however they come and go. Nothing is allocated after construction.

#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/assert.hpp>

#include <cstdint>

namespace pktscope::detail {

class index_pool {
public:
  index_pool() noexcept = default;
  explicit index_pool(std::uint32_t capacity) : capacity_(capacity) { free_.reserve(capacity); }

  struct taken {
    std::uint32_t index;
    bool fresh; ///< never handed out before: its entry is raw reserved memory
  };
  /// Precondition: !full().
  taken take() noexcept {
    PKTSCOPE_ASSERT(!full());
    if (free_.empty()) {
      return {used_++, true};
    }
    const std::uint32_t i = free_.back();
    free_.pop_back();
    return {i, false};
  }
  void give_back(std::uint32_t i) noexcept {
    free_.push_back(i); // within the reserved capacity: no allocation
  }
  /// Every index of the capacity is out.
  [[nodiscard]] bool full() const noexcept { return free_.empty() && used_ == capacity_; }

private:
  table_vector<std::uint32_t> free_;
  std::uint32_t used_ = 0; // indexes [0, used_) have been handed out
  std::uint32_t capacity_ = 0;
};

} // namespace pktscope::detail
