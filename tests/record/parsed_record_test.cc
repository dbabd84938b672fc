// ParsedRecord copies and moves: `text` may view the record's own scratch
// (JSONL text with escapes, an HTML page's visible text), and a copy or a
// move must view its own (issue 9). Short texts are the sharp case:
// std::string keeps them inline, so a moved-from scratch does not hand its
// buffer over.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "jsonl/jsonl.h"
#include "record/record.h"
#include "warc/warc.h"

namespace dechrome {
namespace {

static_assert(std::is_nothrow_move_constructible_v<ParsedRecord>);
static_assert(std::is_nothrow_move_assignable_v<ParsedRecord>);
static_assert(std::is_copy_constructible_v<ParsedRecord>);

bool Inside(std::string_view v, const std::string& s) {
  return v.data() >= s.data() && v.data() + v.size() <= s.data() + s.size();
}

std::string Padded(std::string_view record) {
  std::string s(record);
  s.append(kChunkPadding, '}');
  return s;
}

// A JSONL record whose short text has an escape: decoded into scratch.
ParsedRecord ParseShortJsonl(const std::string& padded, size_t size) {
  ParsedRecord p;
  NewJsonlFormat(JsonlOptions())->Parse(std::string_view(padded.data(), size), &p);
  return p;
}

TEST(ParsedRecordTest, CopyAndMoveViewTheirOwnScratch) {
  const std::string record = "{\"text\": \"a\\nb\", \"url\": \"http://x.example/\"}\n";
  const std::string padded = Padded(record);
  ParsedRecord p = ParseShortJsonl(padded, record.size());
  ASSERT_EQ(p.kind, ParsedRecord::Kind::kDocument);
  ASSERT_EQ(p.text, "a\nb");
  ASSERT_TRUE(Inside(p.text, p.scratch));

  ParsedRecord copy(p);
  EXPECT_EQ(copy.text, "a\nb");
  EXPECT_TRUE(Inside(copy.text, copy.scratch));
  ParsedRecord assigned;
  assigned = copy;
  EXPECT_TRUE(Inside(assigned.text, assigned.scratch));

  ParsedRecord moved(std::move(copy));
  EXPECT_EQ(moved.text, "a\nb");
  EXPECT_TRUE(Inside(moved.text, moved.scratch));
  EXPECT_TRUE(copy.text.empty());  // cleared, not viewing `moved`
  ParsedRecord move_assigned;
  move_assigned = std::move(moved);
  EXPECT_EQ(move_assigned.text, "a\nb");
  EXPECT_TRUE(Inside(move_assigned.text, move_assigned.scratch));

  // The original is untouched by its copies; its copies outlive its changes.
  p.scratch.assign("zzz");
  EXPECT_EQ(assigned.text, "a\nb");
  EXPECT_EQ(move_assigned.text.substr(0, 1), "a");
}

TEST(ParsedRecordTest, RecordsInAGrowingVectorKeepTheirLines) {
  // HTML pages: the text is the page's visible text, in scratch.
  auto format = NewWarcFormat();
  std::vector<std::string> records;
  for (int i = 0; i < 40; ++i) {
    const std::string body = "<p>p" + std::to_string(i) + "</p><div>d</div>";
    std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body;
    records.push_back(Padded("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://h.example/" +
                             std::to_string(i) + "\r\nContent-Type: application/http; msgtype=response\r\n"
                             "Content-Length: " + std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n"));
    records.back().resize(records.back().size() - kChunkPadding);
    records.back().reserve(records.back().size() + kChunkPadding);
  }
  std::vector<ParsedRecord> parsed;  // no reserve: it reallocates (moves)
  for (const std::string& r : records) {
    parsed.emplace_back();
    format->Parse(std::string_view(r.data(), r.size()), &parsed.back());
  }
  for (size_t i = 0; i < parsed.size(); ++i) {
    const ParsedRecord& p = parsed[i];
    ASSERT_EQ(p.kind, ParsedRecord::Kind::kDocument) << i << " " << p.warning;
    ASSERT_TRUE(p.html);
    EXPECT_TRUE(Inside(p.text, p.scratch)) << i;
    ASSERT_EQ(p.lines.size(), 2u) << i;
    const Line& l = p.lines[0];
    EXPECT_EQ(p.text.substr(l.text_begin, l.text_end - l.text_begin), "p" + std::to_string(i));
  }
}

TEST(ParsedRecordTest, TextOutsideScratchIsCopiedAsItIs) {
  // A WET conversion record's text views the record's bytes.
  const std::string block = "one\ntwo";
  const std::string record = Padded("WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://h.example/\r\n"
                                    "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n");
  ParsedRecord p;
  NewWarcFormat()->Parse(std::string_view(record.data(), record.size() - kChunkPadding), &p);
  ASSERT_EQ(p.kind, ParsedRecord::Kind::kDocument);
  ASSERT_EQ(p.text, block);
  ParsedRecord copy(p);
  EXPECT_EQ(copy.text.data(), p.text.data());
  ParsedRecord moved(std::move(p));
  EXPECT_EQ(moved.text.data(), copy.text.data());
}

// After a huge record, Clear() gives its buffers back (issue 9).
TEST(ParsedRecordTest, ClearReleasesHugeBuffers) {
  ParsedRecord p;
  p.scratch.assign(ParsedRecord::kKeepBytes + 1, 'x');
  p.lines.resize(ParsedRecord::kKeepBytes / sizeof(Line) + 1);
  p.facts.resize(ParsedRecord::kKeepBytes / sizeof(LineFacts) + 1);
  p.text = p.scratch;
  p.Clear();
  EXPECT_LT(p.scratch.capacity(), ParsedRecord::kKeepBytes);
  EXPECT_LT(p.lines.capacity() * sizeof(Line), ParsedRecord::kKeepBytes);
  EXPECT_LT(p.facts.capacity() * sizeof(LineFacts), ParsedRecord::kKeepBytes);
  // Ordinary sizes are kept for the next record.
  p.scratch.assign(1000, 'x');
  p.lines.resize(1000);
  p.Clear();
  EXPECT_GE(p.scratch.capacity(), 1000u);
  EXPECT_GE(p.lines.capacity(), 1000u);
}

}  // namespace
}  // namespace dechrome
