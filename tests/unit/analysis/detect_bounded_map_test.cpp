// bounded_map: grows with its entries up to the capacity, loses nothing while there is room,
// and replaces the least recently touched entry of a full set only at full capacity.
#include <pktscope/analysis/detect/bounded_map.hpp>

#include <gtest/gtest.h>

#include <cstdint>

namespace pktscope::detect {
namespace {

using map = bounded_map<std::uint64_t, 4>;

TEST(BoundedMap, StartsSmallAndKeepsEveryEntryUpToItsCapacity) {
  map m(1U << 16);
  EXPECT_LT(m.allocated(), 1024U);
  bool created = false;
  map::entry evicted;
  for (std::uint64_t k = 1; k <= 2000; ++k) {
    m.get(k, static_cast<timestamp_ns>(k), created, evicted) = k * 3;
    EXPECT_TRUE(created);
    EXPECT_EQ(evicted.key, 0U) << "key " << k;
  }
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

TEST(BoundedMap, AtFullCapacityReplacesTheLeastRecentlyTouchedOfTheSet) {
  map m(4); // one set of four ways: the table cannot grow
  bool created = false;
  map::entry evicted;
  for (std::uint64_t k = 1; k <= 4; ++k) {
    m.get(k, static_cast<timestamp_ns>(k * 10), created, evicted) = k;
  }
  m.get(1, 50, created, evicted); // touch key 1: key 2 is now the oldest
  EXPECT_FALSE(created);
  m.get(9, 60, created, evicted) = 9;
  EXPECT_TRUE(created);
  EXPECT_EQ(evicted.key, 2U);
  EXPECT_EQ(evicted.value, 2U);
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
  m.for_each([&](map::entry& e) {
    sum += e.value;
    ++n;
  });
  EXPECT_EQ(n, 99U);
  EXPECT_EQ(sum, 100U * 101 / 2 - 50);
  EXPECT_EQ(m.size(), 99U);
}

} // namespace
} // namespace pktscope::detect
