// The escapers every command's output goes through (cli/output/text.hpp). Expected strings
// are written out by hand from the rules each format sets: XML 1.0 §2.4 (the characters that
// must be escaped in text and quoted attribute values), RFC 4180 §2 (CSV fields) and
// RFC 8259 §7 (JSON strings).

#include "output/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using pktscope::cli::output::append_csv_field;
using pktscope::cli::output::append_json_string;
using pktscope::cli::output::append_markup_text;

TEST(OutputText, MarkupTextEscapesTheCharactersMarkupReserves) {
  std::string out = "<title>";
  append_markup_text(out, R"(a<b & "c">d)");
  EXPECT_EQ(out, "<title>a&lt;b &amp; &quot;c&quot;&gt;d");
}

TEST(OutputText, MarkupTextPassesOtherBytesThrough) {
  std::string out;
  append_markup_text(out, "10.0.0.1 \xc2\xb5s 'x'");
  EXPECT_EQ(out, "10.0.0.1 \xc2\xb5s 'x'");
}

TEST(OutputText, CsvFieldIsQuotedOnlyWhenItMustBe) {
  std::string out;
  append_csv_field(out, "plain");
  out += ',';
  append_csv_field(out, "a,b");
  out += ',';
  append_csv_field(out, "say \"hi\"");
  out += ',';
  append_csv_field(out, "two\nlines");
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"");
}

TEST(OutputText, JsonStringEscapesQuotesBackslashesAndControls) {
  std::string out;
  append_json_string(out, std::string("q\"b\\t\tn\n\x01", 9));
  // Control characters take the \u form, which RFC 8259 allows for every one of them.
  EXPECT_EQ(out, R"("q\"b\\t\u0009n\u000a\u0001")");
}

} // namespace
