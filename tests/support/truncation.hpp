#pragma once
// Truncation sweep (STYLE §7): every proper prefix of a valid encoding must be
// rejected as errc::truncated by View::parse, never accepted and never crash.
// The full encoding must parse.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/result.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pktscope::test {

/// `min_len`: prefixes at least this long are allowed to parse (for views whose
/// payload may legitimately be cut by snaplen); shorter ones must be truncated.
template <class View>
void expect_truncation_sweep(const std::vector<std::uint8_t>& valid, std::size_t min_len) {
  ASSERT_TRUE(View::parse(bytes(valid))) << "the full encoding must parse";
  for (std::size_t n = 0; n < min_len && n < valid.size(); ++n) {
    // A fresh copy of exactly n bytes, so ASan catches any read past the prefix.
    const std::vector<std::uint8_t> prefix(valid.begin(),
                                           valid.begin() + static_cast<std::ptrdiff_t>(n));
    const auto r = View::parse(bytes(prefix.data(), prefix.size()));
    ASSERT_FALSE(r) << "prefix of " << n << " bytes parsed";
    EXPECT_EQ(r.error().code, errc::truncated) << "prefix of " << n << " bytes";
  }
}

} // namespace pktscope::test
