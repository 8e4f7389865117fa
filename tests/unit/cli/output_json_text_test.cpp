// The JSON text every command prints (cli/output/json_text.hpp): strings read from captures
// need not be valid UTF-8, and a document holding one must still print, as valid JSON.

#include "output/json_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using pktscope::cli::output::json_text;

TEST(OutputJsonText, InvalidUtf8OctetsBecomeReplacementCharacters) {
  // A stray continuation octet, an invalid octet and a sequence cut at the end.
  const nlohmann::json doc = {{"comment", "a\x80z \xff\xc3"}};
  const std::string text = json_text(doc);
  EXPECT_TRUE(nlohmann::json::accept(text));
  EXPECT_EQ(nlohmann::json::parse(text).at("comment"), "a\xef\xbf\xbdz \xef\xbf\xbd\xef\xbf\xbd");
}

TEST(OutputJsonText, ValidTextIsWrittenAsItIs) {
  const nlohmann::json doc = {{"name", "eth0 \xc2\xb5s"}, {"n", 3}};
  EXPECT_EQ(json_text(doc), "{\"n\":3,\"name\":\"eth0 \xc2\xb5s\"}");
  EXPECT_EQ(json_text(doc, 1), "{\n \"n\": 3,\n \"name\": \"eth0 \xc2\xb5s\"\n}");
}

} // namespace
