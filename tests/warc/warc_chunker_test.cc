#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "warc/warc.h"
#include "warc/warc_test_util.h"

namespace dechrome {
namespace {

using ::testing::HasSubstr;
using warc_test::ChunkAll;
using warc_test::Conversion;
using warc_test::Drained;
using warc_test::MakeRecord;
using warc_test::StringSource;

// A block that would confuse any reader that scans instead of counting.
const char kTrickyBlock[] =
    "line one\r\n\r\nWARC/1.0\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n\nWARC/1.1\nmore\n";

TEST(WarcChunkerTest, CutsByContentLengthNotByContent) {
  std::string r1 = Conversion("http://a.example/", kTrickyBlock);
  std::string r2 = Conversion("http://b.example/", "second\n");
  std::string r3 = MakeRecord({{"WARC-Type", "warcinfo"}}, "WARC/1.0\r\n\r\n");
  Drained d;
  ASSERT_TRUE(ChunkAll(r1 + r2 + r3, /*strict=*/true, &d).ok());
  ASSERT_EQ(d.records.size(), 3u);
  EXPECT_EQ(d.records[0], r1);
  EXPECT_EQ(d.records[1], r2);
  EXPECT_EQ(d.records[2], r3);
  EXPECT_TRUE(d.issues.empty());
}

TEST(WarcChunkerTest, ReadsInTinyPiecesGiveTheSameRecords) {
  std::string input;
  std::vector<std::string> expected;
  for (int i = 0; i < 50; ++i) {
    expected.push_back(Conversion("http://x.example/" + std::to_string(i),
                                  std::string(i * 7, 'x') + kTrickyBlock));
    input += expected.back();
  }
  for (size_t piece : {1, 2, 3, 7, 64, 1000}) {
    Drained d;
    ASSERT_TRUE(ChunkAll(input, true, &d, 4096, piece).ok()) << piece;
    EXPECT_EQ(d.records, expected) << piece;
  }
}

TEST(WarcChunkerTest, VersionsLineEndingsAndContinuationLines) {
  std::string r1 = MakeRecord({{"WARC-Type", "resource"}}, "x\ny\n", "WARC/0.18", "\n", "\n\n");
  std::string r2 = MakeRecord({{"WARC-Type", "resource"}}, "abc", "WARC/1.1", "\r\n", "\r\n\r\n");
  // Lower-case field name, continuation line, extra blanks around the value.
  std::string r3 =
      "WARC/1.0\r\nwarc-type: conversion\r\nX-Long: first\r\n  second\r\n"
      "content-length:\t 5 \r\n\r\nhello\r\n\r\n";
  Drained d;
  ASSERT_TRUE(ChunkAll(r1 + r2 + r3, true, &d).ok());
  ASSERT_EQ(d.records.size(), 3u);
  EXPECT_EQ(d.records[0], r1);
  EXPECT_EQ(d.records[1], r2);
  EXPECT_EQ(d.records[2], r3);
}

TEST(WarcChunkerTest, ToleratesShortAndMissingSeparators) {
  std::string r1 = MakeRecord({{"WARC-Type", "a"}}, "one", "WARC/1.0", "\r\n", "\r\n");
  std::string r2 = MakeRecord({{"WARC-Type", "b"}}, "two", "WARC/1.0", "\r\n", "");
  std::string r3 = MakeRecord({{"WARC-Type", "c"}}, "three", "WARC/1.0", "\r\n", "\n\n\r\n\r\n");
  std::string r4 = MakeRecord({{"WARC-Type", "d"}}, "four", "WARC/1.0", "\r\n", "");  // at EOF
  Drained d;
  ASSERT_TRUE(ChunkAll(r1 + r2 + r3 + r4, true, &d).ok());
  ASSERT_EQ(d.records.size(), 4u);
  EXPECT_EQ(d.records[0], r1);
  EXPECT_EQ(d.records[1], r2);
  EXPECT_EQ(d.records[2], r3);
  EXPECT_EQ(d.records[3], r4);
  EXPECT_TRUE(d.issues.empty());
}

TEST(WarcChunkerTest, GroupsRecordsIntoChunksOfAboutTargetBytes) {
  std::string input;
  std::vector<std::string> expected;
  for (int i = 0; i < 100; ++i) {
    expected.push_back(Conversion("http://x.example/", std::string(900, 'a' + i % 26)));
    input += expected.back();
  }
  const size_t record_size = expected[0].size();
  Drained d;
  const size_t target = 10000;
  ASSERT_TRUE(ChunkAll(input, true, &d, target).ok());
  EXPECT_EQ(d.records, expected);
  uint64_t first = 0, offset = 0;
  for (const Chunk& c : d.chunks) {
    EXPECT_LE(c.data.size(), target);
    if (&c != &d.chunks.back()) {
      EXPECT_GT(c.data.size() + record_size, target);  // no room for one more
    }
    EXPECT_GE(c.data.capacity(), c.data.size() + kChunkPadding);
    EXPECT_EQ(c.first_record, first);
    EXPECT_EQ(c.stream_offset, offset);
    ASSERT_FALSE(c.records.empty());
    EXPECT_EQ(c.records.front().begin, 0u);
    EXPECT_EQ(c.records.back().end, c.data.size());
    first += c.records.size();
    offset += c.data.size();
  }
  EXPECT_EQ(first, 100u);
  EXPECT_EQ(d.chunks.back().raw_offset, input.size());
}

TEST(WarcChunkerTest, RecordBiggerThanTargetIsItsOwnChunk) {
  std::string small1 = Conversion("http://a/", "small\n");
  std::string big = Conversion("http://b/", std::string(5 << 20, 'B'));  // > read block
  std::string small2 = Conversion("http://c/", "small again\n");
  Drained d;
  ASSERT_TRUE(ChunkAll(small1 + big + small2, true, &d, 4096, 100000).ok());
  ASSERT_EQ(d.chunks.size(), 3u);
  ASSERT_EQ(d.chunks[1].records.size(), 1u);
  EXPECT_EQ(d.chunks[1].data, big);
  EXPECT_GE(d.chunks[1].data.capacity(), big.size() + kChunkPadding);
  EXPECT_EQ(d.records[2], small2);
}

TEST(WarcChunkerTest, HeadBytesComeFirst) {
  std::string r1 = Conversion("http://a/", "alpha\n");
  std::string r2 = Conversion("http://b/", "beta\n");
  std::string all = r1 + r2;
  StringSource source(all.substr(10));
  auto chunker = NewWarcChunker(&source, all.substr(0, 10), 1 << 20, true);
  Drained d;
  ASSERT_TRUE(warc_test::Drain(chunker.get(), &d).ok());
  ASSERT_EQ(d.records.size(), 2u);
  EXPECT_EQ(d.records[0], r1);
  EXPECT_EQ(d.records[1], r2);
}

TEST(WarcChunkerTest, EmptyStreamHasNoChunks) {
  Drained d;
  ASSERT_TRUE(ChunkAll("", true, &d).ok());
  EXPECT_TRUE(d.records.empty());
  EXPECT_TRUE(d.issues.empty());
}

TEST(WarcChunkerTest, ReadErrorsAreReturned) {
  std::string input = Conversion("http://a/", std::string(3 << 20, 'x'));
  StringSource source(input, 1 << 20, 2 << 20);
  auto chunker = NewWarcChunker(&source, "", 1 << 20, false);
  Chunk chunk;
  auto more = chunker->Next(&chunk);
  ASSERT_FALSE(more.ok());
  EXPECT_THAT(std::string(more.status().message()), HasSubstr("injected"));
}

// --- Bad framing: strict mode fails naming the offset; lenient mode skips
// exactly the bad bytes and keeps every following record.

struct BadCase {
  const char* name;
  std::string bad;        // bytes that cannot be a record
  const char* message;    // part of the error / issue message
};

std::vector<BadCase> BadCases() {
  return {
      {"garbage", "this is not a WARC record\r\nnor is this\r\n", "garbage between WARC records"},
      {"no_version_line",
       "WARC-Type: conversion\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n",
       "without version line"},
      {"missing_length",
       "WARC/1.0\r\nWARC-Type: conversion\r\n\r\nsome block\r\n\r\n",
       "without Content-Length"},
      {"non_numeric_length",
       "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 12x\r\n\r\nsome block\r\n\r\n",
       "invalid WARC Content-Length"},
      {"negative_length",
       "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: -5\r\n\r\nsome block\r\n\r\n",
       "invalid WARC Content-Length"},
  };
}

TEST(WarcChunkerTest, BadFramingInStrictModeIsAnErrorWithOffset) {
  std::string good = Conversion("http://a/", "good\n");
  for (const BadCase& c : BadCases()) {
    Drained d;
    absl::Status s = ChunkAll(good + c.bad + good, true, &d);
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << c.name;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.message)) << c.name;
    EXPECT_THAT(std::string(s.message()), HasSubstr("at byte " + std::to_string(good.size())))
        << c.name;
  }
}

TEST(WarcChunkerTest, BadFramingInLenientModeResyncsAndKeepsTheBytes) {
  std::string g1 = Conversion("http://a/", "good one\n");
  std::string g2 = Conversion("http://b/", std::string("good two ") + kTrickyBlock);
  for (const BadCase& c : BadCases()) {
    for (size_t piece : {size_t{3}, size_t{1} << 30}) {
      std::string input = g1 + c.bad + g2 + c.bad + g1;
      Drained d;
      ASSERT_TRUE(ChunkAll(input, false, &d, 1 << 20, piece).ok()) << c.name;
      ASSERT_EQ(d.records.size(), 3u) << c.name;
      EXPECT_EQ(d.records[0], g1);
      EXPECT_EQ(d.records[1], g2);
      EXPECT_EQ(d.records[2], g1);
      ASSERT_EQ(d.issues.size(), 2u) << c.name;
      EXPECT_EQ(d.issues[0].before_record, 1u);
      EXPECT_EQ(d.issues[0].issue.bytes, c.bad);
      EXPECT_EQ(d.issues[0].issue.bytes_skipped, c.bad.size());
      EXPECT_EQ(d.issues[0].issue.stream_offset, g1.size());
      EXPECT_THAT(d.issues[0].issue.message, HasSubstr(c.message));
      EXPECT_EQ(d.issues[1].before_record, 2u);
      EXPECT_EQ(d.issues[1].issue.stream_offset, g1.size() + c.bad.size() + g2.size());
      EXPECT_EQ(d.Reassembled(), input) << c.name;
    }
  }
}

TEST(WarcChunkerTest, GarbageBeforeFirstAndAfterLastRecord) {
  std::string g = Conversion("http://a/", "good\n");
  std::string input = "junk\n" + g + "trailing junk";
  Drained d;
  ASSERT_TRUE(ChunkAll(input, false, &d).ok());
  ASSERT_EQ(d.records.size(), 1u);
  ASSERT_EQ(d.issues.size(), 2u);
  EXPECT_EQ(d.issues[0].before_record, 0u);
  EXPECT_EQ(d.issues[0].issue.bytes, "junk\n");
  EXPECT_EQ(d.issues[1].before_record, 1u);
  EXPECT_EQ(d.issues[1].issue.bytes, "trailing junk");
  EXPECT_EQ(d.Reassembled(), input);

  Drained strict;
  absl::Status s = ChunkAll(g + "trailing junk", true, &strict);
  EXPECT_THAT(std::string(s.message()), HasSubstr("at byte " + std::to_string(g.size())));
}

TEST(WarcChunkerTest, LeadingBlankLinesAreAnIssueNotAnError) {
  std::string g = Conversion("http://a/", "good\n");
  std::string input = "\xEF\xBB\xBF\r\n\r\n" + g;
  for (bool strict : {true, false}) {
    Drained d;
    ASSERT_TRUE(ChunkAll(input, strict, &d).ok());
    ASSERT_EQ(d.records.size(), 1u);
    ASSERT_EQ(d.issues.size(), 1u);
    EXPECT_EQ(d.issues[0].issue.bytes, "\xEF\xBB\xBF\r\n\r\n");
    EXPECT_EQ(d.Reassembled(), input);
  }
}

TEST(WarcChunkerTest, TruncatedLastRecord) {
  std::string g = Conversion("http://a/", "good\n");
  std::string full = Conversion("http://b/", std::string(5000, 'z'));
  std::string truncated = full.substr(0, full.size() - 1000);
  std::string input = g + g + truncated;

  Drained strict;
  absl::Status s = ChunkAll(input, true, &strict);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("truncated WARC record"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("at byte " + std::to_string(2 * g.size())));

  Drained d;
  ASSERT_TRUE(ChunkAll(input, false, &d, 1 << 20, 512).ok());
  ASSERT_EQ(d.records.size(), 2u);
  ASSERT_EQ(d.issues.size(), 1u);
  EXPECT_EQ(d.issues[0].before_record, 2u);
  EXPECT_EQ(d.issues[0].issue.bytes, truncated);
  EXPECT_EQ(d.issues[0].issue.stream_offset, 2 * g.size());
  EXPECT_THAT(d.issues[0].issue.message, HasSubstr("truncated"));

  // Truncated inside the header.
  Drained h;
  ASSERT_TRUE(ChunkAll(g + full.substr(0, 30), false, &h).ok());
  ASSERT_EQ(h.records.size(), 1u);
  ASSERT_EQ(h.issues.size(), 1u);
  EXPECT_EQ(h.issues[0].issue.bytes, full.substr(0, 30));
}

TEST(WarcChunkerTest, TooLargeContentLengthResyncsAtNextRecord) {
  // A wrong (huge) Content-Length: lenient mode finds the next record.
  std::string bad =
      "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 999999999\r\n\r\nshort\r\n\r\n";
  std::string g = Conversion("http://a/", "good\n");
  std::string input = g + bad + g;
  Drained d;
  ASSERT_TRUE(ChunkAll(input, false, &d).ok());
  ASSERT_EQ(d.records.size(), 2u);
  ASSERT_EQ(d.issues.size(), 1u);
  EXPECT_EQ(d.issues[0].issue.bytes, bad);
  EXPECT_EQ(d.Reassembled(), input);
}

TEST(WarcChunkerTest, StrictErrorIsSticky) {
  std::string g = Conversion("http://a/", "good\n");
  StringSource source(g + "garbage");
  auto chunker = NewWarcChunker(&source, "", 1, true);
  Chunk chunk;
  auto first = chunker->Next(&chunk);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  EXPECT_FALSE(chunker->Next(&chunk).ok());
  EXPECT_FALSE(chunker->Next(&chunk).ok());
}

}  // namespace
}  // namespace dechrome
