#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "jsonl/jsonl.h"
#include "jsonl_test_util.h"

namespace dechrome {
namespace {

using jsonl_test::StringSource;

// The records of `input` as the chunker must cut them.
std::vector<std::string> ReferenceRecords(const std::string& input) {
  std::vector<std::string> records;
  size_t begin = 0;
  while (begin < input.size()) {
    size_t nl = input.find('\n', begin);
    size_t end = nl == std::string::npos ? input.size() : nl + 1;
    records.push_back(input.substr(begin, end - begin));
    begin = end;
  }
  return records;
}

struct ChunkerRun {
  std::vector<Chunk> chunks;
  absl::Status status;
};

ChunkerRun RunChunker(const std::string& input, size_t head_size, size_t target,
                      size_t max_read, std::mt19937* rng) {
  ChunkerRun run;
  head_size = std::min(head_size, input.size());
  StringSource source(input.substr(head_size), max_read, rng);
  auto chunker = NewJsonlChunker(&source, input.substr(0, head_size), target);
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    if (!more.ok()) {
      run.status = more.status();
      break;
    }
    if (!*more) {
      EXPECT_TRUE(chunk.records.empty());
      EXPECT_TRUE(chunk.data.empty());
      // The end is sticky.
      absl::StatusOr<bool> again = chunker->Next(&chunk);
      EXPECT_TRUE(again.ok() && !*again);
      break;
    }
    run.chunks.push_back(std::move(chunk));
  }
  return run;
}

// Checks every invariant of a chunking of `input` with `target`.
void CheckChunks(const std::string& input, size_t target, const ChunkerRun& run) {
  ASSERT_TRUE(run.status.ok()) << run.status;
  std::vector<std::string> expected = ReferenceRecords(input);
  std::vector<std::string> got;
  std::string joined;
  uint64_t offset = 0, record_index = 0, raw = 0;
  for (size_t c = 0; c < run.chunks.size(); ++c) {
    const Chunk& chunk = run.chunks[c];
    ASSERT_FALSE(chunk.records.empty());
    EXPECT_EQ(chunk.stream_offset, offset);
    EXPECT_EQ(chunk.first_record, record_index);
    EXPECT_GE(chunk.data.capacity(), chunk.data.size() + kChunkPadding);
    EXPECT_GE(chunk.raw_offset, raw);
    raw = chunk.raw_offset;
    size_t pos = 0;
    for (size_t r = 0; r < chunk.records.size(); ++r) {
      const RecordSpan& span = chunk.records[r];
      ASSERT_EQ(span.begin, pos);
      ASSERT_GT(span.end, span.begin);
      ASSERT_LE(span.end, chunk.data.size());
      // Only the last record of a chunk may end at or past the target.
      if (r + 1 < chunk.records.size()) {
        EXPECT_LT(span.end, target);
      }
      got.push_back(chunk.data.substr(span.begin, span.end - span.begin));
      pos = span.end;
    }
    EXPECT_EQ(pos, chunk.data.size());
    // A chunk that is not the last one ends at or past the target.
    if (c + 1 < run.chunks.size()) {
      EXPECT_GE(chunk.data.size(), target);
    }
    joined += chunk.data;
    offset += chunk.data.size();
    record_index += chunk.records.size();
  }
  EXPECT_EQ(joined, input);
  EXPECT_EQ(got, expected);
}

std::string RandomJsonl(std::mt19937* rng, size_t n_records) {
  static const char* const kPieces[] = {
      "{\"text\":\"hello\\nworld\",\"url\":\"http://a.example/\"}",
      "{\"text\":\"line separator \xE2\x80\xA8 inside\"}",  // U+2028: not a record end
      "{\"text\":\"crlf\"}\r",
      "",          // empty line
      "   \t ",    // whitespace-only line
      "not json at all",
      "{\"text\":\"\xE2\x80\xA9 paragraph separator\",\"id\":7}",
  };
  std::string out;
  std::uniform_int_distribution<int> pick(0, 6), len(0, 300);
  for (size_t i = 0; i < n_records; ++i) {
    out += kPieces[pick(*rng)];
    if (pick(*rng) == 0) out += std::string(static_cast<size_t>(len(*rng)) * 50, 'x');
    out += '\n';
  }
  return out;
}

TEST(JsonlChunkerTest, RandomTargetsAndReadSizesKeepRecordBoundaries) {
  std::mt19937 rng(1234);
  for (int iter = 0; iter < 60; ++iter) {
    std::string input = RandomJsonl(&rng, 1 + rng() % 400);
    if (iter % 3 == 0) input.pop_back();  // last line without '\n'
    const size_t target = std::uniform_int_distribution<size_t>(0, 20000)(rng);
    const size_t head = std::uniform_int_distribution<size_t>(0, 3000)(rng);
    const size_t max_read = std::uniform_int_distribution<size_t>(1, 70000)(rng);
    SCOPED_TRACE("iter " + std::to_string(iter) + " target " + std::to_string(target));
    ChunkerRun run = RunChunker(input, head, target, max_read, &rng);
    CheckChunks(input, target, run);
  }
}

TEST(JsonlChunkerTest, BigInputWithFullReads) {
  std::mt19937 rng(99);
  std::string input = RandomJsonl(&rng, 40000);  // several MiB: several 1 MiB blocks
  ASSERT_GT(input.size(), size_t{3} << 20);
  for (size_t target : {size_t{0}, size_t{4096}, size_t{1} << 20, size_t{64} << 20}) {
    SCOPED_TRACE(target);
    ChunkerRun run = RunChunker(input, 100, target, SIZE_MAX, nullptr);
    CheckChunks(input, target, run);
    if (target == (size_t{64} << 20)) {
      EXPECT_EQ(run.chunks.size(), 1u);
    }
  }
}

TEST(JsonlChunkerTest, LastLineWithoutNewlineIsARecord) {
  const std::string input = "{\"text\":\"a\"}\n{\"text\":\"b\"}";
  ChunkerRun run = RunChunker(input, 0, 1 << 20, SIZE_MAX, nullptr);
  ASSERT_TRUE(run.status.ok());
  ASSERT_EQ(run.chunks.size(), 1u);
  const Chunk& chunk = run.chunks[0];
  ASSERT_EQ(chunk.records.size(), 2u);
  EXPECT_EQ(chunk.data.substr(chunk.records[1].begin), "{\"text\":\"b\"}");
}

TEST(JsonlChunkerTest, EmptyLinesAreRecords) {
  const std::string input = "\n\n  \n{}\n";
  ChunkerRun run = RunChunker(input, 0, 1 << 20, SIZE_MAX, nullptr);
  ASSERT_EQ(run.chunks.size(), 1u);
  const Chunk& chunk = run.chunks[0];
  ASSERT_EQ(chunk.records.size(), 4u);
  EXPECT_EQ(chunk.records[0].end, 1u);
  EXPECT_EQ(chunk.records[1].end, 2u);
  EXPECT_EQ(chunk.records[2].end, 5u);
  EXPECT_EQ(chunk.records[3].end, 8u);
}

TEST(JsonlChunkerTest, RecordLargerThanTargetIsOneChunk) {
  const std::string big = "{\"text\":\"" + std::string(3 << 20, 'y') + "\"}\n";  // > one block
  const std::string input = "{\"a\":1}\n" + big + "{\"b\":2}\n";
  ChunkerRun run = RunChunker(input, 0, 5, 100000, nullptr);
  CheckChunks(input, 5, run);
  ASSERT_EQ(run.chunks.size(), 3u);
  EXPECT_EQ(run.chunks[1].data, big);
  EXPECT_EQ(run.chunks[1].records.size(), 1u);
  EXPECT_EQ(run.chunks[1].stream_offset, 8u);
  EXPECT_EQ(run.chunks[1].first_record, 1u);
}

TEST(JsonlChunkerTest, LineSeparatorInsideStringDoesNotSplit) {
  const std::string input = "{\"text\":\"a\xE2\x80\xA8" "b\"}\n{\"text\":\"c\"}\n";
  ChunkerRun run = RunChunker(input, 0, 0, 1, nullptr);  // one byte per read
  CheckChunks(input, 0, run);
  ASSERT_EQ(run.chunks.size(), 2u);
  EXPECT_EQ(run.chunks[0].data, "{\"text\":\"a\xE2\x80\xA8" "b\"}\n");
}

TEST(JsonlChunkerTest, EmptyInputHasNoChunks) {
  ChunkerRun run = RunChunker("", 0, 100, SIZE_MAX, nullptr);
  EXPECT_TRUE(run.status.ok());
  EXPECT_TRUE(run.chunks.empty());
}

TEST(JsonlChunkerTest, HeadOnlyInput) {
  const std::string input = "{\"x\":1}\n{\"y\":2}";
  ChunkerRun run = RunChunker(input, input.size(), 1, SIZE_MAX, nullptr);
  CheckChunks(input, 1, run);
  EXPECT_EQ(run.chunks.size(), 2u);
}

TEST(JsonlChunkerTest, ReadsInBigBlocks) {
  std::mt19937 rng(5);
  const std::string input = RandomJsonl(&rng, 30000);
  StringSource source(input);
  auto chunker = NewJsonlChunker(&source, "", 4096);
  Chunk chunk;
  size_t chunks = 0;
  while (true) {
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    ++chunks;
  }
  EXPECT_GT(chunks, 100u);
  // >= 1 MiB per read: the whole input took few reads.
  EXPECT_LE(source.reads(), input.size() / (1 << 20) + 2);
}

TEST(JsonlChunkerTest, SourceErrorIsReturnedAndSticky) {
  std::string input;
  for (int i = 0; i < 1000; ++i) input += "{\"text\":\"line " + std::to_string(i) + "\"}\n";
  StringSource source(input, 1000, nullptr, 5000);
  auto chunker = NewJsonlChunker(&source, "", 100);
  Chunk chunk;
  absl::Status error;
  uint64_t bytes = 0;
  for (int i = 0; i < 10000; ++i) {
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    if (!more.ok()) {
      error = more.status();
      break;
    }
    ASSERT_TRUE(*more) << "ended without reporting the failure";
    bytes += chunk.data.size();
  }
  EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(error.message().find("injected failure"), std::string::npos);
  EXPECT_LE(bytes, 5000u);
  EXPECT_TRUE(chunk.records.empty());
  absl::StatusOr<bool> again = chunker->Next(&chunk);
  EXPECT_FALSE(again.ok());
}

TEST(JsonlChunkerTest, ChunkReuseKeepsPaddingAndClearsOldRecords) {
  std::string input;
  for (int i = 0; i < 200; ++i) input += std::string(static_cast<size_t>(i), 'z') + "\n";
  StringSource source(input);
  auto chunker = NewJsonlChunker(&source, "", 1000);
  Chunk chunk;  // reused, as the pipeline does
  std::string joined;
  uint64_t records = 0;
  while (true) {
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    EXPECT_EQ(chunk.first_record, records);
    EXPECT_EQ(chunk.records.back().end, chunk.data.size());
    EXPECT_GE(chunk.data.capacity(), chunk.data.size() + kChunkPadding);
    records += chunk.records.size();
    joined += chunk.data;
  }
  EXPECT_EQ(records, 200u);
  EXPECT_EQ(joined, input);
}

}  // namespace
}  // namespace dechrome
