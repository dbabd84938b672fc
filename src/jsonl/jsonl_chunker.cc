// JSONL chunker: cuts the stream at '\n' and groups whole lines into chunks.
//
// Bytes flow source -> buf_ (one block, >= 1 MiB reads) -> Chunk::data, and
// each byte is copied exactly once from buf_ to a chunk: when the current
// chunk still needs bytes, the unconsumed rest of buf_ (the records found so
// far and the partial record at its end) is appended to the chunk before the
// next block is read over it. A record longer than a block thus grows the
// chunk geometrically, never re-copying the partial record.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "jsonl/jsonl.h"

namespace dechrome {
namespace {

constexpr size_t kMinReadBlock = size_t{1} << 20;
constexpr size_t kMaxReadBlock = size_t{8} << 20;
// The most that Next() reserves up front for a chunk; bigger chunks grow.
constexpr size_t kMaxInitialReserve = size_t{16} << 20;

// Appends n bytes, keeping kChunkPadding spare capacity after them and
// growing geometrically.
void AppendPadded(std::string* s, const char* p, size_t n) {
  const size_t need = s->size() + n + kChunkPadding;
  if (s->capacity() < need) s->reserve(std::max(need, 2 * s->capacity()));
  s->append(p, n);
}

class JsonlChunker final : public RecordChunker {
 public:
  JsonlChunker(ByteSource* source, std::string head, size_t target_bytes)
      : source_(source),
        target_bytes_(target_bytes),
        block_size_(std::clamp(target_bytes, kMinReadBlock, kMaxReadBlock)),
        head_(std::move(head)) {}

  absl::StatusOr<bool> Next(Chunk* chunk) override;

 private:
  // Fills buf_ with the next block (the head first). REQUIRES: buf_ consumed.
  absl::Status Refill();

  // Constant after construction.
  ByteSource* const source_;
  const size_t target_bytes_;
  const size_t block_size_;

  std::string head_;  // bytes read before us; emptied by the first Refill()
  std::unique_ptr<char[]> buf_;
  size_t buf_capacity_ = 0;
  size_t begin_ = 0;  // buf_[begin_, end_) is read but not yet in a chunk
  size_t end_ = 0;
  bool eof_ = false;
  absl::Status status_;  // sticky: a failed source is not read again
  uint64_t stream_offset_ = 0;  // decompressed offset of buf_[begin_]
  uint64_t next_record_ = 0;
};

absl::Status JsonlChunker::Refill() {
  if (!head_.empty()) {
    if (buf_capacity_ < head_.size()) {
      buf_capacity_ = std::max(head_.size(), block_size_);
      buf_.reset(new char[buf_capacity_]);
    }
    std::memcpy(buf_.get(), head_.data(), head_.size());
    begin_ = 0;
    end_ = head_.size();
    std::string().swap(head_);
    return absl::OkStatus();
  }
  if (buf_ == nullptr) {
    buf_capacity_ = block_size_;
    buf_.reset(new char[buf_capacity_]);
  }
  begin_ = end_ = 0;
  absl::StatusOr<size_t> n = source_->Read(buf_.get(), buf_capacity_);
  if (!n.ok()) return n.status();
  if (*n == 0) eof_ = true;
  end_ = *n;
  return absl::OkStatus();
}

absl::StatusOr<bool> JsonlChunker::Next(Chunk* chunk) {
  chunk->Clear();
  if (!status_.ok()) return status_;
  chunk->stream_offset = stream_offset_;
  chunk->first_record = next_record_;
  std::string& data = chunk->data;
  const size_t initial = std::min(target_bytes_, kMaxInitialReserve) + kChunkPadding;
  if (data.capacity() < initial) data.reserve(initial);

  // Invariant: data holds the bytes of this chunk before buf_[begin_]; the
  // chunk offset of buf_[i] is data.size() + (i - begin_). buf_[begin_, scan)
  // holds no '\n' after the last record end found.
  size_t scan = begin_;
  size_t record_begin = 0;  // chunk offset where the current record starts
  for (;;) {
    if (scan < end_) {
      const void* nl = std::memchr(buf_.get() + scan, '\n', end_ - scan);
      if (nl != nullptr) {
        scan = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
        const size_t record_end = data.size() + (scan - begin_);
        chunk->records.push_back(RecordSpan{record_begin, record_end});
        record_begin = record_end;
        if (record_end >= target_bytes_) break;
        continue;
      }
      scan = end_;
    }
    // No record end in what we hold: the chunk needs more bytes.
    if (eof_) {
      const size_t stream_end = data.size() + (end_ - begin_);
      if (stream_end > record_begin) {  // a last line without '\n'
        chunk->records.push_back(RecordSpan{record_begin, stream_end});
      }
      break;
    }
    if (end_ > begin_) AppendPadded(&data, buf_.get() + begin_, end_ - begin_);
    stream_offset_ += end_ - begin_;
    begin_ = end_;
    absl::Status status = Refill();
    if (!status.ok()) {
      status_ = status;
      chunk->Clear();
      return status;
    }
    scan = begin_;
  }
  if (scan > begin_) AppendPadded(&data, buf_.get() + begin_, scan - begin_);
  stream_offset_ += scan - begin_;
  begin_ = scan;
  if (data.capacity() < data.size() + kChunkPadding) data.reserve(data.size() + kChunkPadding);
  chunk->raw_offset = source_->raw_offset();
  next_record_ += chunk->records.size();
  return !chunk->records.empty();
}

}  // namespace

std::unique_ptr<RecordChunker> NewJsonlChunker(ByteSource* source, std::string head,
                                               size_t target_bytes) {
  return std::make_unique<JsonlChunker>(source, std::move(head), target_bytes);
}

}  // namespace dechrome
