// bounded_map: grows with its entries up to the capacity, loses nothing while there is room,
// and replaces the least recently touched entry of a full set only at full capacity.
#include <pktscope/analysis/detect/bounded_map.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pktscope::detect {
namespace {

using map = bounded_map<std::uint64_t, 4>;

TEST(BoundedMap, StartsSmallAndKeepsEveryEntryUpToItsCapacity) {
  map m(1U << 16);
  EXPECT_LT(m.allocated(), 1024U);
  bool created = false;
  std::uint64_t evictions_seen = 0;
  const auto count_eviction = [&](std::uint64_t, std::uint64_t) { ++evictions_seen; };
  for (std::uint64_t k = 1; k <= 2000; ++k) {
    m.get(k, static_cast<timestamp_ns>(k), created, count_eviction) = k * 3;
    EXPECT_TRUE(created);
  }
  EXPECT_EQ(evictions_seen, 0U);
  EXPECT_EQ(m.size(), 2000U);
  EXPECT_EQ(m.evictions(), 0U);
  EXPECT_LE(m.allocated(), 1U << 16);
  for (std::uint64_t k = 1; k <= 2000; ++k) {
    const std::uint64_t* v = m.find(k);
    ASSERT_NE(v, nullptr) << "key " << k;
    EXPECT_EQ(*v, k * 3);
  }
  EXPECT_EQ(m.find(2001), nullptr);
}

// The capacity is address space until used: a configured capacity far beyond the machine's
// memory (here about 512 GB of sets) must not fail, as a run may never use it.
TEST(BoundedMap, ACapacityBeyondMemoryIsOnlyReserved) {
  map m(std::size_t{1} << 35);
  bool created = false;
  for (std::uint64_t k = 1; k <= 1000; ++k) {
    m.get(k, 0, created) = k;
  }
  EXPECT_EQ(m.size(), 1000U);
  EXPECT_LE(m.allocated(), 1U << 16); // grown for its entries, not to its capacity
  ASSERT_NE(m.find(500), nullptr);
  EXPECT_EQ(*m.find(500), 500U);
}

TEST(BoundedMap, AtFullCapacityReplacesTheLeastRecentlyTouchedOfTheSet) {
  map m(4); // one set of four ways: the table cannot grow
  bool created = false;
  std::uint64_t evicted_key = 0, evicted_value = 0;
  const auto remember = [&](std::uint64_t key, std::uint64_t value) {
    evicted_key = key;
    evicted_value = value;
  };
  for (std::uint64_t k = 1; k <= 4; ++k) {
    m.get(k, static_cast<timestamp_ns>(k * 10), created, remember) = k;
  }
  m.get(1, 50, created, remember); // touch key 1: key 2 is now the oldest
  EXPECT_FALSE(created);
  EXPECT_EQ(evicted_key, 0U);
  m.get(9, 60, created, remember) = 9;
  EXPECT_TRUE(created);
  EXPECT_EQ(evicted_key, 2U);
  EXPECT_EQ(evicted_value, 2U);
  EXPECT_EQ(m.find(2), nullptr);
  EXPECT_NE(m.find(1), nullptr);
  EXPECT_EQ(m.size(), 4U);
  EXPECT_EQ(m.evictions(), 1U);
  EXPECT_EQ(m.allocated(), 4U);
}

TEST(BoundedMap, EraseAndForEach) {
  map m(1024);
  bool created = false;
  for (std::uint64_t k = 1; k <= 100; ++k) {
    m.get(k, 0, created) = k;
  }
  m.erase(50);
  std::uint64_t sum = 0;
  std::size_t n = 0;
  m.for_each([&](std::uint64_t key, std::uint64_t& value) {
    EXPECT_EQ(value, key);
    sum += value;
    ++n;
  });
  EXPECT_EQ(n, 99U);
  EXPECT_EQ(sum, 100U * 101 / 2 - 50);
  EXPECT_EQ(m.size(), 99U);
}

// Growing splits each set in place. Without evictions or erasures a table of any history
// must then hold every key in the set its hash picks at the final size, in the order the keys
// arrived (the layout of a table built at that size), which for_each shows.
TEST(BoundedMap, GrowingKeepsEachSetInArrivalOrder) {
  map m(1U << 18);
  bool created = false;
  std::vector<std::uint64_t> arrived;
  for (std::uint64_t i = 1; i <= 3000; ++i) {
    const std::uint64_t key = mix64(i * 7919); // spread keys, as the detectors' hashes are
    m.get(key, 0, created);
    arrived.push_back(key);
  }
  ASSERT_EQ(m.evictions(), 0U);
  const std::size_t sets = m.allocated() / 4;
  ASSERT_GT(sets, 16U) << "the table must have grown for this test to mean anything";
  const auto set_of = [&](std::uint64_t key) { return mix64(key) & (sets - 1); };
  std::vector<std::uint64_t> expected = arrived;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](std::uint64_t a, std::uint64_t b) { return set_of(a) < set_of(b); });
  std::vector<std::uint64_t> visited;
  m.for_each([&](std::uint64_t key, std::uint64_t&) { visited.push_back(key); });
  EXPECT_EQ(visited, expected);
}

} // namespace
} // namespace pktscope::detect
