// -----------------------------------------------------------------------------
// File: io_internal.h
// -----------------------------------------------------------------------------
//
// Pieces shared by the files of src/io/: the decompressing ByteSources
// (gzip_source.cc, zstd_source.cc), OpenDecompressed (byte_source.cc), the
// stdin spool and the output files. Not part of any public interface.
//
//   ErrnoStatus       errno -> NotFound / PermissionDenied / ... naming a path.
//   RawInput          a 1 MiB input window over the compressed ByteSource,
//                     seeded with the bytes the codec sniffer already read.
//   DecompressorBase  the Read() contract on top of a Decode() hook: large
//                     reads decode straight into the caller's buffer, small
//                     ones go through a 256 KiB staging buffer; an error met
//                     after some output was produced is returned on the next
//                     call (sticky), so no decoded byte is lost.
//
// Thread safety: every object here is used by one thread at a time.

#ifndef DECHROME_IO_IO_INTERNAL_H_
#define DECHROME_IO_IO_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dechrome/status.h"
#include "io/byte_source.h"

namespace dechrome {
namespace io_internal {

inline constexpr size_t kInputBufferSize = size_t{1} << 20;

// "<what> <path>: <strerror>" with a code chosen from `err`: ENOENT/ENOTDIR
// -> NotFound, EACCES/EPERM/EROFS -> PermissionDenied, EISDIR ->
// FailedPrecondition, anything else -> Unknown.
absl::Status ErrnoStatus(int err, std::string_view what, std::string_view path);

// read(2) until at least one byte, end of file, or an error (EINTR retried).
absl::StatusOr<size_t> ReadFd(int fd, char* buf, size_t n, std::string_view path);

class RawInput {
 public:
  // `prefix`: bytes already read from `raw` (they come first).
  RawInput(std::unique_ptr<ByteSource> raw, std::string_view prefix);

  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;

  // Unconsumed bytes in the window.
  const uint8_t* data() const { return buf_.get() + pos_; }
  size_t avail() const { return end_ - pos_; }
  void Consume(size_t n) { pos_ += n; }

  // True once `raw` reported end of stream (avail() may still be > 0).
  bool eof() const { return eof_; }

  // Moves the unconsumed bytes to the front of the window and reads more
  // from `raw` (one Read call). Sets eof() when `raw` has no more bytes.
  absl::Status Refill();

  // Refills until avail() >= n or eof().
  absl::Status Want(size_t n);

  // Compressed bytes handed to the decoder so far.
  uint64_t offset() const { return read_ - avail(); }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::unique_ptr<uint8_t[]> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t read_ = 0;  // bytes taken from raw_ (prefix included)
  bool eof_ = false;
};

class DecompressorBase : public ByteSource {
 public:
  DecompressorBase(std::unique_ptr<ByteSource> raw, std::string_view prefix)
      : in_(std::move(raw), prefix) {}

  absl::StatusOr<size_t> Read(char* buf, size_t n) final;
  uint64_t raw_offset() const final { return in_.offset(); }

 protected:
  // Decodes up to `cap` bytes into `dst`, setting `*produced`. Returns OK with
  // *produced == 0 only at the end of the stream. May return an error with
  // *produced > 0.
  virtual absl::Status Decode(char* dst, size_t cap, size_t* produced) = 0;

  RawInput in_;

 private:
  // Decode() wrapper: keeps the first error and reports it once the bytes
  // decoded before it have been delivered.
  absl::StatusOr<size_t> DecodeSome(char* dst, size_t cap);

  absl::Status error_;
  std::unique_ptr<char[]> stage_;  // allocated on the first small read
  size_t stage_pos_ = 0;
  size_t stage_end_ = 0;
};

std::unique_ptr<ByteSource> NewGzipSource(std::unique_ptr<ByteSource> raw,
                                          std::string_view prefix);
std::unique_ptr<ByteSource> NewZstdSource(std::unique_ptr<ByteSource> raw,
                                          std::string_view prefix);

}  // namespace io_internal
}  // namespace dechrome

#endif  // DECHROME_IO_IO_INTERNAL_H_
