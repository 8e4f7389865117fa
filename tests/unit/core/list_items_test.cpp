// list_items (core/list_items.hpp): the items of a separated list, empty ones skipped.

#include <pktscope/core/list_items.hpp>

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace {

std::vector<std::string_view> items_of(std::string_view list, char separator = ',') {
  std::vector<std::string_view> out;
  for (const std::string_view item : pktscope::list_items(list, separator)) {
    out.push_back(item);
  }
  return out;
}

using list = std::vector<std::string_view>;

TEST(ListItems, SplitsAtEachSeparator) {
  EXPECT_EQ(items_of("tcp,udp,icmp"), (list{"tcp", "udp", "icmp"}));
  EXPECT_EQ(items_of("one"), (list{"one"}));
  EXPECT_EQ(items_of("a:b", ':'), (list{"a", "b"}));
}

TEST(ListItems, SkipsEmptyItemsAndKeepsSpaces) {
  EXPECT_EQ(items_of(",,a,,b,"), (list{"a", "b"}));
  EXPECT_EQ(items_of(" a , b"), (list{" a ", " b"}));
  EXPECT_TRUE(items_of("").empty());
  EXPECT_TRUE(items_of(",,,").empty());
}

TEST(ListItems, ItemsAreViewsIntoTheList) {
  constexpr std::string_view text = "22,80-90";
  const list got = items_of(text);
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[1].data(), text.data() + 3);
}

} // namespace
