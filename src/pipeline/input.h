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

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  // The normal form (after Hash(): valid until the next Hash() call of the
  // same DocumentHasher; empty after HashLine()).
  std::string_view normalized;
};

class DocumentHasher {
 public:
  explicit DocumentHasher(bool fold_dates);
  // out->size() == record.lines.size() afterwards.
  void Hash(const ParsedRecord& record, uint64_t site_seed, std::vector<LineKeys>* out);
  // The normal form of the last line hashed by HashLine().
  const std::string& normalized() const { return norm_; }
  LineKeys HashLine(std::string_view line, uint64_t site_seed);

 private:
  LineNormalizer normalizer_;
  std::string norm_;
  std::string doc_norm_;  // Hash(): every line's normal form, concatenated
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_INPUT_H_
