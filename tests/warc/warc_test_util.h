// Helpers for the WARC tests: an in-memory ByteSource that hands out its
// bytes in pieces of a chosen size, a WARC record builder, and a function
// that drains a chunker.
//
// Thread safety: none; each test uses its own objects.

#ifndef DECHROME_TESTS_WARC_WARC_TEST_UTIL_H_
#define DECHROME_TESTS_WARC_WARC_TEST_UTIL_H_

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/byte_source.h"
#include "record/record.h"
#include "warc/warc.h"

namespace dechrome {
namespace warc_test {

// Serves `data` in reads of at most `piece` bytes; optionally fails with
// DataLossError once `fail_after` bytes have been served.
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data, size_t piece = size_t{1} << 30,
                        size_t fail_after = std::string::npos)
      : data_(std::move(data)), piece_(piece), fail_after_(fail_after) {}

  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    if (pos_ >= fail_after_) return absl::DataLossError("injected read error");
    size_t take = std::min({n, piece_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, take);
    pos_ += take;
    ++reads_;
    return take;
  }
  uint64_t raw_offset() const override { return pos_; }
  size_t reads() const { return reads_; }

 private:
  std::string data_;
  size_t piece_;
  size_t fail_after_;
  size_t pos_ = 0;
  size_t reads_ = 0;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// "WARC/1.0" + headers + "Content-Length" (unless `with_length` is false)
// + empty line + block + separator; `eol` ends every header line.
inline std::string MakeRecord(const Headers& headers, std::string_view block,
                              std::string_view version = "WARC/1.0",
                              std::string_view eol = "\r\n",
                              std::string_view separator = "\r\n\r\n",
                              bool with_length = true) {
  std::string r(version);
  r += eol;
  for (const auto& [name, value] : headers) {
    r += name;
    r += ": ";
    r += value;
    r += eol;
  }
  if (with_length) {
    r += "Content-Length: " + std::to_string(block.size());
    r += eol;
  }
  r += eol;
  r += block;
  r += separator;
  return r;
}

inline std::string Conversion(std::string_view url, std::string_view text,
                              std::string_view id = "<urn:uuid:0>") {
  return MakeRecord({{"WARC-Type", "conversion"},
                     {"WARC-Target-URI", std::string(url)},
                     {"WARC-Record-ID", std::string(id)},
                     {"Content-Type", "text/plain"}},
                    text);
}

// What a chunker produced, flattened.
struct Drained {
  std::vector<std::string> records;
  struct Issue {
    size_t before_record;  // index in the whole stream
    FramingIssue issue;
  };
  std::vector<Issue> issues;
  std::vector<Chunk> chunks;
  // Records and issue bytes in stream order: must equal the input.
  std::string Reassembled() const {
    std::string out;
    size_t next_issue = 0;
    for (size_t r = 0; r <= records.size(); ++r) {
      while (next_issue < issues.size() && issues[next_issue].before_record == r) {
        out += issues[next_issue++].issue.bytes;
      }
      if (r < records.size()) out += records[r];
    }
    return out;
  }
};

inline absl::Status Drain(RecordChunker* chunker, Drained* d) {
  while (true) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    if (!more.ok()) return more.status();
    size_t base = d->records.size();
    for (const auto& placed : chunk.issues) {
      d->issues.push_back({base + placed.before_record, placed.issue});
    }
    for (const RecordSpan& span : chunk.records) {
      d->records.emplace_back(chunk.data.substr(span.begin, span.end - span.begin));
    }
    if (!*more) return absl::OkStatus();
    d->chunks.push_back(std::move(chunk));
  }
}

inline absl::Status ChunkAll(std::string data, bool strict, Drained* d,
                             size_t target_bytes = size_t{1} << 20,
                             size_t piece = size_t{1} << 30) {
  StringSource source(std::move(data), piece);
  auto chunker = NewWarcChunker(&source, "", target_bytes, strict);
  return Drain(chunker.get(), d);
}

}  // namespace warc_test
}  // namespace dechrome

#endif  // DECHROME_TESTS_WARC_WARC_TEST_UTIL_H_
