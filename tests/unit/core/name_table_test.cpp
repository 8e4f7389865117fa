// name_in / value_named (core/name_table.hpp): a value's name by its index in the table, and
// back; values past the table and names not in it.

#include <pktscope/core/name_table.hpp>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

enum class colour : std::uint8_t { red, green, blue, infrared };
constexpr std::array<std::string_view, 3> colour_names = {"red", "green", "blue"};

TEST(NameTable, NamesEachValueByItsIndex) {
  EXPECT_EQ(pktscope::name_in(colour_names, colour::red, "?"), "red");
  EXPECT_EQ(pktscope::name_in(colour_names, colour::blue, "?"), "blue");
  EXPECT_EQ(pktscope::name_in(colour_names, colour::infrared, "?"), "?");
}

TEST(NameTable, FindsTheValueOfAnExactName) {
  EXPECT_EQ(pktscope::value_named<colour>(colour_names, "green"), colour::green);
  EXPECT_FALSE(pktscope::value_named<colour>(colour_names, "Green"));
  EXPECT_FALSE(pktscope::value_named<colour>(colour_names, "infrared"));
  EXPECT_FALSE(pktscope::value_named<colour>(colour_names, ""));
}

static_assert(pktscope::name_in(colour_names, colour::green, "?") == "green");

} // namespace
