// -----------------------------------------------------------------------------
// File: input.h
// -----------------------------------------------------------------------------
//
// Opening one input for a pass: the file (or spooled stdin), its sniffed
// codec, its sniffed record format, and a chunker over it.
//
// Thread safety: an OpenedInput is used by one thread.

#ifndef DECHROME_PIPELINE_INPUT_H_
#define DECHROME_PIPELINE_INPUT_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dechrome/options.h"
#include "io/byte_source.h"
#include "record/record.h"

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

// The record format of input `path` from its first decompressed bytes, when
// it can be known before the passes: false for an input that gives its
// bytes once (standard input, a pipe: NeedsSpool()), one that cannot be
// opened or read (it fails on its own when its turn comes), and an empty one.
bool SniffInputFormat(const std::string& path, RecordFormatKind* format);

// The size of an input file in bytes (0 for stdin or on error).
uint64_t InputFileSize(const std::string& path);

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_INPUT_H_
