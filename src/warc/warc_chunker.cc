// The WARC chunker: cuts the decompressed stream into records by header block
// + Content-Length, never looking inside a block, and groups the records
// into chunks of about target_bytes. See warc.h for the framing rules.
//
// Buffering: one growable buffer holds the unconsumed input; positions are
// kept relative to its read position pos_, so compaction (moving the live
// tail to the front before a read) is invisible to the framing code. Each
// byte is moved by compaction at most once, and the buffer grows at most
// geometrically with the data actually read (never with a Content-Length,
// which may be bogus), so the cost is linear in the input.
//
// Bounded memory: a record longer than the record limit
// (set_max_record_bytes(), judged by its header and Content-Length before
// its block is read) is handed out in pieces of about kReadBlock bytes
// (Chunk::piece), read through the buffer, never held whole; a run of
// garbage is cut into issues of at most kMaxIssueBytes.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "warc/warc.h"
#include "warc/warc_header.h"

namespace dechrome {
namespace {

using warc_internal::FindHeaderEnd;
using warc_internal::ForEachField;
using warc_internal::HeaderField;

constexpr size_t kReadBlock = size_t{1} << 20;        // bytes per read, at least
constexpr size_t kMaxHeaderBytes = size_t{1} << 20;   // longer: not a header
constexpr std::string_view kVersionPrefix = "WARC/";
constexpr size_t kMaxIssueBytes = size_t{8} << 20;    // one issue's bytes, at most

class WarcChunker final : public RecordChunker {
 public:
  WarcChunker(ByteSource* source, std::string head, size_t target_bytes, bool strict)
      : source_(source), target_bytes_(std::max<size_t>(target_bytes, 1)), strict_(strict) {
    cap_ = std::max(kReadBlock, head.size());
    buf_.reset(new char[cap_]);
    std::memcpy(buf_.get(), head.data(), head.size());
    end_ = head.size();
    if (source_ == nullptr) eof_ = true;
  }

  absl::StatusOr<bool> Next(Chunk* chunk) override;

 private:
  size_t available() const { return end_ - pos_; }
  const char* cur() const { return buf_.get() + pos_; }
  std::string_view view() const { return std::string_view(cur(), available()); }
  void Consume(size_t n) {
    pos_ += n;
    offset_ += n;
  }

  // Reads until available() >= want or the end of the stream.
  absl::Status Fill(size_t want);
  // One read of at least kReadBlock bytes (fewer at the end of the stream).
  absl::Status ReadSome(size_t want);

  // Frames the record at pos_, first skipping (lenient) or failing on
  // (strict) anything that is not a record. Sets *size to the record's
  // length, 0 at the end of the stream (or when a run of garbage was cut,
  // yield_). A record longer than the limit sets oversized_left_ instead.
  absl::Status FrameNext(Chunk* chunk, size_t* size);
  // The length of the run of line ends at offset `from` of view() (reading
  // on as needed): the record separator.
  absl::StatusOr<size_t> SeparatorEnd(size_t from);
  // The next piece of the oversized record.
  absl::StatusOr<bool> NextPiece(Chunk* chunk);
  // NextPiece(), keeping its error (sticky) and the raw offset.
  absl::StatusOr<bool> HandOutPiece(Chunk* chunk);
  // Notes the record starts ("\nWARC/1.") in the next `piece` of the
  // oversized record's bytes, which begins at stream offset `at`: should its
  // Content-Length turn out bogus, the warning says what it swallowed.
  void NoteHeadersInPiece(std::string_view piece, uint64_t at);
  // Leading UTF-8 BOM and blank lines before the first record: reported as
  // an issue in both modes (they are not a framing error).
  absl::Status SkipLeadingBlankLines(Chunk* chunk);
  // A framing problem at pos_. Strict: the error. Lenient: skips to the next
  // "\nWARC/" at or after pos_ + scan_from (or to the end), recording the
  // skipped bytes as an issue.
  absl::Status Skip(Chunk* chunk, std::string_view message, size_t scan_from);

  // Constant after construction.
  ByteSource* const source_;
  const size_t target_bytes_;
  const bool strict_;

  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t pos_ = 0;          // first unconsumed byte
  size_t end_ = 0;          // one past the last byte read
  uint64_t offset_ = 0;     // decompressed stream offset of buf_[pos_]
  bool eof_ = false;
  bool started_ = false;
  uint64_t next_record_ = 0;
  absl::Status error_;      // sticky
  // The oversized record being handed out: bytes of its header and block
  // not handed out yet (its separator follows them).
  bool in_piece_ = false;
  bool piece_started_ = false;
  uint64_t oversized_left_ = 0;
  uint64_t oversized_length_ = 0;  // its Content-Length
  // Record starts seen in its bytes (NoteHeadersInPiece()): how many, the
  // stream offset of the first, and the last bytes of the previous piece
  // (a start may straddle two pieces).
  uint64_t headers_inside_ = 0;
  uint64_t first_header_inside_ = 0;
  std::string piece_tail_;
  // Skip() cut a run of garbage: end this chunk, go on in the next.
  bool yield_ = false;
  bool in_garbage_ = false;  // the next skip continues a run that was cut
};

absl::Status WarcChunker::ReadSome(size_t want) {
  // Never trust `want` for the allocation (it may come from a bogus
  // Content-Length): ask for at most as much as is live already, at least a
  // read block.
  size_t request = std::max(kReadBlock, std::min(want, available()));
  if (cap_ - end_ < request) {
    if (pos_ > 0) {
      std::memmove(buf_.get(), cur(), available());
      end_ -= pos_;
      pos_ = 0;
    }
    if (cap_ - end_ < request) {
      size_t new_cap = std::max(cap_ * 2, end_ + request);
      std::unique_ptr<char[]> bigger(new char[new_cap]);
      std::memcpy(bigger.get(), buf_.get(), end_);
      buf_ = std::move(bigger);
      cap_ = new_cap;
    }
  }
  DECHROME_ASSIGN_OR_RETURN(size_t got, source_->Read(buf_.get() + end_, cap_ - end_));
  if (got == 0) eof_ = true;
  end_ += got;
  return absl::OkStatus();
}

absl::Status WarcChunker::Fill(size_t want) {
  while (available() < want && !eof_) {
    DECHROME_RETURN_IF_ERROR(ReadSome(want - available()));
  }
  return absl::OkStatus();
}

absl::Status WarcChunker::Skip(Chunk* chunk, std::string_view message, size_t scan_from) {
  if (strict_) {
    return absl::DataLossError(absl::StrCat(std::string(message), " at byte ", offset_));
  }
  constexpr std::string_view kSync = "\nWARC/";
  size_t scan = scan_from;
  size_t skip;
  bool cut = false;
  while (true) {
    std::string_view v = view();
    size_t found = scan < v.size() ? v.find(kSync, scan) : std::string_view::npos;
    if (found != std::string_view::npos) {
      skip = found + 1;
      break;
    }
    if (eof_) {
      skip = v.size();
      break;
    }
    if (v.size() > kMaxIssueBytes + kSync.size()) {
      // A long run: report what we have (but a possible start of "\nWARC/"
      // at its end), go on from there in the next chunk.
      skip = v.size() - (kSync.size() - 1);
      cut = true;
      break;
    }
    if (v.size() >= kSync.size()) scan = std::max(scan, v.size() - kSync.size() + 1);
    DECHROME_RETURN_IF_ERROR(Fill(available() + 1));
  }
  FramingIssue issue;
  issue.stream_offset = offset_;
  issue.bytes_skipped = skip;
  issue.message = std::string(message);
  issue.continued = in_garbage_;
  issue.bytes.assign(cur(), skip);
  chunk->issues.push_back({chunk->records.size(), std::move(issue)});
  Consume(skip);
  in_garbage_ = cut;
  yield_ = cut;
  return absl::OkStatus();
}

absl::Status WarcChunker::SkipLeadingBlankLines(Chunk* chunk) {
  DECHROME_RETURN_IF_ERROR(Fill(64));
  std::string_view v = view();
  size_t n = 0;
  if (v.substr(0, 3) == "\xEF\xBB\xBF") n = 3;
  while (true) {
    while (n < v.size() && (v[n] == '\r' || v[n] == '\n')) ++n;
    if (n < v.size() || eof_) break;
    DECHROME_RETURN_IF_ERROR(Fill(available() + 1));
    v = view();
  }
  if (n == 0) return absl::OkStatus();
  DECHROME_RETURN_IF_ERROR(Fill(n + kVersionPrefix.size()));
  v = view();
  // Only blank lines, then a record (or nothing): keep them as an issue.
  // Anything else is garbage, reported as such by FrameNext().
  if (v.size() == n || v.substr(n, kVersionPrefix.size()) == kVersionPrefix) {
    FramingIssue issue;
    issue.stream_offset = offset_;
    issue.bytes_skipped = n;
    issue.message = "blank lines before the first WARC record";
    issue.bytes.assign(cur(), n);
    chunk->issues.push_back({chunk->records.size(), std::move(issue)});
    Consume(n);
  }
  return absl::OkStatus();
}

absl::Status WarcChunker::FrameNext(Chunk* chunk, size_t* size) {
  *size = 0;
  while (true) {
    DECHROME_RETURN_IF_ERROR(Fill(kVersionPrefix.size()));
    if (available() == 0) return absl::OkStatus();  // end of stream
    std::string_view v = view();
    if (v.substr(0, kVersionPrefix.size()) != kVersionPrefix) {
      // A first line "Name: value" suggests a header that lost its version
      // line; anything else is garbage.
      DECHROME_RETURN_IF_ERROR(Fill(256));
      v = view();
      size_t eol = v.find('\n');
      std::string_view first = v.substr(0, eol);
      size_t colon = first.find(':');
      bool looks_like_field = colon != std::string_view::npos && colon > 0 &&
                              first.substr(0, colon).find(' ') == std::string_view::npos;
      DECHROME_RETURN_IF_ERROR(Skip(chunk,
                                    looks_like_field ? "WARC header without version line"
                                                     : "garbage between WARC records",
                                    0));
      if (yield_) return absl::OkStatus();
      continue;
    }

    // The header block.
    size_t header_end;
    size_t scanned = 0;
    while (true) {
      v = view();
      // Rescan from a little before where the last scan stopped: an empty
      // line whose preceding '\n' lay in the last 3 bytes was not seen.
      size_t from = scanned > 3 ? scanned - 3 : 0;
      size_t e = FindHeaderEnd(v.substr(from));
      if (e != std::string_view::npos) e += from;
      if (e != std::string_view::npos) {
        header_end = e;
        break;
      }
      scanned = v.size();
      if (v.size() > kMaxHeaderBytes) {
        header_end = std::string_view::npos;
        break;
      }
      if (eof_) {
        header_end = 0;
        break;
      }
      DECHROME_RETURN_IF_ERROR(Fill(available() + 1));
    }
    if (header_end == std::string_view::npos) {
      DECHROME_RETURN_IF_ERROR(Skip(chunk, "WARC header longer than 1 MiB", 0));
      continue;
    }
    if (header_end == 0) {
      DECHROME_RETURN_IF_ERROR(
          Skip(chunk, "truncated WARC header (no empty line before end of stream)", 0));
      continue;
    }

    // Content-Length.
    std::string_view header = view().substr(0, header_end);
    bool found = false, valid = false;
    uint64_t content_length = 0;
    ForEachField(header, [&](const HeaderField& f) {
      if (!warc_internal::EqualsIgnoreCase(f.name(header), "Content-Length")) return true;
      found = true;
      std::string value = f.continued() ? warc_internal::FieldValue(header, f)
                                        : std::string(f.first_value(header));
      valid = warc_internal::ParseContentLength(value, &content_length);
      return false;
    });
    if (!found) {
      DECHROME_RETURN_IF_ERROR(Skip(chunk, "WARC record without Content-Length", 0));
      continue;
    }
    if (!valid) {
      DECHROME_RETURN_IF_ERROR(Skip(chunk, "invalid WARC Content-Length", 0));
      continue;
    }

    // A record longer than the limit: its pieces follow, read as they come.
    if (content_length > max_record_bytes_ || header_end + content_length > max_record_bytes_) {
      in_piece_ = true;
      piece_started_ = false;
      oversized_left_ = header_end + content_length;
      oversized_length_ = content_length;
      headers_inside_ = 0;
      piece_tail_.clear();
      return absl::OkStatus();
    }

    // The block, and enough look-ahead for the separator and the next
    // version line.
    const size_t block_end = header_end + content_length;
    DECHROME_RETURN_IF_ERROR(Fill(block_end + 4 + kVersionPrefix.size()));
    if (available() < block_end) {
      DECHROME_RETURN_IF_ERROR(Skip(
          chunk,
          absl::StrCat("truncated WARC record (Content-Length ", content_length,
                       " runs past the end of the stream)"),
          header_end - 1));
      continue;
    }

    DECHROME_ASSIGN_OR_RETURN(*size, SeparatorEnd(block_end));
    return absl::OkStatus();
  }
}

absl::StatusOr<size_t> WarcChunker::SeparatorEnd(size_t from) {
  // The separator: normally "\r\n\r\n"; any run of line ends is taken
  // (also "\n\n", "\r\n", or nothing, e.g. at the end of the stream).
  // Whatever follows that is not "WARC/" is reported by the next call.
  size_t i = from;
  while (true) {
    std::string_view v = view();
    while (i < v.size()) {
      if (v[i] == '\n') {
        ++i;
      } else if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n') {
        i += 2;
      } else {
        break;
      }
    }
    // Stopped at the end of the data (or at a '\r' that may precede a
    // '\n' not read yet): read on.
    if (eof_ || i + 1 < v.size()) break;
    DECHROME_RETURN_IF_ERROR(Fill(available() + 1));
  }
  return i;
}

absl::StatusOr<bool> WarcChunker::NextPiece(Chunk* chunk) {
  chunk->piece = true;
  chunk->first_record = next_record_;
  chunk->stream_offset = offset_;
  chunk->piece_first = !piece_started_;
  piece_started_ = true;
  std::string& data = chunk->data;
  if (oversized_left_ > 0) {
    if (available() == 0 && !eof_) DECHROME_RETURN_IF_ERROR(ReadSome(kReadBlock));
    if (available() == 0) {
      // The stream ends inside the block: what there was has gone out.
      std::string message = absl::StrCat("truncated WARC record (Content-Length ", oversized_length_,
                                         " runs past the end of the stream)");
      const std::string inside =
          headers_inside_ == 0
              ? std::string("; no record header follows in it")
              : absl::StrCat("; it holds ", headers_inside_, " line(s) that begin like a WARC record ",
                             "header (\"WARC/1.\"), the first at byte ", first_header_inside_,
                             ": its Content-Length is likely bogus and those records went with it");
      if (strict_) return absl::DataLossError(absl::StrCat(message, " at byte ", offset_, inside));
      FramingIssue issue;
      issue.stream_offset = offset_;
      issue.message = absl::StrCat(
          message, "; everything after its header was handled as that one oversized record: copied as it was to "
                   "WARC output, left out of JSONL and WET output",
          inside);
      chunk->issues.push_back({1, std::move(issue)});
      oversized_left_ = 0;
    } else {
      const size_t n = static_cast<size_t>(
          std::min<uint64_t>({available(), oversized_left_, kReadBlock}));
      data.reserve(n + kChunkPadding);
      data.assign(cur(), n);
      NoteHeadersInPiece(data, offset_);
      Consume(n);
      oversized_left_ -= n;
      if (oversized_left_ > 0) return true;
    }
  }
  DECHROME_ASSIGN_OR_RETURN(size_t separator, SeparatorEnd(0));
  data.append(cur(), separator);
  Consume(separator);
  chunk->piece_last = true;
  in_piece_ = false;
  ++next_record_;
  return true;
}

void WarcChunker::NoteHeadersInPiece(std::string_view piece, uint64_t at) {
  constexpr std::string_view kStart = "\nWARC/1.";
  auto note = [&](uint64_t newline_offset) {
    if (headers_inside_++ == 0) first_header_inside_ = newline_offset + 1;
  };
  // Starts that straddle the previous piece and this one (piece_tail_ is
  // shorter than kStart, so each such start ends in this piece).
  if (!piece_tail_.empty()) {
    std::string joined = piece_tail_;
    joined.append(piece.substr(0, kStart.size() - 1));
    for (size_t p = joined.find(kStart); p != std::string::npos && p < piece_tail_.size();
         p = joined.find(kStart, p + 1)) {
      note(at - piece_tail_.size() + p);
    }
  }
  for (size_t p = piece.find(kStart); p != std::string_view::npos; p = piece.find(kStart, p + 1))
    note(at + p);
  const size_t keep = kStart.size() - 1;
  if (piece.size() >= keep) {
    piece_tail_.assign(piece.substr(piece.size() - keep));
  } else {
    piece_tail_.append(piece);
    if (piece_tail_.size() > keep) piece_tail_.erase(0, piece_tail_.size() - keep);
  }
}

absl::StatusOr<bool> WarcChunker::HandOutPiece(Chunk* chunk) {
  absl::StatusOr<bool> more = NextPiece(chunk);
  if (!more.ok()) {
    error_ = more.status();
    chunk->Clear();
  }
  chunk->raw_offset = source_ ? source_->raw_offset() : 0;
  return more;
}

absl::StatusOr<bool> WarcChunker::Next(Chunk* chunk) {
  chunk->Clear();
  if (!error_.ok()) return error_;
  if (in_piece_) return HandOutPiece(chunk);
  chunk->first_record = next_record_;
  bool have_offset = false;
  absl::Status status;
  yield_ = false;
  if (!started_) {
    started_ = true;
    status = SkipLeadingBlankLines(chunk);
  }
  while (status.ok()) {
    if (!chunk->records.empty() && chunk->data.size() >= target_bytes_) break;
    size_t size = 0;
    status = FrameNext(chunk, &size);
    if (status.ok() && in_piece_ && chunk->records.empty()) {
      // The oversized record's first piece, after the issues before it.
      return HandOutPiece(chunk);
    }
    if (!status.ok() || size == 0) break;
    std::string& data = chunk->data;
    if (chunk->records.empty()) {
      size_t want = std::max(target_bytes_, size) + kChunkPadding;
      if (data.capacity() < want) data.reserve(want);
      chunk->stream_offset = offset_;
      have_offset = true;
    } else if (data.size() + size > target_bytes_) {
      break;  // the next chunk starts with it
    }
    size_t begin = data.size();
    data.append(cur(), size);
    chunk->records.push_back({begin, begin + size});
    Consume(size);
    ++next_record_;
  }
  if (!status.ok()) {
    error_ = status;
    chunk->Clear();
    return status;
  }
  if (!have_offset) chunk->stream_offset = offset_;
  if (chunk->data.capacity() < chunk->data.size() + kChunkPadding) {
    chunk->data.reserve(chunk->data.size() + kChunkPadding);
  }
  chunk->raw_offset = source_ ? source_->raw_offset() : 0;
  return !chunk->records.empty() || yield_;
}

}  // namespace

std::unique_ptr<RecordChunker> NewWarcChunker(ByteSource* source, std::string head,
                                              size_t target_bytes, bool strict) {
  return std::make_unique<WarcChunker>(source, std::move(head), target_bytes, strict);
}

}  // namespace dechrome
