// JSONL chunker: cuts the stream at '\n' and groups whole lines into chunks.
//
// Bytes flow source -> buf_ (one block, >= 1 MiB reads) -> Chunk::data, and
// each byte is copied exactly once from buf_ to a chunk: when the current
// chunk still needs bytes, the unconsumed rest of buf_ (the records found so
// far and the partial record at its end) is appended to the chunk before the
// next block is read over it. A record longer than a block thus grows the
// chunk geometrically, never re-copying the partial record.
//
// A record longer than the record limit (set_max_record_bytes()) is held
// only up to the limit: once it is known to be longer, its bytes so far
// move to pending_, the chunk ends before it, and the following calls hand
// it out as pieces of block_size_ bytes (Chunk::piece), first from pending_,
// then straight from each block read, up to its '\n'. The block in which it
// went past the limit is not appended: a chunk holds at most the limit plus
// target_bytes.

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
// growing geometrically up to `cap`, the most a chunk may need: past half
// of it, straight to it, so that a chunk near the cap is never copied (the
// copy would hold both buffers at once). Capacity that is not written is
// not resident.
void AppendPadded(std::string* s, const char* p, size_t n, size_t cap = SIZE_MAX) {
  const size_t need = s->size() + n + kChunkPadding;
  if (s->capacity() < need) {
    size_t want = std::max(need, std::min(2 * s->capacity(), cap));
    if (want > cap / 2 && need <= cap) want = cap;
    s->reserve(want);
  }
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
  // The record that starts at `record_begin` of `chunk` and goes on in
  // buf_[begin_, end_) is longer than the limit: moves its bytes in the
  // chunk to pending_; the rest follows from buf_.
  void SplitOversized(Chunk* chunk, size_t record_begin);
  // The next piece of the oversized record.
  absl::StatusOr<bool> NextPiece(Chunk* chunk);
  // The capacity beyond which a chunk grows only as needed.
  size_t GrowthCap() const {
    const uint64_t cap = max_record_bytes_ + target_bytes_ + kChunkPadding;
    return cap < max_record_bytes_ || cap > SIZE_MAX ? SIZE_MAX : static_cast<size_t>(cap);
  }

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

  // The oversized record being handed out in pieces.
  std::string pending_;       // its first bytes, not handed out yet from pending_pos_
  size_t pending_pos_ = 0;
  bool in_piece_ = false;     // a record is being handed out
  uint64_t piece_offset_ = 0; // stream offset of its next piece
  bool piece_started_ = false;
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

void JsonlChunker::SplitOversized(Chunk* chunk, size_t record_begin) {
  std::string& data = chunk->data;
  pending_.clear();
  pending_pos_ = 0;
  if (record_begin >= data.size()) {
    // It starts in buf_: the records before it join the chunk.
    const size_t k = record_begin - data.size();
    AppendPadded(&data, buf_.get() + begin_, k);
    stream_offset_ += k;
    begin_ += k;
  } else {
    // The records before it are fewer than target_bytes_ (a record end at
    // or past it ends the chunk): copy them back, move its bytes down.
    std::string record;
    record.swap(data);
    data.reserve(record_begin + kChunkPadding);
    data.assign(record.data(), record_begin);
    record.erase(0, record_begin);
    pending_ = std::move(record);
  }
  in_piece_ = true;
  piece_started_ = false;
  piece_offset_ = chunk->stream_offset + record_begin;
}

absl::StatusOr<bool> JsonlChunker::NextPiece(Chunk* chunk) {
  chunk->piece = true;
  chunk->first_record = next_record_;
  chunk->stream_offset = piece_offset_;
  chunk->piece_first = !piece_started_;
  piece_started_ = true;
  std::string& data = chunk->data;
  if (pending_pos_ < pending_.size()) {
    const size_t n = std::min(block_size_, pending_.size() - pending_pos_);
    data.reserve(n + kChunkPadding);
    data.assign(pending_.data() + pending_pos_, n);
    pending_pos_ += n;
    if (pending_pos_ == pending_.size()) {
      std::string().swap(pending_);
      pending_pos_ = 0;
    }
  } else {
    if (begin_ == end_ && !eof_) {
      absl::Status status = Refill();
      if (!status.ok()) {
        status_ = status;
        chunk->Clear();
        return status;
      }
    }
    size_t cut = end_;
    const void* nl = begin_ < end_ ? std::memchr(buf_.get() + begin_, '\n', end_ - begin_) : nullptr;
    if (nl != nullptr) cut = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
    data.reserve(cut - begin_ + kChunkPadding);
    data.assign(buf_.get() + begin_, cut - begin_);
    stream_offset_ += cut - begin_;
    begin_ = cut;
    chunk->piece_last = nl != nullptr || (eof_ && begin_ == end_);
  }
  piece_offset_ += data.size();
  if (chunk->piece_last) {
    in_piece_ = false;
    ++next_record_;
  }
  chunk->raw_offset = source_->raw_offset();
  return true;
}

absl::StatusOr<bool> JsonlChunker::Next(Chunk* chunk) {
  chunk->Clear();
  if (!status_.ok()) return status_;
  if (in_piece_) return NextPiece(chunk);
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
        if (record_end - record_begin > max_record_bytes_) {
          SplitOversized(chunk, record_begin);
          scan = begin_;  // its pieces go on from buf_[begin_]
          break;
        }
        chunk->records.push_back(RecordSpan{record_begin, record_end});
        record_begin = record_end;
        if (record_end >= target_bytes_) break;
        continue;
      }
      scan = end_;
    }
    // No record end in what we hold: the chunk needs more bytes.
    const size_t stream_end = data.size() + (end_ - begin_);
    if (stream_end - record_begin > max_record_bytes_) {
      SplitOversized(chunk, record_begin);
      scan = begin_;  // its pieces go on from buf_[begin_]
      break;
    }
    if (eof_) {
      if (stream_end > record_begin) {  // a last line without '\n'
        chunk->records.push_back(RecordSpan{record_begin, stream_end});
      }
      break;
    }
    if (end_ > begin_) AppendPadded(&data, buf_.get() + begin_, end_ - begin_, GrowthCap());
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
  if (chunk->records.empty() && in_piece_) return NextPiece(chunk);
  return !chunk->records.empty();
}

}  // namespace

std::unique_ptr<RecordChunker> NewJsonlChunker(ByteSource* source, std::string head,
                                               size_t target_bytes) {
  return std::make_unique<JsonlChunker>(source, std::move(head), target_bytes);
}

}  // namespace dechrome
