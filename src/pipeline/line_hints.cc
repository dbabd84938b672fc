#include "pipeline/line_hints.h"

#include <algorithm>
#include <utility>

#include "pipeline/html_page_hint.h"
#include "pipeline/input.h"

namespace dechrome {

void LineHints::StripHeld(size_t index) {
  std::vector<uint32_t>& blob = blobs_[index];
  memory_ -= blob.capacity() * sizeof(uint32_t);
  StripPageHints(&blob);
  memory_ += blob.capacity() * sizeof(uint32_t);
}

void LineHints::Add(std::vector<uint32_t> blob) {
  // (Blobs made before the workers saw pages stop still have some.)
  if (!keep_pages()) StripPageHints(&blob);
  uint64_t bytes = blob.capacity() * sizeof(uint32_t);
  if (!full() && memory_ + bytes > memory_limit_) {
    // Pages give way to line hints: this blob's, then the held ones',
    // newest first.
    if (keep_pages()) {
      pages_.store(false, std::memory_order_relaxed);
      page_free_from_ = blobs_.size();
      StripPageHints(&blob);
      bytes = blob.capacity() * sizeof(uint32_t);
    }
    while (memory_ + bytes > memory_limit_ && page_free_from_ > 0) StripHeld(--page_free_from_);
  }
  if (!full() && memory_ + bytes > memory_limit_) full_.store(true, std::memory_order_relaxed);
  if (full()) {
    ++dropped_;
    return;
  }
  memory_ += bytes;
  if (memory_ > peak_) peak_ = memory_;
  blobs_.push_back(std::move(blob));
}

std::vector<uint32_t> LineHints::Take() {
  if (blobs_.empty()) return {};
  std::vector<uint32_t> blob = std::move(blobs_.front());
  blobs_.pop_front();
  memory_ -= blob.capacity() * sizeof(uint32_t);
  return blob;
}

void BeginHintBlob(uint64_t first_record, size_t records, std::vector<uint32_t>* blob) {
  blob->clear();
  blob->push_back(static_cast<uint32_t>(first_record));
  blob->push_back(static_cast<uint32_t>(records));
}

void AppendDocHint(size_t record, size_t bytes, size_t lines, const RecordSpans& spans,
                   std::vector<uint32_t>* blob) {
  const uint32_t words[kDocHintWords] = {
      static_cast<uint32_t>(record),
      static_cast<uint32_t>(bytes),
      static_cast<uint32_t>(lines),
      spans.valid ? spans.text_begin : UINT32_MAX,
      spans.valid ? spans.text_end : 0,
      spans.url_begin,
      spans.url_end};
  blob->insert(blob->end(), words, words + kDocHintWords);
}

void AppendPageHint(size_t doc_hint, const ParsedRecord& doc, std::vector<uint32_t>* blob) {
  if (!doc.html || (*blob)[doc_hint + 3] != UINT32_MAX) return;
  (*blob)[doc_hint + 4] = static_cast<uint32_t>(AppendHtmlPageHint(doc, blob));
}

bool StripPageHints(std::vector<uint32_t>* blob) {
  std::vector<uint32_t>& b = *blob;
  size_t from = 2, to = 2;
  bool any = false;
  while (from + kDocHintWords <= b.size()) {
    const size_t line_words = kDocHintWords + size_t{b[from + 2]} * kHintWords;
    const size_t page = b[from + 3] == UINT32_MAX ? b[from + 4] : 0;
    if (from + line_words + page > b.size()) break;  // (not a blob of ours)
    if (page > 0) any = true;
    if (any) {
      std::copy(b.begin() + from, b.begin() + from + line_words, b.begin() + to);
      if (page > 0) b[to + 4] = 0;
    }
    from += line_words + page;
    to += line_words;
  }
  if (!any) return false;
  b.resize(to);
  b.shrink_to_fit();
  return true;
}

HintCursor::HintCursor(const std::vector<uint32_t>& blob, uint64_t first_record, size_t records)
    : blob_(blob),
      pos_(2),
      broken_(blob.size() < 2 || blob[0] != static_cast<uint32_t>(first_record) ||
              blob[1] != static_cast<uint32_t>(records)) {}

bool HintCursor::At(size_t record, size_t bytes) const {
  return !broken_ && pos_ + kDocHintWords <= blob_.size() && blob_[pos_] == record &&
         blob_[pos_ + 1] == static_cast<uint32_t>(bytes);
}

const uint32_t* HintCursor::Next(size_t record, size_t bytes, size_t lines) {
  if (broken_) return nullptr;
  if (!At(record, bytes) || blob_[pos_ + 2] != lines ||
      pos_ + kDocHintWords + lines * kHintWords + PageWords() > blob_.size()) {
    broken_ = true;
    return nullptr;
  }
  const uint32_t* hints = blob_.data() + pos_ + kDocHintWords;
  pos_ += kDocHintWords + lines * kHintWords + PageWords();
  return hints;
}

size_t HintCursor::PageWords() const {
  return blob_[pos_ + 3] == UINT32_MAX ? blob_[pos_ + 4] : 0;
}

const uint32_t* HintCursor::Page(size_t record, size_t bytes, size_t* lines, size_t* words) const {
  *lines = *words = 0;
  if (!At(record, bytes) || PageWords() == 0) return nullptr;
  const size_t n = blob_[pos_ + 2];
  const size_t begin = pos_ + kDocHintWords + n * kHintWords;
  if (begin + PageWords() > blob_.size()) return nullptr;
  *lines = n;
  *words = PageWords();
  return blob_.data() + begin;
}

RecordSpans HintCursor::Spans(size_t record, size_t bytes, size_t* lines) const {
  RecordSpans spans;
  *lines = 0;
  if (!At(record, bytes) || blob_[pos_ + 3] == UINT32_MAX) return spans;
  *lines = blob_[pos_ + 2];
  spans.valid = true;
  spans.text_begin = blob_[pos_ + 3];
  spans.text_end = blob_[pos_ + 4];
  spans.url_begin = blob_[pos_ + 5];
  spans.url_end = blob_[pos_ + 6];
  return spans;
}

void LineKeysFromHints(const ParsedRecord& record, const uint32_t* hints, std::vector<LineKeys>* out) {
  const size_t n = record.lines.size();
  out->resize(n);
  for (size_t i = 0; i < n; ++i, hints += kHintWords) {
    LineKeys& k = (*out)[i];
    k = LineKeys();
    k.counted = true;
    const uint32_t length = hints[2] & kMaxHintLength;
    if (length == 0) continue;  // blank
    k.blank = false;
    k.key = uint64_t{hints[0]} | uint64_t{hints[1]} << 32;
    k.norm_length = length;
    k.sketch.three_words = (hints[2] >> 31) != 0;
    k.sketch.words = static_cast<uint8_t>((hints[2] >> 23) & 0x1f);
    k.sketch.hashed = static_cast<uint8_t>((hints[2] >> 28) & 0x7);
    for (int b = 0; b < 4; ++b) k.sketch.prefix_hash[b] = static_cast<uint8_t>(hints[3] >> (8 * b));
  }
}

}  // namespace dechrome
