#include <simdjson.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jsonl/json_string.h"
#include "jsonl/jsonl.h"
#include "jsonl_test_util.h"

namespace dechrome {
namespace {

using jsonl_test::PaddedRecord;
using ::testing::HasSubstr;

struct Parsed {
  ParsedRecord rec;
  std::vector<std::string> lines;      // decoded, per Line::text_*
  std::vector<std::string> raw_lines;  // escaped, per Line::raw_*
};

// Parses `record` (copied with padding) and checks the offsets' invariants.
Parsed ParseRecord(const RecordFormat& format, std::string_view record) {
  PaddedRecord padded(record);
  Parsed p;
  format.Parse(padded.view(), &p.rec);
  if (p.rec.kind != ParsedRecord::Kind::kDocument) {
    EXPECT_FALSE(p.rec.error.empty());
    EXPECT_TRUE(p.rec.lines.empty());
    return p;
  }
  EXPECT_EQ(p.rec.type, "jsonl");
  EXPECT_FALSE(p.rec.lines.empty());
  std::string joined;
  for (size_t i = 0; i < p.rec.lines.size(); ++i) {
    const Line& line = p.rec.lines[i];
    EXPECT_LE(line.text_begin, line.text_end);
    EXPECT_LE(line.text_end, p.rec.text.size());
    EXPECT_LE(line.raw_begin, line.raw_end);
    EXPECT_LE(line.raw_end, record.size());
    p.lines.emplace_back(p.rec.text.substr(line.text_begin, line.text_end - line.text_begin));
    p.raw_lines.emplace_back(record.substr(line.raw_begin, line.raw_end - line.raw_begin));
    if (i > 0) joined += '\n';
    joined += p.lines.back();
  }
  EXPECT_EQ(joined, p.rec.text);
  // Read again from its spans (pass 2 of a run), it is the same document.
  EXPECT_EQ(p.rec.spans.valid, !p.rec.url.empty());
  if (p.rec.spans.valid) {
    ParsedRecord again;
    again.url = "stale";
    EXPECT_TRUE(format.ParseSpans(padded.view(), p.rec.spans, &again));
    EXPECT_EQ(again.kind, ParsedRecord::Kind::kDocument);
    EXPECT_EQ(again.type, p.rec.type);
    EXPECT_EQ(again.url, p.rec.url);
    EXPECT_EQ(again.text, p.rec.text);
    EXPECT_EQ(again.id, "");  // not read from spans
    EXPECT_EQ(again.lines.size(), p.rec.lines.size());
    for (size_t i = 0; i < std::min(again.lines.size(), p.rec.lines.size()); ++i) {
      EXPECT_EQ(again.lines[i].text_begin, p.rec.lines[i].text_begin) << i;
      EXPECT_EQ(again.lines[i].text_end, p.rec.lines[i].text_end) << i;
      EXPECT_EQ(again.lines[i].raw_begin, p.rec.lines[i].raw_begin) << i;
      EXPECT_EQ(again.lines[i].raw_end, p.rec.lines[i].raw_end) << i;
    }
  }
  return p;
}

std::string Rewrite(const RecordFormat& format, std::string_view record,
                    const std::vector<bool>& keep) {
  PaddedRecord padded(record);
  ParsedRecord rec;
  format.Parse(padded.view(), &rec);
  std::string out = "prefix:";  // Rewrite appends
  format.Rewrite(padded.view(), rec, keep, &out);
  EXPECT_EQ(out.substr(0, 7), "prefix:");
  return out.substr(7);
}

// Decodes `field` of a JSON object with simdjson's DOM parser (a full,
// independent validator and decoder).
bool DomString(const std::string& json, const char* field, std::string* value) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc)) return false;
  std::string_view s;
  if (doc[field].get_string().get(s)) return false;
  value->assign(s);
  return true;
}

class JsonlFormatTest : public ::testing::Test {
 protected:
  std::unique_ptr<RecordFormat> format_ = NewJsonlFormat(JsonlOptions());
};

TEST_F(JsonlFormatTest, Simple) {
  Parsed p = ParseRecord(*format_, R"({"id":"d1","text":"first\nsecond\n\nfourth","url":"http://e.com/x"})"
                                   "\n");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_EQ(p.rec.text, "first\nsecond\n\nfourth");
  EXPECT_THAT(p.lines, ::testing::ElementsAre("first", "second", "", "fourth"));
  EXPECT_THAT(p.raw_lines, ::testing::ElementsAre("first", "second", "", "fourth"));
  EXPECT_EQ(p.rec.url, "http://e.com/x");
  EXPECT_EQ(p.rec.id, "d1");
  EXPECT_TRUE(p.rec.error.empty());
}

TEST_F(JsonlFormatTest, NestedDottedPaths) {
  JsonlOptions options;
  options.text_field = "doc.body";
  options.url_fields = {"meta.source.url"};
  options.id_field = "meta.id";
  auto format = NewJsonlFormat(options);
  Parsed p = ParseRecord(
      *format,
      R"({"meta":{"other":[1,{"url":"no"}],"source":{"url":"https://x.org/"},"id":12},)"
      R"("doc":{"title":"t","body":"a\nb"},"text":"not this"})");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_EQ(p.rec.text, "a\nb");
  EXPECT_EQ(p.rec.url, "https://x.org/");
  EXPECT_EQ(p.rec.id, "12");

  Parsed missing = ParseRecord(*format, R"({"doc":"body is not under an object"})");
  EXPECT_EQ(missing.rec.kind, ParsedRecord::Kind::kMalformed);
  EXPECT_EQ(missing.rec.error, "missing text field 'doc.body'");
}

TEST_F(JsonlFormatTest, UrlFallbacks) {
  Parsed a = ParseRecord(*format_, R"({"text":"x","metadata":{"url":"http://m.com/"}})");
  EXPECT_EQ(a.rec.url, "http://m.com/");
  Parsed b = ParseRecord(*format_,
                         R"({"metadata":{"warc_url":"http://w.com/"},"url":null,"text":"x"})");
  EXPECT_EQ(b.rec.url, "http://w.com/");
  Parsed c = ParseRecord(*format_,
                         R"({"metadata":{"url":"http://m.com/"},"url":"http:\/\/top.com\/")"
                         R"(,"text":"x"})");
  ASSERT_EQ(c.rec.kind, ParsedRecord::Kind::kDocument) << c.rec.error;
  EXPECT_EQ(c.rec.url, "http://top.com/");  // "url" comes first in url_fields
  Parsed d = ParseRecord(*format_, R"({"text":"x","metadata":{"url":5}})");
  EXPECT_EQ(d.rec.kind, ParsedRecord::Kind::kDocument);
  EXPECT_EQ(d.rec.url, "");
}

TEST_F(JsonlFormatTest, SpansLocateTextAndUrl) {
  const std::string record =
      R"({"url":"https:\/\/e.com\/a?b=1","id":"x","text":"one\ntwo \"q\""})";
  Parsed p = ParseRecord(*format_, record);
  ASSERT_TRUE(p.rec.spans.valid);
  EXPECT_EQ(record.substr(p.rec.spans.url_begin, p.rec.spans.url_end - p.rec.spans.url_begin),
            R"(https:\/\/e.com\/a?b=1)");
  EXPECT_EQ(record.substr(p.rec.spans.text_begin, p.rec.spans.text_end - p.rec.spans.text_begin),
            R"(one\ntwo \"q\")");
  EXPECT_EQ(p.rec.url, "https://e.com/a?b=1");
  // Without a URL string there is nothing to locate a site by.
  EXPECT_FALSE(ParseRecord(*format_, R"({"text":"a","url":7})").rec.spans.valid);
  EXPECT_FALSE(ParseRecord(*format_, R"({"text":"a"})").rec.spans.valid);
  // Spans that do not fit the bytes (another record) are refused.
  PaddedRecord padded(record);
  ParsedRecord again;
  RecordSpans bad = p.rec.spans;
  bad.text_end = static_cast<uint32_t>(record.size() + 1);
  EXPECT_FALSE(format_->ParseSpans(padded.view(), bad, &again));
  EXPECT_NE(again.kind, ParsedRecord::Kind::kDocument);
  bad = p.rec.spans;
  bad.url_begin = bad.url_end + 1;
  EXPECT_FALSE(format_->ParseSpans(padded.view(), bad, &again));
  bad = p.rec.spans;
  bad.text_end = bad.text_begin + 4;  // "one\": an escape cut in two
  EXPECT_FALSE(format_->ParseSpans(padded.view(), bad, &again));
  EXPECT_FALSE(format_->ParseSpans(padded.view(), RecordSpans(), &again));
  // Spans must sit between quotes: shifted by a byte (a record changed since
  // pass 1 without changing size), they are refused.
  for (int shift : {-1, 1}) {
    bad = p.rec.spans;
    bad.text_begin += shift;
    bad.text_end += shift;
    EXPECT_FALSE(format_->ParseSpans(padded.view(), bad, &again)) << shift;
    bad = p.rec.spans;
    bad.url_begin += shift;
    bad.url_end += shift;
    EXPECT_FALSE(format_->ParseSpans(padded.view(), bad, &again)) << shift;
  }
  EXPECT_TRUE(format_->ParseSpans(padded.view(), p.rec.spans, &again));
}

TEST_F(JsonlFormatTest, Escapes) {
  Parsed p = ParseRecord(
      *format_,
      R"({"text":"q\"b\\s\/t\tc\u00e9 \ud83d\ude00 \u20AC\b\f\r end"})");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_EQ(p.rec.text, "q\"b\\s/t\tc\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x82\xAC\b\f\r end");
  ASSERT_EQ(p.lines.size(), 1u);
}

TEST_F(JsonlFormatTest, EscapedBackslashBeforeNIsNotANewline) {
  Parsed p = ParseRecord(*format_, R"({"text":"C:\\new\\\nnext \\\\n"})");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  // \\n -> backslash + n; \\\n -> backslash + newline; \\\\n -> 2 backslashes + n.
  EXPECT_THAT(p.lines, ::testing::ElementsAre("C:\\new\\", "next \\\\n"));
  EXPECT_THAT(p.raw_lines, ::testing::ElementsAre(R"(C:\\new\\)", R"(next \\\\n)"));
}

TEST_F(JsonlFormatTest, UnicodeNewlineEscapesSplit) {
  Parsed p = ParseRecord(*format_, R"({"text":"a\u000ab\u000Ac\u000dd\u2028e"})");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_THAT(p.lines, ::testing::ElementsAre("a", "b", "c\rd\xE2\x80\xA8" "e"));
  EXPECT_THAT(p.raw_lines, ::testing::ElementsAre("a", "b", R"(c\u000dd\u2028e)"));
}

TEST_F(JsonlFormatTest, RawLineSeparatorInsideStringIsFine) {
  Parsed p = ParseRecord(*format_, "{\"text\":\"a\xE2\x80\xA8" "b\\nc\"}\n");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_THAT(p.lines, ::testing::ElementsAre("a\xE2\x80\xA8" "b", "c"));
}

TEST_F(JsonlFormatTest, LoneSurrogatesBecomeReplacementCharacter) {
  Parsed p = ParseRecord(*format_, R"({"text":"x\ud83dy\ude00z\ud83d\u0041"})");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_EQ(p.rec.text, "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD" "A");
}

TEST_F(JsonlFormatTest, EmptyTextIsOneEmptyLine) {
  const std::string record = R"({"text":"","id":"e"})";
  Parsed p = ParseRecord(*format_, record);
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_EQ(p.rec.text, "");
  ASSERT_EQ(p.rec.lines.size(), 1u);
  EXPECT_EQ(p.rec.lines[0].raw_begin, 9u);
  EXPECT_EQ(p.rec.lines[0].raw_end, 9u);
  EXPECT_EQ(Rewrite(*format_, record, {false}), record);
}

TEST_F(JsonlFormatTest, TrailingCrLf) {
  Parsed p = ParseRecord(*format_, "{\"text\":\"a\\nb\"}\r\n");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_THAT(p.lines, ::testing::ElementsAre("a", "b"));
  EXPECT_EQ(Rewrite(*format_, "{\"text\":\"a\\nb\"}\r\n", {false, true}), "{\"text\":\"b\"}\r\n");
}

TEST_F(JsonlFormatTest, TextNotAString) {
  for (const char* record : {R"({"text":5})", R"({"text":null})", R"({"text":["a"]})",
                             R"({"text":{"a":"b"}})", R"({"text":true})"}) {
    Parsed p = ParseRecord(*format_, record);
    EXPECT_EQ(p.rec.kind, ParsedRecord::Kind::kMalformed) << record;
    EXPECT_EQ(p.rec.error, "field 'text' is not a string") << record;
  }
}

TEST_F(JsonlFormatTest, MissingText) {
  Parsed p = ParseRecord(*format_, R"({"message": "this is a test", "id": "m"})");
  EXPECT_EQ(p.rec.kind, ParsedRecord::Kind::kMalformed);
  EXPECT_EQ(p.rec.error, "missing text field 'text'");
  Parsed e = ParseRecord(*format_, "{}");
  EXPECT_EQ(e.rec.error, "missing text field 'text'");
}

TEST_F(JsonlFormatTest, InvalidJson) {
  for (const char* record :
       {R"({"text":"a")", R"({"text":"a)", R"({"text" "a"})", R"({"text":"a",})", R"([1,2])",
        R"("just a string")", "42", R"({"text":"a","b":[1,2})", "{text:\"a\"}",
        R"({"text":"bad \x escape"})", R"({"text":"bad \u12G4 escape"})"}) {
    Parsed p = ParseRecord(*format_, record);
    EXPECT_EQ(p.rec.kind, ParsedRecord::Kind::kMalformed) << record;
    EXPECT_THAT(p.rec.error, HasSubstr("invalid JSON")) << record;
  }
}

TEST_F(JsonlFormatTest, TrailingGarbage) {
  for (const char* record : {R"({"text":"a"} x)", R"({"text":"a"}})", R"({"text":"a"}{"text":"b"})",
                             R"({"text":"a"} 1)", R"({"text":"a"}])"}) {
    Parsed p = ParseRecord(*format_, record);
    EXPECT_EQ(p.rec.kind, ParsedRecord::Kind::kMalformed) << record;
    EXPECT_THAT(p.rec.error, HasSubstr("invalid JSON")) << record;
  }
  // Whitespace after the object is not garbage.
  Parsed ok = ParseRecord(*format_, "{\"text\":\"a\"} \t \r\n");
  EXPECT_EQ(ok.rec.kind, ParsedRecord::Kind::kDocument) << ok.rec.error;
}

TEST_F(JsonlFormatTest, EmptyLine) {
  for (const char* record : {"", "\n", "  \t\r\n"}) {
    Parsed p = ParseRecord(*format_, record);
    EXPECT_EQ(p.rec.kind, ParsedRecord::Kind::kMalformed);
    EXPECT_EQ(p.rec.error, "empty line");
  }
}

TEST_F(JsonlFormatTest, InvalidUtf8InText) {
  Parsed p = ParseRecord(*format_, "{\"text\":\"abc\xff" "def\"}\n");
  EXPECT_EQ(p.rec.kind, ParsedRecord::Kind::kMalformed);
  EXPECT_THAT(p.rec.error, HasSubstr("invalid UTF-8"));
  Parsed q = ParseRecord(*format_, "{\"text\":\"truncated \xE2\x82\"}\n");
  EXPECT_EQ(q.rec.kind, ParsedRecord::Kind::kMalformed);
}

TEST_F(JsonlFormatTest, IdAsStringOrNumber) {
  EXPECT_EQ(ParseRecord(*format_, R"({"text":"x","id":"a\"b"})").rec.id, "a\"b");
  EXPECT_EQ(ParseRecord(*format_, R"({"text":"x","id":-12.5e3 })").rec.id, "-12.5e3");
  EXPECT_EQ(ParseRecord(*format_, R"({"id":123456789012345678901234567890,"text":"x"})").rec.id,
            "123456789012345678901234567890");
  EXPECT_EQ(ParseRecord(*format_, R"({"text":"x","id":null})").rec.id, "");
  EXPECT_EQ(ParseRecord(*format_, R"({"text":"x"})").rec.id, "");
}

TEST_F(JsonlFormatTest, DuplicateKeysFirstWins) {
  Parsed p = ParseRecord(*format_, R"({"text":"first","text":"second"})");
  EXPECT_EQ(p.rec.text, "first");
}

TEST_F(JsonlFormatTest, ParsedRecordIsReusable) {
  ParsedRecord rec;
  PaddedRecord a(R"({"text":"one\ntwo\nthree","url":"u1"})");
  PaddedRecord b(R"({"text":"x"})");
  PaddedRecord c(R"({"nope":1})");
  format_->Parse(a.view(), &rec);
  EXPECT_EQ(rec.lines.size(), 3u);
  format_->Parse(c.view(), &rec);
  EXPECT_EQ(rec.kind, ParsedRecord::Kind::kMalformed);
  EXPECT_TRUE(rec.text.empty());
  format_->Parse(b.view(), &rec);
  EXPECT_EQ(rec.kind, ParsedRecord::Kind::kDocument);
  EXPECT_EQ(rec.text, "x");
  EXPECT_EQ(rec.url, "");
  EXPECT_EQ(rec.lines.size(), 1u);
  EXPECT_TRUE(rec.error.empty());
}

TEST_F(JsonlFormatTest, LongPathComponentNearRecordEndDoesNotOverrun) {
  JsonlOptions options;
  options.url_fields = {std::string(300, 'k'), "k"};
  auto format = NewJsonlFormat(options);
  Parsed p = ParseRecord(*format, R"({"text":"x","k":"u"})");
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  EXPECT_EQ(p.rec.url, "u");
}

TEST_F(JsonlFormatTest, ConcurrentParseMatchesSequential) {
  std::vector<std::string> records;
  for (int i = 0; i < 200; ++i) {
    records.push_back("{\"id\":" + std::to_string(i) + ",\"text\":\"" +
                      std::string(static_cast<size_t>(i), 'a') + "\\nline " + std::to_string(i) +
                      "\",\"url\":\"http://s" + std::to_string(i % 7) + ".com/\"}\n");
  }
  std::vector<std::string> expected;
  for (const std::string& r : records) {
    Parsed p = ParseRecord(*format_, r);
    expected.push_back(std::string(p.rec.text) + "|" + p.rec.url + "|" + p.rec.id);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      ParsedRecord rec;
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < records.size(); ++i) {
          PaddedRecord padded(records[(i + static_cast<size_t>(t) * 37) % records.size()]);
          format_->Parse(padded.view(), &rec);
          const size_t k = (i + static_cast<size_t>(t) * 37) % records.size();
          if (std::string(rec.text) + "|" + rec.url + "|" + rec.id != expected[k]) {
            ++mismatches[static_cast<size_t>(t)];
          }
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_THAT(mismatches, ::testing::Each(0));
}

// --- Rewrite ---------------------------------------------------------------

TEST_F(JsonlFormatTest, RewriteAllKeptIsIdentity) {
  const std::string record = "{ \"text\" : \"a\\nb\" ,\"x\":1}\n";
  EXPECT_EQ(Rewrite(*format_, record, {true, true}), record);
}

TEST_F(JsonlFormatTest, RewriteKeepsEverythingElseByteIdentical) {
  const std::string head =
      "{ \"id\" :\"\\u0041b\",  \"text\":1, \"url\":\"http:\\/\\/x\\u00e9.com\" ,\n"
      "\"text\"  :   \"";
  // (raw '\n' inside the record is not possible in JSONL, but Rewrite must
  // not care about bytes outside the text)
  const std::string text = R"(keep \u00e9\"1\"\nDROP\u000akeep\\n2 \ud83d\ude00\n\nDROP too)";
  const std::string tail = "\"\t, \"text\":\"dup\",\"z\":[1, 2 ,{\"k\":\"\\u2028\"}]  }\r\n";
  auto format = NewJsonlFormat(JsonlOptions());
  // The first "text" is a number: not a string.
  EXPECT_EQ(ParseRecord(*format, head + text + tail).rec.kind, ParsedRecord::Kind::kMalformed);

  const std::string record = "{\"a\" : [1,2] , \"text\"  :   \"" + text + tail;
  Parsed p = ParseRecord(*format_, record);
  ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << p.rec.error;
  ASSERT_EQ(p.lines.size(), 5u);
  EXPECT_THAT(p.raw_lines, ::testing::ElementsAre(R"(keep \u00e9\"1\")", "DROP",
                                                  R"(keep\\n2 \ud83d\ude00)", "", "DROP too"));
  const std::string out = Rewrite(*format_, record, {true, false, true, true, false});
  EXPECT_EQ(out, "{\"a\" : [1,2] , \"text\"  :   \"" +
                     std::string(R"(keep \u00e9\"1\"\nkeep\\n2 \ud83d\ude00\n)") + tail);
  std::string decoded;
  ASSERT_TRUE(DomString(out, "text", &decoded));  // first of the duplicates
  EXPECT_EQ(decoded, "keep \xC3\xA9\"1\"\nkeep\\n2 \xF0\x9F\x98\x80\n");
}

TEST_F(JsonlFormatTest, RewriteRemovingAllLinesGivesEmptyString) {
  const std::string record = R"({"text":"a\nb\nc","url":"u"})";
  EXPECT_EQ(Rewrite(*format_, record, {false, false, false}), R"({"text":"","url":"u"})");
}

TEST_F(JsonlFormatTest, RewriteNonDocumentPassesThrough) {
  const std::string record = "{\"text\":5} \n";
  EXPECT_EQ(Rewrite(*format_, record, {}), record);
}

// Random texts, random keep masks: the rewritten record decodes (by an
// independent decoder) to exactly the kept lines, and every byte outside the
// text is unchanged.
TEST_F(JsonlFormatTest, RewriteRoundTripsThroughDomDecoder) {
  std::mt19937 rng(42);
  const std::vector<std::string> pieces = {
      "word", " ", "\\n", "\\u000a", "\\u000A", "\\\\n", "\\\\", "\\\"", "\\/", "\\t",
      "\\u00e9", "\\ud83d\\ude00", "\xC3\xA9", "\xE2\x80\xA8", "\\r", "\\b", "x\\\\\\n"};
  for (int iter = 0; iter < 300; ++iter) {
    std::string text;
    const int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const std::string record = "{\"id\":" + std::to_string(iter) + ",\"text\":\"" + text +
                               "\",\"meta\":{\"u\":\"\\u0041\"}}\n";
    std::string full;
    ASSERT_TRUE(DomString(record, "text", &full)) << record;
    Parsed p = ParseRecord(*format_, record);
    ASSERT_EQ(p.rec.kind, ParsedRecord::Kind::kDocument) << record << p.rec.error;
    ASSERT_EQ(p.rec.text, full) << record;
    std::vector<bool> keep;
    std::string expected;
    bool first = true;
    for (size_t i = 0; i < p.lines.size(); ++i) {
      keep.push_back(rng() % 2 == 0);
      if (!keep.back()) continue;
      if (!first) expected += '\n';
      first = false;
      expected += p.lines[i];
    }
    const std::string out = Rewrite(*format_, record, keep);
    std::string decoded;
    ASSERT_TRUE(DomString(out, "text", &decoded)) << out;
    EXPECT_EQ(decoded, expected) << record;
    const size_t text_begin = record.find("\"text\":\"") + 8;
    const size_t text_end = record.find("\",\"meta\"");
    EXPECT_EQ(out.substr(0, text_begin), record.substr(0, text_begin));
    EXPECT_EQ(out.substr(out.size() - (record.size() - text_end)), record.substr(text_end));
  }
}

// --- json_string internals -------------------------------------------------

// Found by fuzz/fuzz_jsonl: simdjson reads the byte just past what it parses,
// and for `{"text": "b": 0}}` (which On-Demand skips through without
// noticing the ':') the answer depended on it: a document when the next
// record or the padding held a space or '{', malformed when it held '}'.
// Chunk padding is stale memory, so the same record could come out
// differently from run to run. Parse() must depend on the record alone.
TEST(JsonlFormatPaddingTest, ParseDoesNotDependOnTheBytesAfterTheRecord) {
  auto format = NewJsonlFormat(JsonlOptions());
  for (std::string record : {"{\"text\": \"b\": 0}}\n", "{\"text\": \"b\": 0}}",
                             "{\"url\": \"u\", \"text\": \"b\": 0}}\r\n",
                             "{\"text\":\"x\"}}\n", "{\"text\":\"ok\"}\n", "{\"text\":\"ok\"}"}) {
    std::string first;  // kind, error and text with the first padding
    for (char pad : {' ', '}', ']', '{', '"', 'x', '\0', '\n'}) {
      std::string buf = record + std::string(kChunkPadding, pad);
      ParsedRecord p;
      format->Parse(std::string_view(buf.data(), record.size()), &p);
      std::string got = std::to_string(static_cast<int>(p.kind)) + "|" + p.error + "|" +
                        std::string(p.text);
      if (pad == ' ') first = got;
      EXPECT_EQ(got, first) << record << " pad " << int(pad);
    }
  }
}

TEST(JsonStringTest, FindClosingQuote) {
  using jsonl_internal::FindClosingQuote;
  EXPECT_EQ(FindClosingQuote(R"(abc" rest)"), 3u);
  EXPECT_EQ(FindClosingQuote(R"(a\"b" rest)"), 4u);
  EXPECT_EQ(FindClosingQuote(R"(a\\" rest)"), 3u);
  EXPECT_EQ(FindClosingQuote(R"(a\\\"b" rest)"), 6u);
  EXPECT_EQ(FindClosingQuote(R"(" rest)"), 0u);
  EXPECT_EQ(FindClosingQuote(R"(no quote\")"), std::string_view::npos);
}

TEST(JsonStringTest, SplitOffsetsAreRelativeToRecord) {
  std::string scratch;
  std::vector<Line> lines;
  ASSERT_TRUE(jsonl_internal::SplitEscapedLines(R"(ab\ncd\u000Ae)", 100, &scratch, &lines));
  EXPECT_EQ(scratch, "ab\ncd\ne");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].raw_begin, 100u);
  EXPECT_EQ(lines[0].raw_end, 102u);
  EXPECT_EQ(lines[1].raw_begin, 104u);
  EXPECT_EQ(lines[1].raw_end, 106u);
  EXPECT_EQ(lines[2].raw_begin, 112u);
  EXPECT_EQ(lines[2].raw_end, 113u);
  EXPECT_EQ(lines[2].text_begin, 6u);
  EXPECT_EQ(lines[2].text_end, 7u);
  std::string out;
  EXPECT_FALSE(jsonl_internal::AppendUnescaped("trailing \\", &out));
  out.clear();
  EXPECT_FALSE(jsonl_internal::AppendUnescaped("short \\u12", &out));
  out.clear();
  EXPECT_TRUE(jsonl_internal::AppendUnescaped("\\u0000", &out));
  EXPECT_EQ(out, std::string(1, '\0'));
}

}  // namespace
}  // namespace dechrome
