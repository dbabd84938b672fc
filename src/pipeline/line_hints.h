// -----------------------------------------------------------------------------
// File: line_hints.h
// -----------------------------------------------------------------------------
//
// What `dechrome run` carries from pass 1 to pass 2, so that pass 2 does not
// normalise and hash every line again.
//
// Pass 1 has every line's (site, line) key. For each chunk it keeps, per
// document with a site, kHintWords words per line (AppendLineHint() in
// input.h): the key, the normal form's length, and for a normal form of 3
// words or more a sketch of its words (SketchWords()), with which most title
// checks are answered without it. Pass 2 looks the keys up as they are
// (ChromeDecider::LookupCounted(): every line of such a document is in the
// table) and normalises only the few lines whose normal form the judge
// compares with the page's title (candidates of 3 words or more, and the
// first line). The decisions are those of a pass 2 without hints.
//
// Pass 1 also keeps where a JSONL document's text and URL sit in its record
// (RecordSpans), so that pass 2 re-reads them without parsing the JSON, and
// an HTML page's extracted text, lines and facts (html_page_hint.h), so that
// pass 2 neither decodes nor extracts it again.
//
// Memory is 16 bytes per line plus 28 per document and 8 per chunk, and for
// an HTML page its text and strings plus 20 bytes a line and 36 a page, held from
// pass 1 to pass 2 and released chunk by chunk as pass 2 goes. Line hints
// save more per byte than pages, so pages give way first: when a blob would
// take the memory above `memory_limit`, pages stop, and the pages already
// kept are dropped, newest first, until it fits (the line hints reach as far
// as they would without pages). Beyond that the hints stop: the remaining
// chunks are normalised in full in pass 2, as with `dechrome filter`, with
// the same output.
//
// Blob layout (one per chunk, uint32 words): the chunk's first record number
// and its number of records (low 32 bits; checked in pass 2), then for each
// document with a site, in record order: its record index in the chunk, its
// size in bytes (low 32 bits), its number of lines N, its RecordSpans
// (text_begin, text_end, url_begin, url_end; text_begin == UINT32_MAX when
// it has none, and then text_end is the number P of page words), N *
// kHintWords words, and P words of an HTML page (AppendPageHint()).
//
// Thread safety: Add() from one thread (pass 1's consumer, in chunk order),
// Take() from one thread (pass 2's producer, in chunk order), never at once;
// full() from any thread.

#ifndef DECHROME_PIPELINE_LINE_HINTS_H_
#define DECHROME_PIPELINE_LINE_HINTS_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "hash/line_keys.h"
#include "record/record.h"

namespace dechrome {

class LineHints {
 public:
  explicit LineHints(uint64_t memory_limit) : memory_limit_(memory_limit) {}

  // Pass 1: the blob of the next chunk (chunks are numbered in production
  // order, counting only chunks that hold records), counted by its capacity.
  // Once the limit is reached, this and every later blob are dropped.
  void Add(std::vector<uint32_t> blob);
  // Whether the limit was reached: workers need not build blobs any more
  // (every chunk they work on then comes after the one that filled it).
  // Any thread may ask.
  bool full() const { return full_.load(std::memory_order_relaxed); }
  // Whether HTML pages are still kept (AppendPageHint()); any thread may ask.
  bool keep_pages() const { return pages_.load(std::memory_order_relaxed); }

  // Pass 2: the blob of the next chunk, or an empty one (no hints: normalise
  // everything) for chunks beyond the limit.
  std::vector<uint32_t> Take();

  // Bytes held at the peak.
  uint64_t peak_memory() const { return peak_; }
  // Chunks whose hints were dropped for the memory limit.
  uint64_t dropped_chunks() const { return dropped_; }

 private:
  const uint64_t memory_limit_;
  // Drops the pages of one held blob.
  void StripHeld(size_t index);

  std::deque<std::vector<uint32_t>> blobs_;
  uint64_t memory_ = 0, peak_ = 0, dropped_ = 0;
  // Once pages stop: blobs_[page_free_from_, end) hold none.
  size_t page_free_from_ = 0;
  std::atomic<bool> full_{false};
  std::atomic<bool> pages_{true};
};

// Pass 1 of a run keeps kHintWords uint32 words per line for pass 2: the
// (site, line) key (2 words); the normal form's length (bits 0-22; 0: blank),
// its SketchWords() word count (bits 23-27) and number of prefix hashes (bits
// 28-30), and whether it may have 3 words or more (bit 31); the sketch's 4
// prefix hashes. Normal forms longer than kMaxSketchedLength get no sketch:
// bit 31 set and kMaxSketchWords words (the judge looks at their normal form).
inline constexpr size_t kHintWords = 4;
// Normal-form lengths are kept up to this (longer ones are stored as it), so
// hints serve only policies whose length limits are below it.
inline constexpr uint32_t kMaxHintLength = (1u << 23) - 1;
inline constexpr size_t kMaxSketchedLength = 128;
// The sketch that a line's hint keeps (a blank line's is empty).
inline WordSketch HintSketch(const LineKeys& k) {
  WordSketch sketch;
  if (k.blank) return sketch;
  // Long lines are text, seldom candidates: no sketch (the judge then
  // checks their normal form).
  if (k.norm_length <= kMaxSketchedLength) {
    sketch = SketchWords(k.normalized);
  } else {
    sketch.three_words = true;
    sketch.words = kMaxSketchWords;  // unknown: may match
  }
  return sketch;
}
// `sketch`: HintSketch(k).
inline void AppendLineHint(const LineKeys& k, const WordSketch& sketch, std::vector<uint32_t>* out) {
  if (k.blank) {
    for (size_t w = 0; w < kHintWords; ++w) out->push_back(0);
    return;
  }
  const uint32_t length = std::min<uint32_t>(k.norm_length, kMaxHintLength);
  out->push_back(static_cast<uint32_t>(k.key));
  out->push_back(static_cast<uint32_t>(k.key >> 32));
  out->push_back(length | uint32_t{sketch.words} << 23 | uint32_t{sketch.hashed} << 28 |
                 (sketch.three_words ? 1u << 31 : 0u));
  out->push_back(uint32_t{sketch.prefix_hash[0]} | uint32_t{sketch.prefix_hash[1]} << 8 |
                 uint32_t{sketch.prefix_hash[2]} << 16 | uint32_t{sketch.prefix_hash[3]} << 24);
}
inline void AppendLineHint(const LineKeys& k, std::vector<uint32_t>* out) {
  AppendLineHint(k, HintSketch(k), out);
}

// Pass 2: the keys of `record`'s lines from its kHintWords words a line
// (AppendLineHint()), with `counted` set; no line is normalised.
// out->size() == record.lines.size() afterwards.
void LineKeysFromHints(const ParsedRecord& record, const uint32_t* hints, std::vector<LineKeys>* out);

// Starts a chunk's blob in pass 1.
void BeginHintBlob(uint64_t first_record, size_t records, std::vector<uint32_t>* blob);

// Words before a document's line hints in a blob.
inline constexpr size_t kDocHintWords = 7;

// Starts a document's hints in pass 1: record `record` of the chunk, of
// `bytes` bytes and `lines` lines, with its spans (if valid). Its `lines`
// line hints (AppendLineHint()) follow.
void AppendDocHint(size_t record, size_t bytes, size_t lines, const RecordSpans& spans,
                   std::vector<uint32_t>* blob);

// After a document's line hints in pass 1 (`doc_hint`: the blob's size
// before its AppendDocHint()): keeps `doc` if it is an HTML page.
void AppendPageHint(size_t doc_hint, const ParsedRecord& doc, std::vector<uint32_t>* blob);

// Drops the HTML pages from a chunk's blob (its line hints stay). Returns
// whether it had any.
bool StripPageHints(std::vector<uint32_t>* blob);

// Reads one chunk's blob in pass 2, document by document.
class HintCursor {
 public:
  // `first_record` and `records`: those of the pass-2 chunk; a blob made
  // for another chunk gives no hints.
  HintCursor(const std::vector<uint32_t>& blob, uint64_t first_record, size_t records);
  // The hints of record `record` (a document with a site) of `bytes` bytes
  // and `lines` lines, or nullptr when the blob has none for it (no hints,
  // or the record does not line up with what pass 1 saw: then no later
  // record of the chunk gets hints either).
  const uint32_t* Next(size_t record, size_t bytes, size_t lines);
  // The spans that pass 1 kept for record `record` of `bytes` bytes, if the
  // blob's next document is that record (else, or without spans, invalid
  // ones), and the number of lines it had then. Does not move the cursor.
  RecordSpans Spans(size_t record, size_t bytes, size_t* lines) const;
  // The HTML page that pass 1 kept for record `record` of `bytes` bytes, if
  // the blob's next document is that record and has one (else nullptr):
  // its words (*words of them) and number of lines. Does not move the cursor.
  const uint32_t* Page(size_t record, size_t bytes, size_t* lines, size_t* words) const;

 private:
  // The number of page words of the blob's next document.
  size_t PageWords() const;
  // Whether the blob's next document is record `record` of `bytes` bytes.
  bool At(size_t record, size_t bytes) const;

  const std::vector<uint32_t>& blob_;
  size_t pos_ = 0;
  bool broken_ = false;
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_LINE_HINTS_H_
