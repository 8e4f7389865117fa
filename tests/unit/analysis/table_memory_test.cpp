// table_memory and table_vector: blocks of mapped_table_bytes and more are mapped on 2 MiB
// boundaries, zero-filled, and advised for transparent huge pages, at once or as asked
// (checked in the kernel's own account of the mapping, /proc/self/smaps, where the system
// allows huge pages on advice);
// smaller blocks come from operator new, aligned as their type asks. Growing and freeing work
// across the two kinds. The AddressSanitizer build takes table_vector's blocks from operator
// new: there their contents and alignment are checked, not the mapping.

#include <pktscope/analysis/table_memory.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

namespace pktscope::detail {
namespace {

constexpr std::uintptr_t two_mib = std::uintptr_t{2} << 20;

bool aligned_to(const void* p, std::uintptr_t alignment) {
  return reinterpret_cast<std::uintptr_t>(p) % alignment == 0;
}

bool all_zero(const void* p, std::size_t bytes) {
  const auto* b = static_cast<const unsigned char*>(p);
  return std::all_of(b, b + bytes, [](unsigned char c) { return c == 0; });
}

// The "THPeligible:" line of the mapping holding `p` in /proc/self/smaps, or -1 if none.
int huge_page_eligible(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto addr = reinterpret_cast<std::uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = addr >= lo && addr < hi;
    } else if (inside && line.rfind("THPeligible:", 0) == 0) {
      return std::stoi(line.substr(12));
    }
  }
  return -1;
}

// The system's transparent huge page setting, as "always", "madvise" or "never" (empty if
// unknown).
std::string huge_page_setting() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(f, line);
  const auto open = line.find('['), close = line.find(']');
  return open == std::string::npos || close < open ? std::string()
                                                   : line.substr(open + 1, close - open - 1);
}
// Whether the system gives huge pages to mappings that ask (enabled: "always" or "madvise").
bool huge_pages_on_advice() {
  const std::string s = huge_page_setting();
  return s == "always" || s == "madvise";
}
// Whether it gives them only to those ("madvise"; with "always" any mapping may have them).
bool huge_pages_only_on_advice() {
  return huge_page_setting() == "madvise";
}

TEST(TableMemory, LargeBlocksAreMappedOnHugePageBoundariesAndZero) {
  const std::size_t bytes = 3 * mapped_table_bytes + 100;
  table_memory m(bytes);
  ASSERT_NE(m.data(), nullptr);
  EXPECT_EQ(m.size(), bytes);
  EXPECT_TRUE(all_zero(m.data(), bytes));
  EXPECT_TRUE(aligned_to(m.data(), two_mib));
  if (!huge_pages_on_advice()) {
    GTEST_SKIP() << "transparent huge pages are off on this system";
  }
  EXPECT_EQ(huge_page_eligible(m.data()), 1);
}

// A block that grows in place asks for huge pages for the part in use only, as it grows.
TEST(TableMemory, HugePagesOnRequestCoverOnlyTheWholeHugePagesAskedFor) {
  const std::size_t bytes = 8 * two_mib;
  const table_memory m(bytes, block_use::grows_in_place);
  ASSERT_NE(m.data(), nullptr);
  EXPECT_TRUE(aligned_to(m.data(), two_mib));
  if (!huge_pages_only_on_advice()) {
    GTEST_SKIP() << "the transparent huge page setting here is not \"madvise\"";
  }
  const auto* base = static_cast<const unsigned char*>(m.data());
  EXPECT_EQ(huge_page_eligible(base), 0);
  m.advise_huge_pages(two_mib - 1); // not one whole huge page: no advice
  EXPECT_EQ(huge_page_eligible(base), 0);
  m.advise_huge_pages(2 * two_mib + 100); // the first two huge pages
  EXPECT_EQ(huge_page_eligible(base), 1);
  EXPECT_EQ(huge_page_eligible(base + 2 * two_mib - 1), 1);
  EXPECT_EQ(huge_page_eligible(base + 2 * two_mib), 0);
  EXPECT_TRUE(all_zero(m.data(), bytes));
}

TEST(TableMemory, SmallBlocksAreZeroToo) {
  table_memory m(1000);
  ASSERT_NE(m.data(), nullptr);
  EXPECT_TRUE(aligned_to(m.data(), 64));
  EXPECT_TRUE(all_zero(m.data(), 1000));
  table_memory moved = std::move(m);
  EXPECT_EQ(m.data(), nullptr); // NOLINT(bugprone-use-after-move): the move empties it
  EXPECT_EQ(moved.size(), 1000U);
}

struct alignas(64) cache_line {
  std::uint64_t word[8];
};

TEST(TableVector, GrowsFromHeapToMappedBlocksKeepingItsContents) {
  table_vector<std::uint64_t> v;
  const std::size_t large = 2 * mapped_table_bytes / sizeof(std::uint64_t);
  for (std::uint64_t i = 0; i < large; ++i) {
    v.push_back(i * 3);
  }
  if (maps_large_tables) {
    EXPECT_TRUE(aligned_to(v.data(), two_mib)); // its last block is a mapped one
  }
  for (std::uint64_t i = 0; i < large; i += 4099) {
    ASSERT_EQ(v[i], i * 3) << i;
  }
  v.resize(10);
  v.shrink_to_fit(); // back to a heap block
  ASSERT_EQ(v.size(), 10U);
  EXPECT_EQ(v[9], 27U);
}

TEST(TableVector, KeepsOverAlignedTypesAligned) {
  table_vector<cache_line> small(3);
  EXPECT_TRUE(aligned_to(small.data(), 64));
  table_vector<cache_line> large(mapped_table_bytes / sizeof(cache_line));
  EXPECT_TRUE(aligned_to(large.data(), maps_large_tables ? two_mib : 64));
  EXPECT_TRUE(all_zero(large.data(), large.size() * sizeof(cache_line)));
}

// Pages of [p, p + bytes) in memory (mincore): a mapping's untouched pages are not.
std::size_t resident_pages(const void* p, std::size_t bytes) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in((bytes + page - 1) / page);
  if (::mincore(const_cast<void*>(p), bytes, in.data()) != 0) { // NOLINT: the C interface
    return ~std::size_t{0};
  }
  return static_cast<std::size_t>(
      std::count_if(in.begin(), in.end(), [](unsigned char c) { return (c & 1) != 0; }));
}

struct zero_defaults {
  std::uint64_t key = 0;
  std::uint8_t flag = 0; // then padding
};
struct nonzero_default {
  std::uint64_t key = 0;
  std::uint8_t version = 4;
};

TEST(ZeroedTable, ValueIsZeroBytesTellsWhichTypesZeroMemoryHolds) {
  EXPECT_TRUE(value_is_zero_bytes<zero_defaults>());
  EXPECT_TRUE(value_is_zero_bytes<cache_line>());
  EXPECT_FALSE(value_is_zero_bytes<nonzero_default>());
}

TEST(ZeroedTable, StartsZeroAndCommitsOnlyWhatIsWritten) {
  const std::size_t count = 8 * mapped_table_bytes / sizeof(zero_defaults);
  zeroed_table<zero_defaults> t(count);
  ASSERT_EQ(t.size(), count);
  const std::size_t bytes = count * sizeof(zero_defaults);
  EXPECT_EQ(resident_pages(&t[0], bytes), 0U); // nothing written at construction
  t[count / 2].key = 7;
  const std::size_t after_write = resident_pages(&t[0], bytes);
  EXPECT_GE(after_write, 1U);
  // At most the one huge page around the written entry (where the system gives them).
  EXPECT_LE(after_write, two_mib / static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)));
  EXPECT_EQ(t[0].key, 0U);
  EXPECT_EQ(t[count - 1].flag, 0U);
  zeroed_table<zero_defaults> moved = std::move(t);
  EXPECT_EQ(moved[count / 2].key, 7U);
  EXPECT_EQ(moved.size(), count);
}

} // namespace
} // namespace pktscope::detail
