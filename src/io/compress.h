// -----------------------------------------------------------------------------
// File: compress.h
// -----------------------------------------------------------------------------
//
// Block compression for the writers. Each call turns one block of bytes into
// one self-contained gzip member or zstd frame, so workers compress blocks in
// parallel and the writer only concatenates them in order (a multi-member gzip
// or multi-frame zstd file, readable by gzip -dc / zstd -dc). WARC output uses
// one block per record, which keeps the file seekable per record.
//
// Thread safety: a BlockCompressor is used by one thread at a time; make one
// per worker (it keeps its codec context between calls).

#ifndef DECHROME_IO_COMPRESS_H_
#define DECHROME_IO_COMPRESS_H_

#include <memory>
#include <string>
#include <string_view>

#include "io/byte_source.h"

namespace dechrome {

class BlockCompressor {
 public:
  // `level`: zstd 1..19 (default 3); gzip 0..3 maps to ISA-L's levels
  // (1 is igzip -1, the default), higher values to zlib-compatible
  // ISA-L level 3. Ignored for kNone.
  static std::unique_ptr<BlockCompressor> Create(Codec codec, int level);
  virtual ~BlockCompressor() = default;

  // Appends the compressed form of `in` to `*out` (kNone: `in` itself).
  // An empty `in` appends nothing.
  virtual absl::Status CompressAppend(std::string_view in, std::string* out) = 0;
};

// The codec an output name asks for: ".zst" -> zstd, ".gz" -> gzip, else none.
Codec CodecForOutputName(std::string_view name);

}  // namespace dechrome

#endif  // DECHROME_IO_COMPRESS_H_
