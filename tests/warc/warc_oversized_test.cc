// The WARC chunker with a record limit: a record whose header and
// Content-Length say it is longer comes as pieces, read as they come (never
// whole); a truncated one is passed through and reported; a long run of
// garbage is cut into issues of a few MiB.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "warc/warc.h"
#include "warc_test_util.h"

namespace dechrome {
namespace {

using warc_test::Conversion;
using warc_test::MakeRecord;
using warc_test::StringSource;

struct Drained {
  std::string all;  // records, pieces and issue bytes, in stream order
  std::vector<uint64_t> record_index;
  int pieces = 0, firsts = 0, lasts = 0;
  uint64_t oversized_index = UINT64_MAX;
  std::vector<FramingIssue> issues;
  absl::Status status;
};

Drained Drain(const std::string& input, bool strict, uint64_t limit, size_t piece = 1 << 30) {
  Drained d;
  StringSource source(input, piece);
  auto chunker = NewWarcChunker(&source, "", 1 << 20, strict);
  chunker->set_max_record_bytes(limit);
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    if (!more.ok()) {
      d.status = more.status();
      break;
    }
    size_t next_issue = 0;
    auto issues_before = [&](size_t r) {
      while (next_issue < chunk.issues.size() && chunk.issues[next_issue].before_record <= r) {
        d.all += chunk.issues[next_issue].issue.bytes;
        d.issues.push_back(chunk.issues[next_issue++].issue);
      }
    };
    if (chunk.piece) {
      issues_before(0);
      d.all += chunk.data;
      ++d.pieces;
      d.firsts += chunk.piece_first;
      d.lasts += chunk.piece_last;
      if (chunk.piece_first) d.oversized_index = chunk.first_record;
      EXPECT_EQ(chunk.first_record, d.oversized_index);
      EXPECT_LE(chunk.data.size(), (size_t{1} << 20) + 8);
    } else {
      for (size_t i = 0; i < chunk.records.size(); ++i) {
        issues_before(i);
        d.all += chunk.data.substr(chunk.records[i].begin, chunk.records[i].end - chunk.records[i].begin);
        d.record_index.push_back(chunk.first_record + i);
      }
    }
    issues_before(SIZE_MAX);
    if (!*more) break;
  }
  return d;
}

TEST(WarcOversizedTest, LongRecordComesAsPieces) {
  const std::string big = Conversion("http://a.example/big", std::string(3 << 20, 'z'));
  const std::string a = Conversion("http://a.example/1", "one\ntwo\n");
  const std::string b = Conversion("http://a.example/2", "three\n");
  const std::string input = a + big + b;
  for (size_t piece : {size_t{777}, size_t{1} << 30}) {
    Drained d = Drain(input, /*strict=*/true, 1 << 20, piece);
    ASSERT_TRUE(d.status.ok()) << d.status;
    EXPECT_EQ(d.all, input);
    EXPECT_GE(d.pieces, 3);
    EXPECT_EQ(d.firsts, 1);
    EXPECT_EQ(d.lasts, 1);
    EXPECT_EQ(d.oversized_index, 1u);
    EXPECT_EQ(d.record_index, (std::vector<uint64_t>{0, 2}));
    EXPECT_TRUE(d.issues.empty());
  }
}

TEST(WarcOversizedTest, TruncatedLongRecordIsPassedThroughAndReported) {
  const std::string a = Conversion("http://a.example/1", "one\n");
  std::string big = Conversion("http://a.example/big", std::string(3 << 20, 'z'));
  big.resize(big.size() - 100000);
  const std::string input = a + big;
  Drained lenient = Drain(input, /*strict=*/false, 1 << 20);
  ASSERT_TRUE(lenient.status.ok()) << lenient.status;
  EXPECT_EQ(lenient.all, input);
  EXPECT_EQ(lenient.lasts, 1);
  ASSERT_EQ(lenient.issues.size(), 1u);
  EXPECT_NE(lenient.issues[0].message.find("truncated WARC record"), std::string::npos);
  EXPECT_EQ(lenient.issues[0].stream_offset, input.size());

  EXPECT_NE(lenient.issues[0].message.find("no record header follows in it"), std::string::npos)
      << lenient.issues[0].message;

  Drained strict = Drain(input, /*strict=*/true, 1 << 20);
  EXPECT_TRUE(absl::IsDataLoss(strict.status)) << strict.status;
}

// A bogus Content-Length larger than the limit swallows the records after
// it (the stream cannot be read again to resync): their bytes go out as the
// oversized record's, and the warning counts the record headers inside it
// and gives the first one's offset, also where a start straddles two reads.
TEST(WarcOversizedTest, BogusLongContentLengthCountsTheRecordsItSwallowed) {
  const std::string a = Conversion("http://a.example/1", "one\n");
  std::string bogus = Conversion("http://a.example/bogus", "short body\n");
  const std::string length = absl::StrCat("Content-Length: ", std::string_view("short body\n").size());
  const size_t at = bogus.find(length);
  ASSERT_NE(at, std::string::npos);
  bogus.replace(at, length.size(), "Content-Length: 900000000");
  std::string rest;
  for (int i = 0; i < 3; ++i)
    rest += Conversion(absl::StrCat("http://a.example/", i + 2), std::string(700 << 10, 'q'));
  const std::string input = a + bogus + rest;
  const uint64_t first = a.size() + bogus.size();
  // (Reads of first + 2 bytes end inside the first start's "\nWARC/1.".)
  for (size_t piece : {size_t{1} << 30, size_t{1000}, size_t{4093}, static_cast<size_t>(first + 2)}) {
    SCOPED_TRACE(piece);
    Drained lenient = Drain(input, /*strict=*/false, 1 << 20, piece);
    ASSERT_TRUE(lenient.status.ok()) << lenient.status;
    EXPECT_EQ(lenient.all, input);
    EXPECT_EQ(lenient.record_index, (std::vector<uint64_t>{0}));
    ASSERT_EQ(lenient.issues.size(), 1u);
    EXPECT_NE(lenient.issues[0].message.find(absl::StrCat(
                  "it holds 3 line(s) that begin like a WARC record header (\"WARC/1.\"), the first at byte ",
                  first, ":")),
              std::string::npos)
        << lenient.issues[0].message;
    Drained strict = Drain(input, /*strict=*/true, 1 << 20, piece);
    EXPECT_TRUE(absl::IsDataLoss(strict.status)) << strict.status;
    EXPECT_NE(strict.status.message().find("it holds 3 line(s)"), std::string::npos) << strict.status;
  }
}

TEST(WarcOversizedTest, LongGarbageIsCutIntoIssues) {
  const std::string a = Conversion("http://a.example/1", "one\n");
  const std::string garbage(20 << 20, 'g');
  const std::string input = a + garbage + "\n" + a;
  Drained d = Drain(input, /*strict=*/false, UINT64_MAX);
  ASSERT_TRUE(d.status.ok()) << d.status;
  EXPECT_EQ(d.all, input);
  ASSERT_GE(d.issues.size(), 2u);
  EXPECT_FALSE(d.issues[0].continued);
  for (size_t i = 1; i < d.issues.size(); ++i) EXPECT_TRUE(d.issues[i].continued);
  for (const FramingIssue& issue : d.issues) EXPECT_LE(issue.bytes.size(), (size_t{16} << 20) + 8);
  EXPECT_EQ(d.record_index, (std::vector<uint64_t>{0, 1}));
}

}  // namespace
}  // namespace dechrome
