// -----------------------------------------------------------------------------
// File: byte_source.h
// -----------------------------------------------------------------------------
//
// A ByteSource is a forward-only stream of bytes: a file, standard input, or a
// decompressor wrapped around another ByteSource. The readers of records sit
// on top of one; they never know which codec is underneath.
//
// Thread safety: a ByteSource is used by one thread at a time.

#ifndef DECHROME_IO_BYTE_SOURCE_H_
#define DECHROME_IO_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dechrome/status.h"

namespace dechrome {

enum class Codec { kNone, kGzip, kZstd };

// "none", "gzip", "zstd".
const char* CodecName(Codec codec);

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Reads up to `n` bytes into `buf`. Returns the number of bytes read; 0
  // means end of stream. Corrupt or truncated compressed input gives
  // DataLossError naming the compressed byte offset.
  virtual absl::StatusOr<size_t> Read(char* buf, size_t n) = 0;

  // Bytes consumed so far from the underlying file (compressed bytes for a
  // decompressor). Used in error messages and progress.
  virtual uint64_t raw_offset() const = 0;
};

// What an ISA-L isal_inflate() error code means ("invalid deflate block",
// "checksum or length mismatch", ...), for messages.
const char* InflateErrorName(int isal_status);

// Opens a regular file for reading. NotFoundError / PermissionDeniedError
// carry the path.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);

// Detects the codec from the first bytes of `raw` (gzip 1f 8b, zstd
// 28 b5 2f fd or a skippable frame 5? 2a 4d 18; anything else is none) and
// returns a source of the decompressed bytes. gzip: every member in turn
// (ISA-L inflate); zstd: every frame in turn, skippable frames ignored except
// a leading dictionary frame (magic 0x184D2A5D, the .warc.zst convention),
// whose content (itself possibly zstd-compressed) becomes the dictionary.
// A stream that ends inside a member or frame gives DataLossError
// "truncated gzip stream" / "truncated zstd stream" with the offset.
// `*codec` (may be null) receives the detected codec.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenDecompressed(
    std::unique_ptr<ByteSource> raw, Codec* codec);

// Opens `path` and decompresses it as above. "-" (standard input) and any
// path that cannot be read twice (a pipe, such as bash's <(...) or
// /dev/stdin on a pipe, a FIFO, a character device or a socket; see
// NeedsSpool()) is first spooled, zstd compressed, to a temporary file in
// $TMPDIR (see SpooledStdin): the first open reads it to the end, every
// later open of the same path, or of another path to the same pipe, reads
// the spool.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenInput(const std::string& path,
                                                      Codec* codec);

// True if `path` is "-" or names something that gives its bytes only once
// (not a regular file, folder or block device).
bool NeedsSpool(const std::string& path);

// OK if a spool file can be created in $TMPDIR (default /tmp); otherwise an
// error that says why and names the folder. Call it before the work when an
// input NeedsSpool(), to fail up front.
absl::Status CheckSpoolFolder();
// Reads standard input (or the descriptor `fd`, named `name` in messages) to
// the end and keeps it, zstd-compressed (level 1), in an unlinked temporary
// file in $TMPDIR. Reopen() gives a fresh raw ByteSource over
// the compressed spool (pass it to OpenDecompressed) as often as needed.
class SpooledStdin {
 public:
  static absl::StatusOr<std::unique_ptr<SpooledStdin>> Create();
  static absl::StatusOr<std::unique_ptr<SpooledStdin>> Create(int fd, std::string_view name);
  virtual ~SpooledStdin() = default;
  virtual absl::StatusOr<std::unique_ptr<ByteSource>> Reopen() = 0;
  // Bytes read from stdin.
  virtual uint64_t size() const = 0;
};

}  // namespace dechrome

#endif  // DECHROME_IO_BYTE_SOURCE_H_
