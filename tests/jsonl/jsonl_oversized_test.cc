// The JSONL chunker with a record limit: a line longer than the limit comes
// as pieces (Chunk::piece) that give back its bytes exactly, the records
// around it are cut as usual, and record numbers count it once.

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "jsonl/jsonl.h"
#include "jsonl_test_util.h"

namespace dechrome {
namespace {

using jsonl_test::StringSource;

struct Cut {
  std::vector<std::string> records;   // whole records, in order
  std::vector<uint64_t> record_index;  // first_record of each
  std::string oversized;               // the pieces' bytes, concatenated
  uint64_t oversized_index = UINT64_MAX;
  int pieces = 0, firsts = 0, lasts = 0;
  std::string all;                     // every byte handed out, in order
  size_t max_piece = 0;
};

Cut RunWithLimit(const std::string& input, uint64_t limit, size_t target, size_t max_read,
                 std::mt19937* rng) {
  Cut cut;
  StringSource source(input, max_read, rng);
  auto chunker = NewJsonlChunker(&source, "", target);
  chunker->set_max_record_bytes(limit);
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    EXPECT_GE(chunk.data.capacity(), chunk.data.size() + kChunkPadding);
    cut.all += chunk.data;
    if (chunk.piece) {
      EXPECT_TRUE(chunk.records.empty());
      ++cut.pieces;
      cut.firsts += chunk.piece_first;
      cut.lasts += chunk.piece_last;
      if (chunk.piece_first) {
        cut.oversized_index = chunk.first_record;
        EXPECT_EQ(chunk.stream_offset, input.find(std::string(limit, 'x')));
      }
      EXPECT_EQ(chunk.first_record, cut.oversized_index);
      cut.oversized += chunk.data;
      cut.max_piece = std::max(cut.max_piece, chunk.data.size());
      continue;
    }
    for (size_t i = 0; i < chunk.records.size(); ++i) {
      const RecordSpan& r = chunk.records[i];
      cut.records.push_back(chunk.data.substr(r.begin, r.end - r.begin));
      cut.record_index.push_back(chunk.first_record + i);
    }
  }
  return cut;
}

TEST(JsonlOversizedTest, LongLineComesAsPiecesAndEveryByteComesBack) {
  std::mt19937 rng(7);
  const uint64_t limit = 5000;
  const std::string big(200000, 'x');
  for (const std::string& input :
       {"{\"a\":1}\n" + big + "\n{\"b\":2}\n",  // in the middle
        big + "\n{\"b\":2}\n",                   // first
        "{\"a\":1}\n" + big,                     // last, no '\n'
        "{\"a\":1}\n" + big + "\n"}) {           // last
    for (size_t max_read : {size_t{1000}, size_t{1} << 20}) {
      for (size_t target : {size_t{16}, size_t{4096}, size_t{1} << 20}) {
        SCOPED_TRACE(testing::Message() << "size " << input.size() << " read " << max_read << " target " << target);
        Cut cut = RunWithLimit(input, limit, target, max_read, max_read == 1000 ? &rng : nullptr);
        EXPECT_EQ(cut.all, input);
        EXPECT_EQ(cut.firsts, 1);
        EXPECT_EQ(cut.lasts, 1);
        EXPECT_GE(cut.pieces, 1);
        const size_t at = input.find(big);
        const size_t end = std::min(input.size(), at + big.size() + 1);
        EXPECT_EQ(cut.oversized, input.substr(at, end - at));
        // Records are numbered in input order, the long line included.
        const uint64_t expected_index = at == 0 ? 0 : 1;
        EXPECT_EQ(cut.oversized_index, expected_index);
        for (size_t r = 0; r < cut.records.size(); ++r) {
          EXPECT_LE(cut.records[r].size(), limit);
          EXPECT_EQ(cut.record_index[r], cut.records[r][2] == 'a' ? 0u : expected_index + 1);
        }
        // Pieces are of about a read block, not of the whole line.
        EXPECT_LE(cut.max_piece, (size_t{8} << 20));
      }
    }
  }
}

TEST(JsonlOversizedTest, RecordsUpToTheLimitAreRecords) {
  // A record of exactly `limit` bytes (with its '\n') is a record.
  const std::string line = std::string(99, 'y') + "\n";
  const std::string input = line + line + std::string(100, 'x') + "\n" + line;
  Cut cut = RunWithLimit(input, 100, 1 << 20, SIZE_MAX, nullptr);
  EXPECT_EQ(cut.all, input);
  EXPECT_EQ(cut.pieces, 1);  // 101 bytes: one piece, first and last
  EXPECT_EQ(cut.oversized, std::string(100, 'x') + "\n");
  EXPECT_EQ(cut.oversized_index, 2u);
  ASSERT_EQ(cut.records.size(), 3u);
  EXPECT_EQ(cut.record_index[2], 3u);
}

TEST(JsonlOversizedTest, NoLimitMeansWholeRecords) {
  const std::string input = std::string(300000, 'x') + "\n{}\n";
  Cut cut = RunWithLimit(input, UINT64_MAX, 1024, 4096, nullptr);
  EXPECT_EQ(cut.pieces, 0);
  ASSERT_EQ(cut.records.size(), 2u);
  EXPECT_EQ(cut.records[0].size(), 300001u);
}


// Random lines around the limit, read in random pieces: every byte comes
// back once, in order; a line is a record exactly when it fits the limit,
// else pieces that give it back; records are numbered in input order.
TEST(JsonlOversizedTest, RandomLinesAroundTheLimit) {
  std::mt19937 rng(13);
  for (int round = 0; round < 40; ++round) {
    const uint64_t limit = 64 + rng() % 3000;
    std::vector<std::string> lines;
    std::vector<uint64_t> offsets;
    std::string input;
    const int n = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      std::string line(rng() % (3 * limit), static_cast<char>('a' + i % 26));
      if (i + 1 < n || rng() % 2) line += '\n';
      if (line.empty()) line = "\n";
      lines.push_back(line);
      offsets.push_back(input.size());
      input += line;
    }
    const size_t target = 16 + rng() % 5000;
    const size_t max_read = 1 + rng() % 4000;
    SCOPED_TRACE(testing::Message() << "round " << round << " limit " << limit << " target " << target);
    StringSource source(input, max_read, &rng);
    auto chunker = NewJsonlChunker(&source, input.substr(0, 0), target);
    chunker->set_max_record_bytes(limit);
    std::string all, piece_bytes;
    size_t next_line = 0;
    bool in_piece = false;
    for (;;) {
      Chunk chunk;
      absl::StatusOr<bool> more = chunker->Next(&chunk);
      ASSERT_TRUE(more.ok()) << more.status();
      if (!*more) break;
      all += chunk.data;
      if (chunk.piece) {
        ASSERT_LT(next_line, lines.size());
        EXPECT_EQ(chunk.first_record, next_line);
        EXPECT_EQ(chunk.piece_first, !in_piece);
        if (chunk.piece_first) piece_bytes.clear();
        EXPECT_EQ(chunk.stream_offset, offsets[next_line] + piece_bytes.size());
        in_piece = true;
        piece_bytes += chunk.data;
        if (chunk.piece_last) {
          EXPECT_GT(lines[next_line].size(), limit);
          EXPECT_TRUE(piece_bytes == lines[next_line]);
          ++next_line;
          in_piece = false;
        }
        continue;
      }
      EXPECT_FALSE(in_piece);
      EXPECT_EQ(chunk.first_record, next_line);
      for (const RecordSpan& r : chunk.records) {
        ASSERT_LT(next_line, lines.size());
        EXPECT_LE(lines[next_line].size(), limit);
        EXPECT_TRUE(chunk.data.substr(r.begin, r.end - r.begin) == lines[next_line]);
        EXPECT_EQ(chunk.stream_offset + r.begin, offsets[next_line]);
        ++next_line;
      }
    }
    EXPECT_EQ(next_line, lines.size());
    EXPECT_TRUE(all == input);
  }
}

}  // namespace
}  // namespace dechrome
