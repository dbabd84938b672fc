// -----------------------------------------------------------------------------
// File: input.h
// -----------------------------------------------------------------------------
//
// Opening one input for a pass: the file (or spooled stdin), its sniffed
// codec, its sniffed record format, and a chunker over it. Also the per-thread
// hashing of a document's lines, shared by both passes so that they agree.
//
// Thread safety: an OpenedInput is used by one thread; a DocumentHasher too.

#ifndef DECHROME_PIPELINE_INPUT_H_
#define DECHROME_PIPELINE_INPUT_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "dechrome/options.h"
#include "io/byte_source.h"
#include "record/record.h"
#include "text/normalize.h"

namespace dechrome {

struct OpenedInput {
  std::string path;
  Codec codec = Codec::kNone;
  RecordFormatKind format = RecordFormatKind::kJsonl;
  bool empty = false;  // the decompressed stream has no bytes at all
  std::unique_ptr<ByteSource> source;
  std::unique_ptr<RecordChunker> chunker;
};

absl::StatusOr<OpenedInput> OpenRecordInput(const std::string& path, size_t chunk_bytes,
                                            bool strict);

// The two record formats, configured from the input options.
class RecordFormats {
 public:
  explicit RecordFormats(const InputOptions& options);
  const RecordFormat& For(RecordFormatKind kind) const {
    return kind == RecordFormatKind::kWarc ? *warc_ : *jsonl_;
  }

 private:
  std::unique_ptr<RecordFormat> jsonl_;
  std::unique_ptr<RecordFormat> warc_;
};

// The size of an input file in bytes (0 for stdin or on error).
uint64_t InputFileSize(const std::string& path);

struct LineKeys {
  uint64_t key = 0;       // (site, line) key
  uint64_t global = 0;    // line key on every site
  uint32_t norm_length = 0;
  bool blank = true;      // never counted, never removed
  // Pass 2 of a run (line_hints.h): key, norm_length and sketch come
  // from pass 1; the line is in the table (ChromeDecider::LookupCounted());
  // global and normalized were not computed (the judge asks for the normal
  // forms it needs).
  bool counted = false;
  // counted: SketchWords() of the normal form (three_words: it may have 3
  // words or more; set, with no prefix hashes, for long lines).
  WordSketch sketch;
  // The normal form (after Hash(): valid until the next Hash() call of the
  // same DocumentHasher; empty after HashLine()).
  std::string_view normalized;
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
inline void AppendLineHint(const LineKeys& k, std::vector<uint32_t>* out) {
  if (k.blank) {
    for (size_t w = 0; w < kHintWords; ++w) out->push_back(0);
    return;
  }
  // Long lines are text, seldom candidates: no sketch (the judge then
  // checks their normal form).
  WordSketch sketch;
  if (k.norm_length <= kMaxSketchedLength) {
    sketch = SketchWords(k.normalized);
  } else {
    sketch.three_words = true;
    sketch.words = kMaxSketchWords;  // unknown: may match
  }
  const uint32_t length = std::min<uint32_t>(k.norm_length, kMaxHintLength);
  out->push_back(static_cast<uint32_t>(k.key));
  out->push_back(static_cast<uint32_t>(k.key >> 32));
  out->push_back(length | uint32_t{sketch.words} << 23 | uint32_t{sketch.hashed} << 28 |
                 (sketch.three_words ? 1u << 31 : 0u));
  out->push_back(uint32_t{sketch.prefix_hash[0]} | uint32_t{sketch.prefix_hash[1]} << 8 |
                 uint32_t{sketch.prefix_hash[2]} << 16 | uint32_t{sketch.prefix_hash[3]} << 24);
}

class DocumentHasher {
 public:
  explicit DocumentHasher(bool fold_dates);
  // out->size() == record.lines.size() afterwards.
  void Hash(const ParsedRecord& record, uint64_t site_seed, std::vector<LineKeys>* out);
  // Pass 2 of a run: the keys of `record`'s lines from pass 1's hints
  // (kHintWords words a line, line_hints.h), with `counted` set; no line is
  // normalised. out->size() == record.lines.size() afterwards.
  void FromHints(const ParsedRecord& record, const uint32_t* hints, std::vector<LineKeys>* out);
  // The normal form of line `i` of the record given to the last FromHints(),
  // computed on first use; valid until the next FromHints() or Hash().
  std::string_view NormalForm(const ParsedRecord& record, size_t i);
  // The normal form of the last line hashed by HashLine().
  const std::string& normalized() const { return norm_; }
  LineKeys HashLine(std::string_view line, uint64_t site_seed);

 private:
  LineNormalizer normalizer_;
  std::string norm_;
  std::string doc_norm_;  // Hash(): every line's normal form, concatenated
  // FromHints(): the keys given out, and normal forms computed on demand,
  // by key, stored in blocks that never move. The same chrome lines come
  // back on page after page, so they stay until the blocks hold
  // kMaxCachedBytes; then the cache is emptied at the start of a document.
  static constexpr size_t kFormBlock = size_t{64} << 10;
  static constexpr size_t kMaxCachedBytes = size_t{4} << 20;
  const std::vector<LineKeys>* hinted_ = nullptr;
  absl::flat_hash_map<uint64_t, std::string_view> forms_;
  std::vector<std::unique_ptr<char[]>> form_blocks_;
  size_t form_block_used_ = kFormBlock;  // in form_blocks_.back()
  size_t form_bytes_ = 0;
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_INPUT_H_
