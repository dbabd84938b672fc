// Real-corpus checks over the shared Dolma fixtures (skipped without them).

#include <simdjson.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "jsonl/jsonl.h"
#include "jsonl_test_util.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using jsonl_test::StringSource;

std::vector<Chunk> ChunkAll(const std::string& data, size_t target) {
  StringSource source(data);
  auto chunker = NewJsonlChunker(&source, "", target);
  std::vector<Chunk> chunks;
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

std::string ReadShared(const std::string& relative) {
  return testing::GzipDecompress(testing::ReadFile(testing::SharedDir() + "/" + relative));
}

// Every field but "text" of a JSON object, in DOM form, as (key, minified
// value) pairs.
std::vector<std::pair<std::string, std::string>> OtherFields(simdjson::dom::object object) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (auto field : object) {
    if (field.key == "text") continue;
    fields.emplace_back(std::string(field.key), simdjson::minify(field.value));
  }
  return fields;
}

TEST(JsonlFixtureTest, DolmaCommonCrawlShard) {
  if (testing::SharedDir().empty()) GTEST_SKIP() << "no shared fixtures";
  const std::string data =
      ReadShared("fixtures/dolma-cc/CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz");
  ASSERT_FALSE(data.empty());
  auto format = NewJsonlFormat(JsonlOptions());
  simdjson::dom::parser dom;
  size_t documents = 0, with_url = 0, total_lines = 0;
  ParsedRecord rec;
  for (const Chunk& chunk : ChunkAll(data, 256 << 10)) {
    for (const RecordSpan& span : chunk.records) {
      const std::string_view record(chunk.data.data() + span.begin, span.end - span.begin);
      format->Parse(record, &rec);
      ASSERT_EQ(rec.kind, ParsedRecord::Kind::kDocument) << rec.error;
      ++documents;
      if (!rec.url.empty()) ++with_url;
      EXPECT_FALSE(rec.id.empty());
      total_lines += rec.lines.size();

      // The decoded text matches an independent decoder.
      simdjson::dom::object original;
      ASSERT_EQ(dom.parse(record.data(), record.size(), false).get(original), simdjson::SUCCESS);
      std::string_view dom_text;
      ASSERT_EQ(original["text"].get_string().get(dom_text), simdjson::SUCCESS);
      ASSERT_EQ(rec.text, dom_text);
      std::string_view dom_url;
      ASSERT_EQ(original["metadata"]["url"].get_string().get(dom_url), simdjson::SUCCESS);
      EXPECT_EQ(rec.url, dom_url);
      const auto other_fields = OtherFields(original);

      // All lines kept: identical bytes.
      std::string out;
      std::vector<bool> keep(rec.lines.size(), true);
      format->Rewrite(record, rec, keep, &out);
      ASSERT_EQ(out, record);

      // Every second line removed: valid JSON, same other fields, kept text.
      std::string expected;
      for (size_t i = 0; i < rec.lines.size(); ++i) {
        keep[i] = i % 2 == 0;
        if (!keep[i]) continue;
        if (i > 0) expected += '\n';
        const Line& line = rec.lines[i];
        expected += rec.text.substr(line.text_begin, line.text_end - line.text_begin);
      }
      out.clear();
      format->Rewrite(record, rec, keep, &out);
      simdjson::dom::object rewritten;
      ASSERT_EQ(dom.parse(out).get(rewritten), simdjson::SUCCESS) << out;
      std::string_view new_text;
      ASSERT_EQ(rewritten["text"].get_string().get(new_text), simdjson::SUCCESS);
      EXPECT_EQ(new_text, expected);
      EXPECT_EQ(OtherFields(rewritten), other_fields);
      EXPECT_EQ(out.back(), '\n');
    }
  }
  EXPECT_EQ(documents, 697u);
  EXPECT_EQ(with_url, 697u);
  EXPECT_GT(total_lines, documents * 5);
}

TEST(JsonlFixtureTest, DolmaTestFileWithoutTextField) {
  if (testing::SharedDir().empty()) GTEST_SKIP() << "no shared fixtures";
  const std::string data = ReadShared("fixtures/dolma-cc/test.jsonl.gz");
  ASSERT_FALSE(data.empty());
  ASSERT_NE(data.back(), '\n');  // the fixture has no trailing newline
  auto format = NewJsonlFormat(JsonlOptions());
  ParsedRecord rec;
  size_t records = 0;
  for (const Chunk& chunk : ChunkAll(data, 1 << 20)) {
    for (const RecordSpan& span : chunk.records) {
      const std::string_view record(chunk.data.data() + span.begin, span.end - span.begin);
      format->Parse(record, &rec);
      EXPECT_EQ(rec.kind, ParsedRecord::Kind::kMalformed);
      EXPECT_EQ(rec.error, "missing text field 'text'");
      std::string out;
      format->Rewrite(record, rec, {}, &out);
      EXPECT_EQ(out, record);
      ++records;
    }
  }
  EXPECT_EQ(records, 1u);
}

}  // namespace
}  // namespace dechrome
