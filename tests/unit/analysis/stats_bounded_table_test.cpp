// bounded_table: the slot comes from the hash's low bits and a tag from its high half; the key
// decides. Checked with hashes that put every key in one probe run, with equal and with
// distinct tags, and at the capacity, where new keys are refused and old ones still found.

#include <pktscope/analysis/stats/bounded_table.hpp>

#include <gtest/gtest.h>

#include <cstdint>

namespace pktscope::stats {
namespace {

std::uint64_t same_hash(const std::uint32_t&) noexcept {
  return 0x1234'5678'0000'0005ULL;
}
std::uint64_t same_slot_own_tag(const std::uint32_t& k) noexcept {
  return (std::uint64_t{k} << 32) | 5U;
}

template <std::uint64_t (*Hash)(const std::uint32_t&) noexcept> void expect_keys_decide() {
  bounded_table<std::uint32_t, std::uint64_t, Hash> t(64);
  for (std::uint32_t k = 1; k <= 64; ++k) {
    std::uint64_t* v = t.find_or_insert(k);
    ASSERT_NE(v, nullptr) << k;
    EXPECT_EQ(*v, 0U) << k; // new: zeroed
    *v = k * 10;
  }
  for (std::uint32_t k = 1; k <= 64; ++k) {
    const std::uint64_t* v = t.find(k);
    ASSERT_NE(v, nullptr) << k;
    EXPECT_EQ(*v, k * 10) << k;
    EXPECT_EQ(t.find_or_insert(k), v) << k; // found, not inserted again
  }
  EXPECT_EQ(t.find(65), nullptr);
  EXPECT_EQ(t.size(), 64U);
}

TEST(StatsBoundedTable, KeysWithOneHashShareAProbeRun) {
  expect_keys_decide<same_hash>();
}

TEST(StatsBoundedTable, KeysWithOneSlotAndOwnTagsShareAProbeRun) {
  expect_keys_decide<same_slot_own_tag>();
}

TEST(StatsBoundedTable, FullTableRefusesNewKeysAndKeepsOldOnes) {
  bounded_table<std::uint32_t, std::uint64_t, same_slot_own_tag> t(4);
  for (std::uint32_t k = 1; k <= 4; ++k) {
    ASSERT_NE(t.find_or_insert(k), nullptr) << k;
  }
  EXPECT_EQ(t.find_or_insert(5), nullptr);
  EXPECT_EQ(t.find(5), nullptr);
  EXPECT_NE(t.find_or_insert(3), nullptr);
  EXPECT_EQ(t.size(), 4U);
  ASSERT_EQ(t.entries().size(), 4U);
  EXPECT_EQ(t.entries()[2].key, 3U); // insertion order
}

} // namespace
} // namespace pktscope::stats
